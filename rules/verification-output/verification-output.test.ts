import { fence } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const section = (title: string, ...body: string[]): string => `## ${title}\n\n${body.join('\n')}`;

ruleTester('verification-output', {
  valid: [
    {
      name: 'the output it should print, in a block right after',
      code: section(
        'Step 4: Check the replicas',
        'Verify the replica count:\n',
        fence('bash', 'kubectl get deploy api'),
        fence('text', 'api   3/3   3   3'),
      ),
    },
    {
      name: 'the expectation after the command, in prose',
      code: section(
        'Step 4',
        'Confirm the migration ran:\n',
        fence('sql', 'SELECT count(*) FROM schema_migrations;'),
        'You should see 42.\n',
      ),
    },
    {
      name: 'the condition in the sentence itself',
      code: section('Step 4', 'Check that every pod is Running:\n', fence('bash', 'kubectl get pods -n api')),
    },
    {
      name: 'an expectation in a comment of the command, or a comment that states what must hold',
      code:
        section(
          'Step 4',
          'Verify the backup:\n',
          fence('bash', 'pg_restore --list backup.dump | wc -l\n# Expected: 26 or more'),
        ) + section('Step 5', 'Verify the service:\n', fence('bash', '# the process is running\npgrep -f api')),
    },
    {
      name: 'what each command gives, at the end of its line',
      code: section(
        'Step 4',
        'Check the outcome:\n',
        fence('bash', 'grep -c FALLBACK storage/logs/laravel.log   # one more than before'),
      ),
    },
    {
      name: 'a session written with its prompts shows its output',
      code: section('Step 4', 'Check the version:\n', fence('console', '$ psql --version\npsql (PostgreSQL) 16.2')),
    },
    {
      name: 'a command that is no check, and "check out" a branch',
      code:
        section('Step 2: Deploy', 'Run the deploy:\n', fence('bash', 'make deploy')) +
        section('Step 3', 'Check out the release branch:\n', fence('bash', 'git checkout release/2.4')),
    },
    {
      name: 'a check of a language nobody runs at a prompt',
      code: section('Step 4', 'Verify the config:\n', fence('yaml', 'replicas: 3')),
    },
  ],
  invalid: [
    {
      name: 'a check with nothing said about what it prints',
      code: section(
        'Step 4: Back up',
        'Verify the backup:\n',
        fence('bash', 'pg_restore --list backup.dump | wc -l'),
        'Then go on.\n',
      ),
      errors: [{ messageId: 'noExpectation', line: 5, column: 1, endLine: 5, endColumn: 8 }],
    },
    {
      name: 'a heading that introduces the check, a numbered step, "to verify"',
      code:
        '### Check Cluster Status\n\n' +
        fence('bash', 'aws docdb describe-db-clusters') +
        '\n1. Verify data integrity\n\n' +
        fence('sql', 'SELECT * FROM a EXCEPT SELECT * FROM b;') +
        '\nRun this to confirm the queue drained:\n\n' +
        fence('bash', 'rabbitmqctl list_queues'),
      errors: [
        { messageId: 'noExpectation', line: 3, column: 1, endLine: 3, endColumn: 8 },
        { messageId: 'noExpectation', line: 9, column: 1, endLine: 9, endColumn: 7 },
        { messageId: 'noExpectation', line: 15, column: 1, endLine: 15, endColumn: 8 },
      ],
    },
  ],
});
