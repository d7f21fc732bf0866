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
    {
      name: 'a form filled in when it happens, a link named Contact, an appended file, a here-document to a client',
      code:
        '## Rollback notice\n\nInitiated by: [Name]. Reason: [Reason]. ' +
        'Reach us through [Contact](https://example.org/c).\n' +
        fence(
          'bash',
          'cat >> .env <<EOF\n# ... (other variables)\nEOF\npsql "$URL" <<\'SQL\'\n-- ...\nSELECT 1;\nSQL',
        ) +
        fence('bash', 'cat > app.conf <<EOF\nport=8080\nEOF\n# the full URL: https://... is in the vault'),
    },
    {
      name: 'a questionnaire whose every question is answered, in its item, after it, or in the list that follows',
      code:
        '## Rollout\n\n* **Can it be rolled back?**\n  Yes: turn the flag off.\n* **What breaks if it is?**\n\n' +
        '  Nothing: the old path stays.\n\n* **Is there a test?**\n- Yes, the e2e suite.\n\n' +
        '## Monitoring\n\n* **Which metric?**\n\nThe queue depth.\n',
    },
    {
      name: 'two unanswered questions are no questionnaire',
      code:
        '## Open questions\n\n* **Who owns the bucket?**\n* **When do we cut over?**\n' +
        '* **Which region?**\n  eu-west-1.\n',
    },
    {
      name: 'contact words in code are the code’s own: an array key, a subscript, a T-SQL column, an INI section',
      code:
        fence('bash', 'echo "${CONTACTS[phone]}"') +
        fence('python', 'print(row["Phone"], row["email"])') +
        fence('sql', 'SELECT [Phone], [Email] FROM dbo.OnCall;') +
        fence('ini', '[pager]\nservice = ops'),
    },
    {
      name: 'bracketed comments that are no slot: a root prompt’s test, region tags, a label over its command',
      code:
        fence('console', '# [ -s /etc/backup/key ] && echo ok\nok') +
        fence('bash', '# [START deploy_api]\nkubectl apply -f api.yaml\n# [END deploy_api]') +
        fence('bash', '# [optional: preview first]\nterraform plan\n# [m h dom mon dow command]\ncrontab -l'),
    },
    {
      name: 'a line of dots that is the file’s content: a Python body, the end of a YAML document',
      code:
        fence('bash', "cat > handler.py <<'EOF'\nclass Store(Protocol):\n    def get(self): ...\n    ...\nEOF") +
        fence('bash', 'cat > values.yaml <<EOF\nreplicas: 3\n...\nEOF'),
    },
    {
      name: 'contact words in prose that are no blank field',
      code:
        'Mail [email protected] for access.[^pager] Type "[Email]" to the bot, ' +
        'or press [Conference] on the phone.\n\n' +
        '[^pager]: The pager rota is in the wiki.\n\nReplace [Your email] with your work address. ' +
        'Log each page as: Paged: [Name] on [Phone] at [Time].\n\n- [x] [Email] sent to the customer\n\n' +
        '| Field | Filled with |\n|---|---|\n| [Phone] | the caller’s number |\n',
    },
    {
      name: 'questions to ask a caller are no questionnaire, even where the runbook has one',
      code:
        '## Readiness\n\n* **Is it monitored?** Yes.\n* **Can it roll back?** Yes.\n' +
        '* **Is there a runbook?** This one.\n\n' +
        '## Triage: ask the customer\n\n* **When did it start?**\n  Note the time zone.\n* **Which region?**\n' +
        '* **Is it every user?**\n',
    },
    {
      name: 'an elided URL in a message that is only printed',
      code: fence('bash', 'echo "Connecting to postgres://..."'),
    },
    {
      name: 'a here-document that is a program’s input, a slot label with a blank line before its command, a wiki link',
      code:
        fence(
          'bash',
          "python3 - <<'PY' > report.txt\ndef f(): ...\n...\nPY\n" +
            'kubectl apply -f - <<EOF > apply.log\nkind: X\n...\nEOF',
        ) +
        fence('bash', '# [Run on the primary node]\n\nsudo -u postgres pg_ctl promote') +
        'See [[On-call contacts]] for the numbers.\n',
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
    {
      name: 'a question left without its answer, where the other questions have theirs',
      code:
        '## Rollout\n\n* **Can it be rolled back?**\n  Yes.\n* **What breaks?** Nothing.\n' +
        '* **Which metric shows it?**\n  - The queue depth.\n' +
        '* **What if the SLOs are not met?**\n\n[slo]: https://example.org/slo\n\n## Next\n',
      errors: [{ messageId: 'unanswered', line: 8, column: 3, endLine: 8, endColumn: 36 }],
    },
    {
      name: 'a contact table never filled in (one finding a row), a contact in a list and in a command',
      code:
        '| role | name | phone | email |\n|---|---|---|---|\n| Lead | [Name] | [Phone] | [Email] |\n' +
        '| DBA | [Name] | [Phone] | [Email] |\n\n- **DBA:** [24/7 contact]\n' +
        fence('bash', 'echo "Join the bridge: [Conference number]"'),
      errors: [
        { messageId: 'unfinished', line: 3, column: 19, endLine: 3, endColumn: 26 },
        { messageId: 'unfinished', line: 4, column: 18, endLine: 4, endColumn: 25 },
        { messageId: 'unfinished', line: 6, column: 5, endLine: 6, endColumn: 26 },
        { messageId: 'command', line: 8, column: 24, endLine: 8, endColumn: 43 },
      ],
    },
    {
      name: 'a template slot where commands go, an elided URL, a here-document over a file with lines left out',
      code:
        fence(
          'bash',
          [
            'export MONGO_URL="mongodb://..."',
            "sed -i 's|postgresql://.*|mongodb://...|' .env.production",
            'cat > .env.production <<EOF',
            'NODE_ENV=production',
            '# ... (other variables)',
            'EOF',
            "tee /etc/app.conf <<'END' >/dev/null",
            '...',
            'END',
          ].join('\n'),
        ) + fence('bash', '# Option B: restore from backup\n# [Specific restore commands for your environment]'),
      errors: [
        { messageId: 'command', line: 2, column: 19, endLine: 2, endColumn: 32 },
        { messageId: 'command', line: 3, column: 27, endLine: 3, endColumn: 40 },
        { messageId: 'elidedWrite', line: 6, column: 1, endLine: 6, endColumn: 24 },
        { messageId: 'elidedWrite', line: 9, column: 1, endLine: 9, endColumn: 4 },
        { messageId: 'slot', line: 14, column: 3, endLine: 14, endColumn: 51 },
      ],
    },
    {
      name: 'a hotline, an elided host before a path (in a substitution too), a here-document piped into tee, 1>',
      code:
        '- Vendor: [Support hotline]\n' +
        fence(
          'bash',
          [
            'curl -fsS https://.../healthz',
            'echo "up: $(curl -fsS https://.../up)"',
            "cat <<'EOF' | sudo tee /etc/app/one.conf >/dev/null",
            'port=8080',
            '# ... (other settings)',
            'EOF',
            'cat 1> /etc/app/two.conf <<EOF',
            '...',
            'EOF',
          ].join('\n'),
        ),
      errors: [
        { messageId: 'unfinished', line: 1, column: 3, endLine: 1, endColumn: 28 },
        { messageId: 'command', line: 3, column: 11, endLine: 3, endColumn: 22 },
        { messageId: 'command', line: 4, column: 23, endLine: 4, endColumn: 34 },
        { messageId: 'elidedWrite', line: 7, column: 1, endLine: 7, endColumn: 23 },
        { messageId: 'elidedWrite', line: 10, column: 1, endLine: 10, endColumn: 4 },
      ],
    },
    {
      name: 'a contact left blank in a progress table’s row, and a here-document in a CRLF block',
      code:
        '| task | state | contact |\n|---|---|---|\n| copy | Done | ops |\n| migrate | TODO | [Phone] |\n\n' +
        '```bash\r\ncat > .env <<EOF\r\nA=1\r\n# ... (other variables)\r\nEOF\r\n```\r\n',
      errors: [
        { messageId: 'unfinished', line: 4, column: 20, endLine: 4, endColumn: 27 },
        { messageId: 'elidedWrite', line: 9, column: 1, endLine: 9, endColumn: 24 },
      ],
    },
  ],
});
