import { php, sql } from '../helpers/md.js';
import { ruleTester } from '../helpers/rule-tester.js';

const queries = sql(
  "-- Laravel side\nSELECT message_uuid FROM sms_logs WHERE source = 'go';\n-- Go side\nSELECT message_uuid FROM go_sms_logs;",
);
const mismatch =
  'A mismatch is `missing_in_go`, `missing_in_laravel`, `status_mismatch` or `provider_message_id_mismatch`.\n';
const step = (body: string): string => `## Step 19: Reconciliation Gate\n\n${body}\n${queries}\n${mismatch}`;

ruleTester('reconciliation-join-key', {
  valid: [
    {
      name: 'joined on message_uuid with both queries and the rule',
      code: step(
        sql('SELECT l.message_uuid FROM sms_logs l LEFT JOIN go_sms_logs g ON g.message_uuid = l.message_uuid;'),
      ),
    },
    { name: 'USING (message_uuid)', code: step(sql('SELECT * FROM sms_logs JOIN go_sms_logs USING (message_uuid);')) },
    {
      name: 'the mismatch rule in other words',
      code: `## Step 21: Reconcile\n\n${queries}\nRows missing in Go, missing in Laravel, whose status differs or whose provider message id differs are mismatches.\n`,
    },
    {
      name: 'Laravel collections keyed by message_uuid',
      code: step(php("$l = DB::table('sms_logs')->where('source', 'go')->get()->keyBy('message_uuid');")),
    },
    {
      name: 'a runbook without a reconciliation step',
      code: `## Step 3: Logs\n\n${sql('SELECT * FROM sms_logs l JOIN go_sms_logs g ON g.id = l.id;')}`,
    },
    {
      name: 'a join of the logs with an unrelated table',
      code: step(sql('SELECT * FROM sms_logs l JOIN tenants t ON t.id = l.tenant_id;')),
    },
  ],
  invalid: [
    {
      name: 'joined on id',
      code: step(sql('SELECT * FROM sms_logs l JOIN go_sms_logs g ON g.id = l.id;')),
      errors: [{ messageId: 'wrongJoinKey', line: 4, column: 48, includes: ['id'] }],
    },
    {
      name: 'joined on tenant and recipient',
      code: step(
        sql(
          'SELECT l.id\nFROM sms_logs l\nLEFT JOIN go_sms_logs g\n  ON g.tenant_id = l.tenant_id\n AND g.recipient = l.`to`;',
        ),
      ),
      errors: [{ messageId: 'wrongJoinKey', line: 7, includes: ['tenant_id, recipient, to'] }],
    },
    {
      name: 'message_uuid plus another column',
      code: step(
        sql(
          'SELECT * FROM go_sms_logs g JOIN sms_logs l ON l.message_uuid = g.message_uuid AND l.tenant_id = g.tenant_id;',
        ),
      ),
      errors: [{ messageId: 'wrongJoinKey', line: 4, includes: ['tenant_id'] }],
    },
    {
      name: 'USING a wrong column',
      code: step(sql('SELECT * FROM sms_logs JOIN go_sms_logs USING (id);')),
      errors: [{ messageId: 'wrongJoinKey', line: 4 }],
    },
    {
      name: 'SQL in a PHP string joined on id',
      code: step(php("$rows = DB::select('SELECT l.id FROM sms_logs l JOIN go_sms_logs g ON g.id = l.id');")),
      errors: [{ messageId: 'wrongJoinKey', line: 4 }],
    },
    {
      name: 'Laravel join builder on id',
      code: step(php("DB::table('sms_logs')->join('go_sms_logs', 'sms_logs.id', '=', 'go_sms_logs.id')->get();")),
      errors: [{ messageId: 'wrongJoinKey', line: 4 }],
    },
    {
      name: 'keyBy on id',
      code: step(php("$l = DB::table('sms_logs')->get()->keyBy('id');")),
      errors: [{ messageId: 'wrongJoinKey', line: 4, column: 42 }],
    },
    {
      name: 'verification queries missing',
      code: `## Step 19: Reconciliation Gate\n\n${mismatch}`,
      errors: [{ messageId: 'missingQueries', line: 1, includes: ["WHERE source = 'go'", 'FROM go_sms_logs'] }],
    },
    {
      name: 'the legacy query without the source filter',
      code: `## Step 19: Reconciliation Gate\n\n${sql('SELECT message_uuid FROM sms_logs;\nSELECT message_uuid FROM go_sms_logs;')}\n${mismatch}`,
      errors: [{ messageId: 'missingQueries', line: 1, includes: ['sms_logs WHERE'] }],
    },
    {
      name: 'no mismatch rule',
      code: `## Step 19: Reconciliation Gate\n\n${queries}\nCompare the two.\n`,
      errors: [{ messageId: 'noMismatchRule', line: 1, includes: ['missing_in_go', 'provider_message_id_mismatch'] }],
    },
  ],
});
