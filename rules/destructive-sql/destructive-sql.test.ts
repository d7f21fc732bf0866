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
    {
      name: 'statements inside a function body run when it is called, not here',
      code: step(
        'Step 2: Add the purge function',
        fence(
          'sql',
          'CREATE FUNCTION purge() RETURNS void AS $$\nBEGIN\n' +
            '  TRUNCATE staging_events;\n  DELETE FROM staging_errors;\n' +
            'END;\n$$ LANGUAGE plpgsql;',
        ),
      ),
    },
    {
      name: 'ALTER … DROP that keeps every row: an identity, an expression, a check, a default',
      code: step(
        'Step 3: Relax the schema',
        fence(
          'sql',
          'ALTER TABLE orders ALTER COLUMN id DROP IDENTITY;\n' +
            'ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION;\n' +
            'ALTER TABLE orders DROP CHECK positive_total, ALTER COLUMN note DROP DEFAULT;',
        ),
      ),
    },
    {
      name: 'a multi-table DELETE or UPDATE limited by its JOIN',
      code: step(
        'Step 4: Remove orphans',
        fence(
          'sql',
          'DELETE l FROM lines l INNER JOIN orphan_ids o ON o.id = l.order_id;\n' +
            'UPDATE orders o JOIN price_fix p ON p.id = o.id SET o.total = p.total;',
        ),
      ),
    },
    {
      name: 'a copy of the table kept first: COPY … TO, or CREATE TABLE … AS',
      code:
        step('Step 1: Archive', fence('sql', "COPY (SELECT * FROM invoices_old) TO '/archive/invoices_old.csv' CSV;")) +
        step('Step 2: Drop', fence('sql', 'DROP TABLE invoices_old;')),
    },
    {
      name: 'a look at the table in an earlier step',
      code:
        step('Step 3: Verify nothing reads the old table', fence('sql', 'SELECT count(*) FROM invoices_old;')) +
        step('Step 4: Drop it', fence('sql', 'DROP TABLE invoices_old;')),
    },
    {
      name: 'shell: SQL words in a comment, in a string no SQL client reads, and a read through psql',
      code: step(
        'Step 5: Look around',
        fence(
          'bash',
          '# DROP TABLE invoices_old; comes in the next release\n' +
            'echo "DROP TABLE invoices_old;" > notes.txt\n' +
            'psql "$DATABASE_URL" -c "SELECT count(*) FROM invoices_old;"',
        ),
      ),
    },
    {
      name: 'shell: a backup with pg_dump, then the DROP through psql',
      code: step(
        'Step 5: Drop the old table',
        fence('bash', 'pg_dump -t invoices_old billing > invoices_old.sql\npsql billing -c "DROP TABLE invoices_old;"'),
      ),
    },
    {
      name: 'shell: what a session printed is no command',
      code: step('Step 5: Inspect', fence('console', '$ psql -c "\\dt"\nDROP TABLE would appear here\n')),
    },
    {
      name: 'shell: a \\copy of what goes and a count through psql -Atc, earlier in the step',
      code: step(
        'Step 8: Drop the etag column',
        fence(
          'bash',
          'psql "$DSN" -c "\\copy (SELECT id, etag FROM attachments) TO \'etag.csv\' CSV"\n' +
            'psql "$DSN" -Atc "SELECT count(*) FROM attachments WHERE etag IS NOT NULL"',
        ),
        fence('sql', 'ALTER TABLE attachments DROP COLUMN etag;'),
      ),
    },
    {
      name: 'a full dump earlier in the runbook, even steps before',
      code:
        step('Step 1: Dump', fence('bash', 'pg_dump -Fc -d ledger -f ledger.dump')) +
        step('Step 2: Wait', 'Wait for the overnight batch.\n') +
        step('Step 3: Empty the audit table', fence('sql', 'TRUNCATE audit_events;')),
    },
    {
      name: 'backups in other forms: sudo -iu, compose -f … exec, a variable, restic -r, an LVM snapshot',
      code:
        step(
          'Step 1: Back up',
          fence(
            'bash',
            'sudo -iu postgres pg_dump -Fc app > app.dump\n' +
              'docker compose -f compose.prod.yml exec -T db pg_dump -Fc app > app2.dump\n' +
              'PGDUMP=/usr/lib/postgresql/16/bin/pg_dump\n$PGDUMP -Fc app > app3.dump\n' +
              'restic -r /srv/restic backup /var/lib/postgresql\nlvcreate --snapshot -L 10G -n pgsnap vg0/pg',
          ),
        ) + step('Step 2: Empty the log', fence('sql', 'TRUNCATE TABLE ONLY audit_log;')),
    },
    {
      name: 'a DROP under a rollback label line or a recovery heading, of a temporary table, of a clustering key',
      code:
        step(
          'Step 3: Add the shadow table',
          fence('sql', 'CREATE TABLE orders_shadow (id bigint);'),
          '**Rollback:**\n',
          fence('sql', 'DROP TABLE orders_shadow;'),
        ) +
        step('Recovery', fence('sql', 'DROP TABLE orders_v2;')) +
        step(
          'Step 4: Reshape',
          fence('sql', 'CREATE TEMPORARY TABLE stale_ids AS SELECT 1;\nDROP TABLE stale_ids;'),
          fence('sql', 'ALTER TABLE events DROP CLUSTERING KEY;'),
        ),
    },
  ],
  invalid: [
    {
      name: 'a dump that leaves the table out (pg_dump -T) is no backup of it',
      code:
        step('Step 1: Export', fence('bash', 'pg_dump -Fc -T audit_log app > app.dump')) +
        step('Step 2: Empty', fence('sql', 'TRUNCATE audit_log;')),
      errors: [{ messageId: 'unguarded', line: 9, column: 1, endLine: 9, endColumn: 19 }],
    },
    {
      name: 'dumps of other tables: mysqldump’s table list, the second table of a DROP',
      code:
        step('Step 1: Export', fence('bash', 'mysqldump shop customers > customers.sql\npg_dump -t a app > a.dump')) +
        step('Step 2: Empty', fence('sql', 'TRUNCATE orders;\nDROP TABLE a, b;')),
      errors: [
        { messageId: 'unguarded', line: 10, column: 1, endLine: 10, endColumn: 16 },
        { messageId: 'unguarded', line: 11, column: 1, endLine: 11, endColumn: 16 },
      ],
    },
    {
      name: 'a heading that denies a way back is no rollback',
      code: step(
        'Step 5: Drop the legacy tables (irreversible, no rollback)',
        fence('sql', 'DROP TABLE legacy_orders;'),
      ),
      errors: [{ messageId: 'unguarded', line: 4, column: 1, endLine: 4, endColumn: 25 }],
    },
    {
      name: 'a backup named only in a negated clause, and a dump of the roles only, are no backup',
      code:
        step(
          'Step 1: Roles',
          'Passwords come from the vault, not from the dump.\n',
          fence('bash', 'pg_dumpall --roles-only > roles.sql'),
        ) + step('Step 2: Trim', fence('sql', 'ALTER TABLE audit_events DROP COLUMN raw_v1;')),
      errors: [{ messageId: 'unguarded', line: 11, column: 1, endLine: 11, endColumn: 44 }],
    },
    {
      name: 'a look at the table three steps before is no check of what this step removes',
      code:
        step('Step 1: Count', fence('sql', 'SELECT count(*) FROM sessions;')) +
        step('Step 2: Wait', 'Wait a day.\n') +
        step('Step 3: Wait more', 'Wait another day.\n') +
        step('Step 4: Empty it', fence('sql', 'DELETE FROM sessions;')),
      errors: [{ messageId: 'unguarded', line: 15, column: 1, endLine: 15, endColumn: 21 }],
    },
    {
      name: 'shell: the client held in a variable an earlier block set',
      code:
        step('Step 1: Connect', fence('bash', 'export CAT="mysql --defaults-extra-file=$HOME/.my.cnf catalog"')) +
        step('Step 2: Reset', fence('console', "$ $CAT <<'SQL'\nDELETE FROM endpoints;\nSQL\nQuery OK")),
      errors: [{ messageId: 'unguarded', line: 10, column: 1, endLine: 10, endColumn: 22 }],
    },
    {
      name: 'shell: psql -c behind sudo, mysql --execute= inside kubectl exec, sqlite3, echo into psql',
      code: step(
        'Step 2: Reset the stores',
        fence(
          'bash',
          'sudo -u postgres psql "$URL" -c "DROP SCHEMA public CASCADE;"\n' +
            "kubectl exec -it db-0 -- mysql --execute='DELETE FROM carts'\n" +
            "sqlite3 app.db 'UPDATE users SET plan = 0'\n" +
            'echo "TRUNCATE jobs;" | psql',
        ),
      ),
      errors: [
        { messageId: 'unguarded', line: 4, column: 34, endLine: 4, endColumn: 52 },
        { messageId: 'unguarded', line: 5, column: 43, endLine: 5, endColumn: 60 },
        { messageId: 'unguarded', line: 6, column: 17, endLine: 6, endColumn: 29 },
        { messageId: 'unguarded', line: 7, column: 7, endLine: 7, endColumn: 20 },
      ],
    },
    {
      name: 'shell: a here-document fed to a client, and a session line with its prompt',
      code: step(
        'Step 2: Empty the queue',
        fence('bash', "psql billing <<'SQL'\nTRUNCATE jobs_old;\nSQL"),
        fence('console', '$ mysql -e "DROP TABLE sessions_old"\nQuery OK, 0 rows affected'),
      ),
      errors: [
        { messageId: 'unguarded', line: 5, column: 1, endLine: 5, endColumn: 18 },
        { messageId: 'unguarded', line: 10, column: 13, endLine: 10, endColumn: 36 },
      ],
    },
    {
      name: 'a DROP TABLE with nothing before it',
      code: step('Step 2: Remove the old table', fence('sql', 'DROP TABLE IF EXISTS invoices_old;')),
      errors: [{ messageId: 'unguarded', line: 4, column: 1, endLine: 4, endColumn: 34 }],
    },
    {
      name: 'a DELETE after a WITH, and one whose only WHERE is inside a subquery',
      code: step(
        'Step 6',
        fence('sql', 'WITH x AS (SELECT 1) DELETE FROM carts;\nDELETE FROM carts_old USING (SELECT 1 WHERE true) s;'),
      ),
      errors: [
        { messageId: 'unguarded', line: 4, column: 22, endLine: 4, endColumn: 39 },
        { messageId: 'unguarded', line: 5, column: 1, endLine: 5, endColumn: 22 },
      ],
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
      name: 'after a psql meta-command; every table of DROP TABLE a, b; a partition',
      code: step(
        'Step 3: Drop the 2018 data',
        fence(
          'sql',
          '\\set ON_ERROR_STOP on\nDROP TABLE invoices_2018, invoices_2019;\nALTER TABLE events DROP PARTITION p2018;',
        ),
      ),
      errors: [
        { messageId: 'unguarded', line: 5, column: 1, endLine: 5, endColumn: 40 },
        { messageId: 'unguarded', line: 6, column: 1, endLine: 6, endColumn: 40 },
      ],
    },
    {
      name: '"exports" in other prose is no backup, "check out" no check',
      code:
        step('Step 1: Deploy', 'The module exports a `purge()` helper.\n') +
        step('Step 2: Clear', 'Check out the release branch first.\n', fence('sql', 'DROP TABLE jobs;')),
      errors: [{ messageId: 'unguarded', line: 9, column: 1, endLine: 9, endColumn: 16 }],
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
