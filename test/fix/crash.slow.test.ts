import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';

const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook-lint.js');
const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md');
const original =
  '# PHASE A: Baseline\n' +
  '\nLaravel writes `sms_logs`. The client calls getRecipientByUuid.\n' +
  '\n## Step 17: Shadow\n' +
  '\nThe shadow call runs beside the legacy send.\n';
const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** Starts `fix --write` over the folder and kills it with SIGKILL after `ms`. */
function killAfter(dir: string, ms: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'fix', '--write', '.'], { cwd: dir, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

describe('a run killed with SIGKILL during fix --write', () => {
  it('leaves each of 200 files whole (the original or the fully fixed ' +
    'text), and the next run finishes the job and removes its temporary ' +
    'files', async () => {
    const dir = tempRepo({ 'one/RB.md': original });
    await cli(['fix', '--write', 'one/RB.md'], { cwd: dir });
    const fixed = readFileSync(join(dir, 'one', 'RB.md'), 'utf8');
    expect(fixed).not.toBe(original);
    const work = join(dir, 'many');
    mkdirSync(work);
    const names = Array.from({ length: 200 }, (_, i) => `rb-${String(i).padStart(3, '0')}.md`);
    const started = Date.now();
    for (const n of names) writeFileSync(join(work, n), original);
    await cli(['fix', '--write', '.'], { cwd: work });
    const full = Date.now() - started;
    // kill points spread over the whole run: start-up, linting, staging, renaming
    for (const fraction of [0.15, 0.35, 0.55, 0.7, 0.8, 0.9, 0.97]) {
      for (const n of names) writeFileSync(join(work, n), original);
      await killAfter(work, Math.round(full * fraction));
      for (const n of names)
        expect([original, fixed], `${n} after a kill at ${fraction}`).toContain(readFileSync(join(work, n), 'utf8'));
      const again = await cli(['fix', '--write', '.'], { cwd: work });
      expect(again.stderr, `after a kill at ${fraction}`).not.toMatch(/^runbook-lint: /m);
      for (const n of names) expect(readFileSync(join(work, n), 'utf8'), n).toBe(fixed);
      expect(temps(work)).toEqual([]);
    }
  }, 300_000);
});

/**
 * A 200 KB tmpfs, when this run may mount one (root on Linux); elsewhere the unit test with a short-writing disk covers
 * it.
 */
function tinyDisk(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = join(tmpdir(), `runbook-lint-tiny-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return dir;
}

describe('a nearly full disk', () => {
  const disk = tinyDisk();
  it.runIf(disk !== null)(
    'fix --write on a 200 KB tmpfs with 36 KB free: exit 2, the runbook byte for byte as it was, no temporary file',
    async () => {
      const dir = disk as string;
      try {
        copyFileSync(fixture, join(dir, 'RB.md'));
        writeFileSync(join(dir, 'filler'), Buffer.alloc(120 * 1024));
        const r = await cli(['fix', '--write', 'RB.md'], { cwd: dir });
        expect([r.code, r.stdout, r.stderr]).toEqual([
          2,
          '',
          'runbook-lint: RB.md: cannot write (no space left on device); the file is unchanged\n',
        ]);
        expect(readFileSync(join(dir, 'RB.md')).equals(readFileSync(fixture))).toBe(true);
        expect(temps(dir)).toEqual([]);
        rmSync(join(dir, 'filler'));
        expect((await cli(['fix', '--write', 'RB.md'], { cwd: dir })).stderr).toMatch(
          /^RB\.md: \d+ fixes from \d+ rules applied/,
        );
      } finally {
        spawnSync('umount', [dir]);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
