import type { Edit } from './types.js';

/** Sorts a fix's edits and rejects overlapping ones: a rule bug, not a user problem. */
export function normalizeEdits(ruleId: string, edits: Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as Edit;
    const cur = sorted[i] as Edit;
    if (cur.range[0] < prev.range[1]) throw new Error(`rule ${ruleId} produced overlapping edits in one fix`);
  }
  for (const e of sorted) {
    if (e.range[0] > e.range[1] || e.range[0] < 0) throw new Error(`rule ${ruleId} produced an invalid edit range`);
  }
  return sorted;
}

/** ESLint reports one `{range, text}` per fix: the edits merged with the text between them. */
export function mergeEdits(source: string, edits: Edit[]): Edit {
  const first = edits[0] as Edit;
  const last = edits[edits.length - 1] as Edit;
  let text = '';
  let at = first.range[0];
  for (const e of edits) {
    text += source.slice(at, e.range[0]) + e.text;
    at = e.range[1];
  }
  return { range: [first.range[0], last.range[1]], text };
}
