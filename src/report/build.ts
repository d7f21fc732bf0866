import { structuredPatch } from 'diff';
import { invariantConcepts } from '../model/invariants.js';
import type { Settings } from '../config/settings.js';
import type { Runbook, Section } from '../document/index.js';
import type { InvariantNumber } from '../engine/types.js';
import type { FixOutcome } from '../fix/fix-loop.js';

export interface ReportPartA {
  heading: string;
  changes: string[];
}

export interface ReportPartB {
  heading: string;
  /** the rules whose fixes made the block */
  ruleIds: string[];
  before: string;
  after: string;
  startLine: number;
}

export interface ReportPartC {
  heading: string;
  reason: string;
}

export interface ReportPartD {
  invariant: InvariantNumber;
  title: string;
  /**
   * enforced: nothing of its rules remains and code or a mode table shows it; declared: nothing
   * remains but only a declaration or a sentence says so; not enforced: a finding remains, or nothing shows it
   */
  status: 'enforced' | 'declared' | 'not enforced';
  /** status === 'enforced' */
  enforced: boolean;
  evidence: { line: number; endLine: number; kind: 'code' | 'table' | 'declaration' | 'prose'; text: string }[];
  remaining: { ruleId: string; line: number; message: string }[];
}

export interface Report {
  filePath: string;
  summary: {
    fixesApplied: number;
    safe: number;
    unsafe: number;
    passes: number;
    findingsBefore: number;
    findingsAfter: number;
    cycle: boolean;
    /** the fixes were written to the file (`fix --write`), or only proposed (`fix`, `report`) */
    written: boolean;
  };
  partA: ReportPartA[];
  partB: ReportPartB[];
  partC: ReportPartC[];
  /** why Part C is empty, when it is */
  partCNone: string | null;
  /**
   * references the fixed text still makes to a step that is gone (rule step-references), in lines
   * of the fixed text: a deletion never leaves one silently
   */
  stillReferenced: { line: number; message: string }[];
  partD: ReportPartD[];
}

/**
 * Parts A–C describe what the fixer did to the original text; Part D is read from the lint of
 * the fixed text (its remaining findings and the evidence rules found), never asserted.
 */
export function buildReport(opts: {
  filePath: string;
  outcome: FixOutcome;
  findingsBefore: number;
  deletableRemaining: string[];
  settings: Settings;
  context: number;
  written: boolean;
}): Report {
  const { outcome } = opts;
  const original = outcome.initialRunbook;
  const where = (offset: number): Section | null => reportSection(original, original.lines.pointAt(offset).line);
  const headingOf = (s: Section | null): string => (s ? s.sourceLine : '(before the first heading)');

  const partA: ReportPartA[] = [];
  for (const fix of [...outcome.applied].sort((a, b) => a.originalRange[0] - b.originalRange[0])) {
    const heading = headingOf(where(fix.originalRange[0]));
    let entry = partA.find((e) => e.heading === heading);
    if (!entry) partA.push((entry = { heading, changes: [] }));
    if (!entry.changes.includes(fix.description)) entry.changes.push(fix.description);
  }

  // the diff library ends lines at \n only; a lone \r (an old Mac file) is one too, and the
  // same length, so the hunks' line numbers stay the linter's
  const lf = (t: string): string => t.replace(/\r(?!\n)/g, '\n');
  const patch = structuredPatch('a', 'b', lf(outcome.input), lf(outcome.output), '', '', { context: opts.context });
  const partB: ReportPartB[] = patch.hunks.map((h) => {
    const firstChange = h.lines.findIndex((l) => l.startsWith('-') || l.startsWith('+'));
    const lineOfChange =
      h.oldStart + h.lines.slice(0, Math.max(0, firstChange)).filter((l) => !l.startsWith('+')).length;
    const startOffset = original.lines.lineStart(Math.max(1, Math.min(lineOfChange, original.lines.lineCount)));
    const endLine = h.oldStart + Math.max(0, h.oldLines - 1);
    const rules = outcome.applied
      .filter(
        (f) =>
          original.lines.pointAt(f.originalRange[0]).line <= endLine + 1 &&
          original.lines.pointAt(f.originalRange[1]).line >= h.oldStart,
      )
      .map((f) => f.ruleId);
    return {
      heading: headingOf(where(startOffset)),
      ruleIds: [...new Set(rules)],
      before: h.lines
        .filter((l) => !l.startsWith('+') && !l.startsWith('\\'))
        .map((l) => l.slice(1))
        .join('\n'),
      after: h.lines
        .filter((l) => !l.startsWith('-') && !l.startsWith('\\'))
        .map((l) => l.slice(1))
        .join('\n'),
      startLine: h.oldStart,
    };
  });

  const partC: ReportPartC[] = outcome.applied
    .filter((f) => f.deletes)
    .map((f) => ({ heading: headingOf(where(f.originalRange[0])), reason: `${f.ruleId}: ${f.message}` }));
  const stillReferenced = outcome.remaining.messages
    .filter((m) => m.ruleId === 'step-references')
    .map((m) => ({ line: m.line, message: m.message }));
  const partCNone =
    partC.length > 0
      ? null
      : opts.deletableRemaining.length > 0
        ? `None deleted. ${opts.deletableRemaining.length} duplicate ` +
          `or conflicting block(s) remain as findings whose fix is ` +
          `unsafe (${opts.deletableRemaining.join('; ')}); run \`runbook-lint ` +
          `fix --unsafe\` to delete them.`
        : 'None: no duplicate or conflicting block was found, so nothing had to be deleted.';

  const concepts = invariantConcepts(opts.settings);
  const partD: ReportPartD[] = concepts.map((c) => {
    const remaining = outcome.remaining.messages
      .filter((m) => m.invariant === c.invariant)
      .map((m) => ({ ruleId: m.ruleId ?? '', line: m.line, message: m.message }));
    const seen = new Set<number>();
    const evidence = outcome.evidence
      .filter((e) => e.invariant === c.invariant && !seen.has(e.line) && seen.add(e.line))
      .map((e) => ({ line: e.line, endLine: e.endLine, kind: e.kind, text: e.text }));
    const shown = evidence.some((e) => e.kind === 'code' || e.kind === 'table');
    const status: ReportPartD['status'] =
      remaining.length > 0 || evidence.length === 0 ? 'not enforced' : shown ? 'enforced' : 'declared';
    return {
      invariant: c.invariant,
      title: c.title,
      status,
      enforced: status === 'enforced',
      evidence,
      remaining,
    };
  });

  const safe = outcome.applied.filter((f) => f.kind === 'safe').length;
  return {
    filePath: opts.filePath,
    summary: {
      fixesApplied: outcome.applied.length,
      safe,
      unsafe: outcome.applied.length - safe,
      passes: outcome.passes,
      findingsBefore: opts.findingsBefore,
      findingsAfter: outcome.remaining.messages.length,
      cycle: outcome.cycle,
      written: opts.written,
    },
    partA,
    partB,
    partC,
    partCNone,
    stillReferenced,
    partD,
  };
}

/** The step a line belongs to, else its innermost section: the unit a reader looks for. */
function reportSection(runbook: Runbook, line: number): Section | null {
  const inner = runbook.sectionAt(line);
  for (let s = inner; s; s = s.parent) if (s.kind === 'step') return s;
  return inner;
}
