import type { Settings } from '../config/settings.js';
import type { Section } from '../document/index.js';

/**
 * Which side of the migration a section is about, from its headings: the nearest heading (the
 * section's own, then its parents') that names the new service or the legacy system, and only
 * one of them. "Phase B: Go messaging service" › "B-02 · Worker pool" is about the new service,
 * so "the worker" in it is the new service's worker. Both named, or neither: null.
 */
export function sectionSide(section: Section | null, settings: Settings): 'new' | 'legacy' | null {
  for (let s = section; s; s = s.parent) {
    const isNew = names(s.title, settings.newServiceName);
    const isLegacy = names(s.title, settings.legacyName);
    if (isNew !== isLegacy) return isNew ? 'new' : 'legacy';
    if (isNew) return null;
  }
  return null;
}

const WORD = /[A-Za-z0-9_]/;

/**
 * The name as a word of the title: in its own case when written with capitals ("Go", not "go"),
 * and not the first half of a compound ("Go-live", "Go/no-go").
 */
function names(title: string, name: string): boolean {
  if (name.trim() === '') return false;
  const exact = /[A-Z]/.test(name);
  const hay = exact ? title : title.toLowerCase();
  const needle = exact ? name : name.toLowerCase();
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const before = hay.charAt(at - 1);
    const after = hay.charAt(at + needle.length);
    if (WORD.test(before) || WORD.test(after)) continue;
    if (after === '-' || after === '/') continue;
    return true;
  }
  return false;
}
