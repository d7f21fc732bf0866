import { sentences, type ProseBlock, type Runbook, type Sentence } from '../document/index.js';
import type { Clause } from '../text/clauses.js';
import type { Edit } from '../engine/types.js';
import { deleteSentence, replaceSentence } from './edits.js';

/** The sentence a clause belongs to. */
export function sentenceOf(clause: Clause): Sentence | null {
  return sentences(clause.block).find((s) => clause.start >= s.start && clause.start < s.start + s.text.length) ?? null;
}

/** Replaces the sentence holding a contradicting clause with the corrected statement. */
export function rewriteSentence(runbook: Runbook, clause: Clause, text: string): Edit | null {
  const s = sentenceOf(clause);
  return s ? replaceSentence(runbook, clause.block, s, text) : null;
}

export function dropSentence(runbook: Runbook, block: ProseBlock, at: number): Edit | null {
  const s = sentences(block).find((x) => at >= x.start && at < x.start + x.text.length);
  return s ? deleteSentence(runbook, block, s) : null;
}
