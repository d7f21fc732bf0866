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
    const side = textSide(s.title, settings);
    if (side !== undefined) return side;
  }
  return null;
}

/**
 * The side a text names: 'new' or 'legacy' when it names only that one, null when both,
 * undefined when neither. "The webhooks land in the Go service, which stores …" names the new
 * service, so the "It" that opens the next sentence is it.
 */
export function textSide(text: string, settings: Settings): 'new' | 'legacy' | null | undefined {
  const isNew = names(text, settings.newServiceName);
  const isLegacy = names(text, settings.legacyName);
  if (isNew !== isLegacy) return isNew ? 'new' : 'legacy';
  return isNew ? null : undefined;
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
