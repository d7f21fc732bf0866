import { ruleTester } from '../../test/helpers/rule-tester.js';

ruleTester('step-numbering', {
  valid: [
    {
      name: 'another team’s task list, quoted, has ids of its own',
      code: '## Phase 1\n\n- [ ] T001 Create `a.sql`.\n\nTheir list:\n\n> - [ ] T001 Provision the database\n',
    },
    {
      name: 'task ids named again in prose, and a task id as a word of another task',
      code:
        '## Phase 1\n\n- [ ] T001 Create `a.sql`.\n- [ ] T002 After T001, load it.\n\nT001 and T002 run first.\n\n' +
        '## Dependencies\n\n- T002 after T001 (it loads the file).\n',
    },
    { name: 'steps in order', code: '## Step 1: Freeze\n\n## Step 2: Copy\n\n## Step 3: Switch\n' },
    {
      name: 'each phase numbers its own steps',
      code: '# Phase A\n\n## Step 1: Freeze\n\n## Step 2: Copy\n\n# Phase B\n\n## Step 1: Switch\n',
    },
    { name: 'a gap in the numbers is no error', code: '## Step 1: Freeze\n\n## Step 3: Switch\n' },
    { name: 'tasks are another numbering', code: '## Step 1: Freeze\n\n## Task 1: Tell support\n' },
    {
      name: 'the same heading under different parents, and repeated tab headings that are links',
      code:
        '## Step 1: Copy\n\n### Rollback\n\nx\n\n## Step 2: Switch\n\n### Rollback\n\ny\n\n' +
        '# [Linux](#tab/a/linux)\n\na\n\n# [Linux](#tab/b/linux)\n\nb\n',
    },
    {
      name: 'a heading quoted in a blockquote, and the same heading folded in two <details> blocks',
      code:
        '## Rollout\n\n> ### Notes\n> quoted\n\n### Notes\n\nours\n\n' +
        '<details><summary>Linux</summary>\n\n### Steps\n\na\n\n</details>\n\n' +
        '<details><summary>macOS</summary>\n\n### Steps\n\nb\n\n</details>\n',
    },
    {
      name: 'headings that share a slug but not their words, and <details> blocks with no blank line between them',
      code:
        '## Languages\n\n### C#\n\na\n\n### C++\n\nb\n\n### C\n\nc\n\n## Install\n\n' +
        '<details>\n<summary>Linux</summary>\n\n### Steps\n\nx\n\n</details>\n<details>\n<summary>macOS</summary>\n\n' +
        '### Steps\n\ny\n\n</details>\n',
    },
    {
      name: 'numbered lists Markdown counts as written: 1. 1. 1., one starting at 3, two lists, two items',
      code:
        '1. Stop\n1. Copy\n1. Start\n\n3. Drain\n4. Stop\n5. Start\n\nThen:\n\n6. Check\n7. Close\n\n' +
        'Two:\n\n1. Ask\n3. Go\n',
    },
  ],
  invalid: [
    {
      name: 'a task id followed by a colon, given twice',
      code: '## Phase 1\n\n- [ ] T014: Add the index.\n- [ ] T014: Drop the old index.\n',
      errors: [{ messageId: 'duplicateTask', line: 4, column: 7, endLine: 4, endColumn: 11 }],
    },
    {
      name: 'a task id given twice in a task list, across phases',
      code:
        '## Phase 1: Setup\n\n- [ ] T001 Create `db/schema.sql`.\n- [ ] T002 Add the seed data.\n\n' +
        '## Phase 2: Copy\n\n- [ ] T003 Copy the rows.\n- [ ] T002 Verify the counts.\n',
      errors: [{ messageId: 'duplicateTask', line: 9, column: 7, endLine: 9, endColumn: 11, includes: ['line 4'] }],
    },
    {
      name: 'two steps with one number',
      code: '## Step 1: Freeze\n\n## Step 2: Copy\n\n## Step 2: Verify\n',
      errors: [{ messageId: 'duplicate', line: 5, column: 1, endLine: 5, endColumn: 18, includes: ['(line 3)'] }],
    },
    {
      name: 'a step moved without renumbering',
      code: '## Step 1: Freeze\n\n## Step 3: Switch\n\n## Step 2: Copy\n',
      errors: [{ messageId: 'order', line: 5, column: 1, endLine: 5, endColumn: 16, includes: ['(line 3)'] }],
    },
    {
      name: 'a numbered step given twice is one finding, from duplicate',
      code: '## Step 1: Copy\n\n## Step 2: Restore\n\n## Step 2: Restore\n',
      errors: [{ messageId: 'duplicate', line: 5, column: 1, endLine: 5, endColumn: 19 }],
    },
    {
      name: 'two sibling sections with the same heading, in another case and spacing',
      code:
        '## Major upgrades\n\n### Upgrade process\n\nx\n\n### Example\n\ny\n\n###  Upgrade  Process\n\nz\n\n' +
        '## Rollback\n\na\n\n## Rollback:\n\nb\n',
      errors: [
        { messageId: 'duplicateHeading', line: 11, column: 1, endLine: 11, endColumn: 22 },
        { messageId: 'duplicateHeading', line: 19, column: 1, endLine: 19, endColumn: 13 },
      ],
    },
    {
      name: 'a numbered list that skips a number, and one whose sub-steps lost their indent',
      code:
        '1. Stop writes\n2. Snapshot\n   1. Take it\n   2. Copy it\n4. Restore\n5. Start\n\n---\n\n' +
        '1. Edit\n2. Plan\n3. Move each resource\n1. e.g. the bucket\n2. Repeat\n4. Plan again\n',
      errors: [
        { messageId: 'listGap', line: 5, column: 1, endLine: 5, endColumn: 2 },
        { messageId: 'listRestart', line: 13, column: 1, endLine: 13, endColumn: 2 },
      ],
    },
  ],
});
