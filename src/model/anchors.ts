import type { Nodes } from 'mdast';
import type { Runbook } from '../document/index.js';

/**
 * The fragment ids a rendered runbook has: each heading's slug as GitHub makes it (lower case,
 * punctuation dropped, spaces to hyphens, `-1`, `-2` … for repeats), and the looser forms other
 * renderers make (hyphens collapsed and trimmed, as GitLab and many static site generators do),
 * explicit ids (`## Rollback {#rollback}`), and the `id` / `name` of raw HTML.
 */
export function anchorsOf(runbook: Runbook): Set<string> {
  // `#top` scrolls to the top in every browser, whatever the page holds
  const out = new Set<string>(['top']);
  const seen = new Map<string, number>();
  for (const section of runbook.sections) {
    // an attribute list: `{#roll-back}`, `{ #roll-back }`, `{#undo .unnumbered}`
    const attributes = /\{([^{}]*#[^{}]*)\}\s*$/.exec(section.title);
    const id = attributes?.[1] ? /(?:^|\s)#([^\s}]+)/.exec(attributes[1]) : null;
    if (id?.[1]) out.add(id[1].toLowerCase());
    const base = githubSlug(attributes ? section.title.slice(0, attributes.index) : section.title);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const slug = n === 0 ? base : `${base}-${n}`;
    out.add(slug);
    out.add(base);
    out.add(slug.replace(/-+/g, '-').replace(/^-|-$/g, ''));
  }
  const html: string[] = [];
  walk(runbook.root, (node) => {
    if (node.type === 'html') html.push(node.value);
  });
  for (const text of html)
    for (const m of text.matchAll(/\b(?:id|name)\s*=\s*["']?([^"'\s>]+)/gi)) if (m[1]) out.add(m[1].toLowerCase());
  return out;
}

export function githubSlug(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

export interface FragmentLink {
  fragment: string;
  /** document offsets of the link */
  range: [number, number];
}

/** Every link to a place in this document: `[text](#fragment)` and `[text]: #fragment`. */
export function fragmentLinks(runbook: Runbook): FragmentLink[] {
  const out: FragmentLink[] = [];
  walk(runbook.root, (node) => {
    // `#tab/linux` is a tab of docfx's tab groups, not an anchor
    const link = (node.type === 'link' || node.type === 'definition') && node.url.startsWith('#');
    if (link && node.url.length > 1 && !node.url.startsWith('#tab/')) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) out.push({ fragment: node.url.slice(1), range: [start, end] });
    }
  });
  return out;
}

function walk(root: Nodes, visit: (node: Nodes) => void): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    visit(node);
    if ('children' in node) for (const c of node.children as Nodes[]) stack.push(c);
  }
}
