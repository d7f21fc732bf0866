import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConcurrency, workersFor } from '../../src/cli/lint-pool.js';
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
    'docs/team/e.md': '# Notes\n\nNothing to see.\n',
    // not UTF-8: a fatal message for this file, the others linted
    'docs/z.md': Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x0a, 0x00]),
  });
}

describe('check --concurrency', () => {
  it('two workers print what one thread prints, in every format the run asks for', async () => {
    const dir = folder();
    const args = ['check', '--rule', 'timeout-budget=off', '--format', 'json', '--format', 'stylish=out.txt', 'docs'];
    const pooled = await cli([...args, '--concurrency', '2'], { cwd: dir, env: DEBUG });
    const pooledText = readFileSync(join(dir, 'out.txt'), 'utf8');
    const single = await cli([...args, '--concurrency', 'off'], { cwd: dir, env: DEBUG });
    expect(pooled.stderr).toContain('runbook-lint: linting 5 files on 2 worker threads');
    expect(single.stderr).not.toContain('worker threads');
    expect(pooled.code).toBe(1);
    expect([pooled.code, pooled.stdout]).toEqual([single.code, single.stdout]);
    expect(pooledText).toBe(readFileSync(join(dir, 'out.txt'), 'utf8'));
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
  }, 120_000);

  it('fills the per-file cache from the workers, and a second run is answered from it', async () => {
    const dir = folder();
    const args = ['check', '--cache', '--cache-location', 'cache', '--format', 'json', '--concurrency', '2', 'docs'];
    const first = await cli(args, { cwd: dir, env: DEBUG });
    const second = await cli(args, { cwd: dir, env: DEBUG });
    expect(first.stderr).toContain('on 2 worker threads');
    // every file from the cache: nothing left for a pool
    expect(second.stderr).not.toContain('worker threads');
    expect([second.code, second.stdout]).toEqual([first.code, first.stdout]);
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

describe('workersFor', () => {
  it('auto: a pool only when more than two cores are free, and a few files for each worker', () => {
    expect(workersFor('auto', 50, { cores: 2, load: 0 })).toBe(0);
    expect(workersFor('auto', 50, { cores: 4, load: 1.2 })).toBe(0);
    expect(workersFor('auto', 50, { cores: 4, load: 0.5 })).toBe(2);
    expect(workersFor('auto', 50, { cores: 16, load: 1 })).toBe(8);
    expect(workersFor('auto', 12, { cores: 16, load: 0 })).toBe(3);
    expect(workersFor('auto', 7, { cores: 16, load: 0 })).toBe(0);
  });

  it('a number: that many workers, never more than files, and one is this thread', () => {
    expect(workersFor(3, 10)).toBe(3);
    expect(workersFor(8, 2)).toBe(2);
    expect(workersFor(1, 10)).toBe(0);
    expect(workersFor(4, 1)).toBe(0);
    expect(workersFor('off', 100, { cores: 64, load: 0 })).toBe(0);
  });

  it('parses auto, off and whole numbers from 1 to 64', () => {
    expect(['auto', 'off', '1', '64'].map(parseConcurrency)).toEqual(['auto', 'off', 1, 64]);
  });
});
