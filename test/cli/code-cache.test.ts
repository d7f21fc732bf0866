import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OTHER_USER, tempRepo } from '../helpers/cli.js';

/**
 * The V8 code cache of dist/main.cjs (bin/code-cache.js), through the real bin over the built
 * dist/ (run `npm run build` first; `npm test` does). Each test runs a copy of the package laid
 * out as installed, <tmp>/node_modules/runbook-lint, whose cache is <tmp>/node_modules/.cache/runbook-lint:
 * nothing here touches the checkout's own cache, which other runs may be using meanwhile.
 */
const root = join(import.meta.dirname, '..', '..');
// the file: MAGIC, 1 if a lint run made it (else 0), the sha1 of main.cjs, the sha1 of the V8 data, the V8 data
const MAGIC = Buffer.from('RBLCC01\n');
const KEY_AT = MAGIC.length + 1;
const HEADER = KEY_AT + 40;
const sha1 = (bytes: Buffer | string): Buffer => createHash('sha1').update(bytes).digest();

interface Install {
  bin: string;
  cacheDir: string;
  /** where this build's cache file goes: named by the sha1 of its main.cjs */
  cacheFile: string;
  key: Buffer;
}

/** A copy of bin/ and dist/ installed in a project of its own; `edit` changes its main.cjs (another build). */
function install(edit?: (mainCjs: string) => void): Install {
  const project = tempRepo({}, { git: false });
  const modules = join(project, 'node_modules');
  const pkg = join(modules, 'runbook-lint');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(root, 'bin'), join(pkg, 'bin'), { recursive: true });
  cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(root, 'rules'), join(pkg, 'rules'));
  // the dependencies next to it, as npm installs them
  for (const name of readdirSync(join(root, 'node_modules')))
    if (!name.startsWith('.') && name !== 'runbook-lint')
      symlinkSync(join(root, 'node_modules', name), join(modules, name));
  const mainCjs = join(pkg, 'dist', 'main.cjs');
  edit?.(mainCjs);
  const key = sha1(existsSync(mainCjs) ? readFileSync(mainCjs) : '');
  const cacheDir = join(modules, '.cache', 'runbook-lint');
  return {
    bin: join(pkg, 'bin', 'runbook-lint.js'),
    cacheDir,
    cacheFile: join(cacheDir, `code-cache-${key.toString('hex')}.bin`),
    key,
  };
}

const cwd = tempRepo({ 'MIGRATION_RUNBOOK.md': readFileSync(join(root, 'fixtures', 'MIGRATION_RUNBOOK.md')) });

function run(bin: string, env: Record<string, string> = {}, asUser?: number): SpawnSyncReturns<string> {
  const r = spawnSync(process.execPath, [bin, 'check', 'MIGRATION_RUNBOOK.md'], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
    ...(asUser !== undefined ? { uid: asUser, gid: asUser } : {}),
  });
  expect(r.signal, 'killed by the timeout: it hung').toBeNull();
  return r;
}

const outcome = (r: SpawnSyncReturns<string>) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });
const cacheFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** A cache file made by a run, checked to be one (header, this build's key, its data's hash). */
function expectValidCache(at: Install, madeByLintRun = 1): Buffer {
  const bytes = readFileSync(at.cacheFile);
  expect(bytes.subarray(0, MAGIC.length)).toEqual(MAGIC);
  expect(bytes[MAGIC.length]).toBe(madeByLintRun);
  expect(bytes.subarray(KEY_AT, KEY_AT + 20)).toEqual(at.key);
  expect(bytes.subarray(KEY_AT + 20, HEADER)).toEqual(sha1(bytes.subarray(HEADER)));
  return bytes;
}
const header = (i: Install, data: Buffer): Buffer => Buffer.concat([MAGIC, Buffer.of(1), i.key, sha1(data)]);

describe('the V8 code cache of the bundle (bin/code-cache.js)', () => {
  let a: Install;
  let b: Install;
  let expected: ReturnType<typeof outcome>;
  let otherBuildCache: Buffer;

  beforeAll(() => {
    a = install();
    b = install((file) => appendFileSync(file, '\n// another build\n'));
    // the ESM bundle, without the cache: what every run below must print
    expected = outcome(run(a.bin, { RUNBOOK_LINT_CODE_CACHE: 'off' }));
    expect(expected.status).toBe(1);
    expect(expected.stdout).toMatch(/MIGRATION_RUNBOOK\.md/);
    expect(cacheFiles(a.cacheDir)).toEqual([]);
    expect(outcome(run(b.bin))).toEqual(expected);
    otherBuildCache = expectValidCache(b);
  }, 120_000);

  const fresh = () => rmSync(a.cacheDir, { recursive: true, force: true });

  it('is made on the first run, and used as it is on the next', () => {
    fresh();
    expect(outcome(run(a.bin))).toEqual(expected);
    expect(cacheFiles(a.cacheDir)).toEqual([`code-cache-${a.key.toString('hex')}.bin`]);
    expectValidCache(a);
    const made = statSync(a.cacheFile);
    expect(outcome(run(a.bin))).toEqual(expected);
    // not written again: V8 took it
    expect(statSync(a.cacheFile).ino).toBe(made.ino);
    expect(statSync(a.cacheFile).mtimeMs).toBe(made.mtimeMs);
  }, 60_000);

  it('one that --version made is made again by the first check, and then kept', () => {
    fresh();
    const version = spawnSync(process.execPath, [a.bin, '--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(version.status).toBe(0);
    expectValidCache(a, 0);
    const light = statSync(a.cacheFile).ino;
    expect(outcome(run(a.bin))).toEqual(expected);
    expectValidCache(a, 1);
    const full = statSync(a.cacheFile).ino;
    expect(full).not.toBe(light);
    expect(spawnSync(process.execPath, [a.bin, '--version'], { encoding: 'utf8' }).stdout).toBe(version.stdout);
    expect(outcome(run(a.bin))).toEqual(expected);
    expect(statSync(a.cacheFile).ino).toBe(full);
  }, 60_000);

  const corrupt: [string, (i: Install) => Buffer][] = [
    ['random bytes', () => randomBytes(100_000)],
    ['an empty file', () => Buffer.alloc(0)],
    ['the header alone', (i) => header(i, Buffer.alloc(0))],
    [
      'the right header over random data',
      (i) => {
        const data = randomBytes(50_000);
        return Buffer.concat([header(i, data), data]);
      },
    ],
    ['a valid cache cut short', (i) => readFileSync(i.cacheFile).subarray(0, 30_000)],
    [
      'a valid cache with one byte changed',
      (i) => {
        const bytes = Buffer.from(readFileSync(i.cacheFile));
        const at = bytes.length >> 1;
        bytes[at] = (bytes[at] ?? 0) ^ 0xff;
        return bytes;
      },
    ],
  ];
  for (const [what, content] of corrupt)
    it(`a corrupt cache file (${what}) is compiled around and replaced`, () => {
      fresh();
      run(a.bin);
      writeFileSync(a.cacheFile, content(a));
      expect(outcome(run(a.bin))).toEqual(expected);
      expectValidCache(a);
    }, 60_000);

  it("another build's cache file is not used, and goes once this build's is written", () => {
    fresh();
    mkdirSync(a.cacheDir, { recursive: true });
    const other = join(a.cacheDir, `code-cache-${b.key.toString('hex')}.bin`);
    writeFileSync(other, otherBuildCache);
    expect(outcome(run(a.bin))).toEqual(expected);
    expect(cacheFiles(a.cacheDir)).toEqual([`code-cache-${a.key.toString('hex')}.bin`]);
    expectValidCache(a);
  }, 60_000);

  it("another build's cache under this build's name is not used", () => {
    fresh();
    mkdirSync(a.cacheDir, { recursive: true });
    writeFileSync(a.cacheFile, otherBuildCache);
    expect(outcome(run(a.bin))).toEqual(expected);
    expectValidCache(a);
    // even with this build's key written in: V8 is never handed data made from other source
    const data = otherBuildCache.subarray(HEADER);
    writeFileSync(a.cacheFile, Buffer.concat([header(a, data), data]));
    expect(outcome(run(a.bin))).toEqual(expected);
    expectValidCache(a);
  }, 60_000);

  it('a cache folder that cannot be made (a file in its place) only means no cache', () => {
    fresh();
    mkdirSync(join(a.cacheDir, '..'), { recursive: true });
    writeFileSync(a.cacheDir, 'not a folder');
    expect(outcome(run(a.bin))).toEqual(expected);
    expect(readFileSync(a.cacheDir, 'utf8')).toBe('not a folder');
    rmSync(a.cacheDir);
  }, 60_000);

  it('a cache folder that cannot be written only means no cache', () => {
    fresh();
    mkdirSync(a.cacheDir, { recursive: true });
    chmodSync(a.cacheDir, 0o555);
    try {
      // root writes anywhere: the tests then run it as another user
      expect(outcome(run(a.bin, {}, OTHER_USER))).toEqual(expected);
      expect(cacheFiles(a.cacheDir)).toEqual([]);
    } finally {
      chmodSync(a.cacheDir, 0o755);
    }
  }, 60_000);

  it('a FIFO in place of the cache file does not hang the run', () => {
    fresh();
    mkdirSync(a.cacheDir, { recursive: true });
    expect(spawnSync('mkfifo', [a.cacheFile]).status).toBe(0);
    expect(outcome(run(a.bin))).toEqual(expected);
    expectValidCache(a);
  }, 60_000);

  it('without dist/main.cjs, or with a broken one, the ESM bundle runs', () => {
    const missing = install((file) => rmSync(file));
    expect(outcome(run(missing.bin))).toEqual(expected);
    expect(cacheFiles(missing.cacheDir)).toEqual([]);
    const broken = install((file) => writeFileSync(file, 'this is not JavaScript ('));
    expect(outcome(run(broken.bin))).toEqual(expected);
    expect(cacheFiles(broken.cacheDir)).toEqual([]);
  }, 60_000);
});
