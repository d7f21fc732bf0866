import { fence } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

ruleTester('no-placeholders', {
  valid: [
    { name: 'a finished step', code: '## Step 3: Freeze writes\n\nSet `READ_ONLY=1` and restart the workers.\n' },
    {
      name: 'a marker inside a longer word, or in lower case',
      code: 'The todolist service and the tbd flag are not touched.\n',
    },
    { name: 'the word named in inline code', code: 'Search the runbook for `TODO` before you start.\n' },
    { name: 'a negated clause', code: 'No TODO may be left in a step before the cutover.\n' },
    { name: 'the word quoted', code: 'Lines marked "TODO" are found by the linter.\n' },
    { name: 'a quotation of someone else’s text', code: '> TODO: decide who owns the rollback.\n' },
    {
      name: 'a comment in a command explains',
      code: fence('bash', '# TODO comes from the old wiki; ignore it\nkubectl rollout status deploy/api'),
    },
    {
      name: 'a task’s status in a progress list, beside tasks marked done',
      code:
        '## Tasks\n\n- Build the read path — done (prototype).\n' +
        '- Add the contract tests — TODO.\n- Cut over: TBD\n',
    },
    {
      name: 'a parameter the operator fills at run time',
      code: fence('bash', 'kubectl scale deploy/api --replicas=<count>'),
    },
    {
      name: 'brackets that are no template field: a task tag, a checkbox, a link, a field named in code',
      code:
        '- [ ] T004 [P] Add the index.\n' +
        'See [Add a replica](#add-a-replica) and the `[Insert contact]` field of the template.\n',
    },
    {
      name: 'comments of each language, read from its syntax: shell, SQL, PHP',
      code:
        fence('bash', 'kubectl get pods  # TODO: a label selector, one day\necho "done"') +
        fence('sql', 'SELECT 1; -- TBD: index it\n/* FIXME later */ SELECT 2;') +
        fence('php', '<?php\n// TODO: drop after the cutover\n$x = 1;'),
    },
    {
      name: 'markers as what a command searches for, a table of markers, a progress table, a key, names',
      code:
        fence('bash', "grep -rnw -E 'TODO|TBD|FIXME' docs/\ngit grep -n XXX -- '*.md'") +
        '\n| marker | meaning |\n|---|---|\n| TODO | work not written |\n| TBD | a decision not taken |\n\n' +
        '| task | state |\n|---|---|\n| copy | Done |\n| switch | TODO |\n\n' +
        'Press [Enter] to accept. The status page shows ‘TBC’ while it is assessed. ' +
        'Questions live in TODO.md. Card numbers are masked as XXX-XXX-1234.\n',
    },
  ],
  invalid: [
    {
      name: 'a <fill me> in a sentence and in a table cell, where the parser sees an HTML tag',
      code: 'Set the bucket to <fill me> before the copy.\n\n| setting | value |\n|---|---|\n| region | <fill in> |\n',
      errors: [
        { messageId: 'unfinished', line: 1, column: 19, endLine: 1, endColumn: 28 },
        { messageId: 'unfinished', line: 5, column: 12, endLine: 5, endColumn: 21 },
      ],
    },
    {
      name: 'a TODO in a step',
      code: '## Step 3: Freeze writes\n\nSet `READ_ONLY=1`. TODO: say how long to wait.\n',
      errors: [{ messageId: 'unfinished', line: 3, column: 20, endLine: 3, endColumn: 47 }],
    },
    {
      name: 'a TODO at the end of a list item whose list tracks no status',
      code: '- Freeze writes.\n- Copy the table — TODO.\n',
      errors: [{ messageId: 'unfinished', line: 2, column: 3, endLine: 2, endColumn: 25 }],
    },
    {
      name: 'in a progress list, a TODO that is not the item’s status',
      code: '- Build the read path — done.\n- TODO: say which replica to copy from — in progress.\n',
      errors: [{ messageId: 'unfinished', line: 2, column: 3, endLine: 2, endColumn: 54 }],
    },
    {
      name: 'TBD in a table cell',
      code: '| Step | Owner |\n|---|---|\n| Freeze writes | TBD |\n',
      errors: [{ messageId: 'unfinished', line: 3, column: 19, endLine: 3, endColumn: 22 }],
    },
    {
      name: 'a command that still holds <fill me>',
      code: fence('bash', 'aws s3 cp dump.sql s3://<fill me>/backups/'),
      errors: [{ messageId: 'command', line: 2, column: 25, endLine: 2, endColumn: 34 }],
    },
    {
      name: 'FIXME as a command’s value',
      code: fence('bash', 'export ROLLBACK_TAG=FIXME\nhelm rollback api "$ROLLBACK_TAG"'),
      errors: [{ messageId: 'command', line: 2, column: 21, endLine: 2, endColumn: 26 }],
    },
    {
      name: 'a template field left as it came, and TBC',
      code: '## Contacts\n\n- Database on-call: [Insert 24/7 contact]\n- Region of the replica: TBC\n',
      errors: [
        { messageId: 'unfinished', line: 3, column: 3, endLine: 3, endColumn: 42 },
        { messageId: 'unfinished', line: 4, column: 3, endLine: 4, endColumn: 29 },
      ],
    },
    {
      name: 'a marker whose own note is negated is still a marker',
      code: 'Keep the bucket read-only. FIXME: legal has not confirmed the period.\n',
      errors: [{ messageId: 'unfinished', line: 1, column: 28, endLine: 1, endColumn: 70 }],
    },
    {
      name: 'a value on a continued shell line that opens with an option, and a SQL string',
      code:
        fence('bash', 'rclone copy src: dst: \\\n  --transfers 32 --tpslimit XXX \\\n  --checkers 8') +
        fence('sql', "UPDATE buckets SET owner = 'TBD' WHERE id = 7;"),
      errors: [
        { messageId: 'command', line: 3, column: 29, endLine: 3, endColumn: 32 },
        { messageId: 'command', line: 7, column: 29, endLine: 7, endColumn: 32 },
      ],
    },
  ],
});
