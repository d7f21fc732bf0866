import { php } from '../helpers/md.js';
import { ruleTester } from '../helpers/rule-tester.js';

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
      code: 'In ON mode Laravel falls back to the legacy driver only when the Go call times out or the breaker is open.\n',
    },
    {
      name: 'a read-only excerpt of the old controller',
      code: `## Current controller (read-only excerpt)\n\n${php("if ($mode === 'OFF') {\n    $client->sendBatch(1, $m);\n}")}`,
    },
    {
      name: 'the preposition "on" is not the ON mode',
      code: 'Turn on verbose logging; the Go result is returned to the dashboard only.\n',
    },
  ],
  invalid: [
    {
      name: 'OFF calls the new service',
      code: php(
        [
          'switch ($mode) {',
          "    case 'OFF':",
          '        $legacySend();',
          '        $client->sendBatch(1, $messages);',
          '        break;',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'offCallsNew', line: 5, column: 9 }],
    },
    {
      name: 'SHADOW calls with dry_run false (positional)',
      code: canonicalSwitch.replace('$campaignId, true);', '$campaignId, false);'),
      errors: [{ messageId: 'shadowNotDryRun', line: 8 }],
    },
    {
      name: 'SHADOW arm of a match with dryRun: false (named)',
      code: php(
        [
          '$result = match ($mode) {',
          "    'OFF' => $legacySend(),",
          "    'SHADOW' => [$legacySend(), $client->sendBatch(1, $m, null, dryRun: false)],",
          "    'ON' => $client->sendBatch(1, $m, null, false),",
          '};',
        ].join('\n'),
      ),
      errors: [{ messageId: 'shadowNotDryRun', line: 4 }],
    },
    {
      name: 'SHADOW result decides the response',
      code: php(
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
      ),
      errors: [{ messageId: 'shadowResultUsed', line: 5 }],
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
      errors: [{ messageId: 'shadowNoLegacy', line: 3 }],
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
      errors: [{ messageId: 'onLegacyUnguarded', line: 8 }],
    },
    {
      name: 'ON falls back on any Throwable',
      code: canonicalSwitch.replace('\\Illuminate\\Http\\Client\\ConnectionException $e', '\\Throwable $e'),
      errors: [{ messageId: 'onFallbackTooBroad', line: 13 }],
    },
    {
      name: 'ON with dry_run true',
      code: canonicalSwitch.replace('$campaignId, false);', '$campaignId, true);'),
      errors: [{ messageId: 'onDryRun', line: 12 }],
    },
    {
      name: 'mode table: OFF calls Go',
      code: table('| SHADOW | YES | YES | true | Laravel |', '| OFF | YES | YES | n/a | Laravel |'),
      errors: [{ messageId: 'tableCell', line: 3, column: 15 }],
    },
    {
      name: 'mode table: SHADOW with dry_run false and the Go response',
      code: table('| SHADOW | YES | YES | false | Go result |'),
      errors: [
        { messageId: 'tableCell', line: 4, column: 24 },
        { messageId: 'tableCell', line: 4, column: 32 },
      ],
    },
    {
      name: 'prose: the SHADOW result is returned',
      code: 'In SHADOW mode both paths run. The Go result is returned to the caller when it arrives first.\n',
      errors: [{ messageId: 'prose', line: 1, column: 32 }],
    },
    {
      name: 'prose: ON falls back on any error',
      code: 'In ON mode Laravel falls back to the legacy driver whenever the Go call throws an exception.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1 }],
    },
    {
      name: 'prose: OFF still calls Go',
      code: 'In OFF mode the controller also calls the Go service to warm its cache.\n',
      errors: [{ messageId: 'prose', line: 1 }],
    },
  ],
});
