import { sentences, type ProseBlock } from '../document/index.js';
import { findTerm, words } from './words.js';

export interface Clause {
  text: string;
  words: string[];
  /** index in the block's text */
  start: number;
  block: ProseBlock;
  negated: boolean;
}

export const NEGATIONS = ['not', 'never', 'no', 'nor', 'cannot', 'without', 'neither', 'nothing', 'none'];
/**
 * Where a clause ends: a comma or semicolon before a conjunction, or "because", "but",
 * "so that". Each alternative starts with a fixed character or word boundary and no
 * leading `\s+`, so a long run of spaces cannot make the search quadratic.
 */
const CLAUSE_BREAK = /[,;] ?(?:and|but|so|because|which|while|whereas)\b|; |\bbecause\b|\bso that\b|\bbut\b/gi;

/**
 * Sentences cut at conjunctions, each flagged when it carries a negation, so "falls back
 * whenever the call throws, so a tenant is never left without SMS" keeps its first clause
 * positive while "the Go service does not call any provider" stays negated.
 */
const memo = new WeakMap<ProseBlock, Clause[]>();

export function clauses(block: ProseBlock): Clause[] {
  const cached = memo.get(block);
  if (cached) return cached;
  const out: Clause[] = [];
  for (const sentence of sentences(block)) {
    let start = 0;
    CLAUSE_BREAK.lastIndex = 0;
    const text = sentence.text;
    const cuts: number[] = [];
    for (let m = CLAUSE_BREAK.exec(text); m; m = CLAUSE_BREAK.exec(text)) cuts.push(m.index);
    cuts.push(text.length);
    for (const cut of cuts) {
      const piece = text.slice(start, cut);
      const ws = words(piece);
      if (ws.length > 0) {
        const lead = piece.length - piece.trimStart().length;
        out.push({
          text: piece.trim(),
          words: ws,
          start: sentence.start + start + lead,
          block,
          negated: isNegated(ws),
        });
      }
      start = cut;
    }
  }
  memo.set(block, out);
  return out;
}

export function isNegated(ws: readonly string[]): boolean {
  if (ws.some((w) => NEGATIONS.includes(w))) return true;
  return ws.some(
    (w, i) =>
      w === 't' &&
      i > 0 &&
      ['don', 'doesn', 'isn', 'won', 'mustn', 'shouldn', 'can', 'didn', 'aren'].includes(ws[i - 1] as string),
  );
}

export function hasAny(ws: readonly string[], terms: readonly string[]): boolean {
  return terms.some((t) => findTerm(ws, t) >= 0);
}

const FILLERS = new Set([
  'service',
  'services',
  'handler',
  'handlers',
  'code',
  'side',
  'worker',
  'workers',
  'also',
  'then',
  'will',
  'must',
  'should',
  'may',
  'can',
  'directly',
  'still',
  'itself',
  'always',
  'later',
  'now',
  'it',
]);

/**
 * Whether `subject` is the one doing `verbs` in a clause: the subject's words followed, within
 * a few filler words ("service", "also", "will"), by one of the verbs. "The Go handler also
 * mirrors" → true; "Record Go results in …" → false.
 */
export function doesSubject(ws: readonly string[], subject: string, verbs: readonly string[]): boolean {
  const subj = subject.toLowerCase().split(/\s+/);
  for (let i = 0; i + subj.length <= ws.length; i++) {
    if (!subj.every((w, k) => ws[i + k] === w)) continue;
    for (let j = i + subj.length; j < Math.min(ws.length, i + subj.length + 4); j++) {
      const w = ws[j] as string;
      if (verbs.some((v) => (v.endsWith('*') ? w.startsWith(v.slice(0, -1)) : w === v))) return true;
      if (!FILLERS.has(w)) break;
    }
  }
  return false;
}

/** The clause's place in the document. */
export function clauseRange(clause: Clause): [number, number] {
  return [clause.block.docOffset(clause.start), clause.block.docOffset(clause.start + clause.text.length, 'end')];
}
