import type { Heading, Html, List, Nodes, Root, Table as MdTable } from 'mdast';
import { CodeBlock } from './code-block.js';
import { LineIndex } from './line-index.js';
import { parseMarkdown } from './parse.js';
import { reparse, type TextEdit } from './reparse.js';
import { ProseBlock } from './prose.js';
import { buildSections, type Section } from './sections.js';

export interface TableCell {
  text: string;
  prose: ProseBlock;
  line: number;
  column: number;
}

export interface Table {
  node: MdTable;
  section: Section | null;
  line: number;
  header: TableCell[];
  rows: TableCell[][];
}

export interface HtmlComment {
  /** the text between <!-- and --> */
  body: string;
  line: number;
  endLine: number;
  range: [number, number];
}

type Container = 'listItem' | 'blockquote' | null;

/** Index of the last item whose line is ≤ `line` in a list sorted by line, or -1. */
function lastAtOrBefore<T>(items: readonly T[], line: number, lineOf: (t: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lineOf(items[mid] as T) <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The items (sorted by line) that start inside a section's line range. */
function between<T>(items: readonly T[], section: Section, lineOf: (t: T) => number): T[] {
  const from = lastAtOrBefore(items, section.line - 1, lineOf) + 1;
  const to = lastAtOrBefore(items, section.endLine, lineOf);
  return items.slice(from, to + 1);
}

/**
 * The runbook as rules see it: one parse, positions kept, queried by structure. `text` is
 * the file's content without a byte-order mark; every offset refers to it.
 */
export class Runbook {
  readonly text: string;
  readonly lines: LineIndex;
  readonly eol: '\n' | '\r\n' | '\r';
  readonly root: Root;
  /** every section in document order */
  readonly sections: Section[];
  readonly codeBlocks: CodeBlock[] = [];
  readonly prose: ProseBlock[] = [];
  readonly tables: Table[] = [];
  /** every list, ordered or not, nested ones too, in document order */
  readonly lists: List[] = [];
  readonly comments: HtmlComment[] = [];

  constructor(text: string, previous?: { runbook: Runbook; edits: readonly TextEdit[] }) {
    this.text = text;
    this.lines = new LineIndex(text);
    this.eol = this.lines.dominantEol();
    this.root = (previous && reparse(previous.runbook, previous.edits, text, this.lines)) ?? parseMarkdown(text);
    const headings: { node: Heading; title: string }[] = [];
    this.walk(this.root, headings);
    this.sections = buildSections(headings, this.lines);
    for (const c of this.codeBlocks) c.section = this.sectionAt(c.startLine);
    for (const p of this.prose) p.section = this.sectionAt(p.line);
    for (const t of this.tables) t.section = this.sectionAt(t.line);
  }

  /** top-level sections (those without a parent) */
  get topSections(): Section[] {
    return this.sections.filter((s) => s.parent === null);
  }

  phases(): Section[] {
    return this.sections.filter((s) => s.kind === 'phase');
  }

  steps(): Section[] {
    return this.sections.filter((s) => s.kind === 'step');
  }

  /**
   * The innermost section whose range holds the line: the last heading at or above it, then
   * up its parents (binary search, so a big runbook stays linear overall).
   */
  sectionAt(line: number): Section | null {
    const i = lastAtOrBefore(this.sections, line, (s) => s.line);
    for (let s = this.sections[i] ?? null; s; s = s.parent) if (line <= s.endLine) return s;
    return null;
  }

  codeIn(section: Section): CodeBlock[] {
    return between(this.codeBlocks, section, (c) => c.startLine).filter((c) => c.endLine <= section.endLine);
  }

  proseIn(section: Section): ProseBlock[] {
    return between(this.prose, section, (p) => p.line);
  }

  /** prose that starts within the `lines` lines above `line` */
  proseBefore(line: number, lines: number): ProseBlock[] {
    const from = lastAtOrBefore(this.prose, line - lines - 1, (p) => p.line) + 1;
    const to = lastAtOrBefore(this.prose, line - 1, (p) => p.line);
    return this.prose.slice(from, to + 1);
  }

  tablesIn(section: Section): Table[] {
    return between(this.tables, section, (t) => t.line);
  }

  /** fenced blocks that run to the end of their container without a closing fence */
  unclosedFences(): CodeBlock[] {
    return this.codeBlocks.filter((c) => {
      if (!c.fenced) return false;
      const open = /^(`{3,}|~{3,})/.exec(this.text.slice(c.range[0], c.range[0] + 200));
      if (!open) return false;
      // a fence that its list item or blockquote closes (CommonMark 128, GFM 98) swallows
      // nothing: only one that runs to the end of the document is open
      if (this.text.slice(c.range[1]).trim() !== '') return false;
      if (c.endLine === c.startLine) return true;
      const fence = open[1] as string;
      return !isClosingFence(this.lines.lineText(c.endLine), fence);
    });
  }

  /**
   * Depth-first over the tree with an explicit stack: a runbook can nest ten thousand
   * blockquotes, and the call stack cannot.
   */
  private walk(root: Nodes, headings: { node: Heading; title: string }[]): void {
    const stack: { node: Nodes; container: Container }[] = [{ node: root, container: null }];
    while (stack.length > 0) {
      const { node, container } = stack.pop() as { node: Nodes; container: Container };
      switch (node.type) {
        case 'heading': {
          const prose = new ProseBlock({ kind: 'heading', node, container, source: this.text });
          this.prose.push(prose);
          headings.push({ node, title: prose.text.trim() });
          continue;
        }
        case 'paragraph':
          this.prose.push(new ProseBlock({ kind: 'paragraph', node, container, source: this.text }));
          this.collectInlineComments(node);
          continue;
        case 'code':
          this.codeBlocks.push(new CodeBlock(node, this.lines));
          continue;
        case 'table':
          this.tables.push(this.buildTable(node, container));
          continue;
        case 'html':
          this.collectComments(node);
          continue;
        case 'list':
          this.lists.push(node);
          break;
        default:
          break;
      }
      if ('children' in node) {
        const inner: Container =
          node.type === 'listItem' ? 'listItem' : node.type === 'blockquote' ? 'blockquote' : container;
        const kids = node.children as Nodes[];
        for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as Nodes, container: inner });
      }
    }
  }

  private buildTable(node: MdTable, container: Container): Table {
    const rows = node.children.map((row) =>
      row.children.map((cell): TableCell => {
        const prose = new ProseBlock({ kind: 'tableCell', node: cell, container, source: this.text });
        this.prose.push(prose);
        return {
          text: prose.text.trim(),
          prose,
          line: cell.position?.start.line ?? 1,
          column: cell.position?.start.column ?? 1,
        };
      }),
    );
    return { node, section: null, line: node.position?.start.line ?? 1, header: rows[0] ?? [], rows: rows.slice(1) };
  }

  private collectInlineComments(root: Nodes): void {
    const stack: Nodes[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as Nodes;
      if (node.type === 'html') this.collectComments(node);
      else if ('children' in node) {
        const kids = node.children as Nodes[];
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Nodes);
      }
    }
  }

  private collectComments(node: Html): void {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    const raw = this.text.slice(start, end);
    // indexOf, not a lazy regex: `<!--` repeated without `-->` must stay linear
    for (let open = raw.indexOf('<!--'); open >= 0; ) {
      const close = raw.indexOf('-->', open + 4);
      if (close < 0) break;
      const from = start + open;
      const to = start + close + 3;
      this.comments.push({
        body: raw.slice(open + 4, close),
        line: this.lines.pointAt(from).line,
        endLine: this.lines.pointAt(to).line,
        range: [from, to],
      });
      open = raw.indexOf('<!--', close + 3);
    }
  }
}

/** The last line of a block closes it: container marks and indentation, then the fence alone. */
function isClosingFence(line: string, fence: string): boolean {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t' || line[i] === '>')) i++;
  let run = 0;
  while (i + run < line.length && line[i + run] === fence[0]) run++;
  return run >= fence.length && line.slice(i + run).trim() === '';
}
