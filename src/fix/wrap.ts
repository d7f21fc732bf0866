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
 * paragraph written on one line keeps its replacement on one line. When what follows the
 * replaced range on its line would push the last line past the width, that rest of the line
 * is wrapped with it (the edit then runs to the line's end): the paragraph stays in its width.
 */
export function wrapReplacement(
  runbook: Runbook,
  block: ProseBlock,
  range: [number, number],
  text: string,
): { range: [number, number]; text: string } {
  const shape = paragraphShape(runbook, block);
  if (/[\r\n]/.test(text) || !shape) return { range, text };
  const column = range[0] - runbook.lines.lineStart(runbook.lines.pointAt(range[0]).line);
  const wrapped = wrapWords(text, column, shape);
  const endLine = runbook.lines.pointAt(range[1]).line;
  const lineEnd = runbook.lines.lineStart(endLine) + runbook.lines.lineText(endLine).length;
  const tail = runbook.text.slice(range[1], lineEnd).trimEnd();
  const lastLine = wrapped.lines.length === 1 ? column + wrapped.lines[0].length : lastWidth(wrapped, shape);
  if (tail === '' || lastLine + tail.length <= shape.width) return { range, text: wrapped.text(runbook.eol) };
  return { range: [range[0], range[1] + tail.length], text: wrapWords(text + tail, column, shape).text(runbook.eol) };
}

interface Shape {
  width: number;
  prefix: string;
}

/** A paragraph over several lines: its widest line and its continuation prefix; null for one line. */
function paragraphShape(runbook: Runbook, block: ProseBlock): Shape | null {
  const first = runbook.lines.pointAt(block.docOffset(0)).line;
  const last = runbook.lines.pointAt(block.docOffset(block.text.length, 'end')).line;
  if (last === first) return null;
  let width = 0;
  for (let l = first; l <= last; l++) width = Math.max(width, runbook.lines.lineText(l).trimEnd().length);
  const prefix = /^[ \t>]*/.exec(runbook.lines.lineText(first + 1))?.[0] ?? '';
  return { width, prefix };
}

interface Wrapped {
  lines: [string, ...string[]];
  text(eol: string): string;
}

function lastWidth(w: Wrapped, shape: Shape): number {
  return shape.prefix.length + (w.lines[w.lines.length - 1] as string).length;
}

function wrapWords(text: string, column: number, shape: Shape): Wrapped {
  const lines: string[] = [];
  let current = '';
  let used = column;
  for (const word of wordsOutsideCode(text)) {
    const fits = used + (current ? 1 : 0) + word.length <= shape.width;
    if (current && !fits && !BLOCK_START.test(word)) {
      lines.push(current);
      current = word;
      used = shape.prefix.length + word.length;
    } else {
      current = current ? `${current} ${word}` : word;
      used += (current === word ? 0 : 1) + word.length;
    }
  }
  lines.push(current);
  const all = lines as [string, ...string[]];
  return { lines: all, text: (eol) => all.join(eol + shape.prefix) };
}

interface FileWidth {
  /** what a wrapped line is filled to: the median widest line of the file's wrapped paragraphs */
  width: number;
  /** a line up to this (the 90th percentile) is as long as the author's own: left as it is */
  longest: number;
}

const widthMemo = new WeakMap<Runbook, FileWidth | null>();

/**
 * The width the file wraps its paragraphs at, from the widest lines of its paragraphs written
 * over several lines. Fewer than three such paragraphs: the file does not wrap (null).
 */
function fileWidth(runbook: Runbook): FileWidth | null {
  if (widthMemo.has(runbook)) return widthMemo.get(runbook) ?? null;
  const widths: number[] = [];
  for (const block of runbook.prose) {
    if (block.kind !== 'paragraph') continue;
    const shape = paragraphShape(runbook, block);
    if (shape) widths.push(shape.width);
  }
  widths.sort((a, b) => a - b);
  const at = (q: number): number => widths[Math.min(widths.length - 1, Math.floor(widths.length * q))] as number;
  const width = widths.length >= 3 ? { width: at(0.5), longest: at(0.9) } : null;
  widthMemo.set(runbook, width);
  return width;
}

const LIST_ITEM = /^(\s*(?:[-*+]|\d{1,9}[.)])\s+)/;
const NOT_PROSE = /^\s*(?:#{1,6}\s|\||<|```|~~~|>|$)/;

/**
 * Inserted Markdown (a template's section) in the file's width: each paragraph line and list
 * item longer than the width the file wraps at is wrapped, a list item's continuation lines
 * indented under its text. Headings, tables, HTML, blockquotes and code stay as they are.
 */
export function wrapInsertedMarkdown(runbook: Runbook, markdown: string): string {
  const file = fileWidth(runbook);
  const lines = markdown.split(/\r\n|\r|\n/);
  if (file === null) return lines.join(runbook.eol);
  const { width } = file;
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (open && open[0] === fence[0] && open.length >= fence.length) fence = null;
      out.push(line);
      continue;
    }
    if (open) {
      fence = open;
      out.push(line);
      continue;
    }
    if (line.length <= file.longest || NOT_PROSE.test(line)) {
      out.push(line);
      continue;
    }
    const marker = LIST_ITEM.exec(line)?.[1] ?? /^\s*/.exec(line)?.[0] ?? '';
    const shape = { width, prefix: ' '.repeat(marker.length) };
    out.push(`${marker}${wrapWords(line.slice(marker.length), marker.length, shape).text(`\n`)}`);
  }
  return out.join('\n').split('\n').join(runbook.eol);
}

/** The text split at spaces, an inline code span (`status IN ('a', 'b')`) kept whole as one word. */
function wordsOutsideCode(text: string): string[] {
  const out: string[] = [];
  let word = '';
  let fence = 0;
  for (let i = 0; i < text.length; ) {
    if (text[i] === '`') {
      let run = 0;
      while (text[i + run] === '`') run++;
      if (fence === 0) fence = run;
      else if (run === fence) fence = 0;
      word += text.slice(i, i + run);
      i += run;
      continue;
    }
    if (text[i] === ' ' && fence === 0) {
      if (word) out.push(word);
      word = '';
    } else word += text[i];
    i++;
  }
  if (word) out.push(word);
  return out;
}
