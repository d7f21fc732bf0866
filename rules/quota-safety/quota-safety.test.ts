import { php, sql } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

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

const shadowSwitch = php(
  [
    'switch ($mode) {',
    "    case 'SHADOW':",
    "        EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);",
    '}',
  ].join('\n'),
);
const shadowIf = php(
  ["if ($mode === 'SHADOW') {", "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);", '}'].join('\n'),
);
const handMade = php(
  [
    filter("'accepted', 'duplicate'"),
    'if (count($counted) > 0) {',
    "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', count($counted));",
    '}',
  ].join('\n'),
);
const dropsDuplicate = php(
  [
    filter("'accepted'"),
    "if ($mode === 'ON') {",
    "    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', count($counted));",
    '}',
  ].join('\n'),
);

ruleTester('quota-safety', {
  valid: [
    {
      name: 'mode table cells read for meaning: "⛔ none" in SHADOW, "🔻 −1 per accepted / duplicate" in ON',
      code: table('⛔ none', '🔻 −1 per `accepted` / `duplicate`'),
    },
    {
      name: 'mode table: a dash says nothing, and ON "yes, except `failed`" excludes the bad status',
      code: table('—', 'yes, except `failed`'),
    },
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
      code:
        `## Current code (read-only excerpt)\n` +
        `\n${php("EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', $sent);")}`,
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
      code: shadowSwitch,
      errors: [
        {
          messageId: 'inShadow',
          line: 4,
          column: 9,
          endLine: 4,
          endColumn: 70,
          suggestions: [
            {
              output: shadowSwitch.replace(
                "        EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);\n",
                '',
              ),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'decrement inside if mode === SHADOW',
      code: shadowIf,
      errors: [
        {
          messageId: 'inShadow',
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 66,
          suggestions: [
            { output: shadowIf.replace("    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);\n", '') },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'no mode guard although the status filter is right (the hand-made answer)',
      code: handMade,
      errors: [
        {
          messageId: 'noModeGuard',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 87,
          includes: ['OFF and SHADOW'],
          suggestions: [
            { output: handMade.replace('if (count($counted) > 0) {', "if ($mode === 'ON' && count($counted) > 0) {") },
          ],
        },
      ],
      output: null,
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
      errors: [{ messageId: 'noModeGuard', line: 6, column: 5, endLine: 6, endColumn: 80, suggestions: [] }],
      output: null,
    },
    {
      name: "status filter drops 'duplicate'",
      code: dropsDuplicate,
      errors: [
        {
          messageId: 'dropsDuplicate',
          line: 3,
          column: 42,
          endLine: 3,
          endColumn: 52,
          suggestions: [{ output: dropsDuplicate.replace("['accepted'], true", "['accepted', 'duplicate'], true") }],
        },
      ],
      output: null,
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
      errors: [{ messageId: 'noStatusFilter', line: 3, column: 5, endLine: 3, endColumn: 90, suggestions: [] }],
      output: null,
    },
    {
      name: 'query builder on the quota table, unguarded and unfiltered',
      code: php("DB::table('email_s_m_s_limit_rates')->where('owner_id', $t)->decrement('sms', $n);"),
      errors: [
        { messageId: 'noModeGuard', line: 2, column: 1, endLine: 2, endColumn: 82, suggestions: [] },
        { messageId: 'noStatusFilter', line: 2, column: 1, endLine: 2, endColumn: 82, suggestions: [] },
      ],
      output: null,
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
        // No fix: the decrement is in the else branch, so no `if` condition guards it. (The rule
        // offers `if ($mode === 'ON' && $mode === 'ON')`, which leaves the else branch unguarded.)
        { messageId: 'noModeGuard', line: 5, column: 5, endLine: 5, endColumn: 95, suggestions: [] },
        { messageId: 'noStatusFilter', line: 5, column: 5, endLine: 5, endColumn: 95, suggestions: [] },
      ],
      output: null,
    },
    {
      name: 'a SQL block that decrements',
      code: sql('UPDATE email_s_m_s_limit_rates SET sms = sms - 10 WHERE owner_id = 42;'),
      errors: [{ messageId: 'sqlBlock', line: 2, column: 1, endLine: 2, endColumn: 70, suggestions: [] }],
      output: null,
    },
    {
      name: 'mode table: SHADOW decrements',
      code: table('YES (Go accepted count)'),
      errors: [{ messageId: 'tableCell', line: 4, column: 18, endLine: 4, endColumn: 41, suggestions: [] }],
      output: table('NO'),
    },
    {
      name: 'mode table: SHADOW written as an amount per status, "🔻 −1 per `accepted`"',
      code: table('🔻 −1 per `accepted`'),
      errors: [{ messageId: 'tableCell', line: 4, column: 18, endLine: 4, endColumn: 37, suggestions: [] }],
      output: table('NO'),
    },
    {
      name: 'mode table: ON decrements for failed results too',
      code: table('⛔ none', 'yes, `failed` included'),
      errors: [{ messageId: 'tableCell', line: 5, column: 13, endLine: 5, endColumn: 35, suggestions: [] }],
      output: table('⛔ none', 'YES (accepted or duplicate)'),
    },
    {
      name: 'mode table: ON does not decrement',
      code: table('NO', 'NO'),
      errors: [{ messageId: 'tableCell', line: 5, column: 13, endLine: 5, endColumn: 15, suggestions: [] }],
      output: table('NO', 'YES (accepted or duplicate)'),
    },
    {
      name: 'prose: SHADOW decrements the quota',
      code: 'In SHADOW mode the quota is decremented for every accepted message.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 68, suggestions: [] }],
      output: 'In SHADOW mode the quota is not decremented for the Go result.\n',
    },
  ],
});
