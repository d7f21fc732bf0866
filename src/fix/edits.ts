import type { Node } from 'web-tree-sitter';
import {
  type CodeBlock,
  type ProseBlock,
  type Runbook,
  type Section,
  type Sentence,
  sentenceRange,
  type TableCell,
} from '../document/index.js';
import type { Edit } from '../engine/types.js';
import { cellSourceRange, inCellMarkup } from '../model/cells.js';
import { nodeRange } from '../code/locate.js';
import { wrapInsertedMarkdown, wrapReplacement } from './wrap.js';

/**
 * Edit builders shared by rules. Each returns ranges of the original text; none splices
 * strings. Whole-line helpers keep the line endings that were there.
 */

/** Whole lines from the line holding `start` to the line holding `end`, line endings included. */
export function wholeLines(runbook: Runbook, start: number, end: number): [number, number] {
  const first = runbook.lines.pointAt(start).line;
  const last = runbook.lines.pointAt(Math.max(start, end - 1)).line;
  const to = last < runbook.lines.lineCount ? runbook.lines.lineStart(last + 1) : runbook.text.length;
  return [runbook.lines.lineStart(first), to];
}

function isBlank(runbook: Runbook, line: number): boolean {
  return line >= 1 && line <= runbook.lines.lineCount && runbook.lines.lineText(line).trim() === '';
}

/**
 * Deletes whole lines; when that leaves two blank lines side by side, one of them goes too,
 * so a deleted paragraph or step does not leave a hole.
 */
export function deleteLines(runbook: Runbook, start: number, end: number): Edit {
  let [from, to] = wholeLines(runbook, start, end);
  const firstLine = runbook.lines.pointAt(from).line;
  const lastLine = runbook.lines.pointAt(Math.max(from, to - 1)).line;
  if ((firstLine === 1 || isBlank(runbook, firstLine - 1)) && isBlank(runbook, lastLine + 1)) {
    const endsFile = lastLine + 1 >= runbook.lines.lineCount;
    to = endsFile ? runbook.text.length : runbook.lines.lineStart(lastLine + 2);
    // the file's last lines: the blank line above them goes instead, so the file still ends on its text
    if (endsFile && firstLine > 1) from = runbook.lines.lineStart(firstLine - 1);
  } else if (to === runbook.text.length && runbook.lines.lineEnding(lastLine) === '' && firstLine > 1) {
    // the file ends without a line ending: take the one before the deleted lines (and a blank
    // line above them), so the file still ends the way it did
    const keep = isBlank(runbook, firstLine - 1) && firstLine > 2 ? firstLine - 2 : firstLine - 1;
    from = runbook.lines.lineEnd(keep);
  }
  return { range: [from, to], text: '' };
}

/** Deletes the lines a syntax node spans in a code block, with the comment lines right above it. */
export function deleteCodeLines(runbook: Runbook, block: CodeBlock, node: Node): Edit {
  let [start, end] = nodeRange(block, node);
  for (let prev = node.previousNamedSibling; prev && prev.type === 'comment'; prev = prev.previousNamedSibling) {
    if (block.toDoc(prev.endIndex).line !== runbook.lines.pointAt(start).line - 1) break;
    start = block.toDoc(prev.startIndex).offset;
  }
  return deleteLines(runbook, start, end);
}

export function replaceNode(block: CodeBlock, node: Node, text: string): Edit {
  return { range: nodeRange(block, node), text };
}

/** Inserts lines (given without line endings) before a document line, in the file's line endings. */
export function insertLinesBefore(runbook: Runbook, line: number, lines: string[]): Edit {
  const at = runbook.lines.lineStart(line);
  return { range: [at, at], text: lines.map((l) => l + runbook.eol).join('') };
}

/**
 * Inserts a line of code before a document line inside a code block, with the block's
 * container prefix ("> ", list indentation) and the indentation of the code line it precedes.
 */
export function insertCodeLineBefore(runbook: Runbook, block: CodeBlock, docLine: number, code: string): Edit {
  const row = docLine - block.contentStartLine;
  return insertLinesBefore(runbook, docLine, [`${block.containerPrefix(row)}${block.indentOfRow(row)}${code}`]);
}

/** Inserts a line of code after a code line, prefixed and indented like it. */
export function insertCodeLineAfter(runbook: Runbook, block: CodeBlock, docLine: number, code: string): Edit {
  const row = docLine - block.contentStartLine;
  return insertLinesBefore(runbook, docLine + 1, [`${block.containerPrefix(row)}${block.indentOfRow(row)}${code}`]);
}

/** Inserts a rendered block after a document line, separated by blank lines. */
export function insertBlockAfterLine(runbook: Runbook, line: number, block: string): Edit {
  const eol = runbook.eol;
  const body = wrapInsertedMarkdown(runbook, block.trimEnd());
  if (line >= runbook.lines.lineCount) {
    const end = runbook.text.length;
    const lead = runbook.lines.lineEnding(runbook.lines.lineCount) === '' ? eol : '';
    return { range: [end, end], text: `${lead}${eol}${body}${eol}` };
  }
  const at = runbook.lines.lineStart(line + 1);
  const next = runbook.lines.lineText(line + 1).trim() === '';
  return { range: [at, at], text: `${eol}${body}${eol}${next ? '' : eol}` };
}

/**
 * Removes one sentence from a paragraph; when it is the whole paragraph, removes the
 * paragraph's lines (and one blank line) instead.
 */
export function deleteSentence(runbook: Runbook, block: ProseBlock, sentence: Sentence): Edit {
  const others =
    block.text.slice(0, sentence.start).trim() + block.text.slice(sentence.start + sentence.text.length).trim();
  const start = block.docOffset(sentence.start);
  if (others.length === 0) {
    const node = block.node.position;
    return deleteLines(runbook, node?.start.offset ?? start, node?.end.offset ?? start);
  }
  let end = block.docOffset(sentence.start + sentence.text.length, 'end');
  // the paragraph's last sentence takes the space before it, not a line's end after it
  if (block.text.slice(sentence.start + sentence.text.length).trim() === '') {
    const blockStart = block.docOffset(0);
    let from = start;
    while (from > blockStart && (runbook.text[from - 1] === ' ' || runbook.text[from - 1] === '\t')) from--;
    // a sentence that had lines of its own takes its container prefix and the line break before it
    let back = from;
    while (back > blockStart && /[ \t>]/.test(runbook.text[back - 1] as string)) back--;
    if (back > blockStart && runbook.text[back - 1] === '\n') {
      back--;
      if (runbook.text[back - 1] === '\r') back--;
      from = back;
    }
    return { range: [from, end], text: '' };
  }
  while (end < runbook.text.length && (runbook.text[end] === ' ' || runbook.text[end] === '\t')) end++;
  return { range: [start, end], text: '' };
}

/** Replaces a sentence with corrected prose, wrapped as its paragraph is (src/fix/wrap.ts). */
export function replaceSentence(runbook: Runbook, block: ProseBlock, sentence: Sentence, text: string): Edit {
  return wrapReplacement(runbook, block, sentenceRange(sentence), text);
}

/** A section's last non-blank line: where a block appended to the section goes. */
export function lastContentLine(runbook: Runbook, section: Section): number {
  let line = section.endLine;
  while (line > section.line && runbook.lines.lineText(line).trim() === '') line--;
  return line;
}

/** Replaces a table cell's content, keeping its padding and the bold markup around it. */
export function replaceCell(runbook: Runbook, cell: TableCell, text: string): Edit {
  const range = cellSourceRange(runbook.text, cell);
  return { range, text: inCellMarkup(runbook.text, range, text) };
}
