import { fence } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

ruleTester('shell-line-continuation', {
  valid: [
    {
      name: 'every line of the command ends with a backslash',
      code: fence('bash', 'gh-ost \\\n  --host=db1 \\\n  --execute'),
    },
    {
      name: 'a bullet of pasted output, an option inside a string, an option after a pipe',
      code: fence('bash', 'echo "--force is not used here"\n- Total records: 1,254\nls -la | grep --color=never md'),
    },
    {
      name: 'an option in a comment, and options of one-line commands',
      code: fence('bash', '# --execute comes later\nkubectl get pods --all-namespaces'),
    },
  ],
  invalid: [
    {
      name: 'a lost backslash: the rest of the options run as a command',
      code: fence('bash', 'gh-ost \\\n  --host=db1 \\\n  --database=shop\n  --execute'),
      errors: [{ messageId: 'lost', line: 5, column: 3, endLine: 5, endColumn: 12 }],
      output: `${fence('bash', 'gh-ost \\\n  --host=db1 \\\n  --database=shop \\\n  --execute')}`,
    },
    {
      name: 'an option with a value after the break, itself continued: read as an assignment by the parser',
      code: fence('bash', 'gh-ost \\\n  --table=orders\n  --alter="ADD x" \\\n  --execute'),
      errors: [{ messageId: 'lost', line: 4, column: 3, endLine: 4, endColumn: 18 }],
      output: fence('bash', 'gh-ost \\\n  --table=orders \\\n  --alter="ADD x" \\\n  --execute'),
    },
    {
      name: 'trailing spaces after the command are replaced: a backslash must end the line',
      code: fence('bash', 'pg_dump app   \n  --format=custom'),
      errors: [{ messageId: 'lost', line: 3, column: 3, endLine: 3, endColumn: 18 }],
      output: fence('bash', 'pg_dump app \\\n  --format=custom'),
    },
    {
      name: 'CRLF line endings stay as they are',
      code: '```bash\r\ngh-ost \\\r\n  --table=orders  \r\n  --execute\r\n```\r\n',
      errors: [{ messageId: 'lost', line: 4, column: 3, endLine: 4, endColumn: 12 }],
      output: '```bash\r\ngh-ost \\\r\n  --table=orders \\\r\n  --execute\r\n```\r\n',
    },
    {
      name: 'after a blank line the command the option belongs to is not clear: reported, not fixed',
      code: fence('bash', 'helm upgrade api ./chart\n\n  --atomic'),
      errors: [{ messageId: 'lost', line: 4, column: 3, endLine: 4, endColumn: 11 }],
      output: null,
    },
  ],
});
