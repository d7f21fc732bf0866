import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findConfigFile } from '../config/load.js';
import { packageInfo } from '../package-info.js';
import { timingRows } from '../engine/timing.js';

/**
 * `--cache`: a check whose inputs did not change answers from the cache without loading the
 * linter at all (this module uses Node built-ins, the package version and the config finder
 * only; the bin imports it before anything else). The key covers everything the output depends
 * on: the tool's own build (package version and a content hash of the bundle), the arguments,
 * the working directory, colour settings, each file's content, the config files that apply and
 * a baseline. Only plain `check` runs that print to standard output are cached; anything else
 * simply runs.
 *
 * The cache is an optimisation and never a source of failure: an entry of the wrong shape, a
 * location that is not a folder, a FIFO, device or /proc file where an entry should be — each
 * is a miss (or no cache at all), never a crash or a hang.
 */

export interface CachedRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CacheSlot {
  file: string;
  hit: CachedRun | null;
}

/** Entries larger than this are neither stored nor read (a check of thousands of files prints a few MB). */
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
/** Key inputs (runbooks, configs, a baseline) larger than this are not cached: the run itself decides. */
const MAX_KEY_FILE_BYTES = 256 * 1024 * 1024;

const VALUE_OPTIONS = new Set([
  '-f',
  '--format',
  '-c',
  '--config',
  '--rule',
  '--max-warnings',
  '--max-file-size',
  '--baseline',
  '--cache-location',
]);
const PLAIN_OPTIONS = new Set([
  '--cache',
  '-q',
  '--quiet',
  '--no-explain',
  '--color',
  '--no-color',
  '--report-unused-disable-directives',
]);

export function cacheSlot(
  argv: readonly string[],
  cwd: string,
  env: Record<string, string | undefined>,
  isTTY: boolean,
  /** a terminal's width: stylish wraps to it, so a run at another width is another answer */
  columns?: number,
): CacheSlot | null {
  // a timed run must run: a stored answer has no times of its own
  if (!argv.includes('--cache') || timingRows(env.TIMING) !== null) return null;
  const paths: string[] = [];
  let location: string | null = null;
  let config: string | null = null;
  let baseline: string | null = null;
  let sawCommand = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i] as string;
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (VALUE_OPTIONS.has(arg)) {
      value ??= argv[++i];
      if (value === undefined) return null;
      if (arg === '--cache-location') location = value;
      if (arg === '-c' || arg === '--config') config = value;
      if (arg === '--baseline') baseline = value;
      if ((arg === '-f' || arg === '--format') && value.includes('=')) return null;
    } else if (PLAIN_OPTIONS.has(arg)) {
    } else if (arg.startsWith('-')) {
      return null;
    } else if (!sawCommand && paths.length === 0 && arg === 'check') {
      sawCommand = true;
    } else paths.push(arg);
  }
  const dir = location ? resolve(cwd, location) : join(cwd, 'node_modules', '.cache', 'runbook-lint');
  // a location that exists and is not a folder (a file, a FIFO, /dev/null…): no cache, run normally
  const where = statOrNull(dir, true);
  if (where === undefined || (where !== null && !where.isDirectory())) return null;

  const files = (paths.length > 0 ? paths : ['MIGRATION_RUNBOOK.md']).map((p) => resolve(cwd, p));
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      argv,
      cwd,
      env: [env.NO_COLOR, env.FORCE_COLOR, env.TERM],
      isTTY,
      columns: isTTY ? (columns ?? null) : null,
      build: buildStamp(),
    }),
  );
  for (const file of files) {
    const text = readKeyFile(file);
    if (text === null || text === 'absent') return null;
    hash.update(file).update('\0').update(text).update('\0');
    const cfg = config ? resolve(cwd, config) : findConfigFile(dirname(file));
    hash.update(cfg ?? '-').update('\0');
    if (cfg) {
      const c = readKeyFile(cfg);
      if (c === null) return null;
      // a config that extends other files depends on them too: no whole-run entry (the per-file
      // results are keyed by the merged config)
      if (c !== 'absent' && c.includes('extends')) return null;
      hash.update(c === 'absent' ? '\0absent\0' : c);
    }
  }
  if (baseline) {
    const b = readKeyFile(resolve(cwd, baseline));
    if (b === null) return null;
    hash.update(b === 'absent' ? '\0absent\0' : b);
  }
  const file = join(dir, `${hash.digest('hex').slice(0, 40)}.json`);
  return { file, hit: where === null ? null : readEntry(file) };
}

export function storeRun(slot: CacheSlot, run: CachedRun): void {
  if (run.exitCode !== 0 && run.exitCode !== 1) return;
  storeText(slot.file, JSON.stringify({ stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode }));
}

/** Writes an entry through a temp file and a rename; a cache that cannot be written is only a slower next run. */
function storeText(file: string, text: string, makeDir = true): void {
  if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) return;
  const temp = `${file}.${process.pid}.tmp`;
  try {
    if (makeDir && !makeDirs(dirname(file))) return;
    if (!statOrNull(dirname(file), true)?.isDirectory()) return;
    // 'wx': never write through something already at the temp name (a symlink, a FIFO)
    try {
      unlinkSync(temp);
    } catch {
      // usually absent
    }
    writeFileSync(temp, text, { flag: 'wx' });
    // replaces a bad entry (wrong shape, a FIFO…) as well as an old one
    renameSync(temp, file);
  } catch {
    try {
      unlinkSync(temp);
    } catch {
      // nothing left behind
    }
  }
}

/**
 * Makes a folder and the missing ones above it, one at a time: Node 20's recursive mkdirSync
 * loops forever under /proc/self (ENOENT after EEXIST). Any error but "already there" gives up.
 */
function makeDirs(dir: string): boolean {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    const st = statOrNull(d, true);
    if (st) {
      if (!st.isDirectory()) return false;
      break;
    }
    if (st === undefined || dirname(d) === d || missing.length > 64) return false;
    missing.push(d);
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
  }
  return statOrNull(dir, true)?.isDirectory() === true;
}

/**
 * The per-file cache a `check --cache` run uses when the whole run is not in the cache (one
 * runbook of fifty changed): each file's result, keyed by the build, the file's name and
 * content, the config that applies to it and the options its result depends on — as ESLint's
 * `--cache` keeps one entry per file. Null when the location is not a folder.
 */
export class FileResults {
  private ready = false;

  private constructor(private readonly dir: string) {}

  static open(cwd: string, location: string | undefined): FileResults | null {
    const dir = location ? resolve(cwd, location) : join(cwd, 'node_modules', '.cache', 'runbook-lint');
    const where = statOrNull(dir, true);
    if (where === undefined || (where !== null && !where.isDirectory())) return null;
    return new FileResults(join(dir, 'files'));
  }

  /** The entries' folder, made once. */
  private makeDir(): boolean {
    if (this.ready) return true;
    this.ready = makeDirs(this.dir);
    return this.ready;
  }

  private fileOf(key: unknown): string {
    const hash = createHash('sha256').update(buildStamp()).update('\0').update(JSON.stringify(key));
    return join(this.dir, `${hash.digest('hex').slice(0, 40)}.json`);
  }

  /** The stored value for the key, if an entry of sane size parses as JSON; the caller checks its shape. */
  get(key: unknown): unknown {
    const bytes = readRegularFile(this.fileOf(key), MAX_ENTRY_BYTES, false);
    if (!bytes) return null;
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch {
      return null;
    }
  }

  set(key: unknown, value: unknown): void {
    if (this.makeDir()) storeText(this.fileOf(key), JSON.stringify(value), false);
  }
}

/** The entry if it is a regular file of sane size holding a run of the right shape; else a miss. */
function readEntry(file: string): CachedRun | null {
  const bytes = readRegularFile(file, MAX_ENTRY_BYTES, false);
  if (!bytes) return null;
  try {
    return asCachedRun(JSON.parse(bytes.toString('utf8')));
  } catch {
    return null;
  }
}

/** A cached run has exactly the shape storeRun writes: two strings and an exit code of 0 or 1. */
export function asCachedRun(value: unknown): CachedRun | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (!Object.hasOwn(v, 'stdout') || !Object.hasOwn(v, 'stderr') || !Object.hasOwn(v, 'exitCode')) return null;
  const { stdout, stderr, exitCode } = v;
  if (typeof stdout !== 'string' || typeof stderr !== 'string' || (exitCode !== 0 && exitCode !== 1)) return null;
  return { stdout, stderr, exitCode };
}

/**
 * A key input's bytes; 'absent' if there is nothing there; null if it is something the cache
 * must not read (a FIFO, a device, a folder, too large) — the real run deals with those.
 */
function readKeyFile(path: string): Buffer | 'absent' | null {
  const st = statOrNull(path, true);
  if (st === null) return 'absent';
  if (st === undefined || !st.isFile() || st.size > MAX_KEY_FILE_BYTES) return null;
  return readRegularFile(path, MAX_KEY_FILE_BYTES, true, true);
}

/**
 * Reads a regular file without ever blocking: stat first, then open non-blocking (a FIFO
 * swapped in between cannot stall the open) and check the open file again. Files whose size
 * says nothing about their content (/proc and /sys report 0 or 4096) are refused unless
 * `anySize` (then read to the end, bounded by `max`).
 */
function readRegularFile(path: string, max: number, follow: boolean, anySize = false): Buffer | null {
  const before = statOrNull(path, follow);
  if (!before?.isFile()) return null;
  if (!anySize && (before.size === 0 || before.size > max)) return null;
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_RDONLY |
        (constants.O_NONBLOCK ?? 0) |
        (constants.O_NOCTTY ?? 0) |
        (follow ? 0 : (constants.O_NOFOLLOW ?? 0)),
    );
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) return null;
    if (anySize) return readToEnd(fd, max);
    if (st.size === 0 || st.size > max) return null;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < st.size) {
      const r = readSync(fd, buf, n, st.size - n, null);
      if (r === 0) break;
      n += r;
    }
    // shorter than its size: a /sys file, or one being rewritten — not an entry to trust
    return n === st.size ? buf : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

function readToEnd(fd: number, max: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buf = Buffer.allocUnsafe(64 * 1024);
    const r = readSync(fd, buf, 0, buf.length, null);
    if (r === 0) return Buffer.concat(chunks, total);
    total += r;
    if (total > max) return null;
    chunks.push(r === buf.length ? buf : buf.subarray(0, r));
  }
}

/** Stats, or null if nothing is there, or undefined if the path cannot be looked at (ENOTDIR, EACCES, ELOOP…). */
function statOrNull(path: string, follow: boolean): Stats | null | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
  }
}

let stamp: string | null = null;

/**
 * The linter's own build: the package version and a content hash of the bundle. dist/main.js
 * imports its chunks by content-hashed names, so its bytes change whenever any chunk does;
 * size and mtime would not do (npm packs every file with the same mtime, and two releases can
 * have the same size). Hashing ~250 KB costs well under a millisecond.
 */
function buildStamp(): string {
  if (stamp !== null) return stamp;
  const here = fileURLToPath(import.meta.url);
  const hash = createHash('sha256');
  const info = packageInfo();
  // both bundles (main.cjs is what bin/ runs, main.js its fallback), found from the package root:
  // this code may sit in a shared chunk under dist/chunks/
  for (const name of ['main.js', 'main.cjs']) {
    try {
      hash.update(readFileSync(join(info.root, 'dist', name)));
    } catch {
      hash.update(readFileSync(here));
    }
  }
  stamp = `${info.version}:${hash.digest('hex')}`;
  return stamp;
}
