import type { CodeBlock, Runbook, Section } from '../document/index.js';
import { words, findTerm } from '../text/words.js';

const EXCERPT_TERMS = [
  'read only',
  'current production',
  'for reference only',
  'as deployed',
  'unchanged',
  'do not edit',
];

/**
 * "Excerpt" alone only says the block is part of a file, maybe a new one the step writes
 * ("app/Console/Commands/RequeueGoSms.php (excerpt)"); it is code as it is today only with a
 * word that says so ("the current controller (excerpt)", "existing flow, excerpt").
 */
const AS_IT_IS = ['current', 'currently', 'existing', 'today', 'as is', 'legacy', 'old', 'before', 'production'];

/**
 * A block that shows code as it is today (Phase A's "current send flow") rather than a change
 * to make. Rules that judge instructions skip it; it is recognised by its heading path, the
 * paragraph right before it, or its own first comment line.
 */
const memo = new WeakMap<CodeBlock, boolean>();

export function isReadOnlyExcerpt(block: CodeBlock, runbook: Runbook): boolean {
  let known = memo.get(block);
  if (known === undefined) {
    known = judge(block, runbook);
    memo.set(block, known);
  }
  return known;
}

function judge(block: CodeBlock, runbook: Runbook): boolean {
  for (let s: Section | null = block.section; s; s = s.parent) {
    if (s.kind === 'step') break;
    if (mentionsExcerpt(s.title)) return true;
  }
  const firstLine = block.text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (/^\s*(\/\/|#|--|\/\*)/.test(firstLine) && mentionsExcerpt(firstLine)) return true;
  const near = runbook.proseBefore(block.startLine, 4);
  // the paragraph that introduces the block, in its own section: one above a heading between
  // them introduces something else (a fix that adds a gate under a paragraph saying
  // "read-only" wrote a gate that was then read as an excerpt, and was added again)
  const heading = near.findLastIndex((p) => p.kind === 'heading');
  const before = near
    .slice(heading + 1)
    .filter((p) => p.kind === 'paragraph')
    .at(-1);
  return before ? mentionsExcerpt(before.text) : false;
}

function mentionsExcerpt(text: string): boolean {
  const ws = words(text);
  if (EXCERPT_TERMS.some((t) => findTerm(ws, t) >= 0)) return true;
  return findTerm(ws, 'excerpt*') >= 0 && AS_IT_IS.some((t) => findTerm(ws, t) >= 0);
}
