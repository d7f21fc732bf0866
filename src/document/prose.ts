import type { Nodes, PhrasingContent } from 'mdast';
import type { Section } from './sections.js';

export type ProseKind = 'paragraph' | 'heading' | 'tableCell';

interface Segment {
  textStart: number;
  textEnd: number;
  docStart: number;
  docEnd: number;
  code: boolean;
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
    for (const s of this.segments) {
      const inside =
        bias === 'start'
          ? textIndex >= s.textStart && textIndex < s.textEnd
          : textIndex > s.textStart && textIndex <= s.textEnd;
      if (!inside) continue;
      return Math.min(s.docStart + (textIndex - s.textStart), s.docEnd);
    }
    const last = this.segments[this.segments.length - 1];
    return last ? last.docEnd : (this.node.position?.start.offset ?? 0);
  }

  /** whether the index falls inside inline code */
  isCodeAt(textIndex: number): boolean {
    return this.segments.some((s) => s.code && textIndex >= s.textStart && textIndex < s.textEnd);
  }
}

export interface Sentence {
  text: string;
  /** index of the sentence's start in its block's text */
  start: number;
  block: ProseBlock;
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
