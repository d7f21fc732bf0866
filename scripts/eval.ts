// npm run eval: the linter, as users run it (bin/ over dist/), on the evaluation set under
// eval/ (runbooks written blind, with labelled defects), scored per rule: precision, recall,
// every false and every missed finding, and whether `fix --unsafe` leaves the compliant
// runbooks alone.
//
//   npm run eval                        the report
//   npm run eval -- --json              the same as JSON
//   npm run eval -- --check             exit 1 when a rule does worse than eval/baseline.json
//   npm run eval -- --update-baseline   record the current figures in eval/baseline.json
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';
import { precision, recall, score, type Counts, type FileLabels, type Finding } from '../src/eval/score.js';

// bundled into scripts/ by run-ts.mjs, so the project root is one folder up either way
const root = join(import.meta.dirname, '..');
const evalDir = join(root, 'eval');
const bin = join(root, 'bin', 'runbook-lint.js');
const args = new Set(process.argv.slice(2));

/** eval/labels.json and each set's own (eval/ops/labels.json): keys are paths under eval/ */
function readLabels(): Record<string, FileLabels> {
  const files = ['labels.json'];
  for (const entry of readdirSync(evalDir, { withFileTypes: true }))
    if (entry.isDirectory() && existsSync(join(evalDir, entry.name, 'labels.json')))
      files.push(join(entry.name, 'labels.json'));
  const out: Record<string, FileLabels> = {};
  for (const f of files)
    Object.assign(
      out,
      (JSON.parse(readFileSync(join(evalDir, f), 'utf8')) as { files: Record<string, FileLabels> }).files,
    );
  return out;
}

const labels = readLabels();
const names = Object.keys(labels).sort();
const ruleIds = (JSON.parse(run(['rules', '--format', 'json']).stdout) as { id: string }[]).map((r) => r.id);

function run(argv: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [bin, ...argv], {
    cwd: evalDir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status === 2 || r.status === null) throw new Error(`runbook-lint ${argv.join(' ')} failed: ${r.stderr}`);
  return r;
}

/** Where sections start and end, from the Markdown tree's headings (not from text). */
function sections(text: string): {
  sectionEnd: (line: number) => number;
  sectionHeading: (line: number) => number | null;
} {
  const tree = unified().use(remarkParse).parse(text) as Root;
  const headings = tree.children.flatMap((n) =>
    n.type === 'heading' ? [{ line: n.position?.start.line ?? 0, depth: n.depth }] : [],
  );
  const last = text.split(/\r\n|\r|\n/).length;
  const sectionEnd = (line: number): number => {
    const h = headings.find((x) => x.line === line);
    if (!h) return line;
    const next = headings.find((x) => x.line > line && x.depth <= h.depth);
    return next ? next.line - 1 : last;
  };
  // the innermost section holding a line is the last heading at or above it
  const sectionHeading = (line: number): number | null =>
    [...headings].reverse().find((h) => h.line <= line)?.line ?? null;
  return { sectionEnd, sectionHeading };
}

const results = JSON.parse(run(['check', '--format', 'json', '--', ...names]).stdout) as {
  filePath: string;
  messages: Finding[];
}[];
const byFile = new Map(results.map((r) => [r.filePath, r.messages]));
const scored = score(
  names.map((file) => ({
    file,
    findings: byFile.get(file) ?? [],
    labels: labels[file] as FileLabels,
    ...sections(readFileSync(join(evalDir, file), 'utf8')),
  })),
  ruleIds,
);

// a fix on a compliant runbook would change a correct text: each one is a defect of the fixer
const compliant = names.filter((f) => labels[f]?.compliant === true);
const fixes = compliant
  .map((file) => ({ file, patch: run(['fix', '--unsafe', '--', file]).stdout }))
  .filter((x) => x.patch !== '');

const totals = Object.values(scored.perRule).reduce<Counts>(
  (a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }),
  { tp: 0, fp: 0, fn: 0 },
);
const report = {
  files: names.length,
  compliant: compliant.length,
  labels: totals.tp + totals.fn,
  perRule: Object.fromEntries(
    Object.entries(scored.perRule).map(([id, c]) => [
      id,
      { ...c, precision: round(precision(c)), recall: round(recall(c)) },
    ]),
  ),
  total: { ...totals, precision: round(precision(totals)), recall: round(recall(totals)) },
  falseFindings: scored.falseFindings,
  missed: scored.missed,
  fixesOnCompliant: fixes.map((f) => ({
    file: f.file,
    changedLines: f.patch.split('\n').filter((l) => /^[-+](?![-+])/.test(l)).length,
  })),
};

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

const baselinePath = join(evalDir, 'baseline.json');
if (args.has('--update-baseline')) {
  const baseline = {
    note:
      'npm run eval -- --update-baseline; --check fails when a rule ' +
      'finds fewer defects or raises more false findings than this',
    perRule: Object.fromEntries(Object.entries(scored.perRule).map(([id, c]) => [id, c])),
    fixesOnCompliant: report.fixesOnCompliant.length,
  };
  writeFileSync(baselinePath, `${JSON.stringify(baseline, null, 2)}\n`);
}

if (args.has('--json')) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const pad = (s: string | number, n: number): string => String(s).padEnd(n);
  const num = (s: string | number, n: number): string => String(s).padStart(n);
  // a table row: the name left-aligned, then found, missed, false, precision and recall right-aligned
  const widths = [6, 7, 6, 11, 8];
  const row = (name: string, ...cells: (string | number)[]): string =>
    pad(name, 28) + cells.map((cell, i) => num(cell, widths[i] ?? 0)).join('');
  const lines = [
    `Evaluation set: ${report.files} runbooks (${report.compliant} compliant), ${report.labels} labelled defects`,
    '',
  ];
  lines.push(row('rule', 'found', 'missed', 'false', 'precision', 'recall'));
  for (const [id, c] of Object.entries(report.perRule))
    lines.push(row(id, c.tp, c.fn, c.fp, c.precision.toFixed(2), c.recall.toFixed(2)));
  const t = report.total;
  lines.push(row('all rules', t.tp, t.fn, t.fp, t.precision.toFixed(2), t.recall.toFixed(2)), '');
  if (report.falseFindings.length > 0) {
    lines.push(`False findings (${report.falseFindings.length}):`);
    for (const f of report.falseFindings) lines.push(`  ${f.file}:${f.line}  ${f.rule}  ${f.message}`);
    lines.push('');
  }
  if (report.missed.length > 0) {
    lines.push(`Missed defects (${report.missed.length}):`);
    for (const m of report.missed) lines.push(`  ${m.file}:${m.line}  ${m.rule}  ${m.why ?? ''}`);
    lines.push('');
  }
  const changed = report.fixesOnCompliant.map((f) => `${f.file} (${f.changedLines} lines)`).join(', ');
  lines.push(
    report.fixesOnCompliant.length === 0
      ? 'fix --unsafe proposes nothing on the compliant runbooks.'
      : `fix --unsafe changes compliant runbooks: ${changed}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (args.has('--check')) {
  const baseline = JSON.parse(readFileSync(baselinePath, 'utf8')) as {
    perRule: Record<string, Counts>;
    fixesOnCompliant: number;
  };
  const worse: string[] = [];
  for (const [id, c] of Object.entries(scored.perRule)) {
    const b = baseline.perRule[id] ?? { tp: 0, fp: 0, fn: 0 };
    if (c.tp < b.tp) worse.push(`${id}: finds ${c.tp} defects, the baseline ${b.tp}`);
    if (c.fp > b.fp) worse.push(`${id}: ${c.fp} false findings, the baseline ${b.fp}`);
  }
  if (report.fixesOnCompliant.length > baseline.fixesOnCompliant)
    worse.push(
      `fix --unsafe changes ${report.fixesOnCompliant.length} ` +
        `compliant runbooks, the baseline ${baseline.fixesOnCompliant}`,
    );
  if (worse.length > 0) {
    process.stderr.write(`Worse than eval/baseline.json:\n${worse.map((w) => `  ${w}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}
