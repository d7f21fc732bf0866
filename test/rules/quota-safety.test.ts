import { php, sql } from '../helpers/md.js';
import { ruleTester } from '../helpers/rule-tester.js';

const filter = (statuses: string): string =>
  [
    "$counted = array_filter($result['results'] ?? [], function ($r) {",
    `    return in_array($r['status'] ?? '', [${statuses}], true);`,
    '});',
  ].join('\n');

const table = (shadow: string, on = 'YES'): string =>
  [
    '| Mode | Laravel sends | Quota decrement |',
    '|---|---|---|',
    '| OFF | YES | YES (legacy) |',
    `| SHADOW | YES | ${shadow} |`,
    `| ON | NO | ${on} |`,
    '',
  ].join('\n');

ruleTester('quota-safety', {
  valid: [
    {
      name: 'guarded by mode ON, counting accepted and duplicate',
      code: php(
        [
          filter("'accepted', 'duplicate'"),
          "if ($mode === 'ON' && count($counted) > 0) {",
          "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', count($counted));",
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'the legacy send closure decrements its own count',
      code: php(
        [
          '$legacySend = function () use ($tenantId, $sent) {',
          "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', $sent);",
          '};',
        ].join('\n'),
      ),
    },
    {
      name: 'a read-only excerpt of the current controller',
      code: `## Current code (read-only excerpt)\n\n${php("EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', $sent);")}`,
    },
    {
      name: 'another column of the quota model',
      code: php("EmailSMSLimitRate::where('owner_id', $t)->decrement('email', 1);"),
    },
    { name: 'a negated sentence', code: 'Quota is never decremented in SHADOW mode for the Go result.\n' },
    { name: 'a mode table with NO for SHADOW', code: table('NO') },
    {
      name: 'a switch case ON with whereIn on both statuses',
      code: php(
        [
          'switch ($mode) {',
          "    case 'ON':",
          "        $n = Result::whereIn('status', ['accepted', 'duplicate'])->count();",
          "        EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', $n);",
          '}',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'decrement in a SHADOW switch case',
      code: php(
        [
          'switch ($mode) {',
          "    case 'SHADOW':",
          "        EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);",
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'inShadow', line: 4, column: 9 }],
    },
    {
      name: 'decrement inside if mode === SHADOW',
      code: php(
        ["if ($mode === 'SHADOW') {", "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);", '}'].join(
          '\n',
        ),
      ),
      errors: [{ messageId: 'inShadow', line: 3 }],
    },
    {
      name: 'no mode guard although the status filter is right (the hand-made answer)',
      code: php(
        [
          filter("'accepted', 'duplicate'"),
          'if (count($counted) > 0) {',
          "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', count($counted));",
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'noModeGuard', line: 6, includes: ['OFF and SHADOW'] }],
    },
    {
      name: 'inside a DB::transaction closure with no guard',
      code: php(
        [
          filter("'accepted', 'duplicate'"),
          'DB::transaction(function () use ($counted, $t) {',
          "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', count($counted));",
          '});',
        ].join('\n'),
      ),
      errors: [{ messageId: 'noModeGuard', line: 6 }],
    },
    {
      name: "status filter drops 'duplicate'",
      code: php(
        [
          filter("'accepted'"),
          "if ($mode === 'ON') {",
          "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', count($counted));",
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'dropsDuplicate', line: 3, column: 42 }],
    },
    {
      name: 'no status filter at all',
      code: php(
        [
          "if ($mode === 'ON') {",
          "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', count($result['results']));",
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'noStatusFilter', line: 3 }],
    },
    {
      name: 'query builder on the quota table, unguarded and unfiltered',
      code: php("DB::table('email_s_m_s_limit_rates')->where('owner_id', $t)->decrement('sms', $n);"),
      errors: [
        { messageId: 'noModeGuard', line: 2 },
        { messageId: 'noStatusFilter', line: 2 },
      ],
    },
    {
      name: 'a raw SQL decrement inside PHP, in an else branch of the mode check',
      code: php(
        [
          "if ($mode === 'ON') {",
          '    $x = 1;',
          '} else {',
          "    DB::statement('UPDATE email_s_m_s_limit_rates SET sms = sms - 1 WHERE owner_id = ?', [$t]);",
          '}',
        ].join('\n'),
      ),
      errors: [
        { messageId: 'noModeGuard', line: 5 },
        { messageId: 'noStatusFilter', line: 5 },
      ],
    },
    {
      name: 'a SQL block that decrements',
      code: sql('UPDATE email_s_m_s_limit_rates SET sms = sms - 10 WHERE owner_id = 42;'),
      errors: [{ messageId: 'sqlBlock', line: 2, column: 1 }],
    },
    {
      name: 'mode table: SHADOW decrements',
      code: table('YES (Go accepted count)'),
      errors: [{ messageId: 'tableCell', line: 4, column: 18 }],
    },
    {
      name: 'mode table: ON does not decrement',
      code: table('NO', 'NO'),
      errors: [{ messageId: 'tableCell', line: 5 }],
    },
    {
      name: 'prose: SHADOW decrements the quota',
      code: 'In SHADOW mode the quota is decremented for every accepted message.\n',
      errors: [{ messageId: 'prose', line: 1 }],
    },
  ],
});
