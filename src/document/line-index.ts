export interface Point {
  /** 1-based line */
  line: number;
  /** 1-based column, in UTF-16 code units */
  column: number;
  /** 0-based offset, in UTF-16 code units */
  offset: number;
}

/**
 * Offsets ↔ line/column for one text. Lines end at \n, \r\n or a lone \r, as CommonMark
 * defines them, so CRLF and old-Mac files get the same line numbers remark gives.
 */
export class LineIndex {
  readonly text: string;
  /** offset where each line starts; lineStarts[0] === 0 */
  readonly lineStarts: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  pointAt(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.lineStarts[lo] as number) + 1, offset: o };
  }

  offsetAt(line: number, column: number): number {
    const start = this.lineStart(line);
    return Math.min(start + Math.max(0, column - 1), this.lineEnd(line));
  }

  lineStart(line: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    return this.lineStarts[l - 1] as number;
  }

  /** offset of the end of the line's content, before its line ending */
  lineEnd(line: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    let end = l < this.lineStarts.length ? (this.lineStarts[l] as number) : this.text.length;
    if (end > this.lineStart(l) && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStart(l) && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** the line's text without its line ending */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** the line ending used by the line (empty for the last line without one) */
  lineEnding(line: number): string {
    return this.text.slice(
      this.lineEnd(line),
      line < this.lineStarts.length ? this.lineStart(line + 1) : this.text.length,
    );
  }
}

/** The dominant line ending of a text, for inserted lines to match their neighbours. */
export function dominantEol(text: string): '\n' | '\r\n' | '\r' {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      } else cr++;
    } else if (c === 10) lf++;
  }
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}
