import { fence } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const step = (title: string, ...body: string[]): string => `## ${title}\n\n${body.join('\n')}`;

ruleTester('destructive-sql', {
  valid: [
    {
      name: 'a DELETE with its WHERE, an UPDATE with its WHERE',
      code: step(
        'Step 4: Clean up',
        fence('sql', "DELETE FROM sessions WHERE expires_at < now();\nUPDATE users SET plan = 'free' WHERE id = 7;"),
      ),
    },
    {
      name: 'a backup taken in an earlier step',
      code:
        step('Step 1: Back up the database', fence('bash', 'pg_dump -Fc billing > billing.dump')) +
        step('Step 2: Drop the old table', fence('sql', 'DROP TABLE invoices_old;')),
    },
    {
      name: 'a count of what will go, right before, in the same block',
      code: step('Step 3: Empty the queue', fence('sql', 'SELECT count(*) FROM jobs_old;\nTRUNCATE jobs_old;')),
    },
    {
      name: 'a check in the prose of the step before the block',
      code: step(
        'Step 3: Empty the queue',
        'Confirm the workers are stopped and the queue is drained.\n',
        fence('sql', 'TRUNCATE jobs_old;'),
      ),
    },
    {
      name: 'dropping what the migration added, in the rollback',
      code: step('Rollback', fence('sql', 'ALTER TABLE orders DROP COLUMN status_v2;\nDROP TABLE orders_v2;')),
    },
    {
      name: 'a rehearsal between BEGIN and ROLLBACK',
      code: step('Step 2: Try it', fence('sql', 'BEGIN;\nDELETE FROM carts;\nSELECT count(*) FROM carts;\nROLLBACK;')),
    },
    {
      name: 'a temporary table, a dropped index or constraint, a comment',
      code: step(
        'Step 5: Tidy',
        fence(
          'sql',
          'DROP TABLE tmp_import;\nDROP INDEX idx_orders_day;\nALTER TABLE orders DROP CONSTRAINT fk_user;\n' +
            '-- DROP TABLE orders;',
        ),
      ),
    },
    {
      name: 'a WHERE of its own, after a subquery',
      code: step('Step 6', fence('sql', 'DELETE FROM carts WHERE user_id IN (SELECT id FROM users WHERE banned);')),
    },
    { name: 'SQL that is not in a SQL block', code: step('Step 6', fence('text', 'DROP TABLE orders;')) },
  ],
  invalid: [
    {
      name: 'a DROP TABLE with nothing before it',
      code: step('Step 2: Remove the old table', fence('sql', 'DROP TABLE IF EXISTS invoices_old;')),
      errors: [{ messageId: 'unguarded', line: 4, column: 1, endLine: 4, endColumn: 34 }],
    },
    {
      name: 'a DELETE whose only WHERE is inside a subquery',
      code: step(
        'Step 6',
        fence('sql', 'WITH x AS (SELECT 1) DELETE FROM carts;\nDELETE FROM carts_old USING (SELECT 1 WHERE true) s;'),
      ),
      errors: [{ messageId: 'unguarded', line: 5, column: 1, endLine: 5, endColumn: 22 }],
    },
    {
      name: 'an UPDATE of every row, a TRUNCATE and a dropped column',
      code: step(
        'Step 7: Reset',
        fence('sql', 'UPDATE accounts SET balance = 0;\nTRUNCATE TABLE ledger;\nALTER TABLE users DROP COLUMN email;'),
      ),
      errors: [
        { messageId: 'unguarded', line: 4, column: 1, endLine: 4, endColumn: 16 },
        { messageId: 'unguarded', line: 5, column: 1, endLine: 5, endColumn: 22 },
        { messageId: 'unguarded', line: 6, column: 1, endLine: 6, endColumn: 36 },
      ],
    },
    {
      name: 'a check in another step does not check this one',
      code:
        step('Step 1: Stop the workers', 'Confirm the workers are stopped.\n') +
        step('Step 2: Empty the queue', fence('sql', 'TRUNCATE jobs;')),
      errors: [{ messageId: 'unguarded', line: 7, column: 1, endLine: 7, endColumn: 14 }],
    },
  ],
});
