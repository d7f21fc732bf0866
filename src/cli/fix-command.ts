import { resolve } from 'node:path';
import { writeFileSync } from 'node:fs';
import { escapeControl, escapeJsonText } from '../formatters/escape.js';
import { ConfigResolver } from '../config/load.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { fixToFixedPoint, type FixOutcome } from '../fix/fix-loop.js';
import { unifiedDiff } from '../fix/patch.js';
import { assertOutputsAreNotInputs } from '../io/output-guard.js';
import {
  abortWrites,
  checkWritable,
  commitWrites,
  removeStaleTemps,
  stageWrite,
  type CheckedTarget,
  type StagedWrite,
} from '../io/write-atomic.js';
import { buildReport, type Report } from '../report/build.js';
import { renderReport } from '../report/markdown.js';
import { fatalResult } from './fatal.js';
import { fixJson, type FixJsonEntry } from './fix-json.js';
import { ignoreCheck } from './ignored.js';
import { gatherInputs, nothingToLint, type FailedFile, type InputOptions, type LoadedFile } from './inputs.js';
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
  /** why it was linted but not fixed */
  notFixed: string | null;
}

interface FixRun {
  fixes: FileFix[];
  failed: FailedFile[];
  /** every input's display name in the order found (results are reported in it) */
  order: string[];
}

/** Fixes every input in memory; nothing is written here. */
export async function fixInputs(
  paths: string[],
  opts: FixCommandOptions,
  io: CliIo,
  rules: readonly Rule<unknown>[],
  withReport: boolean,
): Promise<FixRun> {
  const cwd = io.cwd ?? process.cwd();
  const configs = new ConfigResolver(rules, opts.config ? resolve(cwd, opts.config) : null, opts.rule, cwd);
  const gathered = await gatherInputs(paths, opts, cwd, io.stdin, await ignoreCheck(opts, configs, cwd));
  const { files: inputs, failed, order } = gathered;
  if (inputs.length === 0) {
    io.stderr.write(`${nothingToLint(gathered, opts)}\n`);
    return { fixes: [], failed, order };
  }
  if (opts.report !== undefined) assertOutputsAreNotInputs([{ name: opts.report, what: 'report' }], inputs, cwd);
  const out: FileFix[] = [];
  for (const file of inputs) {
    const config = await configs.forFile(resolve(cwd, file.display));
    // with the rest of the file read as code, a fix could land in the wrong place: lint only
    const outcome = await fixToFixedPoint({
      text: file.source.body,
      filePath: file.display,
      config,
      rules,
      unsafe: opts.unsafe === true,
      refuseUnclosedFence: true,
    });
    const notFixed =
      outcome.unclosedFenceLine !== null
        ? `not fixed: the code fence at line ${outcome.unclosedFenceLine} is never closed; close it, then run fix again`
        : null;
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
          written: opts.write === true && !file.fromStdin,
        })
      : null;
    out.push({ file, outcome, report, notFixed });
  }
  return { fixes: out, failed, order };
}

/**
 * `fix`: prints a patch of the safe fixes (or all with --unsafe), exit 1 when it proposes
 * changes; with --write applies them atomically and exits 1 only if errors remain.
 */
export async function runFix(
  paths: string[],
  opts: FixCommandOptions,
  io: CliIo,
  rules: readonly Rule<unknown>[],
): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  if (opts.format !== undefined && opts.format !== 'json')
    throw new UserError(`--format ${opts.format}: fix prints a unified diff, or json with --format json`);
  const asJson = opts.format === 'json';
  const { fixes, failed, order } = await fixInputs(paths, opts, io, rules, opts.report !== undefined);
  // a killed earlier run may have left temporary files beside any of them, fixed or not
  if (opts.write) for (const { file } of fixes) if (file.abs !== null) removeStaleTemps(file.abs);
  const toWrite = opts.write ? fixes.filter((f) => !f.file.fromStdin && f.outcome.output !== f.outcome.input) : [];
  // every check before any write: a refused run leaves every file, and the report, unwritten
  const checked: { fix: FileFix; target: CheckedTarget }[] = toWrite.map((fix) => ({
    fix,
    target: checkWritable({
      path: fix.file.abs as string,
      display: fix.file.display,
      expected: fix.file.source.bytes,
      root: fix.file.root as string,
    }),
  }));
  const staged: StagedWrite[] = [];
  try {
    for (const { fix, target } of checked)
      staged.push(stageWrite(target, Buffer.from(withBom(fix.file, fix.outcome.output), 'utf8')));
  } catch (e) {
    abortWrites(staged);
    throw e;
  }
  commitWrites(staged);
  if (opts.report)
    writeFileSync(resolve(cwd, opts.report), fixes.map((f) => renderReport(f.report as Report)).join('\n'));
  let changed = 0;
  let remainingErrors = failed.length;
  for (const { file, outcome } of fixes) {
    remainingErrors += outcome.remaining.errorCount;
    if (outcome.cycle)
      io.stderr.write(
        `runbook-lint: ${escapeControl(file.display)}: the fixes ` +
          `went round in a circle; stopped after ${outcome.passes} ` +
          `passes (please report this)\n`,
      );
    if (outcome.ineffective.length > 0)
      io.stderr.write(
        `runbook-lint: ${escapeControl(file.display)}: the fix for ` +
          `${outcome.ineffective.join(', ')} did not resolve its finding; ` +
          `it was applied once and not repeated (please report this)\n`,
      );
    if (outcome.output === outcome.input) continue;
    changed++;
    if (asJson) continue;
    if (opts.write && file.fromStdin) io.stdout.write(withBom(file, outcome.output));
    else if (!opts.write)
      io.stdout.write(unifiedDiff(file.display, withBom(file, outcome.input), withBom(file, outcome.output)));
  }
  for (const f of failed)
    io.stderr.write(`runbook-lint: ${escapeControl(f.display)}: ${escapeControl(f.error)}; not fixed\n`);
  for (const { file, outcome, notFixed } of fixes) {
    if (opts.write && file.fromStdin && outcome.output === outcome.input && !asJson)
      io.stdout.write(withBom(file, outcome.input));
    io.stderr.write(`${escapeControl(file.display)}: ${notFixed ?? summaryLine(outcome, opts.write === true)}\n`);
  }
  if (asJson) io.stdout.write(fixJson(jsonEntries(fixes, failed, order), rules, cwd));
  if (opts.write) return remainingErrors > 0 ? 1 : 0;
  return changed > 0 || failed.length > 0 ? 1 : 0;
}

/** One entry per input in the order found: what is left after fixing, and the fixed text if it changed. */
function jsonEntries(
  fixes: readonly FileFix[],
  failed: readonly FailedFile[],
  order: readonly string[],
): FixJsonEntry[] {
  const entries: { display: string; entry: FixJsonEntry }[] = [
    ...failed.map((f) => ({ display: f.display, entry: { result: fatalResult(f.display, f.error) } })),
    ...fixes.map(({ file, outcome }) => ({
      display: file.display,
      entry: {
        result: outcome.remaining,
        ...(outcome.output !== outcome.input ? { output: withBom(file, outcome.output) } : {}),
      },
    })),
  ];
  const rank = new Map(order.map((d, i) => [d, i]));
  entries.sort((a, b) => (rank.get(a.display) ?? 0) - (rank.get(b.display) ?? 0));
  return entries.map((e) => e.entry);
}

function withBom(file: LoadedFile, text: string): string {
  return (file.source.bom ? '\uFEFF' : '') + text;
}

function summaryLine(o: FixOutcome, written: boolean): string {
  const n = o.applied.length;
  const rules = new Set(o.applied.map((a) => a.ruleId)).size;
  const left = o.remaining.messages.length;
  const unsafe = o.remaining.messages.filter((m) => m.fixKind === 'unsafe').length;
  const did =
    n === 0
      ? 'nothing to fix'
      : `${n} fix${n === 1 ? '' : 'es'} from ${rules} rule${rules === 1 ? '' : 's'} ` +
        `${written ? 'applied' : 'proposed'}`;
  const rest =
    left === 0
      ? 'no problems left'
      : `${left} problem${left === 1 ? '' : 's'} left${unsafe > 0 ? ` (${unsafe} fixable with --unsafe)` : ''}`;
  return `${did}; ${rest}`;
}

/** `report`: the Part A–D report of what `fix` would change; exit 1 when an invariant is not enforced. */
export async function runReport(
  paths: string[],
  opts: FixCommandOptions,
  io: CliIo,
  rules: readonly Rule<unknown>[],
): Promise<number> {
  const format = opts.format ?? 'markdown';
  if (format !== 'markdown' && format !== 'json')
    throw new UserError(`--format ${format}: report prints markdown or json`);
  const { fixes, failed } = await fixInputs(paths, opts, io, rules, true);
  for (const f of failed)
    io.stderr.write(`runbook-lint: ${escapeControl(f.display)}: ${escapeControl(f.error)}; no report for it\n`);
  const reports = fixes.map((f) => f.report as Report);
  if (format === 'json') {
    const json = reports.map((r) => ({
      filePath: r.filePath,
      summary: r.summary,
      partA: r.partA,
      partB: r.partB,
      partC: r.partC,
      stillReferenced: r.stillReferenced,
      partD: r.partD,
    }));
    // always an array, one report per file, as ESLint's json format is: one shape for one file or many
    io.stdout.write(`${escapeJsonText(JSON.stringify(json, null, 2))}\n`);
  } else {
    io.stdout.write(reports.map(renderReport).join('\n'));
  }
  return failed.length > 0 || reports.some((r) => r.partD.some((d) => !d.enforced)) ? 1 : 0;
}
