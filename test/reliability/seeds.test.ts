import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

/**
 * The other teams' plans in ../shared/seeds (issue 15): a spec-kit task list and a cutover plan
 * of work units. Their names say cutover, so with no config file they get the recommended
 * rules; what those find is what a reader of the plans agrees with.
 */
const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');

describe.runIf(existsSync(seeds) || process.env.CI !== undefined)("the seeds' task list and cutover plan", () => {
  it('the task list: Phase 1 lacks the checkpoint every later phase but the last has; the plan: nothing', async () => {
    const r = await cli([
      'check',
      join(seeds, 'cutover-tasks-example.md'),
      join(seeds, 'cutover-plan-example.md'),
      '--format',
      'json',
    ]);
    const results = JSON.parse(r.stdout) as { messages: { ruleId: string; line: number; message: string }[] }[];
    expect(results.map((x) => x.messages.map((m) => `${m.ruleId}:${m.line}`))).toEqual([['phase-checkpoints:41'], []]);
    expect(results[0]?.messages[0]?.message).toMatch(
      /^"Phase 1: Setup \(Repo Truth Inventory\)" has tasks but no check/,
    );
  }, 60_000);
});
