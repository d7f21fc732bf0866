import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { formatters } from '../formatters/index.js';
import { describeIoError } from '../io/read-source.js';

export interface OutputTarget {
  format: string;
  /** null: standard output */
  file: string | null;
}

/**
 * One convention for several outputs in one run: `--format NAME` may be repeated, and
 * `NAME=FILE` sends that format to a file (`--format sarif=results.sarif --format github`).
 * At most one format goes to standard output. `--output-file FILE` is ESLint's spelling for
 * the case of a single format.
 */
export function outputTargets(formats: readonly string[], outputFile: string | undefined): OutputTarget[] {
  const targets = (formats.length > 0 ? formats : ['stylish']).map((spec): OutputTarget => {
    const eq = spec.indexOf('=');
    const format = (eq >= 0 ? spec.slice(0, eq) : spec).trim();
    const file = eq >= 0 ? spec.slice(eq + 1).trim() : null;
    if (!formatters[format])
      throw new UserError(`--format ${format}: unknown format (use ${Object.keys(formatters).join(', ')})`);
    if (file === '') throw new UserError(`--format ${spec}: give a file after =`);
    return { format, file };
  });
  if (outputFile !== undefined) {
    const toStdout = targets.filter((t) => t.file === null);
    if (targets.length !== 1 || toStdout.length !== 1)
      throw new UserError('--output-file goes with exactly one --format; for several, write --format NAME=FILE');
    (toStdout[0] as OutputTarget).file = outputFile;
  }
  if (targets.filter((t) => t.file === null).length > 1) {
    throw new UserError(
      'several formats would go to standard output; send all but one to files with --format NAME=FILE',
    );
  }
  return targets;
}

export function writeOutput(
  target: OutputTarget,
  text: string,
  cwd: string,
  stdout: { write(s: string): unknown },
): void {
  if (target.file === null) {
    stdout.write(text);
    return;
  }
  try {
    const path = resolve(cwd, target.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (e) {
    throw new UserError(`${target.file}: cannot write ${target.format} output (${describeIoError(e)})`);
  }
}
