import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * The cache and the baseline through the real bin over the built dist/ (run `npm run build`
 * first; `npm test` does), each run with a timeout so a hang fails the test instead of
 * stalling the suite.
 */
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'runbook-lint.js');
const RUNBOOK = '# PHASE A\n\nLogs to `sms_logs`; calls getRecipientByUuid.\n';

function run(dir: string, args: string[], binPath = bin): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [binPath, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** No stack trace, no "internal error", no uncaught exception. */
function expectClean(r: SpawnSyncReturns<string>): void {
  expect(r.signal, 'killed by the timeout: it hung').toBeNull();
  expect(r.stderr).not.toMatch(/internal error|TypeError|\n\s+at |node:internal/);
}

const entries = (dir: string): string[] => readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.json'));

describe('--cache entries are validated (item 10)', () => {
  const badEntries: [string, string][] = [
    ['an empty object', '{}'],
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"FROM CACHE"'],
    ['stdout not a string', JSON.stringify({ stdout: 1, stderr: '', exitCode: 1 })],
    ['stderr missing', JSON.stringify({ stdout: 'FROM CACHE\n', exitCode: 1 })],
    ['exitCode 2', JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '', exitCode: 2 })],
    ['exitCode "1"', JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '', exitCode: '1' })],
    ['exitCode missing', JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '' })],
    ['truncated JSON', '{"stdout": "FROM CA'],
    ['an empty file', ''],
  ];

  it.each(rows(badEntries))('an entry that is %s is a miss, linted for real and overwritten', (_what, content) => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
    const first = run(dir, ['--cache', '--cache-location', 'cache']);
    expect(first.status).toBe(1);
    const entry = join(dir, 'cache', entries(dir)[0] as string);
    writeFileSync(entry, content);
    const r = run(dir, ['--cache', '--cache-location', 'cache']);
    expectClean(r);
    expect([r.status, r.stdout]).toEqual([1, first.stdout]);
    expect(r.stdout).not.toContain('FROM CACHE');
    // overwritten with a good entry: the next run is a hit again
    expect(JSON.parse(readFileSync(entry, 'utf8'))).toEqual({
      stdout: first.stdout,
      stderr: first.stderr,
      exitCode: 1,
    });
    writeFileSync(entry, JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '', exitCode: 1 }));
    expect(run(dir, ['--cache', '--cache-location', 'cache']).stdout).toBe('FROM CACHE\n');
  });
});

describe('--cache key: the package version and the bundle content, not its size and mtime (item 10)', () => {
  /** A copy of the installed package (bin, dist, package.json) that can be "released" again. */
  function packageCopy(): string {
    const pkg = tempRepo({}, { git: false });
    cpSync(join(root, 'bin'), join(pkg, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(root, 'rules'), join(pkg, 'rules'));
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
    return pkg;
  }

  it('a rebuilt bundle of the same size and mtime misses', () => {
    const pkg = packageCopy();
    const copyBin = join(pkg, 'bin', 'runbook-lint.js');
    const main = join(pkg, 'dist', 'main.js');
    // npm packs every file with one date (1985-10-26T08:15:00Z)
    const NPM_DATE = 499_162_500;
    utimesSync(main, NPM_DATE, NPM_DATE);
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
    expect(run(dir, ['--cache', '--cache-location', 'cache'], copyBin).status).toBe(1);
    const entry = join(dir, 'cache', entries(dir)[0] as string);
    writeFileSync(entry, JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '', exitCode: 1 }));
    expect(run(dir, ['--cache', '--cache-location', 'cache'], copyBin).stdout).toBe('FROM CACHE\n');
    // the next release: main.js differs, with the same size and the same mtime
    const before = statSync(main);
    const text = readFileSync(main, 'utf8');
    const at = text.indexOf('// src/');
    expect(at).toBeGreaterThan(0);
    writeFileSync(main, `${text.slice(0, at)}// SRC/${text.slice(at + '// src/'.length)}`);
    utimesSync(main, NPM_DATE, NPM_DATE);
    expect([statSync(main).size, statSync(main).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    const next = run(dir, ['--cache', '--cache-location', 'cache'], copyBin);
    expectClean(next);
    expect(next.status).toBe(1);
    expect(next.stdout).not.toContain('FROM CACHE');
    expect(next.stdout).toContain('invariants-section');
  });

  it('another package version misses', () => {
    const pkg = packageCopy();
    const copyBin = join(pkg, 'bin', 'runbook-lint.js');
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
    expect(run(dir, ['--cache', '--cache-location', 'cache'], copyBin).status).toBe(1);
    const entry = join(dir, 'cache', entries(dir)[0] as string);
    writeFileSync(entry, JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '', exitCode: 1 }));
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ ...manifest, version: `${manifest.version}-next` }));
    const next = run(dir, ['--cache', '--cache-location', 'cache'], copyBin);
    expect(next.stdout).not.toContain('FROM CACHE');
    expect(next.stdout).toContain('invariants-section');
  });
});

describe('--cache never reads FIFOs, devices or /proc files, never hangs (item 10)', () => {
  it.skipIf(process.platform === 'win32')(
    'a FIFO where the entry should be is a miss (replaced by a real entry), not a hang',
    () => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
      const first = run(dir, ['--cache', '--cache-location', 'cache']);
      const entry = join(dir, 'cache', entries(dir)[0] as string);
      rmSync(entry);
      expect(spawnSync('mkfifo', [entry]).status).toBe(0);
      expect(lstatSync(entry).isFIFO()).toBe(true);
      const r = run(dir, ['--cache', '--cache-location', 'cache']);
      expectClean(r);
      expect([r.status, r.stdout]).toEqual([1, first.stdout]);
      expect(lstatSync(entry).isFile()).toBe(true);
    },
  );

  it.skipIf(process.platform !== 'linux')('--cache-location /proc/self/missing runs normally (no mkdir loop)', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
    const r = run(dir, ['--cache', '--cache-location', '/proc/self/missing']);
    expectClean(r);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('invariants-section');
  });

  it.skipIf(process.platform !== 'linux')('--cache-location /proc/self runs normally', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
    const r = run(dir, ['--cache', '--cache-location', '/proc/self']);
    expectClean(r);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('invariants-section');
  });

  it.skipIf(process.platform === 'win32')(
    'a location that is not a folder (a file, /dev/null, a FIFO) means no cache: the run is normal and touches nothing',
    () => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, 'a-file': 'keep me' });
      expect(spawnSync('mkfifo', [join(dir, 'a-fifo')]).status).toBe(0);
      for (const location of ['a-file', '/dev/null', 'a-fifo']) {
        const r = run(dir, ['--cache', '--cache-location', location]);
        expectClean(r);
        expect([location, r.status]).toEqual([location, 1]);
        expect(r.stdout).toContain('invariants-section');
      }
      expect(readFileSync(join(dir, 'a-file'), 'utf8')).toBe('keep me');
      expect(lstatSync(join(dir, 'a-fifo')).isFIFO()).toBe(true);
    },
  );

  it.skipIf(process.platform === 'win32')(
    'a FIFO as the config or the baseline is not read by the cache (the run reports it, exit 2)',
    () => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK });
      expect(spawnSync('mkfifo', [join(dir, 'fifo.json')]).status).toBe(0);
      for (const args of [
        ['--config', 'fifo.json'],
        ['--baseline', 'fifo.json'],
      ]) {
        const r = run(dir, ['--cache', '--cache-location', 'cache', ...args]);
        expectClean(r);
        expect([args[0], r.status]).toEqual([args[0], 2]);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/fifo\.json: not a regular file/);
      }
      expect(existsSync(join(dir, 'cache'))).toBe(false);
    },
  );
});

describe('corrupt baselines: one line and exit 2; --update-baseline repairs them (item 10)', () => {
  const file = 'MIGRATION_RUNBOOK.md';
  const entry = { ruleId: 'no-recipient-lookup', count: 1, message: 'x' };
  const corrupt: [string, unknown, RegExp][] = [
    ['files null', { version: 1, files: null }, /files: must be an object/],
    ['files an array', { version: 1, files: [] }, /files: must be an object/],
    ['a file null', { version: 1, files: { [file]: null } }, /files\["MIGRATION_RUNBOOK\.md"\]: must be an object/],
    [
      'an entry null',
      { version: 1, files: { [file]: { fp: null } } },
      /files\["MIGRATION_RUNBOOK\.md"\]\["fp"\]: must be an entry/,
    ],
    [
      'count a string',
      { version: 1, files: { [file]: { fp: { ...entry, count: '2' } } } },
      /\["fp"\]\.count: must be a positive integer, got "2"/,
    ],
    [
      'count 0',
      { version: 1, files: { [file]: { fp: { ...entry, count: 0 } } } },
      /\["fp"\]\.count: must be a positive integer, got 0/,
    ],
    [
      'count 1.5',
      { version: 1, files: { [file]: { fp: { ...entry, count: 1.5 } } } },
      /\["fp"\]\.count: must be a positive integer, got 1\.5/,
    ],
    [
      'ruleId a number',
      { version: 1, files: { [file]: { fp: { ...entry, ruleId: 5 } } } },
      /\["fp"\]\.ruleId: must be a rule id/,
    ],
    [
      'message missing',
      { version: 1, files: { [file]: { fp: { ruleId: 'x', count: 1 } } } },
      /\["fp"\]\.message: must be a string/,
    ],
    [
      'a file entry that is a string',
      { version: 1, files: { [file]: 'x' } },
      /files\["MIGRATION_RUNBOOK\.md"\]: must be an object/,
    ],
    ['version 2', { version: 2, files: {} }, /version: must be 1, got 2/],
    ['an array', [], /expected \{"version": 1, "files": \{…\}\}, got an array/],
  ];
  // written as JSON text so "__proto__" is a real key
  const protoNull = `{"version":1,"files":{"__proto__":null}}`;

  const cases: [string, string, RegExp][] = [
    ...corrupt.map(([what, value, path]): [string, string, RegExp] => [what, JSON.stringify(value), path]),
    ['"__proto__" file null', protoNull, /files\["__proto__"\]: must be an object/],
    ['invalid JSON', '{"version": 1, "files": {', /invalid JSON/],
  ];

  it.each(rows(cases))('%s', (_what, text, path) => {
    const dir = tempRepo({ [file]: RUNBOOK, 'b.json': text });
    const r = run(dir, ['--baseline', 'b.json']);
    expectClean(r);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^runbook-lint: b\.json: not a runbook-lint baseline: /);
    expect(lines[0]).toMatch(path);
    expect(lines[0]).toMatch(/--update-baseline/);
    // the file is left alone by a check
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe(text);

    const repaired = run(dir, ['--baseline', 'b.json', '--update-baseline']);
    expectClean(repaired);
    expect(repaired.status).toBe(0);
    expect(repaired.stderr).toMatch(
      /b\.json: the old content was not a valid baseline \(.+\); replaced it with the current findings\./,
    );
    expect(repaired.stderr).toMatch(/Wrote b\.json: 2 findings in 1 file/);
    const written = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as {
      version: number;
      files: Record<string, unknown>;
    };
    expect(written.version).toBe(1);
    expect(Object.keys(written.files)).toEqual([file]);
    // and it works as a baseline now
    const after = run(dir, ['--baseline', 'b.json']);
    expect([after.status, after.stderr]).toEqual([0, '']);
  });

  it('"__proto__" and "constructor" keys are plain data: a file of that name keeps its entries', () => {
    const dir = tempRepo({ [file]: RUNBOOK });
    expect(run(dir, ['--baseline', 'b.json', '--update-baseline']).status).toBe(0);
    const good = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as { files: Record<string, unknown> };
    const entries = JSON.stringify(good.files[file]);
    // entries recorded for files named __proto__ and constructor (not linted in this run)
    writeFileSync(
      join(dir, 'b.json'),
      `{"version":1,"files":{"__proto__":${entries},"constructor":${entries},${JSON.stringify(file)}:${entries}}}`,
    );
    const check = run(dir, ['--baseline', 'b.json']);
    expectClean(check);
    expect([check.status, check.stderr]).toEqual([0, '']);
    expect(run(dir, ['--baseline', 'b.json', '--update-baseline']).status).toBe(0);
    const text = readFileSync(join(dir, 'b.json'), 'utf8');
    // JSON.parse makes "__proto__" an own key again: both survive the rewrite as data
    const parsed = JSON.parse(text) as { files: Record<string, unknown> };
    expect(Object.keys(parsed.files).sort()).toEqual(['MIGRATION_RUNBOOK.md', '__proto__', 'constructor']);
    expect(JSON.stringify(parsed.files.__proto__)).toBe(entries);
  });

  it('a baseline path that is a folder or a FIFO is one line and exit 2, never a hang', () => {
    const dir = tempRepo({ [file]: RUNBOOK });
    mkdirSync(join(dir, 'b.json'));
    if (process.platform !== 'win32') expect(spawnSync('mkfifo', [join(dir, 'f.json')]).status).toBe(0);
    for (const b of process.platform === 'win32' ? ['b.json'] : ['b.json', 'f.json']) {
      for (const extra of [[], ['--update-baseline']]) {
        const r = run(dir, ['--baseline', b, ...extra]);
        expectClean(r);
        expect(r.status).toBe(2);
        expect(r.stderr.trim().split('\n')).toEqual([
          `runbook-lint: ${b}: not a regular file; --baseline needs a JSON file`,
        ]);
      }
    }
  });
});
