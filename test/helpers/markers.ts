import { LineIndex } from '../../src/document/line-index.js';

export interface Expectation {
  ruleId: string;
  line: number;
}

/**
 * Expectation markers, markdownlint style: a line holding `expect: rule-a, rule-b` (in an
 * HTML comment, or a code comment inside a block) expects one finding per named rule on the
 * line right after it; `expect+N:` on the N-th line after it, for places where a marker line
 * would change the structure (inside a table or a paragraph).
 */
export function readMarkers(text: string): Expectation[] {
  const lines = new LineIndex(text);
  const out: Expectation[] = [];
  for (let line = 1; line <= lines.lineCount; line++) {
    const m = /(?:<!--|\/\/|--|#)\s*expect(?:\+(\d+))?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/.exec(
      lines.lineText(line),
    );
    if (!m) continue;
    const offset = m[1] ? Number(m[1]) : 1;
    for (const id of (m[2] as string).split(/\s*,\s*/)) out.push({ ruleId: id, line: line + offset });
  }
  return out;
}

export interface Finding {
  ruleId: string | null;
  line: number;
}

/** Pairs markers with findings; what is left on either side is a failure to show. */
export function matchMarkers(
  expected: Expectation[],
  findings: Finding[],
): { missing: Expectation[]; unexpected: Finding[] } {
  const left = [...findings];
  const missing: Expectation[] = [];
  for (const e of expected) {
    const i = left.findIndex((f) => f.ruleId === e.ruleId && f.line === e.line);
    if (i >= 0) left.splice(i, 1);
    else missing.push(e);
  }
  return { missing, unexpected: left };
}
