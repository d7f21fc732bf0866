import type { Code } from 'mdast';
import { LineIndex, type Point } from './line-index.js';
import type { Section } from './sections.js';

interface LineMap {
  /** offset of the code line in the block text */
  codeStart: number;
  codeLength: number;
  /** document offset where the line's content (after any container prefix) starts */
  docStart: number;
  docLength: number;
  /** how many trailing characters of the code line are identical in the document */
  shared: number;
}

/**
 * A code block and the single mapping between positions in its text and positions in the
 * Markdown file. Content inside list items and blockquotes carries a container prefix in the
 * file ("> ", indentation, tabs expanded by the parser), so the mapping aligns each code line
 * with its source line by their common suffix rather than by a fixed column shift.
 */
export class CodeBlock {
  readonly node: Code;
  readonly lang: string | null;
  readonly meta: string | null;
  readonly text: string;
  readonly fenced: boolean;
  /** 1-based document line of the opening fence (or first line of an indented block) */
  readonly startLine: number;
  /** 1-based document line of the closing fence (or last line) */
  readonly endLine: number;
  /** document offsets of the whole block, fences included */
  readonly range: [number, number];
  section: Section | null = null;
  private readonly lines: LineMap[];
  private readonly doc: LineIndex;
  private codeIndexCache: LineIndex | null = null;

  constructor(node: Code, doc: LineIndex) {
    this.node = node;
    this.doc = doc;
    this.lang = normalizeLang(node.lang);
    this.meta = node.meta ?? null;
    this.text = node.value;
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    this.range = [start, end];
    this.startLine = node.position?.start.line ?? 1;
    this.endLine = node.position?.end.line ?? this.startLine;
    const first = doc.text.slice(start, start + 3);
    this.fenced = first === '```' || first === '~~~';
    this.lines = this.buildLineMap();
  }

  /** The code text's own line index (for tree-sitter rows ↔ offsets). */
  get codeIndex(): LineIndex {
    this.codeIndexCache ??= new LineIndex(this.text);
    return this.codeIndexCache;
  }

  /**
   * What stands before the code on a row's document line: "> " in a blockquote, the list
   * item's indentation in a list (the fence line alone carries the list marker).
   */
  containerPrefix(row: number): string {
    const line = this.lines[row];
    const docLine = this.contentStartLine + row;
    const docText = this.doc.lineText(docLine);
    if (line && line.shared === line.codeLength) return docText.slice(0, docText.length - line.codeLength);
    // the parser expanded a tab in the indentation: fall back to the fence line's prefix,
    // its list marker turned into spaces
    const fence = this.doc.text.slice(this.doc.lineStart(this.startLine), this.range[0]);
    return fence.replace(/[-*+]|\d+[.)]/g, (m) => ' '.repeat(m.length));
  }

  /** The leading whitespace of a code row (0-based), as the code has it (tabs stay tabs). */
  indentOfRow(row: number): string {
    const line = this.lines[row];
    if (!line) return '';
    return /^[ \t]*/.exec(this.text.slice(line.codeStart, line.codeStart + line.codeLength))?.[0] ?? '';
  }

  /** First document line holding code content. */
  get contentStartLine(): number {
    return this.fenced ? this.startLine + 1 : this.startLine;
  }

  /** Maps an offset inside `text` to a point in the Markdown file. */
  toDoc(codeOffset: number): Point {
    const o = Math.max(0, Math.min(codeOffset, this.text.length));
    const line = this.lineForCodeOffset(o);
    if (!line) return this.doc.pointAt(this.range[0]);
    const col = o - line.codeStart;
    const unshared = line.codeLength - line.shared;
    const docOffset =
      col >= unshared
        ? line.docStart + line.docLength - (line.codeLength - col)
        : line.docStart + Math.max(0, line.docLength - line.shared);
    return this.doc.pointAt(docOffset);
  }

  /** Maps a document offset back into `text`, or null when it is outside the content. */
  fromDoc(docOffset: number): number | null {
    for (const line of this.lines) {
      if (docOffset < line.docStart || docOffset > line.docStart + line.docLength) continue;
      const fromEnd = line.docStart + line.docLength - docOffset;
      if (fromEnd > line.shared) return line.codeStart + Math.max(0, line.codeLength - line.shared);
      return line.codeStart + line.codeLength - fromEnd;
    }
    return null;
  }

  /** The document line of a 0-based code row. */
  docLineOfRow(row: number): number {
    return this.contentStartLine + row;
  }

  private lineForCodeOffset(o: number): LineMap | undefined {
    let lo = 0;
    let hi = this.lines.length - 1;
    if (hi < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lines[mid] as LineMap).codeStart <= o) lo = mid;
      else hi = mid - 1;
    }
    return this.lines[lo];
  }

  private buildLineMap(): LineMap[] {
    const maps: LineMap[] = [];
    if (this.text.length === 0 && !this.fenced) return maps;
    const lineBreak = /\r\n|\r|\n/g;
    let codeStart = 0;
    let row = 0;
    for (;;) {
      const m = lineBreak.exec(this.text);
      const codeEnd = m ? m.index : this.text.length;
      const codeLine = this.text.slice(codeStart, codeEnd);
      const docLine = this.contentStartLine + row;
      const docText = this.doc.lineText(docLine);
      let shared = 0;
      while (
        shared < codeLine.length &&
        shared < docText.length &&
        codeLine.charCodeAt(codeLine.length - 1 - shared) === docText.charCodeAt(docText.length - 1 - shared)
      ) {
        shared++;
      }
      maps.push({
        codeStart,
        codeLength: codeLine.length,
        docStart: this.doc.lineStart(docLine),
        docLength: docText.length,
        shared,
      });
      if (!m) break;
      codeStart = m.index + m[0].length;
      row++;
    }
    return maps;
  }
}

function normalizeLang(lang: string | null | undefined): string | null {
  if (!lang) return null;
  const l = lang
    .trim()
    .toLowerCase()
    .replace(/^\{?\.?/, '')
    .replace(/\}$/, '');
  if (l === '') return null;
  const aliases: Record<string, string> = {
    golang: 'go',
    sh: 'bash',
    shell: 'bash',
    console: 'bash',
    zsh: 'bash',
    postgresql: 'sql',
    postgres: 'sql',
    mysql: 'sql',
    psql: 'sql',
    php5: 'php',
    php7: 'php',
    php8: 'php',
    md: 'markdown',
  };
  return aliases[l] ?? l;
}
