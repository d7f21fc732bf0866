import { ruleTester } from '../../test/helpers/rule-tester.js';

/** A runbook about this migration (it names the controller) with `## Step N` headings, two lines each. */
const runbook = (numbers: number[], body: string): string =>
  `# Moving \`SmsController\` to Go\n\n${numbers.map((n) => `## Step ${n}: Work ${n}\n\n`).join('')}${body}`;

// line 1 title, line 3 and 5 two step headings: the body starts on line 7
const two = (body: string): string => runbook([16, 18], body);

ruleTester('step-references', {
  valid: [
    {
      name: 'the tab links of a docfx tab group are tabs, not anchors',
      code: '# [Linux](#tab/linux)\n\nOn Linux.\n\n# [Windows](#tab/windows)\n\nOn Windows.\n',
    },
    {
      name: 'attribute lists with spaces or classes, #top, steps of a wizard or an installer, another list’s task',
      code:
        '# Cutover\n\n[a](#roll-back) [b](#undo-primary) [top](#top)\n\n## Step 1: Undo it { #roll-back }\n\n' +
        '## Step 2: Undo the primary {#undo-primary .unnumbered}\n\n' +
        'In the restore wizard, step 3 asks for the snapshot. At step 4 of the installer, pick the disk.\n\n' +
        '## Phase 1\n\n- [ ] T001 Create `a.sql`.\n\n' +
        'T001 waits for T031 in [the platform plan](../platform/tasks.md).\n',
    },
    {
      name: 'task ids that exist, a range by its ends, a change log, another prefix, a task list absent',
      code:
        '## Phase 1\n\n- [ ] T001 Create `a.sql`.\n- [ ] T004 After `T001`, load it.\n\n' +
        'T001–T004 run first; NT009 is a non-goal.\n\n## Change log\n\n- T002 and T003 were dropped.\n',
    },
    { name: 'a task id where the runbook has no task list', code: '# Notes\n\nMark T047 done once owners sign off.\n' },
    {
      name: 'links to headings as renderers name them: punctuation dropped, repeats numbered, explicit ids, HTML',
      code:
        '# Cutover\n\n[a](#step-2-copy--verify) [b](#notes-1) [c](#roll-back) [d](#contacts)\n' +
        '[e](#Caf%C3%A9-setup)\n\n' +
        '## Step 2: Copy & verify\n\n## Notes\n\n## Notes\n\n## Undo it {#roll-back}\n\n<a name="contacts"></a>\n\n' +
        '## Café setup\n',
    },
    {
      name: 'no step headings at all: the runbook numbers its steps otherwise',
      code: '# Moving `SmsController` to Go\n\n## C-04 · Controller\n\nRun Step 17 after the backup.\n',
    },
    {
      name: 'task headings are steps of the model, but not "Step N" headings',
      code: '# Moving `SmsController` to Go\n\n## Task 3: Controller\n\nRun Step 17 first.\n',
    },
    { name: 'a reference to an existing step', code: two("Pre-requisites: Step 16's breaker deployed.\n") },
    {
      name: '"Steps 7, 8 and 15" all existing, and a range that holds existing steps',
      code: runbook([7, 8, 15], 'Pre-requisites: Steps 7, 8 and 15 deployed. Steps 1–15 are drafted.\n'),
    },
    { name: 'a number in inline code', code: two('Name the branch `Step 17` or `step-17`.\n') },
    { name: 'a code block', code: two('```sh\ngit commit -m "Step 17: wire SHADOW"\n```\n') },
    {
      name: 'a link destination and a URL in the text',
      code: two('See [the wiring](#step-18-work-18) and https://wiki.example/step-17 for the history.\n'),
    },
    { name: 'a negated clause', code: two('Delete the class; nothing references it until Step 17.\n') },
    { name: 'history: the step was merged', code: two('Step 17 was merged into Step 18.\n') },
    { name: 'history: the step as the subject of "was"', code: two('Step 17 was the first SHADOW wiring.\n') },
    { name: 'a step of another document', code: two("Step 3 of the Go service's runbook deploys the worker.\n") },
    { name: 'another team’s step', code: two("The Go team's Step 4 opens the port.\n") },
    {
      name: 'a step in a linked document',
      code: two('Step 4 in [the deploy notes](../go/DEPLOY.md) opens the port.\n'),
    },
    { name: 'a clause that names another document', code: two('As the Go runbook says, run Step 4 first.\n') },
    { name: 'progress, not a reference', code: two('Step 1 of 3 is done when the gate is green.\n') },
    { name: 'a sub-step the headings do not number', code: two('Step 16.2 rolls the breaker back.\n') },
    {
      name: 'a numbered procedure: "step 2" is its second item',
      code: runbook([1, 5], '1. Stop the worker.\n2. Drain the queue.\n3. Restart; if it fails, repeat step 2.\n'),
    },
    {
      name: 'a comma list left open: "9 tenants" is not a step',
      code: runbook([2], 'After Steps 2, 9 tenants switch to ON.\n'),
    },
    { name: 'a change log records history', code: two('## Change log\n\n- Step 17 drafted.\n') },
  ],
  invalid: [
    {
      name: 'a task list that names a task it does not have',
      code:
        '## Phase 1: Setup\n\n- [ ] T001 Create `db/schema.sql`.\n' +
        '- [ ] T002 After T003 has landed, load the seed data.\n',
      errors: [{ messageId: 'task', line: 4, column: 18, endLine: 4, endColumn: 22 }],
    },
    {
      name: 'a link to a heading the runbook no longer has, inline and by reference',
      code:
        '# Cutover\n\n- [Backout](#back-out-plan)\n- [Checks][c]\n\n## Rollback plan\n\n## Checks (after)\n\n' +
        '[c]: #checks\n',
      errors: [
        { messageId: 'anchor', line: 3, column: 3, endLine: 3, endColumn: 28 },
        { messageId: 'anchor', line: 10, column: 1, endLine: 10, endColumn: 13 },
      ],
    },
    {
      name: 'any team’s runbook: a DNS cutover that names a step it does not have',
      code: '# DNS cutover\n\n## Step 1: Lower the TTL\n\nPre-requisite: Step 3.\n',
      errors: [{ messageId: 'missing', line: 5, column: 16, endLine: 5, endColumn: 22 }],
    },
    {
      name: 'the prerequisite of a deleted step',
      code: two("Pre-requisites: Step 16 deployed; Step 17's SHADOW wiring merged.\n"),
      errors: [{ messageId: 'missing', line: 7, column: 35, endLine: 7, endColumn: 42, includes: ['16, 18'] }],
    },
    {
      name: 'one number of a list: the number alone',
      code: runbook([7, 15], 'Pre-requisites: Steps 7, 8 and 15 deployed.\n'),
      errors: [{ messageId: 'missing', line: 7, column: 26, endLine: 7, endColumn: 27, includes: ['Step 8'] }],
    },
    {
      name: 'a list with an Oxford comma',
      code: two('Steps 16, 17, and 18 are deployed.\n'),
      errors: [{ messageId: 'missing', line: 7, column: 11, endLine: 7, endColumn: 13 }],
    },
    {
      name: 'lower case, in a list item',
      code: two('- Then go on with step 17.\n'),
      errors: [{ messageId: 'missing', line: 7, column: 19, endLine: 7, endColumn: 26 }],
    },
    {
      name: 'a table cell',
      code: two('| Table | Created in |\n|---|---|\n| `go_sms_logs` | Step 11 |\n'),
      errors: [{ messageId: 'missing', line: 9, column: 19, endLine: 9, endColumn: 26 }],
    },
    {
      name: 'a heading that is not a step',
      code: two('### 3.3 Feature flag (created in Step 6)\n'),
      errors: [{ messageId: 'missing', line: 7, column: 34, endLine: 7, endColumn: 40 }],
    },
    {
      name: 'a range without any existing step',
      code: two('Steps 19–21 follow once the gate is green.\n'),
      errors: [{ messageId: 'missingRange', line: 7, column: 1, endLine: 7, endColumn: 12, includes: ['19–21'] }],
    },
    {
      name: 'in a blockquote',
      code: two('> Merge the PR of Step 17 first.\n'),
      errors: [{ messageId: 'missing', line: 7, column: 19, endLine: 7, endColumn: 26 }],
    },
    {
      name: 'a numbered reference and "of this runbook"',
      code: two('Step #17 of this runbook wires SHADOW.\n'),
      errors: [{ messageId: 'missing', line: 7, column: 1, endLine: 7, endColumn: 9 }],
    },
    {
      name: 'across a soft line break',
      code: two('Merge the PR of Step\n17 before you start.\n'),
      errors: [{ messageId: 'missing', line: 7, column: 17, endLine: 8, endColumn: 3 }],
    },
    {
      name: 'a reference after a step heading that names another step',
      code: two('## Step 19: Use the Step 17 flags\n'),
      errors: [{ messageId: 'missing', line: 7, column: 21, endLine: 7, endColumn: 28 }],
    },
  ],
});
