import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';
import { runbook } from '../helpers/fix-write.js';

interface Result {
  messages: { ruleId: string | null; severity: number; message: string }[];
}

describe('a baseline survives the tool’s own fixes (issue 13, item 6)', () => {
  it.each([
    ['fix --write', ['fix', '--write']],
    ['fix --unsafe --write', ['fix', '--unsafe', '--write']],
  ])(
    '--update-baseline, then %s, then check --baseline: only the gate placeholder is new, stale entries warn',
    async (_n, fix) => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook });
      expect((await cli(['--baseline', 'b.json', '--update-baseline'], { cwd: dir })).code).toBe(0);
      expect((await cli(fix, { cwd: dir })).code).not.toBe(2);
      const r = await cli(['--baseline', 'b.json', '--format', 'json'], { cwd: dir });
      // 1: the gate's placeholder (below) is an error until someone fills it in
      expect(r.code).toBe(1);
      const [result] = JSON.parse(r.stdout) as Result[];
      // a heading the fixer renamed ("(CANONICAL)") keeps its findings' fingerprints, and the
      // deletion of Step 17 takes the reference to it in Step 18 along; what is new is only the
      // placeholder the inserted timeout gate leaves to fill (the runbook names no way to slow Go)
      const fresh = result?.messages.filter((m) => m.ruleId !== null) ?? [];
      expect(fresh.map((m) => [m.ruleId, m.message.slice(0, 40)])).toEqual([
        ['timeout-budget', 'The timeout gate still has a step to fil'],
      ]);
      const stale = result?.messages.filter((m) => m.ruleId === null) ?? [];
      expect(stale.length).toBeGreaterThan(0);
      for (const m of stale)
        expect([m.severity, m.message]).toEqual([1, expect.stringMatching(/^Stale baseline entry/)]);
    },
  );
});
