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
      name: 'spec-kit’s own shape: a set-up phase before the first checkpoint, a polish phase last',
      code: list(
        phase(1, 'Setup (Shared Infrastructure)', 'Create the project structure.'),
        phase(2, 'Foundational', 'Create `src/db/schema.ts`.', '**Checkpoint**: Foundation ready.'),
        phase(3, 'Polish', 'Update `README.md`.'),
      ),
    },
    {
      name: 'checkpoints written other ways: numbered, plural, after a symbol, a task item, a table, a heading',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.', '**Checkpoint 1**: the schema loads.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.', '**Checkpoints:** counts match; no errors.'),
        phase(3, 'Verify', 'Compare the totals.', '✅ **Checkpoint**: totals match.'),
        phase(4, 'Switch', 'Point the app at it.', '- [ ] **Checkpoint**: reads go to the new database.'),
        phase(5, 'Watch', 'Watch the errors.', '| Checkpoint | Owner |\n|---|---|\n| no new errors for a day | ops |'),
        phase(6, 'Retire', 'Drop the old tables.', '### Phase 6 checkpoint\n\nNothing reads the old tables.'),
        phase(7, 'Polish', 'Run the linter.'),
      ),
    },
    {
      name: 'a “Part” heading inside a phase is part of that phase',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.', '**Checkpoint**: the schema loads.'),
        '## Phase 2: Build\n\n### Part A: Tests\n\n- [ ] T002 Add `tests/copy.test.ts`.\n\n' +
          '### Part B: Code\n\n- [ ] T003 Add `jobs/copy.ts`.\n\n**Checkpoint**: the tests pass.\n\n',
        phase(3, 'Polish', 'Run the linter.'),
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
      name: 'a phase without the checkpoint the phases around it have',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.', '**Checkpoint**: the schema loads.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts`.'),
        phase(3, 'Switch', 'Point the app at the new database.', '**Checkpoint**: reads go to the new database.'),
        phase(4, 'Polish', 'Run the linter.'),
      ),
      errors: [{ messageId: 'missing', line: 10, column: 1, endLine: 10, endColumn: 17 }],
    },
    {
      name: 'a mention of a checkpoint inside a task is not the phase’s checkpoint',
      code: list(
        phase(1, 'Setup', 'Create `db/billing.sql`.', '**Checkpoint**: the schema loads.'),
        phase(2, 'Copy', 'Add `jobs/copy.ts` and note the checkpoint id.'),
        phase(3, 'Polish', 'Run the linter.'),
      ),
      errors: [{ messageId: 'missing', line: 10, column: 1, endLine: 10, endColumn: 17 }],
    },
  ],
});
