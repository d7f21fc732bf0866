import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** A file the run will write: a report, a format's output, a baseline. */
export interface PlannedOutput {
  /** as the user wrote it */
  name: string;
  /** what it is, for the message ("sarif output", "the report") */
  what: string;
}

/**
 * No output may be an input, and no two outputs the same file: checked before anything is
 * written, on what the paths really are (a link, `./x`, a hard link all count as the same file).
 */
export function assertOutputsAreNotInputs(
  outputs: readonly PlannedOutput[],
  inputs: readonly { abs: string | null; display: string }[],
  cwd: string,
): void {
  const byIdentity = new Map<string, string>();
  for (const input of inputs) {
    if (input.abs !== null) byIdentity.set(identity(input.abs), `the input ${input.display}`);
  }
  for (const out of outputs) {
    const id = identity(resolve(cwd, out.name));
    const clash = byIdentity.get(id);
    if (clash)
      throw new UserError(
        `${out.name}: the ${out.what} would overwrite ${clash}; choose another file (nothing was written)`,
      );
    byIdentity.set(id, `the ${out.what} (${out.name})`);
  }
}

function identity(path: string): string {
  try {
    const s = statSync(path);
    return `ino:${s.dev}:${s.ino}`;
  } catch {
    // not there yet: the real folder it will be created in, and its name
    return `path:${join(realFolder(dirname(path)), basename(path))}`;
  }
}

function realFolder(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    const parent = dirname(dir);
    return parent === dir ? dir : join(realFolder(parent), basename(dir));
  }
}
