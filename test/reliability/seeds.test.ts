import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';

/**
 * The other teams' plans in ../shared/seeds (issue 15): a spec-kit task list and a cutover plan
 * of work units. Their names say cutover, so with no config file they get the recommended
 * rules. As written they are sound: the task list's Phase 1 is set-up before the first
 * checkpoint (spec-kit's own shape), its last phase is last, and every unit of the plan has
 * exit criteria. Each with one part taken out gets exactly the finding a reader expects.
 */
const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const read = (name: string): string => readFileSync(join(seeds, name), 'utf8');

type Result = { messages: { ruleId: string; line: number; message: string }[] }[];
const findings = async (dir: string, files: string[]): Promise<string[][]> => {
  const r = await cli(['check', ...files, '--format', 'json'], { cwd: dir });
  return (JSON.parse(r.stdout) as Result).map((x) => x.messages.map((m) => `${m.ruleId}:${m.line}`));
};

describe.runIf(existsSync(seeds) || process.env.CI !== undefined)("the seeds' task list and cutover plan", () => {
  it('as written: no finding on either', async () => {
    expect(await findings(seeds, ['cutover-tasks-example.md', 'cutover-plan-example.md'])).toEqual([[], []]);
  }, 60_000);

  it('a checkpoint taken out, a unit’s exit criteria taken out: one finding each, on that heading', async () => {
    const tasks = read('cutover-tasks-example.md');
    const checkpoint = tasks.match(/^\*\*Checkpoint\*\*: review-compose.*\n/m)?.[0] ?? '';
    expect(checkpoint).not.toBe('');
    const plan = read('cutover-plan-example.md');
    const exit = plan.match(/^Exit criteria:\n- Duplicate command IDs.*\n/m)?.[0] ?? '';
    expect(exit).not.toBe('');
    const dir = tempRepo({
      'cutover-tasks.md': tasks.replace(checkpoint, ''),
      'cutover-plan.md': plan.replace(exit, ''),
    });
    const phase3 = tasks.split('\n').findIndex((l) => l.startsWith('## Phase 3:')) + 1;
    const unit5 = plan.split('\n').findIndex((l) => l.startsWith('## 5. ')) + 1;
    expect(await findings(dir, ['cutover-tasks.md', 'cutover-plan.md'])).toEqual([
      [`phase-checkpoints:${phase3}`],
      [`exit-criteria:${unit5}`],
    ]);
  }, 60_000);
});
