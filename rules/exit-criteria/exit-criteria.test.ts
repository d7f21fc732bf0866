import { ruleTester } from '../../test/helpers/rule-tester.js';

const unit = (n: number, title: string, exit: string | null): string =>
  `## ${n}. ${title}\nWork units:\n- Do the work of unit ${n}.\n\nDeliverables:\n- The result of unit ${n}.\n` +
  `${exit === null ? '' : `\nExit criteria:\n- ${exit}\n`}\n`;
const plan = (...units: string[]): string => `# Cutover plan\n\n${units.join('')}`;

ruleTester('exit-criteria', {
  valid: [
    {
      name: 'every unit has exit criteria',
      code: plan(unit(1, 'Freeze the schema', 'The matrix has one row per table.'), unit(2, 'Copy', 'Counts match.')),
    },
    {
      name: 'a plan whose units never state exit criteria has a shape of its own',
      code: plan(unit(1, 'Freeze the schema', null), unit(2, 'Copy', null)),
    },
    {
      name: 'exit criteria under another label, as a bold label',
      code: plan(
        unit(1, 'Freeze the schema', 'The matrix is complete.'),
        '## 2. Copy\nWork units:\n- Copy the rows.\n\n**Done when**: the counts match.\n\n',
      ),
    },
    {
      name: 'exit criteria as a subheading, under another name, in the singular',
      code: plan(
        unit(1, 'Freeze the schema', 'The matrix is complete.'),
        '## 2. Copy\nWork units:\n- Copy the rows.\n\n### Exit criteria\n\n- Counts match.\n\n',
        '## 3. Switch\nWork units:\n- Switch reads.\n\nSuccess criteria:\n- No errors for a day.\n\n',
        '## 4. Retire\nWork units:\n- Drop the old store.\n\n**Exit criterion**: nothing reads it.\n\n',
      ),
    },
    {
      name: 'a sentence that starts with a unit label is no unit',
      code: plan(
        '## Overview\n\nDeliverables: a warehouse-backed reporting stack and its dashboards.\n\n',
        unit(1, 'Copy', 'Counts match.'),
      ),
    },
    {
      name: 'a section that only talks about work units is no unit',
      code: plan(
        '## How to read this plan\n\nEach unit lists its work units and deliverables.\n\n',
        unit(1, 'Copy', 'Counts match.'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a unit without the exit criteria the other units have',
      code: plan(
        unit(1, 'Freeze the schema', 'The matrix is complete.'),
        unit(2, 'Copy', null),
        unit(3, 'Switch', 'Reads go to the new store.'),
      ),
      errors: [{ messageId: 'missing', line: 13, column: 1, endLine: 13, endColumn: 11 }],
    },
    {
      name: 'a subsection’s exit criteria are not its parent unit’s',
      code: plan(
        unit(1, 'Freeze the schema', 'The matrix is complete.'),
        '## 2. Copy\nWork units:\n- Copy the rows.\n\n### 2.1 Notes\nExit criteria:\n- none yet.\n\n',
      ),
      errors: [{ messageId: 'missing', line: 13, column: 1, endLine: 13, endColumn: 11 }],
    },
  ],
});
