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
    '--update-baseline, then %s, then check --baseline: nothing new, only the entries the fixes resolved',
    async (_n, fix) => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook });
      expect((await cli(['--baseline', 'b.json', '--update-baseline'], { cwd: dir })).code).toBe(0);
      expect((await cli(fix, { cwd: dir })).code).not.toBe(2);
      const r = await cli(['--baseline', 'b.json', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      const [result] = JSON.parse(r.stdout) as Result[];
      // a heading the fixer renamed ("(CANONICAL)") keeps its findings' fingerprints, and the
      // deletion of Step 17 takes the reference to it in Step 18 along: nothing new at all
      expect(result?.messages.filter((m) => m.ruleId !== null).map((m) => m.ruleId)).toEqual([]);
      const stale = result?.messages.filter((m) => m.ruleId === null) ?? [];
      expect(stale.length).toBeGreaterThan(0);
      for (const m of stale)
        expect([m.severity, m.message]).toEqual([1, expect.stringMatching(/^Stale baseline entry/)]);
    },
  );
});
