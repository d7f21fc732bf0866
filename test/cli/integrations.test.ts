import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempRepo } from '../helpers/cli.js';

const root = join(import.meta.dirname, '..', '..');

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
  }[];

  it('defines the check and the fix hooks for node', () => {
    expect(hooks.map((h) => [h.id, h.entry, h.language])).toEqual([
      ['runbook-lint', 'runbook-lint check --', 'node'],
      ['runbook-lint-fix', 'runbook-lint fix --write --', 'node'],
    ]);
  });

  it('its files pattern matches runbooks and leaves other Markdown alone', () => {
    const pattern = new RegExp((hooks[0]?.files ?? '').replace('(?i)', ''), 'i');
    for (const f of [
      'MIGRATION_RUNBOOK.md',
      'docs/sms-runbook.md',
      'runbooks/cutover.md',
      'ops/runbook/phase-b.markdown',
    ])
      expect(f, f).toMatch(pattern);
    for (const f of ['README.md', 'docs/notes.md', 'CHANGELOG.md']) expect(f, f).not.toMatch(pattern);
  });
});

// the GitHub Action's tests are in action.test.ts

describe('--cache (through the real bin, as a user runs it)', () => {
  const bin = join(root, 'bin', 'runbook-lint.js');
  const run = (dir: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const entries = (dir: string): string[] => readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.json'));

  it('answers an unchanged check from the cache, and misses when the runbook or its config changes', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': '# PHASE A\n\nLogs to `sms_logs`; calls getRecipientByUuid.\n' });
    const first = run(dir, '--cache', '--cache-location', 'cache');
    expect(first.status).toBe(1);
    expect(entries(dir)).toHaveLength(1);
    // doctor the entry: a second run that prints it proves the linter did not run
    const entry = join(dir, 'cache', entries(dir)[0] as string);
    writeFileSync(entry, JSON.stringify({ stdout: 'FROM CACHE\n', stderr: '', exitCode: 1 }));
    const hit = run(dir, '--cache', '--cache-location', 'cache');
    expect([hit.status, hit.stdout]).toEqual([1, 'FROM CACHE\n']);
    // the same file changed: a miss, linted for real
    writeFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), '# PHASE A\n\nLogs to `sms_logs`.\n');
    const changed = run(dir, '--cache', '--cache-location', 'cache');
    expect(changed.stdout).not.toContain('FROM CACHE');
    expect(changed.stdout).toContain('invariants-section');
    // a config appears next to it: a miss too
    writeFileSync(join(dir, '.runbook-lint.json'), JSON.stringify({ rules: { 'invariants-section': 'off' } }));
    const configured = run(dir, '--cache', '--cache-location', 'cache');
    expect([configured.status, configured.stdout]).toEqual([0, '✔ No problems in 1 file.\n']);
    // other arguments are another entry
    expect(run(dir, '--cache', '--cache-location', 'cache', '--format', 'json').stdout.startsWith('[')).toBe(true);
  });

  it('is not used for runs it cannot key: stdin, outputs to files', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': '# x\n' });
    run(dir, '--cache', '--cache-location', 'cache', '--format', 'json=out.json');
    // no whole-run entry (what it printed went to a file); per-file results under files/ do not depend on it
    const wholeRuns = existsSync(join(dir, 'cache'))
      ? readdirSync(join(dir, 'cache')).filter((f) => f.endsWith('.json'))
      : [];
    expect(wholeRuns).toEqual([]);
    expect(existsSync(join(dir, 'out.json'))).toBe(true);
  });
});
