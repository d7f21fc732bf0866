import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cgroupCpus, parseConcurrency, workersFor } from '../../src/cli/lint-pool.js';
import { cli, tempRepo } from '../helpers/cli.js';

/**
 * `check --concurrency N` lints files on N worker threads (issue 14, item 5) and prints exactly
 * what one thread prints: the same findings, order, fingerprints, fatal messages and exit code.
 * Through the real bin over dist/, whose dist/lint-worker.js the pool runs.
 */
const fixture = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
const runbookB = readFileSync(join(import.meta.dirname, '..', '..', 'eval', 'runbook-b-queued-jobs.md'), 'utf8');
const DEBUG = { DEBUG: 'runbook-lint', NO_COLOR: '1' };

function folder(): string {
  return tempRepo({
    'docs/a.md': fixture,
    'docs/b.md': runbookB,
    'docs/c.md': fixture.replace('# SMS Sending Migration Runbook', '# Another copy'),
    // a folder of its own config: the worker must resolve it as this thread does
    'docs/team/.runbook-lint.json': '{ "rules": { "invariants-section": "off", "step-structure": "warn" } }\n',
    'docs/team/d.md': fixture,
    'docs/team/e.md': '# Notes\n\n<!-- runbook-lint-disable-next-line no-recipient-lookup -->\nNothing to see.\n',
    'strict.json': '{ "rules": { "step-structure": "error", "quota-safety": "warn" } }\n',
    // not UTF-8: a fatal message for this file, the others linted
    'docs/z.md': Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00]),
  });
}

describe('check --concurrency', () => {
  it('two workers print what one thread prints, in every format the run asks for', async () => {
    const dir = folder();
    const args = ['check', '--rule', 'timeout-budget=off', '--report-unused-disable-directives', '--format', 'json'];
    const files = ['--format', 'stylish=out.txt', '--format', 'sarif=out.sarif', 'docs'];
    const outputs = () => [readFileSync(join(dir, 'out.txt'), 'utf8'), readFileSync(join(dir, 'out.sarif'), 'utf8')];
    const pooled = await cli([...args, ...files, '--concurrency', '2'], { cwd: dir, env: DEBUG });
    const pooledFiles = outputs();
    // the ESM bundle, without the code cache, runs the same pool
    const esm = await cli([...args, ...files, '--concurrency', '2'], {
      cwd: dir,
      env: { ...DEBUG, RUNBOOK_LINT_CODE_CACHE: 'off' },
    });
    const esmFiles = outputs();
    const single = await cli([...args, ...files, '--concurrency', 'off'], { cwd: dir, env: DEBUG });
    expect(pooled.stderr).toContain('runbook-lint: linting 5 files on 2 worker threads');
    expect(esm.stderr).toContain('runbook-lint: linting 5 files on 2 worker threads');
    expect(single.stderr).not.toContain('worker threads');
    expect(pooled.code).toBe(1);
    expect([pooled.code, pooled.stdout, ...pooledFiles]).toEqual([single.code, single.stdout, ...outputs()]);
    expect([esm.code, esm.stdout, ...esmFiles]).toEqual([single.code, single.stdout, ...outputs()]);
    const results = JSON.parse(pooled.stdout) as { filePath: string; fatalErrorCount: number; messages: unknown[] }[];
    expect(results.map((r) => r.filePath)).toEqual([
      'docs/a.md',
      'docs/b.md',
      'docs/c.md',
      'docs/team/d.md',
      'docs/team/e.md',
      'docs/z.md',
    ]);
    expect(results.map((r) => r.fatalErrorCount)).toEqual([0, 0, 0, 0, 0, 1]);
    // the team folder's config reached the worker: its copy of the fixture has fewer findings
    expect(results[3]?.messages.length).toBeLessThan(results[0]?.messages.length ?? 0);
    // --report-unused-disable-directives reached it too
    expect(JSON.stringify(results[4]?.messages)).toContain('no-recipient-lookup');
    // the SARIF output carries each finding's baseline fingerprint
    expect(pooledFiles[1]).toContain('partialFingerprints');
  }, 180_000);

  it('with --config, a baseline written from the workers is the one one thread writes, and applies alike', async () => {
    const dir = folder();
    const base = ['check', '--config', 'strict.json', '--baseline'];
    const pooled = await cli([...base, 'pooled.json', '--update-baseline', '--concurrency', '2', 'docs'], {
      cwd: dir,
      env: DEBUG,
    });
    const single = await cli([...base, 'single.json', '--update-baseline', '--concurrency', 'off', 'docs'], {
      cwd: dir,
    });
    expect(pooled.stderr).toContain('on 2 worker threads');
    expect([pooled.code, single.code]).toEqual([0, 0]);
    const written = readFileSync(join(dir, 'pooled.json'), 'utf8');
    expect(written).toBe(readFileSync(join(dir, 'single.json'), 'utf8'));
    // --config wins over the team folder's config, in the workers too: its copy keeps invariants-section
    const entries = JSON.parse(written) as { files: Record<string, Record<string, { ruleId: string }>> };
    expect(Object.values(entries.files['docs/team/d.md'] ?? {}).map((e) => e.ruleId)).toContain('invariants-section');
    const applied = await cli([...base, 'pooled.json', '--format', 'json', '--concurrency', '2', 'docs'], {
      cwd: dir,
      env: DEBUG,
    });
    const appliedSingle = await cli([...base, 'pooled.json', '--format', 'json', '--concurrency', 'off', 'docs'], {
      cwd: dir,
    });
    expect(applied.stderr).toContain('on 2 worker threads');
    expect([applied.code, applied.stdout]).toEqual([appliedSingle.code, appliedSingle.stdout]);
  }, 180_000);

  it('fills the per-file cache from the workers, and a second run is answered from it', async () => {
    const dir = folder();
    const args = ['check', '--cache', '--cache-location', 'cache', '--format', 'json', '--concurrency', '2', 'docs'];
    const first = await cli(args, { cwd: dir, env: DEBUG });
    const second = await cli(args, { cwd: dir, env: DEBUG });
    expect(first.stderr).toContain('on 2 worker threads');
    // every file from the cache: nothing left for a pool
    expect(second.stderr).not.toContain('worker threads');
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
    const plain = await cli(['check', '--format', 'json', '--concurrency', 'off', 'docs'], { cwd: dir });
    expect([second.code, second.stdout]).toEqual([plain.code, plain.stdout]);
  }, 120_000);

  it('a timed run and a run of one file stay on this thread', async () => {
    const dir = folder();
    const timed = await cli(['check', '--concurrency', '2', 'docs'], { cwd: dir, env: { ...DEBUG, TIMING: '1' } });
    expect(timed.stderr).toContain('(parse Markdown)');
    expect(timed.stderr).not.toContain('worker threads');
    const one = await cli(['check', '--concurrency', '4', 'docs/a.md'], { cwd: dir, env: DEBUG });
    expect(one.stderr).not.toContain('worker threads');
  }, 120_000);

  it('refuses a count that is not one, in one line and exit 2', async () => {
    const dir = folder();
    for (const bad of ['0', '-1', 'many', '2.5', '65']) {
      const r = await cli(['check', '--concurrency', bad, 'docs'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`runbook-lint: --concurrency ${bad}: expected a number of threads (1–64), auto or off\n`);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});

/**
 * The built package copied, with a fault put into its worker: the pool's handling of a worker
 * that throws, or that ends its thread (process.exit), is the real code's, run through the bin.
 */
function packageWithFaultyWorker(fault: string): string {
  const root = join(import.meta.dirname, '..', '..');
  const copy = tempRepo({});
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(root, part), join(copy, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  const worker = join(copy, 'dist', 'lint-worker.js');
  const source = readFileSync(worker, 'utf8');
  const at = source.indexOf('return lintForCheck(');
  expect(at).toBeGreaterThan(0);
  writeFileSync(worker, `${source.slice(0, at)}${fault}\n  ${source.slice(at)}`);
  return copy;
}

describe('check --concurrency when a worker fails', () => {
  const faults = {
    throws: 'if (task.display.endsWith("bad.md")) throw new Error("rule x failed on bad.md: injected");',
    'ends its thread': 'if (task.display.endsWith("bad.md")) process.exit(3);',
  };
  for (const [what, fault] of Object.entries(faults)) {
    it(`a worker that ${what}: one line on stderr, nothing on stdout, exit 2, and the run ends`, () => {
      const pkg = packageWithFaultyWorker(fault);
      const dir = tempRepo({ 'docs/a.md': runbookB, 'docs/bad.md': runbookB, 'docs/c.md': runbookB });
      const r = spawnSync(process.execPath, [join(pkg, 'bin', 'runbook-lint.js'), '--concurrency', '2', 'docs'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const message =
        what === 'throws'
          ? 'rule x failed on bad.md: injected'
          : 'a worker thread stopped (exit code 3) before its files were linted';
      expect(r.stderr).toBe(
        `runbook-lint: internal error: ${message} (please report it; set DEBUG=runbook-lint for the stack)\n`,
      );
    }, 90_000);
  }
});

describe('workersFor', () => {
  const machine = (cores: number, load: number, freeMb = 16_384) => ({ cores, load, freeMb });

  it('auto: a pool only when more than two cores are free, and a few files for each worker', () => {
    expect(workersFor('auto', 50, machine(2, 0))).toBe(0);
    expect(workersFor('auto', 50, machine(4, 1.2))).toBe(0);
    expect(workersFor('auto', 50, machine(4, 0.5))).toBe(2);
    expect(workersFor('auto', 50, machine(16, 1))).toBe(8);
    expect(workersFor('auto', 12, machine(16, 0))).toBe(3);
    expect(workersFor('auto', 7, machine(16, 0))).toBe(0);
  });

  it('auto: each worker needs its heap free', () => {
    expect(workersFor('auto', 50, machine(16, 0, 1024))).toBe(4);
    expect(workersFor('auto', 50, machine(16, 0, 400))).toBe(0);
  });

  it('a number: that many workers, never more than files, and one is this thread', () => {
    expect(workersFor(3, 10)).toBe(3);
    expect(workersFor(8, 2)).toBe(2);
    expect(workersFor(1, 10)).toBe(0);
    expect(workersFor(4, 1)).toBe(0);
    expect(workersFor('off', 100, machine(64, 0))).toBe(0);
  });

  it('parses auto, off and whole numbers from 1 to 64', () => {
    expect(['auto', 'off', '1', '64'].map(parseConcurrency)).toEqual(['auto', 'off', 1, 64]);
  });
});

describe('cgroupCpus', () => {
  const files = (map: Record<string, string>) => (path: string) => {
    const text = map[path];
    if (text === undefined) throw new Error(`ENOENT: ${path}`);
    return text;
  };

  it('reads a CPU quota from cgroup v2, then v1; none without one', () => {
    expect(cgroupCpus(files({ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }))).toBe(2);
    expect(cgroupCpus(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }))).toBe(1.5);
    expect(cgroupCpus(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }))).toBeNull();
    expect(
      cgroupCpus(
        files({
          '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '400000\n',
          '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n',
        }),
      ),
    ).toBe(4);
    expect(
      cgroupCpus(
        files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' }),
      ),
    ).toBeNull();
    expect(cgroupCpus(files({}))).toBeNull();
    expect(cgroupCpus(files({ '/sys/fs/cgroup/cpu.max': 'garbage' }))).toBeNull();
  });
});
