import type { Edit } from '../engine/types.js';
import { type Runbook, type Section, sentences } from '../document/index.js';
import { type StepReference, stepReferences } from '../model/step-refs.js';

/**
 * The edits that keep references whole when a step is deleted because another step now holds
 * its work (a duplicate controller change merged into the canonical step):
 *
 * - outside the step that holds the work, "Step 17" becomes "Step 18": that is what it meant;
 * - inside it, a reference to the deleted step is to work this step now does: its
 *   semicolon-separated part of the sentence goes ("…; Step 17's SHADOW wiring merged."), or
 *   the whole sentence when that is all it says; elsewhere in a sentence "(merged into this
 *   step)" follows the number;
 * - a reference the edit cannot make right ("Steps 17 and 18", a possessive in a sentence of
 *   its own kind) is left for step-references to report, and the report lists it in Part C.
 *
 * References inside `skip` (other steps deleted in the same pass) are left alone.
 */
export function redirectStepReferences(
  runbook: Runbook,
  deleted: Section,
  holder: Section,
  skip: readonly [number, number][] = [],
): Edit[] {
  const from = deleted.stepNumber;
  const to = holder.stepNumber;
  if (from === null || to === null) return [];
  const out: Edit[] = [];
  const at = (ref: StepReference): number => ref.block.docOffset(ref.start);
  const outside = (offset: number, s: Section): boolean => offset < s.range[0] || offset >= s.range[1];
  for (const ref of stepReferences(runbook, (item) => item.from === from && item.to === from)) {
    const offset = at(ref);
    if (!outside(offset, deleted) || skip.some(([a, b]) => offset >= a && offset < b)) continue;
    const item = ref.selected[0];
    if (!item) continue;
    if (outside(offset, holder)) {
      // "Steps 17 and 18" would become "Steps 18 and 18"
      if (ref.items.some((i) => i.from <= to && to <= i.to)) continue;
      out.push({
        range: [ref.block.docOffset(item.start), ref.block.docOffset(item.end, 'end')],
        text: String(to),
      });
      continue;
    }
    const dropped = ref.items.length === 1 ? dropPart(ref) : null;
    if (dropped) out.push(dropped);
    else if (!ref.possessive) {
      const end = ref.block.docOffset(item.end, 'end');
      out.push({ range: [end, end], text: ' (merged into this step)' });
    }
  }
  return out;
}

/**
 * The semicolon-separated part of the sentence that holds the reference, with one of its
 * semicolons, when no other step is named in it; or the sentence, when it is all there is.
 */
function dropPart(ref: StepReference): Edit | null {
  const { block } = ref;
  const text = block.text;
  const sentence = sentences(block).find((s) => ref.start >= s.start && ref.start < s.start + s.text.length);
  if (!sentence) return null;
  const sStart = sentence.start;
  const body = sentence.text.replace(/[.!?:]+\s*$/, '');
  const sEnd = sStart + body.length;
  const left = text.lastIndexOf(';', ref.start);
  const right = text.indexOf(';', ref.end);
  const partStart = Math.max(left, sStart);
  const partEnd = right >= 0 && right < sEnd ? right : sEnd;
  const part = text.slice(partStart, partEnd);
  // another step named in the same part would be lost with it
  if ((part.toLowerCase().match(/\bsteps?\b/g) ?? []).length > 1) return null;
  if (left >= sStart) return { range: [block.docOffset(left), block.docOffset(partEnd, 'end')], text: '' };
  if (right >= 0 && right < sEnd) {
    let next = right + 1;
    while (text[next] === ' ') next++;
    return { range: [block.docOffset(sStart), block.docOffset(next)], text: '' };
  }
  // the sentence is about the deleted step alone: it goes, with the space before the next one
  let start = sStart;
  let end = sStart + sentence.text.length;
  while (end < text.length && /\s/.test(text[end] as string)) end++;
  if (start === 0 && end >= text.length) return null;
  // the last sentence takes the space before it instead
  if (end >= text.length) while (start > 0 && /\s/.test(text[start - 1] as string)) start--;
  return {
    range: [block.docOffset(start), end >= text.length ? block.docOffset(text.length, 'end') : block.docOffset(end)],
    text: '',
  };
}
