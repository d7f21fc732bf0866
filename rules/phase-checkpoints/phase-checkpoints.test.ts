import { ruleTester } from '../../test/helpers/rule-tester.js';

const list = (...phases: string[]): string => `# Tasks: Split the billing database\n\n${phases.join('\n')}`;
const phase = (n: number, title: string, task: string, end = ''): string =>
  `## Phase ${n}: ${title}\n\n- [ ] T00${n} ${task}\n${end ? `\n${end}\n` : ''}\n`;

ruleTester('phase-checkpoints', {
  valid: [
    {
      name: 'every phase followed by another ends in a checkpoint; the last needs none',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.', '**Checkpoint**: the schema loads on an empty database.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.', 'Checkpoint — row counts match on both sides.'),
        phase(3, 'Polish', 'Run the linter.'),
      ),
    },
    {
      name: 'a list that never uses checkpoints has a convention of its own',
      code: list(phase(1, 'Setup', 'Create `db/billing.sql`.'), phase(2, 'Copy', 'Add `jobs/copy.ts`.')),
    },
    {
      name: 'a checkpoint as a heading of the phase, and a gate under another label',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.', '### Checkpoint\n\nThe schema loads.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.', '**Gate**: counts match.'),
        phase(3, 'Switch', 'Point the app at the new database.'),
      ),
    },
    {
      name: 'a checkpoint written right under the list, with no blank line (it continues the last item)',
      code: list(
        '## Phase 1: Setup\n- [ ] T001 Create `db/billing.sql`.\n**Checkpoint**: the schema loads.\n\n',
        phase(2, 'Copy', 'Add `jobs/copy.ts`.'),
      ),
    },
    {
      name: 'a phase without tasks is not a phase of the task list',
      code: list(
        '## Phase 0: Background\n\nWhy we split the database.\n\n',
        phase(1, 'Setup', 'Create `db/billing.sql`.', '**Checkpoint**: the schema loads.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a phase without the checkpoint the other phases have',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.', '**Checkpoint**: row counts match.'),
        phase(3, 'Polish', 'Run the linter.'),
      ),
      errors: [{ messageId: 'missing', line: 3, column: 1, endLine: 3, endColumn: 18 }],
    },
    {
      name: 'a mention of a checkpoint inside a task is not the phase’s checkpoint',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql` and note the checkpoint id.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.', '**Checkpoint**: row counts match.'),
        phase(3, 'Polish', 'Run the linter.'),
      ),
      errors: [{ messageId: 'missing', line: 3, column: 1, endLine: 3, endColumn: 18 }],
    },
  ],
});
