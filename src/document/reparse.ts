import type { Nodes, Root, RootContent } from 'mdast';
import type { LineIndex } from './line-index.js';
import { parseMarkdown } from './parse.js';

/** A replacement of `range` (offsets of the old text) by `text`; sorted and disjoint when given together. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

export interface ParsedText {
  root: Root;
  text: string;
  lines: LineIndex;
}

interface Region {
  /** the unchanged top-level block before the first one touched, or -1 at the start of the text */
  first: number;
  /** the unchanged top-level block after the last one touched, or the count of blocks at the end */
  last: number;
  edits: TextEdit[];
}

/**
 * The tree of an edited text, built from the tree of the text before the edits: only the
 * top-level blocks an edit touches are parsed again, with one unchanged block on each side,
 * and every other block is the old one, moved. The fixer's later passes re-read a few
 * paragraphs instead of the whole runbook (a full parse is most of a pass).
 *
 * Standalone, the text from one top-level block to another parses as it does inside the
 * whole text: a top-level block starts with no container open. Two things break that, and
 * then this gives up (null) and the caller parses the whole text: a link reference
 * definition (it gives meaning to references anywhere in the document), and an edit that
 * moves where a neighbour begins or ends (a fence left open, a paragraph joined to the
 * next), which shows as the neighbour not coming back whole from the re-parse.
 */
export function reparse(old: ParsedText, edits: readonly TextEdit[], text: string, lines: LineIndex): Root | null {
  const top = old.root.children;
  if (edits.length === 0 || top.length === 0 || hasDefinition(old.root)) return null;
  const children: RootContent[] = [];
  let next = 0;
  let offsetShift = 0;
  let lineShift = 0;
  for (const region of touchedRegions(top, edits)) {
    if (region.first < 0 && region.last >= top.length) return null;
    for (; next < region.first; next++) children.push(moved(top[next] as RootContent, offsetShift, lineShift));
    const from = region.first < 0 ? 0 : old.lines.lineStart(pointOf(top[region.first], 'start').line);
    const to = region.last >= top.length ? old.text.length : old.lines.lineEnd(pointOf(top[region.last], 'end').line);
    let growth = 0;
    for (const e of region.edits) growth += e.text.length - (e.range[1] - e.range[0]);
    const newFrom = from + offsetShift;
    const newTo = to + offsetShift + growth;
    const parsed = parseMarkdown(text.slice(newFrom, newTo)).children;
    const fromLine = lines.pointAt(newFrom).line;
    for (const n of parsed) shiftInPlace(n, newFrom, fromLine - 1);
    const afterShift = offsetShift + growth;
    // the neighbours are parsed again too: each must come back as it was, or the edit reached it
    if (region.first >= 0 && !sameExtent(parsed[0], top[region.first], offsetShift)) return null;
    if (region.last < top.length && !sameExtent(parsed[parsed.length - 1], top[region.last], afterShift)) return null;
    if (parsed.some(hasDefinition)) return null;
    children.push(...parsed);
    next = region.last + 1;
    offsetShift = afterShift;
    lineShift = lines.pointAt(newTo).line - old.lines.pointAt(to).line;
  }
  for (; next < top.length; next++) children.push(moved(top[next] as RootContent, offsetShift, lineShift));
  const end = lines.pointAt(text.length);
  return {
    type: 'root',
    children,
    position: { start: { line: 1, column: 1, offset: 0 }, end: { ...end } },
  };
}

/**
 * The edits grouped by the top-level blocks they touch, each group with its unchanged
 * neighbours; groups that share a neighbour are one.
 */
function touchedRegions(top: readonly RootContent[], edits: readonly TextEdit[]): Region[] {
  const regions: Region[] = [];
  for (const edit of edits) {
    const [a, b] = edit.range;
    // touched: the blocks from the first that ends at or after the edit's start to the last
    // that starts at or before its end; an edit in the blank lines between two touches none
    const firstTouched = firstIndex(top, (n) => pointOf(n, 'end').offset >= a);
    const lastTouched = firstIndex(top, (n) => pointOf(n, 'start').offset > b) - 1;
    const region: Region = {
      first: firstTouched - 1,
      last: Math.max(lastTouched, firstTouched - 1) + 1,
      edits: [edit],
    };
    const previous = regions[regions.length - 1];
    if (previous && region.first <= previous.last) {
      previous.last = Math.max(previous.last, region.last);
      previous.edits.push(edit);
    } else regions.push(region);
  }
  return regions;
}

/** the first index whose block satisfies a predicate that is monotone over the blocks, or their count */
function firstIndex(top: readonly RootContent[], ok: (n: RootContent) => boolean): number {
  let lo = 0;
  let hi = top.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ok(top[mid] as RootContent)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function pointOf(node: RootContent | undefined, which: 'start' | 'end'): { line: number; offset: number } {
  const p = node?.position?.[which];
  return { line: p?.line ?? 1, offset: p?.offset ?? 0 };
}

function sameExtent(parsed: RootContent | undefined, old: RootContent | undefined, shift: number): boolean {
  if (!parsed || !old || parsed.type !== old.type) return false;
  return (
    pointOf(parsed, 'start').offset === pointOf(old, 'start').offset + shift &&
    pointOf(parsed, 'end').offset === pointOf(old, 'end').offset + shift
  );
}

function hasDefinition(root: Nodes): boolean {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (node.type === 'definition' || node.type === 'footnoteDefinition') return true;
    // definitions are blocks: no need to look inside paragraphs, headings, tables
    if (node.type === 'root' || node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote')
      for (const c of node.children) stack.push(c);
  }
  return false;
}

/** Parsed from a slice: positions made those of the whole text (the slice starts at a line start, so columns hold). */
function shiftInPlace(root: Nodes, offset: number, lineCount: number): void {
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    const p = node.position;
    if (p) {
      p.start.offset = (p.start.offset ?? 0) + offset;
      p.end.offset = (p.end.offset ?? 0) + offset;
      p.start.line += lineCount;
      p.end.line += lineCount;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) stack.push(c);
  }
}

/**
 * An old block at its new place: a copy with moved positions, so the old tree (the text
 * before the fixes, which the report still reads) is left as it was; unmoved, the block
 * itself. An explicit stack, as everywhere a tree of any depth is walked.
 */
function moved<T extends Nodes>(node: T, offset: number, lineCount: number): T {
  if (offset === 0 && lineCount === 0) return node;
  const copyOf = (n: Nodes): Nodes => {
    const copy = { ...n } as Nodes;
    const p = n.position;
    if (p)
      copy.position = {
        start: { line: p.start.line + lineCount, column: p.start.column, offset: (p.start.offset ?? 0) + offset },
        end: { line: p.end.line + lineCount, column: p.end.column, offset: (p.end.offset ?? 0) + offset },
      };
    return copy;
  };
  const top = copyOf(node);
  const stack: Nodes[] = [top];
  while (stack.length > 0) {
    const copy = stack.pop() as Nodes;
    if (!('children' in copy)) continue;
    const kids = (copy.children as Nodes[]).map(copyOf);
    (copy as { children: Nodes[] }).children = kids;
    for (const k of kids) stack.push(k);
  }
  return top as T;
}
