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
    this.lineStarts = lineStartsOf(text);
  }

  /** The line ending most lines end with (CRLF on a tie with LF; LF when none), read from the line starts. */
  dominantEol(): '\n' | '\r\n' | '\r' {
    const { text, lineStarts: starts } = this;
    let crlf = 0;
    let cr = 0;
    for (let k = 1; k < starts.length; k++) {
      const end = starts[k] as number;
      if (text.charCodeAt(end - 1) === 13) cr++;
      else if (text.charCodeAt(end - 2) === 13) crlf++;
    }
    const lf = starts.length - 1 - crlf - cr;
    if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
    if (cr > lf) return '\r';
    return '\n';
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
  return new LineIndex(text).dominantEol();
}

/**
 * Where each line starts. Found with indexOf rather than a loop over every character: V8 runs a
 * short-lived CLI's loops in its interpreter, where a 43 KB runbook's character loop took ~8 ms.
 */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      const next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      starts.push(next);
      if (next === cr + 2) lf = text.indexOf('\n', next);
      cr = text.indexOf('\r', next);
    } else {
      starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
  }
  return starts;
}
