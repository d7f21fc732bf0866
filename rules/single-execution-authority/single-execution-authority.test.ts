import { php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const canonicalSwitch = php(
  [
    'switch ($mode) {', // 2
    "    case 'OFF':", // 3
    '        $legacySend();', // 4
    '        break;', // 5
    "    case 'SHADOW':", // 6
    '        $legacySend();', // 7
    '        $client->sendBatch($tenantId, $messages, $campaignId, true);', // 8
    '        break;', // 9
    "    case 'ON':", // 10
    '        try {', // 11
    '            $result = $client->sendBatch($tenantId, $messages, $campaignId, false);', // 12
    '        } catch (\\Illuminate\\Http\\Client\\ConnectionException $e) {', // 13
    '            $legacySend();', // 14
    '        }', // 15
    '        break;', // 16
    '}',
  ].join('\n'),
);

const table = (shadowRow: string, offRow = '| OFF | YES | NO | n/a | Laravel |'): string =>
  [
    '| Mode | Laravel sends | Go called | Go dry_run | Response from |',
    '|---|---|---|---|---|',
    offRow,
    shadowRow,
    '| ON | NO | YES | false | Go |',
    '',
  ].join('\n');

const offCallsNew = php(
  [
    'switch ($mode) {',
    "    case 'OFF':",
    '        $legacySend();',
    '        $client->sendBatch(1, $messages);',
    '        break;',
    '}',
  ].join('\n'),
);
const shadowMatchNamed = php(
  [
    '$result = match ($mode) {',
    "    'OFF' => $legacySend(),",
    "    'SHADOW' => [$legacySend(), $client->sendBatch(1, $m, null, dryRun: false)],",
    "    'ON' => $client->sendBatch(1, $m, null, false),",
    '};',
  ].join('\n'),
);
const shadowResultDecides = php(
  [
    "if ($mode === 'SHADOW') {",
    '    $legacySend();',
    '    $result = $client->sendBatch(1, $m, null, true);',
    "    if ($result['results'][0]['status'] === 'failed') {",
    "        return back()->with('warning', 'failed');",
    '    }',
    "} elseif ($mode === 'ON') {",
    '    $client->sendBatch(1, $m, null, false);',
    '}',
  ].join('\n'),
);

ruleTester('single-execution-authority', {
  valid: [
    { name: 'the canonical switch', code: canonicalSwitch },
    {
      name: 'an if/elseif chain with a narrow fallback and an open-circuit check',
      code: php(
        [
          "if ($mode === 'OFF') {",
          '    $legacySend();',
          "} elseif ($mode === 'SHADOW') {",
          '    $legacySend();',
          '    $shadow = $client->sendBatch($tenantId, $messages, null, dryRun: true);',
          "    Log::info('shadow', $shadow);",
          '} else {',
          '    if ($breaker->isOpen($tenantId)) {',
          '        $legacySend();',
          '    }',
          '    try {',
          '        $client->sendBatch($tenantId, $messages, null, false);',
          '    } catch (ConnectionException $e) {',
          '        $legacySend();',
          '    }',
          '}',
        ].join('\n'),
      ),
    },
    { name: 'a correct mode table', code: table('| SHADOW | YES | YES (dry run) | true | Laravel |') },
    {
      name: 'a negated FAQ answer',
      code: 'In SHADOW mode the Go result does not affect the response, and it is never returned to the caller.\n',
    },
    {
      name: 'an ON fallback limited to timeout, transport failure and open circuit',
      code:
        'In ON mode Laravel falls back to the legacy driver only when ' +
        'the Go call times out or the breaker is open.\n',
    },
    {
      name: 'a read-only excerpt of the old controller',
      code: `## Current controller (read-only excerpt)\n\n${php(
        "if ($mode === 'OFF') {\n" + '    $client->sendBatch(1, $m);\n' + '}',
      )}`,
    },
    {
      name: 'the preposition "on" is not the ON mode',
      code: 'Turn on verbose logging; the Go result is returned to the dashboard only.\n',
    },
  ],
  invalid: [
    {
      name: 'OFF calls the new service',
      code: offCallsNew,
      errors: [
        {
          messageId: 'offCallsNew',
          line: 5,
          column: 9,
          endLine: 5,
          endColumn: 41,
          suggestions: [{ output: offCallsNew.replace('        $client->sendBatch(1, $messages);\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'SHADOW calls with dry_run false (positional)',
      code: canonicalSwitch.replace('$campaignId, true);', '$campaignId, false);'),
      // the unsafe fix gives back the canonical switch
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 8,
          column: 9,
          endLine: 8,
          endColumn: 69,
          suggestions: [{ output: canonicalSwitch }],
        },
      ],
      output: null,
    },
    {
      name: 'SHADOW arm of a match with dryRun: false (named)',
      code: shadowMatchNamed,
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 4,
          column: 33,
          endLine: 4,
          endColumn: 79,
          suggestions: [{ output: shadowMatchNamed.replace('dryRun: false', 'dryRun: true') }],
        },
      ],
      output: null,
    },
    {
      name: 'SHADOW result decides the response',
      code: shadowResultDecides,
      errors: [
        {
          messageId: 'shadowResultUsed',
          line: 5,
          column: 8,
          endLine: 5,
          endColumn: 54,
          suggestions: [
            {
              output: shadowResultDecides.replace(
                "    if ($result['results'][0]['status'] === 'failed') {\n" +
                  "        return back()->with('warning', 'failed');\n" +
                  '    }\n',
                '',
              ),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'SHADOW without the legacy send',
      code: php(
        [
          'switch ($mode) {',
          "    case 'SHADOW':",
          '        $client->sendBatch(1, $m, null, true);',
          '        break;',
          "    case 'ON':",
          '        $client->sendBatch(1, $m, null, false);',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'shadowNoLegacy', line: 3, column: 10, endLine: 3, endColumn: 18, suggestions: [] }],
      output: null,
    },
    {
      name: 'ON sends through legacy as well, unconditionally',
      code: php(
        [
          'switch ($mode) {',
          "    case 'OFF':",
          '        $legacySend();',
          '        break;',
          "    case 'ON':",
          '        $client->sendBatch(1, $m, null, false);',
          '        $legacySend();',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'onLegacyUnguarded', line: 8, column: 9, endLine: 8, endColumn: 22, suggestions: [] }],
      output: null,
    },
    {
      name: 'ON falls back on any Throwable',
      code: canonicalSwitch.replace('\\Illuminate\\Http\\Client\\ConnectionException $e', '\\Throwable $e'),
      // the unsafe fix gives back the canonical switch
      errors: [
        {
          messageId: 'onFallbackTooBroad',
          line: 13,
          column: 18,
          endLine: 13,
          endColumn: 28,
          suggestions: [{ output: canonicalSwitch }],
        },
      ],
      output: null,
    },
    {
      name: 'ON with dry_run true',
      code: canonicalSwitch.replace('$campaignId, false);', '$campaignId, true);'),
      // the unsafe fix gives back the canonical switch
      errors: [
        {
          messageId: 'onDryRun',
          line: 12,
          column: 23,
          endLine: 12,
          endColumn: 82,
          suggestions: [{ output: canonicalSwitch }],
        },
      ],
      output: null,
    },
    {
      name: 'mode table: OFF calls Go',
      code: table('| SHADOW | YES | YES | true | Laravel |', '| OFF | YES | YES | n/a | Laravel |'),
      errors: [{ messageId: 'tableCell', line: 3, column: 15, endLine: 3, endColumn: 18, suggestions: [] }],
      // the OFF row's Go called cell becomes NO, which is table()'s default OFF row
      output: table('| SHADOW | YES | YES | true | Laravel |'),
    },
    {
      name: 'mode table: SHADOW with dry_run false and the Go response',
      code: table('| SHADOW | YES | YES | false | Go result |'),
      errors: [
        { messageId: 'tableCell', line: 4, column: 24, endLine: 4, endColumn: 29, suggestions: [] },
        { messageId: 'tableCell', line: 4, column: 32, endLine: 4, endColumn: 41, suggestions: [] },
      ],
      // dry_run false -> true, and the response is Laravel's
      output: table('| SHADOW | YES | YES | true | Laravel |'),
    },
    {
      name: 'prose: the SHADOW result is returned',
      code: 'In SHADOW mode both paths run. The Go result is returned to the caller when it arrives first.\n',
      errors: [{ messageId: 'prose', line: 1, column: 32, endLine: 1, endColumn: 94, suggestions: [] }],
      output:
        'In SHADOW mode both paths run. The Go result in SHADOW mode is logged for comparison only; ' +
        'it never decides the HTTP response or the quota.\n',
    },
    {
      name: 'prose: ON falls back on any error',
      code: 'In ON mode Laravel falls back to the legacy driver whenever the Go call throws an exception.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 93, suggestions: [] }],
      output:
        'In ON mode Laravel falls back to the legacy driver only when the Go call times out (> 500 ms), ' +
        'fails in transport, or the circuit breaker is open.\n',
    },
    {
      name: 'prose: OFF still calls Go',
      code: 'In OFF mode the controller also calls the Go service to warm its cache.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 72, suggestions: [] }],
      output: 'In OFF mode the Go service is not called.\n',
    },
  ],
});
