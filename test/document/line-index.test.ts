import { describe, expect, it } from 'vitest';
import { dominantEol, LineIndex } from '../../src/document/line-index.js';

/** CommonMark's line endings read one character at a time: the definition the indexOf scan must keep. */
function referenceStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') starts.push(i + 1);
    else if (c === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

// a small deterministic generator, so a failure names the text that broke it
function* texts(count: number): Generator<string> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const pieces = ['a', 'bc', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r\n', '\t'];
  for (let n = 0; n < count; n++) {
    let t = '';
    const len = next() % 12;
    for (let k = 0; k < len; k++) t += pieces[next() % pieces.length];
    yield t;
  }
}

describe('LineIndex', () => {
  it('starts lines where \\n, \\r\\n and a lone \\r end them, as a character-by-character reading does', () => {
    for (const text of ['', 'x', '\n', '\r', '\r\n', '\n\n', '\r\r', 'a\r\nb\rc\nd', ...texts(3000)]) {
      expect(new LineIndex(text).lineStarts, JSON.stringify(text)).toEqual(referenceStarts(text));
    }
  });

  it('gives lines without their endings', () => {
    const lines = new LineIndex('one\r\ntwo\rthree\nfour');
    expect([1, 2, 3, 4].map((l) => lines.lineText(l))).toEqual(['one', 'two', 'three', 'four']);
    expect([1, 2, 3, 4].map((l) => lines.lineEnding(l))).toEqual(['\r\n', '\r', '\n', '']);
  });
});

describe('dominantEol', () => {
  it('picks the ending most lines use, CRLF on a tie with LF, LF when there is none', () => {
    expect(dominantEol('a\r\nb\r\nc\nd')).toBe('\r\n');
    expect(dominantEol('a\r\nb\nc')).toBe('\r\n');
    expect(dominantEol('a\nb\nc\r\nd')).toBe('\n');
    expect(dominantEol('a\rb\rc\nd')).toBe('\r');
    expect(dominantEol('a\rb\nc')).toBe('\n');
    expect(dominantEol('\r\r\n')).toBe('\r\n');
    expect(dominantEol('no ending')).toBe('\n');
    expect(dominantEol('')).toBe('\n');
  });
});
