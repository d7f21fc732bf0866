import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ConfigResolver } from '../config/load.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { formatters, type FormatContext } from '../formatters/index.js';
import type { RuleInfo } from '../formatters/types.js';
import { ruleInfos } from '../formatters/rule-info.js';
import { assertOutputsAreNotInputs } from '../io/output-guard.js';
import { decodeSource } from '../io/read-source.js';
import { replaceFile } from '../io/write-atomic.js';
import { packageInfo } from '../package-info.js';
import { renderPartE } from '../verify/part-e.js';
import { MISSING_PATH, verify } from '../verify/verify.js';
import { exitCode } from './check.js';
import { outputTargets, writeOutput } from './outputs.js';
import { Progress } from './progress.js';
import { type CliIo, wantsColor } from './streams.js';

export interface VerifyOptions {
  root?: string;
  config?: string;
  rule: string[];
  format: string[];
  outputFile?: string;
  /** write Part E, the code conformance table, to this Markdown file */
  report?: string;
  color?: boolean;
  explain?: boolean;
}

/** `verify [runbook]`: the runbook's paths against the tree, the invariants against the code. */
export async function runVerify(
  runbookArg: string | undefined,
  opts: VerifyOptions,
  io: CliIo,
  rules: readonly Rule<unknown>[],
): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const runbookPath = resolve(cwd, runbookArg ?? 'MIGRATION_RUNBOOK.md');
  const display = relative(cwd, runbookPath).split(sep).join('/') || runbookPath;
  let bytes: Buffer;
  try {
    bytes = readFileSync(runbookPath);
  } catch (e) {
    throw new UserError(`${display}: cannot read the runbook (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const { body } = decodeSource(display, bytes);
  const configs = new ConfigResolver(rules, opts.config ? resolve(cwd, opts.config) : null, opts.rule, cwd);
  const config = await configs.forFile(runbookPath);
  const targets = outputTargets(opts.format, opts.outputFile);
  if (opts.report !== undefined)
    assertOutputsAreNotInputs([{ name: opts.report, what: 'report' }], [{ display, abs: runbookPath }], cwd);
  // on a terminal, after a second: the files read, then the one pass that checks them together
  const shown: { progress: Progress | null } = { progress: null };
  const env0 = io.env ?? process.env;
  const onProgress = {
    read: (done: number, total: number): void => {
      shown.progress ??= Progress.for(io.stderr, total, env0);
      shown.progress?.done(done);
    },
    checking: (total: number): void => shown.progress?.phase(`checking ${total} files against the runbook`),
  };
  const verified = await verify({
    progress: onProgress,
    runbookPath,
    runbookDisplay: display,
    runbookText: body,
    ...(opts.root !== undefined ? { root: resolve(cwd, opts.root) } : {}),
    config,
    rules,
    cwd,
  });
  shown.progress?.end();
  const { results } = verified;
  if (opts.report !== undefined)
    replaceFile(
      resolve(cwd, opts.report),
      opts.report,
      Buffer.from(renderPartE(verified, display, relative(cwd, verified.root).split(sep).join('/') || '.')),
    );
  const info = packageInfo();
  const env = io.env ?? process.env;
  for (const target of targets) {
    const ctx: FormatContext = {
      color: target.format === 'stylish' && target.file === null && wantsColor(opts.color, io.stdout, env),
      ...(target.file === null && io.stdout.isTTY === true && io.stdout.columns ? { width: io.stdout.columns } : {}),
      explain: opts.explain !== false,
      hiddenWarnings: 0,
      maxWarnings: -1,
      tool: { name: 'runbook-lint', version: info.version, informationUri: info.homepage },
      rules: [...ruleInfos(rules), missingPathInfo(info.homepage)],
      sources: new Map(),
      fingerprints: new Map(),
      cwd,
      env,
    };
    writeOutput(target, (formatters[target.format] as (typeof formatters)[string])(results, ctx), cwd, io.stdout);
  }
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  return exitCode(errors, warnings, -1);
}

/** verify's own check, described as a rule so SARIF and the summary can name it. */
function missingPathInfo(home: string): RuleInfo {
  return {
    id: MISSING_PATH,
    description: 'Every file the runbook says to create or change is in the repository.',
    rationale:
      'A step that creates a file the repository does not have was skipped, or the runbook names the wrong path: ' +
      'either way the runbook and the code no longer describe the same system.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'error',
    helpUri: `${home}/blob/main/README.md#runbook-lint-verify-the-runbook-against-the-code`,
  };
}
