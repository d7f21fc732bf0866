import { resolve } from 'node:path';
import { Baseline } from '../baseline/baseline.js';
import { rules as builtInRules } from '../../rules/index.js';
import { ConfigResolver, type ResolvedConfig } from '../config/load.js';
import type { LintResult, Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { escapeControl } from '../formatters/escape.js';
import { formatters, type FormatContext } from '../formatters/index.js';
import { ruleInfos } from '../formatters/rule-info.js';
import { assertOutputsAreNotInputs, type PlannedOutput } from '../io/output-guard.js';
import { FileResults } from './cache.js';
import { fatalResult } from './fatal.js';
import { Progress } from './progress.js';
import { ignoreCheck } from './ignored.js';
import { type FileLint, lintForCheck } from './lint-file.js';
import { type Concurrency, openLintPool, workersFor } from './lint-pool.js';
import { gatherInputs, nothingToLint, type InputOptions } from './inputs.js';
import { outputTargets, writeOutput } from './outputs.js';
import { wantsColor, type CliIo } from './streams.js';
import { packageInfo } from '../package-info.js';
import { timingOn } from '../engine/timing.js';

export interface CommonOptions extends InputOptions {
  format: string[];
  outputFile?: string;
  config?: string;
  rule: string[];
  maxWarnings: number;
  quiet?: boolean;
  /** false with --no-explain */
  explain?: boolean;
  color?: boolean;
  reportUnusedDisableDirectives?: boolean;
}

export interface CheckOptions extends CommonOptions {
  baseline?: string;
  updateBaseline?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  concurrency?: Concurrency;
}

export async function runCheck(
  paths: string[],
  opts: CheckOptions,
  io: CliIo,
  rules: readonly Rule<unknown>[],
): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const targets = outputTargets(opts.format, opts.outputFile);
  if (opts.updateBaseline && !opts.baseline) throw new UserError('--update-baseline needs --baseline FILE');
  const configs = new ConfigResolver(rules, opts.config ? resolve(cwd, opts.config) : null, opts.rule, cwd);
  const gathered = await gatherInputs(paths, opts, cwd, io.stdin, await ignoreCheck(opts, configs, cwd));
  const { files: inputs, failed, order } = gathered;
  if (inputs.length === 0) {
    io.stdout.write(`${nothingToLint(gathered, opts)}\n`);
    return 0;
  }
  const planned: PlannedOutput[] = targets
    .filter((t) => t.file !== null)
    .map((t) => ({ name: t.file as string, what: `${t.format} output` }));
  if (opts.baseline && opts.updateBaseline) planned.push({ name: opts.baseline, what: 'baseline' });
  assertOutputsAreNotInputs(planned, inputs, cwd);
  const baseline = opts.baseline
    ? Baseline.load(resolve(cwd, opts.baseline), opts.baseline, !opts.updateBaseline, {
        repair: opts.updateBaseline === true,
        warn: (line) => io.stderr.write(line),
      })
    : null;
  const results: LintResult[] = failed.map((f) => fatalResult(f.display, f.error));
  const sources = new Map<string, string>();
  const fingerprints = new Map<object, string>();
  const cache = opts.cache ? FileResults.open(cwd, opts.cacheLocation) : null;
  const progress = Progress.for(io.stderr, inputs.length, io.env ?? process.env);
  let done = 0;
  progress?.done(done);
  const keep = (lint: FileLint) => {
    lint.result.messages.forEach((m, i) => {
      fingerprints.set(m, lint.fingerprints[i] as string);
    });
    results.push(lint.result);
  };
  const unused = opts.reportUnusedDisableDirectives === true;
  const todo: { display: string; text: string; config: ResolvedConfig; key: object }[] = [];
  for (const { source, display } of inputs) {
    const config = await configs.forFile(resolve(cwd, display));
    const key = { file: display, text: source.body, config, unused };
    sources.set(display, source.body);
    // a timed run lints every file: a result from the cache has no times
    const cached = cache && !timingOn() ? asCachedResult(cache.get(key), display) : null;
    if (cached) {
      progress?.done(++done);
      keep(cached);
    } else todo.push({ display, text: source.body, config, key });
  }
  // a timed run stays on this thread, whose clock the timings are read from; rules given to
  // main() in place of the built-in ones exist on this thread only
  const workers = timingOn() || rules !== builtInRules ? 0 : workersFor(opts.concurrency ?? 'auto', todo.length);
  const pool = workers > 0 ? await openLintPool(workers) : null;
  if (pool) {
    if ((io.env ?? process.env).DEBUG?.includes('runbook-lint'))
      io.stderr.write(`runbook-lint: linting ${todo.length} files on ${workers} worker threads\n`);
    try {
      await Promise.all(
        todo.map(async ({ display, text, config, key }) => {
          const lint = await pool.lint({ display, text, config, unused });
          cache?.set(key, lint);
          keep(lint);
          progress?.done(++done);
        }),
      );
    } finally {
      await pool.close();
    }
  } else {
    for (const { display, text, config, key } of todo) {
      const lint = await lintForCheck(text, display, config, rules, unused);
      cache?.set(key, lint);
      keep(lint);
      progress?.done(++done);
    }
  }
  progress?.end();
  const rank = new Map(order.map((d, i) => [d, i]));
  results.sort((a, b) => (rank.get(a.filePath) ?? 0) - (rank.get(b.filePath) ?? 0));
  if (baseline && opts.updateBaseline) {
    const { findings, files } = baseline.update(results, fingerprints, cwd);
    io.stderr.write(
      `Wrote ${escapeControl(opts.baseline ?? '')}: ${findings} ` +
        `finding${findings === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; ` +
        `they are not reported while they stay as they are.\n`,
    );
    return 0;
  }
  const final = baseline ? results.map((r) => recount(baseline.apply(r, fingerprints, cwd))) : results;
  const warnings = final.reduce((n, r) => n + r.warningCount, 0);
  const errors = final.reduce((n, r) => n + r.errorCount, 0);
  const shown = opts.quiet ? final.map(onlyErrors) : final;
  const env = io.env ?? process.env;
  const info = packageInfo();
  for (const target of targets) {
    const ctx: FormatContext = {
      color: target.format === 'stylish' && target.file === null && wantsColor(opts.color, io.stdout, env),
      ...(target.file === null && io.stdout.isTTY === true && io.stdout.columns ? { width: io.stdout.columns } : {}),
      explain: opts.explain !== false,
      hiddenWarnings: opts.quiet ? warnings : 0,
      maxWarnings: opts.maxWarnings,
      tool: { name: 'runbook-lint', version: info.version, informationUri: info.homepage },
      rules: ruleInfos(rules),
      sources,
      fingerprints,
      cwd,
      env,
    };
    writeOutput(target, (formatters[target.format] as (typeof formatters)[string])(shown, ctx), cwd, io.stdout);
  }
  return exitCode(errors, warnings, opts.maxWarnings);
}

export function exitCode(errors: number, warnings: number, maxWarnings: number): number {
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) return 1;
  return 0;
}

/** A stored per-file result of the shape `check` writes, for this file; anything else is a miss. */
function asCachedResult(value: unknown, display: string): { result: LintResult; fingerprints: string[] } | null {
  if (typeof value !== 'object' || value === null) return null;
  const { result, fingerprints } = value as { result?: Partial<LintResult>; fingerprints?: unknown };
  if (!result || result.filePath !== display || !Array.isArray(result.messages)) return null;
  if (!Array.isArray(result.suppressedMessages) || !Array.isArray(fingerprints)) return null;
  if (fingerprints.length !== result.messages.length || !fingerprints.every((f) => typeof f === 'string')) return null;
  const counts = [result.errorCount, result.warningCount, result.fixableErrorCount, result.fixableWarningCount];
  if (!counts.every((n) => typeof n === 'number')) return null;
  return { result: result as LintResult, fingerprints: fingerprints as string[] };
}

function recount(r: LintResult): LintResult {
  const errors = r.messages.filter((m) => m.severity === 2);
  const warnings = r.messages.filter((m) => m.severity === 1);
  return {
    ...r,
    errorCount: errors.length,
    warningCount: warnings.length,
    fixableErrorCount: errors.filter((m) => m.fixKind === 'safe').length,
    fixableWarningCount: warnings.filter((m) => m.fixKind === 'safe').length,
  };
}

function onlyErrors(r: LintResult): LintResult {
  const messages = r.messages.filter((m) => m.severity === 2);
  return { ...r, messages, warningCount: 0, fixableWarningCount: 0 };
}
