import { sql } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { mismatchRule } from './expected.js';

/** The per-message rule, read from what the queries compare and from prose that is not about totals. */
const bothQueries = sql(
  "SELECT message_uuid FROM sms_logs WHERE source = 'go';\nSELECT message_uuid FROM go_sms_logs;",
);
const reconcile = (body: string): string => `## Step 22: Reconcile the two logs\n\n${bothQueries}\n${body}`;
/** What the noMismatchRule fix appends at the end of the section (templates/mismatch-rule.md). */
const totalsOnly = reconcile(
  `${sql("SELECT COUNT(*) FROM sms_logs WHERE source = 'go';\nSELECT COUNT(*) FROM go_sms_logs;")}\n` +
    'Messages missing in Go or in Laravel, and status or provider message id differences, all show up as the two ' +
    'counts drifting apart: a difference within 0.5% of the total is tolerated.\n',
);
const missingOnly = reconcile(
  sql(
    'SELECT l.message_uuid FROM sms_logs l LEFT JOIN go_sms_logs g ON g.message_uuid = l.message_uuid ' +
      'WHERE g.message_uuid IS NULL;',
  ),
);
const d03 =
  `## Phase D: Verification\n\n### D-03 · Reconciliation\n\n` +
  `${sql('SELECT * FROM sms_logs l JOIN go_sms_logs g ON g.recipient = l.recipient;')}\n${bothQueries}\n` +
  'Missing in Go, missing in Laravel, status differs, provider message id differs: each is a mismatch.\n';

const perMessageSql = sql(
  [
    'SELECT COALESCE(l.message_uuid, g.message_uuid) AS message_uuid',
    'FROM sms_logs l',
    'FULL OUTER JOIN go_sms_logs g ON g.message_uuid = l.message_uuid',
    "WHERE l.source = 'go'",
    '  AND (g.message_uuid IS NULL',
    '    OR l.message_uuid IS NULL',
    '    OR l.status <> g.status',
    '    OR l.provider_message_id IS DISTINCT FROM g.provider_message_id);',
  ].join('\n'),
);

ruleTester('reconciliation-join-key', {
  valid: [
    {
      name: 'class 8: the query itself compares every message on both sides, status and provider id',
      code: reconcile(perMessageSql),
    },
    {
      name: 'class 8: NOT EXISTS both ways plus column comparisons, with counts shown as well',
      code: reconcile(
        `${sql(
          [
            'SELECT l.message_uuid FROM sms_logs l WHERE NOT EXISTS (SELECT 1 FROM go_sms_logs g WHERE ' +
              'g.message_uuid = l.message_uuid);',
            'SELECT g.message_uuid FROM go_sms_logs g WHERE g.message_uuid NOT IN (SELECT message_uuid FROM sms_logs);',
            'SELECT l.message_uuid FROM sms_logs l JOIN go_sms_logs g ON g.message_uuid = ' +
              'l.message_uuid WHERE l.status != g.status OR l.provider_message_id <> ' +
              'g.provider_message_id;',
          ].join('\n'),
        )}\nThe daily totals are also compared, within a 0.5% tolerance, as an early warning.\n`,
      ),
    },
  ],
  invalid: [
    {
      name: 'a reconciliation section that is not a numbered step ("### D-03 · Reconciliation") is checked too',
      code: d03,
      errors: [
        {
          messageId: 'wrongJoinKey',
          line: 6,
          column: 48,
          endLine: 6,
          endColumn: 73,
          suggestions: [{ output: d03.replace('ON g.recipient = l.recipient', 'ON g.message_uuid = l.message_uuid') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 8: reconciliation reduced to totals within a tolerance',
      code: totalsOnly,
      errors: [
        {
          messageId: 'noMismatchRule',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 35,
          includes: ['missing_in_go, missing_in_laravel, status_mismatch, provider_message_id_mismatch'],
          suggestions: [],
        },
      ],
      // the rule goes at the end of the section; the sentence about totals stays
      output: `${totalsOnly}\n${mismatchRule}`,
    },
    {
      name: 'class 8: the query finds missing messages but never compares status or provider ids',
      code: missingOnly,
      errors: [
        {
          messageId: 'noMismatchRule',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 35,
          includes: ['missing_in_laravel, status_mismatch, provider_message_id_mismatch'],
          suggestions: [],
        },
      ],
      output: `${missingOnly}\n${mismatchRule}`,
    },
  ],
});
