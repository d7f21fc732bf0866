import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';
import { fixtures, fixWrite, hardened, runbook } from '../helpers/fix-write.js';
import { linesOutsideHunks } from '../helpers/lines.js';

describe.each([
  ['safe', []],
  ['unsafe', ['--unsafe']],
] as [string, string[]][])('fix (%s) on the example runbook', (kind, flags) => {
  // one `fix --write --report` per kind, shared: the tests below only read its results and its folder
  let written: ReturnType<typeof fixWrite> | undefined;
  const fixedOnce = (): ReturnType<typeof fixWrite> => {
    written ??= fixWrite(runbook, [...flags, '--report', 'REPORT.md']);
    return written;
  };
  const reportOf = async (): Promise<string> => readFileSync(join((await fixedOnce()).dir, 'REPORT.md'), 'utf8');

  it('matches the golden hardened file and the golden report', async () => {
    const { text } = await fixedOnce();
    await expect(text).toMatchFileSnapshot(join(fixtures, 'golden', `MIGRATION_RUNBOOK.${kind}.md`));
    await expect(await reportOf()).toMatchFileSnapshot(join(fixtures, 'golden', `REPORT.${kind}.md`));
  });

  it('then check leaves no fixable finding of that kind', async () => {
    const { dir } = await fixedOnce();
    const r = await cli(['check', '--format', 'json'], { cwd: dir });
    const [result] = JSON.parse(r.stdout) as { fixableErrorCount: number; messages: { suggestions?: unknown }[] }[];
    expect(result?.fixableErrorCount).toBe(0);
    if (kind === 'unsafe') expect(result?.messages.filter((m) => m.suggestions)).toEqual([]);
  });

  it('changes nothing outside the diff hunks, byte for byte, and every hunk comes from a fix', async () => {
    const { text } = await fixedOnce();
    const outside = linesOutsideHunks(runbook, text);
    expect(outside.after).toEqual(outside.before);
    expect(outside.before.length).toBeGreaterThan(runbook.split('\n').length * 0.8);
    // each Part B block names the rule whose fix made it: `### 3. `heading` — line 120 (rule-id)`
    const partB = (await reportOf()).split('## Part B')[1]?.split('## Part C')[0] ?? '';
    const blocks = partB.split('\n').filter((l) => /^### \d+\. `/.test(l));
    expect(blocks.length).toBeGreaterThan(0);
    for (const b of blocks) expect(b).toMatch(/ — line \d+ of the original \([a-z-]+(, [a-z-]+)*\)$/);
  });

  it('a second fix proposes nothing', async () => {
    const { dir } = await fixedOnce();
    const again = await cli(['fix', ...flags], { cwd: dir });
    expect([again.code, again.stdout]).toEqual([0, '']);
    expect(again.stderr).toMatch(/nothing to fix/);
  });

  it('the printed patch applies with git apply and equals the --write result', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook }, { git: false });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const patch = await cli(['fix', ...flags], { cwd: dir });
    expect(patch.code).toBe(1);
    writeFileSync(join(dir, 'h.patch'), patch.stdout);
    execFileSync('git', ['apply', 'h.patch'], { cwd: dir });
    const { text } = await fixedOnce();
    expect(readFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), 'utf8')).toBe(text);
  });
});

describe('fix on a compliant runbook', () => {
  it('proposes an empty diff and exits 0', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': hardened });
    for (const flags of [[], ['--unsafe']]) {
      const r = await cli(['fix', ...flags], { cwd: dir });
      expect([r.code, r.stdout]).toEqual([0, '']);
    }
    const write = await cli(['fix', '--write'], { cwd: dir });
    expect(write.code).toBe(0);
    expect(readFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), 'utf8')).toBe(hardened);
  });
});
