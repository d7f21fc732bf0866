import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { appendFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempRepo } from '../helpers/cli.js';

/**
 * `check --cache` over a folder keeps one entry per file (issue 14, item 5): a run where one
 * runbook of several changed lints that one and takes the others' results from the cache, and
 * prints exactly what a run without the cache prints. Through the real bin over dist/.
 */
const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook-lint.js');
const RUNBOOK = '# PHASE A\n\nLogs to `sms_logs`; calls getRecipientByUuid.\n';

function run(dir: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const perFile = (dir: string): string[] => readdirSync(join(dir, 'cache', 'files')).filter((f) => f.endsWith('.json'));

describe('check --cache keeps a result per file', () => {
  it('one changed file of three: one new entry, and the output of a run without the cache', () => {
    const dir = tempRepo({ 'docs/a.md': RUNBOOK, 'docs/b.md': RUNBOOK, 'docs/c.md': `${RUNBOOK}\nMore.\n` });
    const first = run(dir, ['check', '--cache', '--cache-location', 'cache', 'docs']);
    expect(first.status).toBe(1);
    expect(perFile(dir)).toHaveLength(3);
    appendFileSync(join(dir, 'docs', 'b.md'), '\nThe Go service writes `sms_logs` directly.\n');
    const cached = run(dir, ['check', '--cache', '--cache-location', 'cache', 'docs']);
    const plain = run(dir, ['check', 'docs']);
    expect([cached.status, cached.stdout, cached.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
    expect(cached.stdout).toContain('sole-log-writer');
    expect(perFile(dir)).toHaveLength(4);
  });

  it('a corrupt or foreign entry is a miss: the file is linted for real', () => {
    const dir = tempRepo({ 'docs/a.md': RUNBOOK });
    const first = run(dir, ['check', '--cache', '--cache-location', 'cache', 'docs']);
    const [entry] = perFile(dir);
    for (const bad of [
      '{"result": {"filePath": "docs/a.md", "messages": "x"}}',
      '{',
      '[]',
      JSON.stringify({
        result: {
          filePath: 'other.md',
          messages: [],
          suppressedMessages: [],
          errorCount: 0,
          warningCount: 0,
          fixableErrorCount: 0,
          fixableWarningCount: 0,
        },
        fingerprints: [],
      }),
    ]) {
      writeFileSync(join(dir, 'cache', 'files', entry as string), bad);
      // without the whole run's entry, so the per-file one is asked
      for (const f of readdirSync(join(dir, 'cache'))) if (f.endsWith('.json')) rmSync(join(dir, 'cache', f));
      const r = run(dir, ['check', '--cache', '--cache-location', 'cache', 'docs']);
      expect(r.stderr).not.toMatch(/internal error|TypeError|\n\s+at /);
      expect([r.status, r.stdout]).toEqual([first.status, first.stdout]);
    }
  });

  it('a cache location that is a file: no cache, the run as usual', () => {
    const dir = tempRepo({ 'docs/a.md': RUNBOOK, cache: 'not a folder' });
    const r = run(dir, ['check', '--cache', '--cache-location', 'cache', 'docs']);
    const plain = run(dir, ['check', 'docs']);
    expect([r.status, r.stdout, r.stderr]).toEqual([plain.status, plain.stdout, plain.stderr]);
  });
});
