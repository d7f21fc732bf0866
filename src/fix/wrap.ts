import type { ProseBlock, Runbook } from '../document/index.js';

/**
 * Words that would start a list item, a heading, a quote or a setext underline if a line
 * began with them: a paragraph line never starts with one, so no break goes before it.
 */
const BLOCK_START = /^(?:[-*+>]|#{1,6}|\d{1,9}[.)]|=+|-+|`{3,}|~{3,})$/;

/**
 * Replacement prose in the paragraph's own style: a paragraph wrapped over several lines gets
 * its text wrapped to the paragraph's widest line, continuation lines carrying the paragraph's
 * own prefix (the list item's indent, the blockquote's `> `), in the file's line endings. A
 * paragraph written on one line keeps its replacement on one line.
 */
export function wrapLikeParagraph(runbook: Runbook, block: ProseBlock, start: number, text: string): string {
  if (/[\r\n]/.test(text)) return text;
  const first = runbook.lines.pointAt(block.docOffset(0)).line;
  const last = runbook.lines.pointAt(block.docOffset(block.text.length, 'end')).line;
  if (last === first) return text;
  let width = 0;
  for (let l = first; l <= last; l++) width = Math.max(width, runbook.lines.lineText(l).trimEnd().length);
  const prefix = /^[ \t>]*/.exec(runbook.lines.lineText(first + 1))?.[0] ?? '';
  const column = start - runbook.lines.lineStart(runbook.lines.pointAt(start).line);
  const lines: string[] = [];
  let current = '';
  let used = column;
  for (const word of text.split(/ +/).filter((w) => w.length > 0)) {
    const fits = used + (current ? 1 : 0) + word.length <= width;
    if (current && !fits && !BLOCK_START.test(word)) {
      lines.push(current);
      current = word;
      used = prefix.length + word.length;
    } else {
      current = current ? `${current} ${word}` : word;
      used += (current === word ? 0 : 1) + word.length;
    }
  }
  if (current) lines.push(current);
  return lines.join(runbook.eol + prefix);
}
