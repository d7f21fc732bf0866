// Loads the CLI from dist/main.cjs through vm.Script with a V8 code cache (Node 20 has no
// module.enableCompileCache), and from dist/main.js, the ESM bundle, when that cannot be done.
// The cache only ever saves compile time: a missing, unreadable, corrupt or foreign cache file,
// or a cache folder that cannot be written, means compiling from source, never a failed run.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

// file layout: MAGIC; 1 if a lint run made it, else 0; the sha1 of the bundle it was made from;
// the sha1 of the V8 data; the V8 data. V8 checks its own version and flags but, in release
// builds, neither the data's checksum nor the source (only its length): both hashes are checked
// here before V8 sees a byte.
const MAGIC = Buffer.from('RBLCC01\n');
const KEY_AT = MAGIC.length + 1;
const HEADER = KEY_AT + 40;
const MAX_BYTES = 64 << 20;
const STALE_TEMP_MS = 3600_000;

const sha1 = (bytes) => createHash('sha1').update(bytes).digest();
const noop = () => {};

/**
 * The cache belongs to the installed package, not to the project it lints: what it holds
 * depends only on the bundle's bytes. An installed package (…/node_modules/runbook-lint or
 * …/node_modules/@scope/name) uses that node_modules' .cache/runbook-lint, the folder of the
 * project that installed it (npx and global installs alike); a checkout uses its own node_modules.
 */
export function codeCacheDir(packageRoot) {
  const parent = dirname(packageRoot);
  let modules = join(packageRoot, 'node_modules');
  if (basename(parent) === 'node_modules') modules = parent;
  else if (basename(parent).startsWith('@') && basename(dirname(parent)) === 'node_modules') modules = dirname(parent);
  return join(modules, '.cache', 'runbook-lint');
}

/**
 * The V8 data of a cache file and whether a lint run made it, or undefined if it is absent, not
 * a regular file, or not made from these bytes.
 */
function readCache(file, key) {
  let fd;
  try {
    // O_NONBLOCK: a FIFO in its place must not hang the run
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size <= HEADER || st.size > MAX_BYTES) return undefined;
    const bytes = readFileSync(fd);
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    if (!bytes.subarray(KEY_AT, KEY_AT + 20).equals(key)) return undefined;
    const data = bytes.subarray(HEADER);
    if (!sha1(data).equals(bytes.subarray(KEY_AT + 20, HEADER))) return undefined;
    return { data, full: bytes[MAGIC.length] === 1 };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes the cache with a temp file and a rename, so a reader never sees half a file; then drops other builds'. */
function writeCache(script, dir, file, key, full) {
  let temp;
  try {
    mkdirSync(dir, { recursive: true });
    temp = join(dir, `.code-cache-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    // opened before the cache data is made: an unwritable folder costs no createCachedData()
    const fd = openSync(temp, 'wx', 0o644);
    try {
      const data = script.createCachedData();
      writeFileSync(fd, Buffer.concat([MAGIC, Buffer.of(full ? 1 : 0), key, sha1(data), data]));
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    temp = undefined;
    const mine = basename(file);
    for (const name of readdirSync(dir)) {
      const other = join(dir, name);
      if (/^code-cache-[0-9a-f]{40}\.bin$/.test(name) && name !== mine) unlinkSync(other);
      else if (/^\.code-cache-.*\.tmp$/.test(name) && Date.now() - statSync(other).mtimeMs > STALE_TEMP_MS)
        unlinkSync(other);
    }
  } catch {
    // no cache this time; the next run compiles from source again
  } finally {
    if (temp !== undefined)
      try {
        unlinkSync(temp);
      } catch {
        // it was never created
      }
  }
}

/** Runs dist/main.cjs as CommonJS would, compiled with the cache; throws if anything fails before main() exists. */
function loadCommonJs(file, dir) {
  const bytes = readFileSync(file);
  const key = sha1(bytes);
  const cacheFile = join(dir, `code-cache-${key.toString('hex')}.bin`);
  const cached = readCache(cacheFile, key);
  const cachedData = cached?.data;
  // on line 1 with the source, so line numbers in stack traces are the file's
  const params = 'exports, require, module, __filename, __dirname, __rblImport';
  const wrapper = `(function (${params}) {${bytes.toString('utf8')}\n})`;
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  const load = script.runInThisContext();
  load.call(module.exports, module.exports, createRequire(file), module, file, dirname(file), (s) => import(s));
  const { main } = module.exports;
  if (typeof main !== 'function') throw new Error(`${file} exports no main()`);
  const taken = cached !== undefined && script.cachedDataRejected !== true;
  // after the run, so the functions compiled lazily while it ran are in the cache too; a cache
  // that --version or --help made holds little of a check, which makes it again, once
  const save = (argv, exitCode) => {
    const full = isLintRun(argv, exitCode);
    if (!taken || (full && !cached.full)) writeCache(script, dir, cacheFile, key, full);
  };
  return { main, save };
}

const LIGHT_OPTIONS = new Set(['-v', '--version', '-h', '--help']);
const LIGHT_COMMANDS = new Set(['rules', 'init', 'help']);

/** A check, fix or report that ran: not help, the version, the rule list or a usage error (exit code 2). */
function isLintRun(argv, exitCode) {
  return exitCode !== 2 && !LIGHT_COMMANDS.has(argv[0]) && !argv.some((a) => LIGHT_OPTIONS.has(a));
}

/**
 * main() of the CLI and save(argv, exitCode), to call once main() has returned.
 * RUNBOOK_LINT_CODE_CACHE=off loads the ESM bundle as before, without the cache.
 */
export async function loadMain(env = process.env) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  if (env.RUNBOOK_LINT_CODE_CACHE !== 'off')
    try {
      return loadCommonJs(join(root, 'dist', 'main.cjs'), codeCacheDir(root));
    } catch {
      // no main.cjs, or it did not load: the ESM bundle
    }
  const { main } = await import('../dist/main.js');
  return { main, save: noop };
}
