import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import type { CheckOptions } from './check.js';
import type { FixCommandOptions } from './fix-command.js';
import type { CliIo } from './streams.js';

export interface FixFlags {
  fix?: boolean;
  fixDryRun?: boolean;
}

/**
 * ESLint's habit on the default command: `--fix` is `fix --write`, `--fix-dry-run` is `fix`
 * (the patch, nothing written). Input and config options carry over; `--format json` gives
 * fix's json. An option of check that would change what a fix run means is refused rather
 * than dropped; `--cache` is let through (fixing always reads the files), and so is colour.
 */
export async function runFixAlias(
  paths: string[],
  opts: CheckOptions & FixFlags,
  io: CliIo,
  rules: readonly Rule<unknown>[],
): Promise<number> {
  if (opts.fix && opts.fixDryRun) throw new UserError('--fix and --fix-dry-run: give one of them');
  const flag = opts.fix ? '--fix' : '--fix-dry-run';
  const refused: [boolean, string][] = [
    [opts.outputFile !== undefined, '--output-file'],
    [opts.maxWarnings >= 0, '--max-warnings'],
    [opts.quiet === true, '--quiet'],
    [opts.reportUnusedDisableDirectives === true, '--report-unused-disable-directives'],
    [opts.baseline !== undefined, '--baseline'],
    [opts.updateBaseline === true, '--update-baseline'],
  ];
  const clash = refused.find(([given]) => given)?.[1];
  if (clash) throw new UserError(`${clash} does not go with ${flag}; run check and fix separately`);
  if (opts.format.length > 1) throw new UserError(`${flag} prints one format: a unified diff, or --format json`);
  const format = opts.format[0];
  if (format !== undefined && format !== 'json' && format !== 'stylish')
    throw new UserError(`--format ${format}: with ${flag}, the output is a unified diff, or json with --format json`);
  const fixOpts: FixCommandOptions = {
    rule: opts.rule,
    context: 3,
    write: opts.fix === true,
    ...(format === 'json' ? { format } : {}),
    ...(opts.config !== undefined ? { config: opts.config } : {}),
    ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
    ...(opts.stdinFilename !== undefined ? { stdinFilename: opts.stdinFilename } : {}),
    ...(opts.changedSince !== undefined ? { changedSince: opts.changedSince } : {}),
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.ignorePattern !== undefined ? { ignorePattern: opts.ignorePattern } : {}),
  };
  const { runFix } = await import('./fix-command.js');
  return runFix(paths, fixOpts, io, rules);
}
