import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigResolver } from '../config/load.js';
import { lintText } from '../engine/lint.js';
import type { LintResult, Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { formatters } from '../formatters/index.js';
import { expandPaths } from '../io/expand-paths.js';
import { DEFAULT_MAX_BYTES, readSource, type SourceFile } from '../io/read-source.js';
import { Runbook } from '../document/index.js';
import { wantsColor, type CliIo } from './streams.js';

export interface CommonOptions {
  format: string;
  config?: string;
  rule: string[];
  maxWarnings: number;
  quiet?: boolean;
  color?: boolean;
  reportUnusedDisableDirectives?: boolean;
  maxFileSize?: number;
}

export const DEFAULT_PATH = 'MIGRATION_RUNBOOK.md';

export interface LoadedFile {
  source: SourceFile;
  /** path relative to the working directory, as reported */
  display: string;
}

/** Reads every input before linting any, so an unreadable one stops the run with nothing printed. */
export function loadInputs(paths: readonly string[], cwd: string, maxFileSize: number | undefined): LoadedFile[] {
  const args = paths.length > 0 ? paths : [DEFAULT_PATH];
  const maxBytes = maxFileSize !== undefined ? Math.round(maxFileSize * 1024 * 1024) : DEFAULT_MAX_BYTES;
  let files: string[];
  try {
    files = expandPaths(args, cwd);
  } catch (e) {
    if (e instanceof UserError && paths.length === 0) {
      throw new UserError(`${e.message} (with no path, runbook-lint lints ./${DEFAULT_PATH})`);
    }
    throw e;
  }
  return files.map((abs) => {
    const display = displayPath(abs, cwd);
    const source = readSource(abs, maxBytes);
    return { source: { ...source, path: display }, display };
  });
}

export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

/** A fence left open swallows the rest of the runbook into one code block: refuse to guess. */
export function assertFencesClosed(display: string, runbook: Runbook): void {
  const open = runbook.unclosedFences()[0];
  if (open) {
    const col = runbook.lines.pointAt(open.range[0]).column;
    throw new UserError(`${display}:${open.startLine}:${col}: code fence is never closed, so everything after it would be read as code; close it`);
  }
}

export async function runCheck(paths: string[], opts: CommonOptions, io: CliIo, rules: readonly Rule<unknown>[]): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const formatter = formatters[opts.format];
  if (!formatter) throw new UserError(`--format ${opts.format}: unknown format (use ${Object.keys(formatters).join(', ')})`);
  const inputs = loadInputs(paths, cwd, opts.maxFileSize);
  const configs = new ConfigResolver(rules, opts.config ? resolve(cwd, opts.config) : null, opts.rule, cwd);
  const results: LintResult[] = [];
  for (const { source, display } of inputs) {
    const config = configs.forFile(resolve(cwd, display));
    const { result, runbook } = await lintText({
      text: source.body,
      filePath: display,
      config,
      rules,
      reportUnusedDisableDirectives: opts.reportUnusedDisableDirectives === true,
    });
    assertFencesClosed(display, runbook);
    results.push(result);
  }
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const shown = opts.quiet ? results.map(onlyErrors) : results;
  const env = io.env ?? process.env;
  io.stdout.write(
    formatter(shown, {
      color: opts.format === 'stylish' && wantsColor(opts.color, io.stdout, env),
      hiddenWarnings: opts.quiet ? warnings : 0,
      maxWarnings: opts.maxWarnings,
    }),
  );
  return exitCode(errors, warnings, opts.maxWarnings);
}

export function exitCode(errors: number, warnings: number, maxWarnings: number): number {
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) return 1;
  return 0;
}

function onlyErrors(r: LintResult): LintResult {
  const messages = r.messages.filter((m) => m.severity === 2);
  return { ...r, messages, warningCount: 0, fixableWarningCount: 0 };
}
