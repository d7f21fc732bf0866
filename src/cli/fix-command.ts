import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ConfigResolver } from '../config/load.js';
import { Runbook } from '../document/index.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { fixToFixedPoint, type FixOutcome } from '../fix/fix-loop.js';
import { unifiedDiff } from '../fix/patch.js';
import { assertWritable, writeFileAtomic } from '../io/write-atomic.js';
import { buildReport, type Report } from '../report/build.js';
import { renderReport } from '../report/markdown.js';
import { assertFencesClosed } from './check.js';
import { gatherInputs, type InputOptions, type LoadedFile } from './inputs.js';
import type { CliIo } from './streams.js';

export interface FixCommandOptions extends InputOptions {
  config?: string;
  rule: string[];
  format?: string;
  write?: boolean;
  unsafe?: boolean;
  report?: string;
  context: number;
}

interface FileFix {
  file: LoadedFile;
  outcome: FixOutcome;
  /** built only when someone asked for the report */
  report: Report | null;
}

/** Fixes every input in memory; nothing is written here. */
export async function fixInputs(paths: string[], opts: FixCommandOptions, io: CliIo, rules: readonly Rule<unknown>[], withReport: boolean): Promise<FileFix[]> {
  const cwd = io.cwd ?? process.cwd();
  const inputs = await gatherInputs(paths, opts, cwd, io.stdin);
  if (inputs.length === 0) throw new UserError(`no Markdown files changed since ${opts.changedSince ?? 'the given ref'}`);
  const configs = new ConfigResolver(rules, opts.config ? resolve(cwd, opts.config) : null, opts.rule, cwd);
  const out: FileFix[] = [];
  for (const file of inputs) {
    assertFencesClosed(file.display, new Runbook(file.source.body));
    const config = await configs.forFile(resolve(cwd, file.display));
    const outcome = await fixToFixedPoint({ text: file.source.body, filePath: file.display, config, rules, unsafe: opts.unsafe === true });
    const deletableRemaining = outcome.remaining.messages
      .filter((m) => m.fixDeletes && m.fixKind === 'unsafe')
      .map((m) => `line ${m.line}: ${m.ruleId}`);
    const report = withReport
      ? buildReport({
          filePath: file.display,
          outcome,
          findingsBefore: outcome.initial.messages.length,
          deletableRemaining,
          settings: config.settings,
          context: opts.context,
        })
      : null;
    out.push({ file, outcome, report });
  }
  return out;
}

/**
 * `fix`: prints a patch of the safe fixes (or all with --unsafe), exit 1 when it proposes
 * changes; with --write applies them atomically and exits 1 only if errors remain.
 */
export async function runFix(paths: string[], opts: FixCommandOptions, io: CliIo, rules: readonly Rule<unknown>[]): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const fixes = await fixInputs(paths, opts, io, rules, opts.report !== undefined);
  if (opts.report) writeFileSync(resolve(cwd, opts.report), fixes.map((f) => renderReport(f.report as Report)).join('\n'));
  if (opts.write) {
    for (const { file, outcome } of fixes) {
      if (!file.fromStdin && outcome.output !== outcome.input) assertWritable(resolve(cwd, file.display), file.display, file.source.bytes);
    }
  }
  let changed = 0;
  let remainingErrors = 0;
  for (const { file, outcome } of fixes) {
    remainingErrors += outcome.remaining.errorCount;
    if (outcome.cycle) io.stderr.write(`runbook-lint: ${file.display}: the fixes went round in a circle; stopped after ${outcome.passes} passes (please report this)\n`);
    if (outcome.ineffective.length > 0) io.stderr.write(`runbook-lint: ${file.display}: the fix for ${outcome.ineffective.join(', ')} did not resolve its finding; it was applied once and not repeated (please report this)\n`);
    if (outcome.output === outcome.input) continue;
    changed++;
    const bom = file.source.bom ? '\uFEFF' : '';
    if (opts.write && file.fromStdin) {
      io.stdout.write(bom + outcome.output);
    } else if (opts.write) {
      writeFileAtomic(resolve(cwd, file.display), file.display, Buffer.from(bom + outcome.output, 'utf8'), file.source.bytes);
    } else {
      io.stdout.write(unifiedDiff(file.display, bom + outcome.input, bom + outcome.output));
    }
  }
  for (const { file, outcome } of fixes) {
    if (opts.write && file.fromStdin && outcome.output === outcome.input) io.stdout.write((file.source.bom ? '\uFEFF' : '') + outcome.input);
    io.stderr.write(`${summaryLine(file.display, outcome, opts.write === true)}\n`);
  }
  if (opts.write) return remainingErrors > 0 ? 1 : 0;
  return changed > 0 ? 1 : 0;
}

function summaryLine(display: string, o: FixOutcome, written: boolean): string {
  const n = o.applied.length;
  const rules = new Set(o.applied.map((a) => a.ruleId)).size;
  const left = o.remaining.messages.length;
  const unsafe = o.remaining.messages.filter((m) => m.fixKind === 'unsafe').length;
  const did = n === 0 ? 'nothing to fix' : `${n} fix${n === 1 ? '' : 'es'} from ${rules} rule${rules === 1 ? '' : 's'} ${written ? 'applied' : 'proposed'}`;
  const rest = left === 0 ? 'no problems left' : `${left} problem${left === 1 ? '' : 's'} left${unsafe > 0 ? ` (${unsafe} fixable with --unsafe)` : ''}`;
  return `${display}: ${did}; ${rest}`;
}

/** `report`: the Part A–D report of what `fix` would change; exit 1 when an invariant is not enforced. */
export async function runReport(paths: string[], opts: FixCommandOptions, io: CliIo, rules: readonly Rule<unknown>[]): Promise<number> {
  const format = opts.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json') throw new UserError(`--format ${format}: report prints markdown or json`);
  const fixes = await fixInputs(paths, opts, io, rules, true);
  const reports = fixes.map((f) => f.report as Report);
  if (format === 'json') {
    const json = reports.map((r) => ({ filePath: r.filePath, summary: r.summary, partA: r.partA, partB: r.partB, partC: r.partC, partD: r.partD }));
    io.stdout.write(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    io.stdout.write(reports.map(renderReport).join('\n'));
  }
  return reports.some((r) => r.partD.some((d) => !d.enforced)) ? 1 : 0;
}
