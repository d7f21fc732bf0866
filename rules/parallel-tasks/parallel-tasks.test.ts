import { ruleTester } from '../../test/helpers/rule-tester.js';

const phase = (title: string, ...items: string[]): string =>
  `## ${title}\n\n${items.map((i) => `- [ ] ${i}\n`).join('')}\n`;

ruleTester('parallel-tasks', {
  valid: [
    {
      name: '[P] tasks that change different files',
      code: phase('Phase 1: Setup', 'T001 [P] Create `db/schema.sql`.', 'T002 [P] Add `jobs/copy.ts`.'),
    },
    {
      name: 'the same file in two phases, which run one after the other',
      code:
        phase('Phase 1: Setup', 'T001 [P] Create `jobs/copy.ts`.') +
        phase('Phase 2: Copy', 'T002 [P] Update `jobs/copy.ts` to batch rows.'),
    },
    {
      name: 'a task without [P] runs on its own',
      code: phase('Phase 1: Setup', 'T001 [P] Create `jobs/copy.ts`.', 'T002 Update `jobs/copy.ts` with retries.'),
    },
    {
      name: 'two [P] tasks that only read the file',
      code: phase(
        'Phase 1: Setup',
        'T001 [P] Confirm the write path in `app/Billing.php`.',
        'T002 [P] Review `app/Billing.php` for raw SQL.',
      ),
    },
    {
      name: 'files the tasks only read: a pattern followed, a file under test, a test that must pass',
      code: phase(
        'Phase 3: US1',
        'T010 [P] Create `src/models/user.ts` following `src/models/base.ts`.',
        'T011 [P] Create `src/models/order.ts` following the existing `src/models/base.ts`.',
        'T012 [P] Write tests for `src/parser.ts` in `tests/parser.test.ts`.',
        'T013 [P] Write a benchmark for `src/parser.ts` in `bench/parser.bench.ts`.',
        'T014 [P] Implement `src/users.py` so `tests/test_users.py` passes.',
        'T015 [P] Implement `src/orders.py` so `tests/test_users.py` still passes.',
      ),
    },
    {
      name: 'the groups of a phase: tests first, then the implementation',
      code:
        '## Phase 3: US1\n\n### Tests for US1\n\n- [ ] T012 [P] Create `tests/test_users.py`.\n\n' +
        '### Implementation for US1\n\n- [ ] T013 [P] Update `tests/test_users.py` fixtures.\n',
    },
    {
      name: 'a pattern or a field name is no file',
      code: phase(
        'Phase 1: Setup',
        'T001 [P] Update `specs/{spec,plan}.md`.',
        'T002 [P] Update `specs/{spec,plan}.md` links and `related.type`.',
        'T003 [P] Add `related.type` to the payload.',
      ),
    },
  ],
  invalid: [
    {
      name: 'two [P] tasks of one phase changing one file, with a story tag between',
      code: phase(
        'Phase 3: User Story 1',
        'T012 [P] [US1] Add `tests/Feature/CopyTest.php` covering retries.',
        'T013 [P] [US1] Extend `tests/Feature/CopyTest.php` with the duplicate case.',
      ),
      errors: [{ messageId: 'sameFile', line: 4, column: 12, endLine: 4, endColumn: 15 }],
    },
    {
      name: 'documenting or configuring one file twice',
      code: phase(
        'Phase 6: Polish',
        'T030 [P] Document the copy job in `docs/copy.md`.',
        'T031 [P] Document the retry flags in `docs/copy.md`.',
      ),
      errors: [{ messageId: 'sameFile', line: 4, column: 12, endLine: 4, endColumn: 15 }],
    },
    {
      name: 'the same path written with ./ and without',
      code: phase('Phase 2: Copy', 'T004 [P] Create `./jobs/copy.ts`.', 'T005 [P] Rewrite `jobs/copy.ts` in batches.'),
      errors: [{ messageId: 'sameFile', line: 4, column: 12, endLine: 4, endColumn: 15 }],
    },
    {
      name: 'verbs of a code change other than "add" or "update": stop, set, skip',
      code: phase(
        'Phase 3: Sessions',
        'T018 [P] Implement the rewriter in `src/auth/rewriter.ts`.',
        'T019 [P] Stop extending the legacy TTL: skip `touch()` in `src/auth/rewriter.ts`.',
        'T020 [P] Set the cookie options in `src/auth/rewriter.ts`.',
      ),
      errors: [
        { messageId: 'sameFile', line: 4, column: 12, endLine: 4, endColumn: 15 },
        { messageId: 'sameFile', line: 5, column: 12, endLine: 5, endColumn: 15 },
      ],
    },
  ],
});
