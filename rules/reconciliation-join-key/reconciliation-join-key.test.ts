import { php, sql } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { mismatchRule } from './expected.js';

const queries = sql(
  "-- Laravel side\nSELECT message_uuid FROM sms_logs WHERE source = 'go';\n-- Go " +
    'side\nSELECT message_uuid FROM go_sms_logs;',
);
const mismatch =
  'A mismatch is `missing_in_go`, `missing_in_laravel`, `status_mismatch` or `provider_message_id_mismatch`.\n';
const compare = 'Compare `sms_logs` with `go_sms_logs`.\n\n';
const step = (body: string): string => `## Step 19: Reconciliation Gate\n\n${body}\n${queries}\n${mismatch}`;
/** What the missingQueries fix inserts before the queries it adds (templates/verification-queries.md). */
const queriesIntro =
  '**Join key:** `message_uuid` is the ONLY join key for reconciliation.\n\n**Mandatory verification queries:**\n\n';
/** What the noMismatchRule fix appends (templates/mismatch-rule.md). */
ruleTester('reconciliation-join-key', {
  valid: [
    {
      name: 'another team’s reconciliation step is not asked for the SMS queries or mismatch rule',
      code: '## Phase 3: Reconciliation\n\n- [ ] T012 Reconcile the queued runs with the service’s records.\n',
    },
    {
      name: 'joined on message_uuid with both queries and the rule',
      code: step(
        sql('SELECT l.message_uuid FROM sms_logs l LEFT JOIN go_sms_logs g ON g.message_uuid = l.message_uuid;'),
      ),
    },
    { name: 'USING (message_uuid)', code: step(sql('SELECT * FROM sms_logs JOIN go_sms_logs USING (message_uuid);')) },
    {
      name: 'the mismatch rule in other words',
      code:
        `## Step 21: Reconcile\n\n${queries}\nRows missing in Go, missing in Laravel, whose status ` +
        `differs or whose provider message id differs are mismatches.\n`,
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
      errors: [
        {
          messageId: 'wrongJoinKey',
          line: 4,
          column: 48,
          endLine: 4,
          endColumn: 59,
          includes: ['id'],
          suggestions: [
            { output: step(sql('SELECT * FROM sms_logs l JOIN go_sms_logs g ON g.message_uuid = l.message_uuid;')) },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'joined on tenant and recipient',
      code: step(
        sql(
          'SELECT l.id\nFROM sms_logs l\nLEFT JOIN go_sms_logs g\n  ON g.tenant_id = l.tenant_id\n ' +
            'AND g.recipient = l.`to`;',
        ),
      ),
      errors: [
        {
          messageId: 'wrongJoinKey',
          line: 7,
          column: 6,
          endLine: 8,
          endColumn: 26,
          includes: ['tenant_id, recipient, to'],
          suggestions: [
            {
              output: step(
                sql('SELECT l.id\nFROM sms_logs l\nLEFT JOIN go_sms_logs g\n  ON g.message_uuid = l.message_uuid;'),
              ),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'message_uuid plus another column',
      code: step(
        sql(
          'SELECT * FROM go_sms_logs g JOIN sms_logs l ON l.message_uuid = g.message_uuid AND ' +
            'l.tenant_id = g.tenant_id;',
        ),
      ),
      errors: [
        {
          messageId: 'wrongJoinKey',
          line: 4,
          column: 48,
          endLine: 4,
          endColumn: 109,
          includes: ['tenant_id'],
          suggestions: [
            { output: step(sql('SELECT * FROM go_sms_logs g JOIN sms_logs l ON l.message_uuid = g.message_uuid;')) },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'USING a wrong column',
      code: step(sql('SELECT * FROM sms_logs JOIN go_sms_logs USING (id);')),
      // reported at the joined table; a USING list is left to a person
      errors: [{ messageId: 'wrongJoinKey', line: 4, column: 29, endLine: 4, endColumn: 40, suggestions: [] }],
      output: null,
    },
    {
      name: 'SQL in a PHP string joined on id',
      code: step(php("$rows = DB::select('SELECT l.id FROM sms_logs l JOIN go_sms_logs g ON g.id = l.id');")),
      // a join inside a string in code is left to a person
      errors: [{ messageId: 'wrongJoinKey', line: 4, column: 71, endLine: 4, endColumn: 82, suggestions: [] }],
      output: null,
    },
    {
      name: 'Laravel join builder on id',
      code: step(php("DB::table('sms_logs')->join('go_sms_logs', 'sms_logs.id', '=', 'go_sms_logs.id')->get();")),
      // the fix only rewrites an ON condition in a SQL block or a keyBy argument: a join builder has none
      errors: [{ messageId: 'wrongJoinKey', line: 4, column: 1, endLine: 4, endColumn: 81, suggestions: [] }],
      output: null,
    },
    {
      name: 'keyBy on id',
      code: step(php("$l = DB::table('sms_logs')->get()->keyBy('id');")),
      errors: [
        {
          messageId: 'wrongJoinKey',
          line: 4,
          column: 42,
          endLine: 4,
          endColumn: 46,
          suggestions: [{ output: step(php("$l = DB::table('sms_logs')->get()->keyBy('message_uuid');")) }],
        },
      ],
      output: null,
    },
    {
      name: 'verification queries missing',
      code: `## Step 19: Reconciliation Gate\n\n${compare}${mismatch}`,
      errors: [
        {
          messageId: 'missingQueries',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 32,
          includes: ["WHERE source = 'go'", 'FROM go_sms_logs'],
          suggestions: [],
        },
      ],
      // no SQL block in the step: the join key and both queries go at the end of the section
      output: `## Step 19: Reconciliation Gate\n\n${compare}${mismatch}\n${queriesIntro}${queries}`,
    },
    {
      name: 'the legacy query without the source filter',
      code:
        `## Step 19: Reconciliation ` +
        `Gate\n\n${sql('SELECT message_uuid FROM sms_logs;\nSELECT message_uuid FROM go_sms_logs;')}\n${mismatch}`,
      errors: [
        {
          messageId: 'missingQueries',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 32,
          includes: ['sms_logs WHERE'],
          suggestions: [],
        },
      ],
      // only the missing legacy query is added, before the step's first SQL block, which stays as it was
      output:
        `## Step 19: Reconciliation Gate\n\n${queriesIntro}` +
        `${sql("-- Laravel side\nSELECT message_uuid FROM sms_logs WHERE source = 'go';")}\n` +
        `${sql('SELECT message_uuid FROM sms_logs;\nSELECT message_uuid FROM go_sms_logs;')}\n${mismatch}`,
    },
    {
      name: 'no mismatch rule',
      code: `## Step 19: Reconciliation Gate\n\n${queries}\nCompare the two.\n`,
      errors: [
        {
          messageId: 'noMismatchRule',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 32,
          includes: ['missing_in_go', 'provider_message_id_mismatch'],
          suggestions: [],
        },
      ],
      output: `## Step 19: Reconciliation Gate\n\n${queries}\nCompare the two.\n\n${mismatchRule}`,
    },
  ],
});
