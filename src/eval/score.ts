/**
 * Scoring of the evaluation set (npm run eval): findings of the linter against labelled
 * defects. Pure functions, so the matching rules are tested on their own.
 */

export interface Label {
  rule: string;
  line: number;
  why?: string;
  /** the defect is something missing; the label sits on the heading of the section that lacks it */
  missing?: boolean;
}

export interface FileLabels {
  compliant: boolean;
  defects: Label[];
}

export interface Finding {
  ruleId: string | null;
  line: number;
  message: string;
}

export interface Miss {
  file: string;
  rule: string;
  line: number;
  message?: string;
  why?: string;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** How far a finding may sit from the labelled line and still be that defect. */
export const LINE_SLACK = 3;

/**
 * Matches one file's findings to its labels. A finding is the labelled defect when it has the
 * label's rule and sits within LINE_SLACK lines of it, or on the heading of the innermost
 * section that holds the label (`sectionHeading`), or — for a label of something missing,
 * placed on a heading — anywhere in that heading's section (`sectionEnd` gives its last line).
 * Each label takes at most one finding and each finding at most one label, nearest first;
 * further findings of a rule on an already matched defect are not counted against it when
 * they stand within the same slack (one defect reported at two places is still one defect).
 */
export function matchFile(
  findings: Finding[],
  labels: Label[],
  sectionEnd: (line: number) => number,
  sectionHeading: (line: number) => number | null = () => null,
): { falseFindings: Finding[]; missed: Label[]; found: Label[] } {
  const ruled = findings.filter((f) => f.ruleId !== null);
  const usedFindings = new Set<number>();
  const matchedLabels = new Set<number>();
  // a finding that a section lacks something sits on the section's heading: it is the defect
  // labelled inside that section
  // a finding made through a helper sits on the call and names the helper's line: "(line 331)"
  const named = (f: Finding): number[] => [...f.message.matchAll(/\(line (\d+)\)/g)].map((m) => Number(m[1]));
  const covers = (l: Label, f: Finding): boolean =>
    f.ruleId === l.rule &&
    (Math.abs(f.line - l.line) <= LINE_SLACK ||
      (l.missing === true && f.line >= l.line && f.line <= sectionEnd(l.line)) ||
      sectionHeading(l.line) === f.line ||
      named(f).some((n) => Math.abs(n - l.line) <= LINE_SLACK));
  const pairs: { li: number; fi: number; d: number }[] = [];
  labels.forEach((l, li) => {
    ruled.forEach((f, fi) => {
      if (covers(l, f)) pairs.push({ li, fi, d: Math.abs(f.line - l.line) });
    });
  });
  pairs.sort((a, b) => a.d - b.d);
  for (const { li, fi } of pairs) {
    if (matchedLabels.has(li) || usedFindings.has(fi)) continue;
    matchedLabels.add(li);
    usedFindings.add(fi);
  }
  // a second finding on a matched defect (the same rule, within the slack) is not a false one
  ruled.forEach((f, fi) => {
    if (usedFindings.has(fi)) return;
    if (labels.some((l, li) => matchedLabels.has(li) && covers(l, f))) usedFindings.add(fi);
  });
  return {
    falseFindings: ruled.filter((_, fi) => !usedFindings.has(fi)),
    missed: labels.filter((_, li) => !matchedLabels.has(li)),
    found: labels.filter((_, li) => matchedLabels.has(li)),
  };
}

/**
 * Per-rule counts over the whole set: a true positive per found label, a false positive per
 * finding that is no labelled defect, a false negative per missed label.
 */
export function score(
  files: {
    file: string;
    findings: Finding[];
    labels: FileLabels;
    sectionEnd: (line: number) => number;
    sectionHeading?: (line: number) => number | null;
  }[],
  ruleIds: string[],
): { perRule: Record<string, Counts>; falseFindings: Miss[]; missed: Miss[] } {
  const perRule: Record<string, Counts> = Object.fromEntries(ruleIds.map((id) => [id, { tp: 0, fp: 0, fn: 0 }]));
  const falseFindings: Miss[] = [];
  const missed: Miss[] = [];
  const counts = (rule: string): Counts => (perRule[rule] ??= { tp: 0, fp: 0, fn: 0 });
  for (const { file, findings, labels, sectionEnd, sectionHeading } of files) {
    const m = matchFile(findings, labels.defects, sectionEnd, sectionHeading);
    for (const l of m.found) counts(l.rule).tp++;
    for (const l of m.missed) {
      counts(l.rule).fn++;
      missed.push({ file, rule: l.rule, line: l.line, ...(l.why ? { why: l.why } : {}) });
    }
    for (const f of m.falseFindings) {
      counts(f.ruleId as string).fp++;
      falseFindings.push({ file, rule: f.ruleId as string, line: f.line, message: f.message });
    }
  }
  return { perRule, falseFindings, missed };
}

export function precision(c: Counts): number {
  return c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
}

export function recall(c: Counts): number {
  return c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
}
