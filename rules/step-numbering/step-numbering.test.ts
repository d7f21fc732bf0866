import { ruleTester } from '../../test/helpers/rule-tester.js';

ruleTester('step-numbering', {
  valid: [
    { name: 'steps in order', code: '## Step 1: Freeze\n\n## Step 2: Copy\n\n## Step 3: Switch\n' },
    {
      name: 'each phase numbers its own steps',
      code: '# Phase A\n\n## Step 1: Freeze\n\n## Step 2: Copy\n\n# Phase B\n\n## Step 1: Switch\n',
    },
    { name: 'a gap in the numbers is no error', code: '## Step 1: Freeze\n\n## Step 3: Switch\n' },
    { name: 'tasks are another numbering', code: '## Step 1: Freeze\n\n## Task 1: Tell support\n' },
  ],
  invalid: [
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
  ],
});
