import type { Heading } from 'mdast';
import type { LineIndex } from './line-index.js';

export type SectionKind = 'phase' | 'step' | 'appendix' | 'section';

/** A heading and everything under it up to the next heading of the same or a higher level. */
export interface Section {
  heading: Heading;
  /** the heading's plain text */
  title: string;
  depth: number;
  kind: SectionKind;
  /** the number in "Step 18: …", else null */
  stepNumber: number | null;
  /** 1-based line of the heading */
  line: number;
  /** last line that belongs to the section (its subsections included) */
  endLine: number;
  /** the heading's first source line, exactly as it stands in the file */
  sourceLine: string;
  /** document offsets from the heading's start to the section's end */
  range: [number, number];
  parent: Section | null;
  children: Section[];
}

/** an outline number before the title: "2. ", "4.2 ", "A.1 ", "3) " */
const NUMBERING = String.raw`(?:(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[A-Z](?:\.\d{1,3})*[.)])\s+)?`;
const PHASE = new RegExp(String.raw`^${NUMBERING}(?:phase|stage|part)\s+[\w.-]+\b`, 'i');
const STEP = new RegExp(String.raw`^${NUMBERING}(?:step|task)\s+#?(\d+)\b`, 'i');
const APPENDIX = new RegExp(String.raw`^${NUMBERING}(?:appendix|annex)\b`, 'i');

export function classifyHeading(title: string): { kind: SectionKind; stepNumber: number | null } {
  const t = title.trim();
  const step = STEP.exec(t);
  if (step) return { kind: 'step', stepNumber: Number(step[1]) };
  if (APPENDIX.test(t)) return { kind: 'appendix', stepNumber: null };
  if (PHASE.test(t)) return { kind: 'phase', stepNumber: null };
  return { kind: 'section', stepNumber: null };
}

/** Builds the heading tree; `headings` are in document order with their plain titles. */
export function buildSections(headings: { node: Heading; title: string }[], doc: LineIndex): Section[] {
  const flat: Section[] = [];
  const stack: Section[] = [];
  const lastLine = doc.lineCount;
  for (const { node, title } of headings) {
    const line = node.position?.start.line ?? 1;
    const { kind, stepNumber } = classifyHeading(title);
    const section: Section = {
      heading: node,
      title,
      depth: node.depth,
      kind,
      stepNumber,
      line,
      endLine: lastLine,
      sourceLine: doc.lineText(line),
      range: [node.position?.start.offset ?? 0, doc.text.length],
      parent: null,
      children: [],
    };
    while (stack.length > 0 && (stack[stack.length - 1] as Section).depth >= node.depth) {
      close(stack.pop() as Section, line, doc);
    }
    const parent = stack[stack.length - 1] ?? null;
    section.parent = parent;
    parent?.children.push(section);
    stack.push(section);
    flat.push(section);
  }
  return flat;
}

function close(section: Section, nextHeadingLine: number, doc: LineIndex): void {
  section.endLine = Math.max(section.line, nextHeadingLine - 1);
  section.range = [section.range[0], doc.lineStart(nextHeadingLine)];
}

/** "Phase A › Step 18 › Verification Gate" */
export function headingPath(section: Section): string {
  const parts: string[] = [];
  for (let s: Section | null = section; s; s = s.parent) parts.unshift(s.title);
  return parts.join(' › ');
}
