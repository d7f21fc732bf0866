import type { Nodes, PhrasingContent } from 'mdast';
import type { Section } from './sections.js';

export type ProseKind = 'paragraph' | 'heading' | 'tableCell';

interface Segment {
  textStart: number;
  textEnd: number;
  docStart: number;
  docEnd: number;
  code: boolean;
  /**
   * the document offset of each character, where the text is not its source slice read
   * straight: a continuation line without its list indent or `> `, `&amp;` read as `&`, `\*` as `*`
   */
  offsets: Int32Array | null;
}

/**
 * Aligns a text node's value with its source: equal characters map one to one; a backslash
 * escape, a character reference, a CR before LF and a continuation line's container prefix
 * (indent, `>`) are source characters the value does not have.
 */
function alignedOffsets(value: string, source: string, start: number, end: number): Int32Array | null {
  if (source.slice(start, end) === value) return null;
  const out = new Int32Array(value.length);
  let j = start;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    const reference = source[j] === '&' ? CHARACTER_REFERENCE.exec(source.slice(j, j + 40))?.[0] : undefined;
    if (reference) {
      // every code unit of the decoded character points at the reference
      const width = decodedWidth(value, i, reference);
      for (let k = 0; k < width && i + k < value.length; k++) out[i + k] = j;
      i += width - 1;
      j += reference.length;
      continue;
    }
    if (source[j] !== c) {
      if (source[j] === '\\' && source[j + 1] === c) j++;
      else if (source[j] === '\r' && c === '\n') j++;
      else {
        // a continuation line's prefix: skip indent and quote markers up to the character
        let k = j;
        while (k < end && source[k] !== c && /[ \t>]/.test(source[k] as string)) k++;
        if (source[k] === c) j = k;
      }
    }
    out[i] = Math.min(j, end);
    j++;
  }
  return out;
}

/** `&amp;`, `&#42;`, `&#x1F600;`: what CommonMark decodes in text. */
const CHARACTER_REFERENCE = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;

/** How many code units of `value` at `i` a character reference stands for (1, or 2 for an astral character). */
function decodedWidth(value: string, i: number, reference: string): number {
  const code = value.codePointAt(i) ?? 0;
  return code > 0xffff && reference.length > 2 ? 2 : 1;
}

/**
 * Readable text of one paragraph, heading or table cell, with a mapping from an index in
 * `text` back to a document offset. Inline code is kept (its contents are prose for a
 * reader); HTML is dropped.
 */
export class ProseBlock {
  readonly kind: ProseKind;
  readonly node: Nodes;
  readonly text: string;
  /** inside a list item, blockquote, … */
  readonly container: 'listItem' | 'blockquote' | null;
  section: Section | null = null;
  /** indices in `text` of hard line breaks (soft breaks are ordinary whitespace) */
  readonly hardBreaks: number[] = [];
  private readonly segments: Segment[];
  private readonly source: string;

  constructor(init: { kind: ProseKind; node: Nodes; container: 'listItem' | 'blockquote' | null; source: string }) {
    this.kind = init.kind;
    this.node = init.node;
    this.container = init.container;
    const segments: Segment[] = [];
    let text = '';
    // explicit stack: inline markup can nest deeper than the call stack allows
    const stack: Nodes[] = [init.node];
    while (stack.length > 0) {
      const n = stack.pop() as Nodes;
      if (n.type === 'text' || n.type === 'inlineCode') {
        const start = n.position?.start.offset ?? 0;
        const end = n.position?.end.offset ?? start;
        let docStart = start;
        if (n.type === 'inlineCode') {
          const raw = init.source.slice(start, end);
          const at = raw.indexOf(n.value);
          docStart = at >= 0 ? start + at : start;
        }
        segments.push({
          textStart: text.length,
          textEnd: text.length + n.value.length,
          docStart,
          docEnd: end,
          code: n.type === 'inlineCode',
          offsets: n.type === 'text' ? alignedOffsets(n.value, init.source, start, end) : null,
        });
        text += n.value;
        continue;
      }
      if (n.type === 'break') {
        this.hardBreaks.push(text.length);
        text += '\n';
        continue;
      }
      if (n.type === 'image' || n.type === 'imageReference') {
        text += n.alt ?? '';
        continue;
      }
      if ('children' in n) {
        const kids = n.children as PhrasingContent[];
        for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Nodes);
      }
    }
    this.text = text;
    this.segments = segments;
    this.source = init.source;
  }

  get line(): number {
    return this.node.position?.start.line ?? 1;
  }

  /**
   * Document offset of an index into `text`. An index on the seam between two segments is
   * the next one's start, or with `end` the previous one's end, so a range never spans the
   * backticks or markup between them.
   */
  docOffset(textIndex: number, bias: 'start' | 'end' = 'start'): number {
    const s = this.segmentAt(bias === 'start' ? textIndex : textIndex - 1);
    if (!s) {
      const last = this.segments[this.segments.length - 1];
      return last ? last.docEnd : (this.node.position?.start.offset ?? 0);
    }
    if (s.offsets) {
      if (bias === 'start') return s.offsets[textIndex - s.textStart] ?? s.docEnd;
      // the end of the previous character in the source (a reference ends at its `;`)
      const prev = s.offsets[textIndex - 1 - s.textStart] ?? s.docStart;
      let after = prev + 1;
      if (this.source[prev] === '&') after = this.source.indexOf(';', prev) + 1;
      return Math.min(after, s.docEnd);
    }
    return Math.min(s.docStart + (textIndex - s.textStart), s.docEnd);
  }

  /** whether the index falls inside inline code */
  isCodeAt(textIndex: number): boolean {
    return this.segmentAt(textIndex)?.code === true;
  }

  /** The segment holding a text index (binary search: segments are in text order). */
  private segmentAt(textIndex: number): Segment | null {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segments[mid] as Segment;
      if (textIndex < s.textStart) hi = mid - 1;
      else if (textIndex >= s.textEnd) lo = mid + 1;
      else return s;
    }
    return null;
  }
}

export interface Sentence {
  text: string;
  /** index of the sentence's start in its block's text */
  start: number;
  block: ProseBlock;
}

/** Where a sentence is in the document: its first character to the end of its last. */
export function sentenceRange(sentence: Sentence): [number, number] {
  const { block, start } = sentence;
  return [block.docOffset(start), block.docOffset(start + sentence.text.length, 'end')];
}

const SENTENCE_END = /[.!?](?=\s|$)/g;

/** Splits a block into sentences; a hard line break also ends one, a soft one does not. */
const sentenceMemo = new WeakMap<ProseBlock, Sentence[]>();

export function sentences(block: ProseBlock): Sentence[] {
  const cached = sentenceMemo.get(block);
  if (cached) return cached;
  const out: Sentence[] = [];
  const text = block.text;
  const ends: number[] = block.hardBreaks.map((b) => b + 1);
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) ends.push(m.index + m[0].length);
  ends.sort((a, b) => a - b);
  let start = 0;
  for (const end of ends) {
    pushSentence(out, block, start, end);
    start = end;
  }
  pushSentence(out, block, start, text.length);
  sentenceMemo.set(block, out);
  return out;
}

function pushSentence(out: Sentence[], block: ProseBlock, start: number, end: number): void {
  const raw = block.text.slice(start, end);
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  if (body.length > 0) out.push({ text: body, start: start + lead, block });
}
