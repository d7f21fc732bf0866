import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';
import { UserError } from '../errors.js';
import { describeIoError } from './read-source.js';

/** What one in-place write needs to know: where, what was read, and the tree it may not leave. */
export interface WriteTarget {
  /** absolute path as found (not resolved through links) */
  path: string;
  /** as reported to the user */
  display: string;
  /** the bytes that were read: a file that no longer has them was edited meanwhile */
  expected: Buffer;
  /** the folder the user named (or the repository root): the real path must stay inside it */
  root: string;
}

/** The checks passed; what the write must keep. */
export interface CheckedTarget extends WriteTarget {
  stat: Stats;
}

const TEMP_MARK = '.runbook-lint-';

/** A seam for tests: the one call a full disk makes short. */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/** A fixed text written in full beside its file, waiting for the rename. */
export interface StagedWrite {
  target: CheckedTarget;
  temp: string;
}

/**
 * Replaces a file's content atomically: a temporary file in the same folder (so the rename
 * stays on one file system), every byte written and read back, the original's mode and owner
 * set explicitly (the umask does not apply), fsync of the file and then of the folder, and
 * only then the rename over the original. Whatever fails, the original is untouched and the
 * temporary file is gone.
 */
export function writeFileAtomic(target: WriteTarget, content: Buffer, write: WriteFn = writeSync): void {
  commitWrites([stageWrite(checkWritable(target), content, write)]);
}

/**
 * The first half of a write: the whole new content in a temporary file beside the original,
 * checked byte for byte and synced. A run over several files stages them all before it renames
 * any, so a full disk on the last file leaves every file as it was.
 */
export function stageWrite(target: CheckedTarget, content: Buffer, write: WriteFn = writeSync): StagedWrite {
  const { path, display, stat } = target;
  removeStaleTemps(path);
  const unique = `${process.pid}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const temp = join(dirname(path), `.${basename(path)}${TEMP_MARK}${unique}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx+', 0o600);
    writeAll(fd, content, write);
    fchmodSync(fd, stat.mode & 0o7777);
    keepOwner(fd, stat, display);
    fsyncSync(fd);
    verifyWritten(fd, content, display);
    closeSync(fd);
    return { target, temp };
  } catch (e) {
    if (fd !== null) closeSync(fd);
    removeQuietly(temp);
    if (e instanceof UserError) throw e;
    throw new UserError(`${display}: cannot write (${describeIoError(e)}); the file is unchanged`);
  }
}

/** Removes staged files that will not be committed. */
export function abortWrites(staged: readonly StagedWrite[]): void {
  for (const s of staged) removeQuietly(s.temp);
}

/** The second half: each file re-checked as unchanged since it was read, then renamed into place. */
export function commitWrites(staged: readonly StagedWrite[]): void {
  try {
    for (const { target } of staged) assertUnchanged(target.path, target.display, target.expected);
  } catch (e) {
    abortWrites(staged);
    throw e;
  }
  for (let i = 0; i < staged.length; i++) {
    const { target, temp } = staged[i] as StagedWrite;
    try {
      renameSync(temp, target.path);
    } catch (e) {
      abortWrites(staged.slice(i));
      const done = i === 0 ? 'no file was changed' : `${i} file${i === 1 ? ' was' : 's were'} already written`;
      throw new UserError(`${target.display}: cannot replace it (${describeIoError(e)}); it is unchanged (${done})`);
    }
    syncFolder(dirname(target.path));
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or the rename already consumed it
  }
}

/**
 * A file runbook-lint owns (a baseline): written whole beside itself and renamed into place, so
 * a full disk or a crash leaves the old one, never half of the new one. A new file gets the
 * usual mode (0666 less the umask); an existing one keeps its mode.
 */
export function replaceFile(path: string, display: string, content: Buffer): void {
  let mode = 0o666;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink() || !st.isFile()) throw new UserError(`${display}: is not a regular file; not written`);
    mode = st.mode & 0o7777;
  } catch (e) {
    if (e instanceof UserError) throw e;
  }
  const temp = join(dirname(path), `.${basename(path)}${TEMP_MARK}${process.pid}-${Date.now().toString(36)}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx+', mode);
    writeAll(fd, content);
    fsyncSync(fd);
    verifyWritten(fd, content, display);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
    syncFolder(dirname(path));
  } catch (e) {
    if (fd !== null) closeSync(fd);
    removeQuietly(temp);
    if (e instanceof UserError) throw e;
    throw new UserError(`${display}: cannot write (${describeIoError(e)}); the file is unchanged`);
  }
}

/** Writes the whole buffer or throws: a short write (a full disk) is never taken as done. */
export function writeAll(fd: number, content: Uint8Array, write: WriteFn = writeSync): void {
  let offset = 0;
  while (offset < content.length) {
    const n = write(fd, content, offset, content.length - offset);
    if (!Number.isInteger(n) || n <= 0) throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    offset += n;
  }
}

function verifyWritten(fd: number, content: Buffer, display: string): void {
  const size = fstatSync(fd).size;
  const back = Buffer.alloc(size);
  let offset = 0;
  while (offset < size) {
    const n = readSync(fd, back, offset, size - offset, offset);
    if (n <= 0) break;
    offset += n;
  }
  if (size !== content.length || !back.equals(content)) {
    throw new UserError(
      `${display}: the written copy differs from the fixed text ` +
        `(${size} of ${content.length} bytes); the file is unchanged`,
    );
  }
}

function keepOwner(fd: number, stat: Stats, display: string): void {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid === undefined || (stat.uid === uid && stat.gid === gid)) return;
  try {
    fchownSync(fd, stat.uid, stat.gid);
  } catch {
    throw new UserError(
      `${display}: belongs to ${stat.uid}:${stat.gid}, and a replacement could not keep that owner; not written`,
    );
  }
}

function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some file systems cannot fsync a directory; the rename itself is still atomic
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/**
 * Everything that would make a write refused, checked without writing: a run over several
 * files checks them all before it writes any, so a refusal leaves every file untouched.
 */
export function checkWritable(target: WriteTarget): CheckedTarget {
  const { path, display } = target;
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch (e) {
    throw new UserError(`${display}: cannot write (${describeIoError(e)})`);
  }
  if (stat.isSymbolicLink())
    throw new UserError(
      `${display}: is a symbolic link; runbook-lint does not write through links (fix the file it points to)`,
    );
  if (!stat.isFile()) throw new UserError(`${display}: is not a regular file; not written`);
  const real = realpathSync(path);
  const root = realRoot(target.root);
  if (!inside(real, root))
    throw new UserError(`${display}: its real path ${real} is outside ${root}, the folder you named; not written`);
  if (stat.nlink > 1)
    throw new UserError(
      `${display}: has ${stat.nlink} hard links, and replacing ` +
        `it would split them; not written (fix a copy, or pass --stdin and redirect)`,
    );
  if ((stat.mode & 0o222) === 0 || !canWrite(real)) throw new UserError(`${display}: is read-only; not written`);
  if (!canWrite(dirname(real)))
    throw new UserError(
      `${display}: its folder is not writable for you, so it cannot be replaced atomically; not written`,
    );
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && stat.uid !== uid) {
    throw new UserError(
      `${display}: belongs to another user (uid ${stat.uid}); replacing it would make it yours; not written`,
    );
  }
  assertUnchanged(path, display, target.expected);
  return { ...target, stat };
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return root;
  }
}

export function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function assertUnchanged(path: string, display: string, expected: Buffer): void {
  let now: Buffer;
  try {
    now = readFileSync(path);
  } catch (e) {
    throw new UserError(`${display}: cannot re-read before writing (${describeIoError(e)})`);
  }
  if (!now.equals(expected))
    throw new UserError(`${display}: changed since runbook-lint read it; not written (run fix again)`);
}

/**
 * A run killed between creating its temporary file and the rename leaves that file behind;
 * the next write to the same file removes those whose process is gone.
 */
export function removeStaleTemps(path: string): void {
  const prefix = `.${basename(path)}${TEMP_MARK}`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    try {
      unlinkSync(join(dirname(path), name));
    } catch {
      // already gone, or not ours to remove
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
