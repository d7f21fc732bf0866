import { closeSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { describeIoError } from './read-source.js';

/**
 * Replaces a file's content atomically: a temporary file in the same folder (so the rename
 * stays on one file system), the original's mode, fsync, then rename over the original. It
 * refuses when the file is not what was read (someone edited it meanwhile), when it is
 * read-only, or when the path is a symbolic link, and it never leaves the temporary file.
 */
export function writeFileAtomic(path: string, display: string, content: Buffer, expected: Buffer): void {
  const stat = assertWritable(path, display, expected);
  const temp = join(dirname(path), `.${basename(path)}.runbook-lint-${process.pid}-${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', stat.mode & 0o7777);
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    assertUnchanged(path, display, expected);
    renameSync(temp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file was never created, or the rename already consumed it
    }
    if (e instanceof UserError) throw e;
    throw new UserError(`${display}: cannot write (${describeIoError(e)})`);
  }
}

/**
 * Everything that would make a write refused, checked without writing: a run over several
 * files checks them all before it writes any, so a refusal leaves every file untouched.
 */
export function assertWritable(path: string, display: string, expected: Buffer): Stats {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (e) {
    throw new UserError(`${display}: cannot write (${describeIoError(e)})`);
  }
  if (stat.isSymbolicLink()) throw new UserError(`${display}: is a symbolic link; runbook-lint does not write through links (fix the file it points to)`);
  if ((stat.mode & 0o222) === 0) throw new UserError(`${display}: is read-only; not written`);
  assertUnchanged(path, display, expected);
  return stat;
}

function assertUnchanged(path: string, display: string, expected: Buffer): void {
  let now: Buffer;
  try {
    now = readFileSync(path);
  } catch (e) {
    throw new UserError(`${display}: cannot re-read before writing (${describeIoError(e)})`);
  }
  if (!now.equals(expected)) throw new UserError(`${display}: changed since runbook-lint read it; not written (run fix again)`);
}
