import { php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

/**
 * The branches of a mode switch asked about what they send through the helpers the runbook
 * defines (in the same block or another step's), with dry_run read from named arguments,
 * option arrays, local variables and the client's declared parameters.
 */
const service = (branches: { off?: string; shadow: string; on: string }, helpers: string): string =>
  php(
    [
      'final class SmsDispatcher', // 2
      '{', // 3
      '    public function __construct(private readonly MessagingServiceClient $client) {}', // 4
      '', // 5
      '    public function dispatch(string $mode, array $items): array', // 6
      '    {', // 7
      '        switch ($mode) {', // 8
      "            case 'OFF':", // 9
      `                ${branches.off ?? 'return $this->legacySend($items);'}`, // 10
      "            case 'SHADOW':", // 11
      '                $sent = $this->legacySend($items);', // 12
      `                ${branches.shadow}`, // 13
      '                return $sent;', // 14
      "            case 'ON':", // 15
      `                ${branches.on}`, // 16
      '        }', // 17
      '    }', // 18
      helpers,
      '}',
    ].join('\n'),
  );

const client = php(
  [
    'class MessagingServiceClient',
    '{',
    '    public function sendBatch(array $items, ?int $campaignId = null, bool $dryRun = false): array',
    '    {',
    "        return Http::timeout(0.5)->post('/v1/messages', ['items' => $items, 'dry_run' => $dryRun])->json();",
    '    }',
    '}',
  ].join('\n'),
);

const sendViaGo = [
  '    private function sendViaGo(array $items): array', // 19
  '    {', // 20
  '        try {', // 21
  '            return $this->client->sendBatch($items, dryRun: false);', // 22
  '        } catch (ConnectionException $e) {', // 23
  '            return $this->legacySend($items);', // 24
  '        }', // 25
  '    }', // 26
].join('\n');

const dryFalseLocal = service(
  {
    shadow: '$dry = false; $this->client->sendBatch($items, dryRun: $dry);',
    on: 'return $this->sendViaGo($items);',
  },
  sendViaGo,
);

const dryFalseOptions = service(
  { shadow: "$this->client->sendBatch($items, ['dry_run' => false]);", on: 'return $this->sendViaGo($items);' },
  sendViaGo,
);

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'class 10: the ON branch returns through a helper that calls Go and falls back only on a transport failure',
      code: service(
        { shadow: '$this->client->sendBatch($items, dryRun: true);', on: 'return $this->sendViaGo($items);' },
        sendViaGo,
      ),
    },
    {
      name: "class 1: the helper is defined in another step's block",
      code: `${service(
        { shadow: '$this->client->sendBatch($items, dryRun: true);', on: 'return $this->sendViaGo($items);' },
        '',
      )}\nLater, in Step 9:\n\n${php(`class SmsDispatcher\n{\n${sendViaGo}\n}`)}`,
    },
    {
      name: 'class 2: a positional dry_run matched to the parameters the client declares',
      code: `${client}\n${service(
        { shadow: '$this->client->sendBatch($items, null, true);', on: 'return $this->sendViaGo($items);' },
        sendViaGo,
      )}`,
    },
    {
      name: 'class 2: dry_run true in an options array held by a local variable',
      code: service(
        {
          shadow: "$options = ['dry_run' => true]; $this->client->sendBatch($items, $options);",
          on: 'return $this->sendViaGo($items);',
        },
        sendViaGo,
      ),
    },
    {
      name: "a fallback behind a check of the Go call's own result",
      code: service(
        {
          shadow: '$this->client->sendBatch($items, dryRun: true);',
          on:
            '$result = $this->client->sendBatch($items, dryRun: false); if ' +
            '($result === null) { return $this->legacySend($items); } return ' +
            '$result;',
        },
        '',
      ),
    },
  ],
  invalid: [
    {
      name: 'class 1: in ON the helper sends through the legacy path right after the Go call',
      code: service(
        { shadow: '$this->client->sendBatch($items, dryRun: true);', on: 'return $this->dispatchToGo($items);' },
        [
          '    private function dispatchToGo(array $items): array',
          '    {',
          '        $result = $this->client->sendBatch($items, dryRun: false);',
          '        $this->legacySend($items);',
          '        return $result;',
          '    }',
        ].join('\n'),
      ),
      errors: [
        {
          messageId: 'onLegacyUnguarded',
          line: 16,
          column: 24,
          endLine: 16,
          endColumn: 51,
          includes: ['through SmsDispatcher::dispatchToGo() (line 22)'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'class 10 counterpart: the ON branch returns through a helper that never reaches Go',
      code: service(
        { shadow: '$this->client->sendBatch($items, dryRun: true);', on: 'return $this->sendViaGateway($items);' },
        '',
      ),
      errors: [
        { messageId: 'onNoNewCall', line: 15, column: 18, endLine: 15, endColumn: 22, suggestions: [] },
        { messageId: 'onLegacyUnguarded', line: 16, column: 24, endLine: 16, endColumn: 53, suggestions: [] },
      ],
      output: null,
    },
    {
      name: 'class 1: in SHADOW the helper passes dryRun: false',
      code: service(
        { shadow: '$this->shadowToGo($items);', on: 'return $this->sendViaGo($items);' },
        `${sendViaGo}\n    private function shadowToGo(array $items): ` +
          `void\n    {\n        $this->client->sendBatch($items, dryRun: false);\n    }`,
      ),
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 42,
          includes: ['through SmsDispatcher::shadowToGo() (line 29)'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'class 1 and 2: the helper leaves dry_run out while the client declares bool $dryRun = false',
      code: `${client}\n${service(
        { shadow: '$this->shadowToGo($items);', on: 'return $this->sendViaGo($items);' },
        `${sendViaGo}\n    private function shadowToGo(array $items): ` +
          `void\n    {\n        $this->client->sendBatch($items);\n    }`,
      )}`,
      errors: [{ messageId: 'shadowNotDryRun', line: 23, column: 17, endLine: 23, endColumn: 42, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 2: dry_run false through a local variable',
      code: dryFalseLocal,
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 13,
          column: 31,
          endLine: 13,
          endColumn: 77,
          suggestions: [{ output: dryFalseLocal.replace('dryRun: $dry)', 'dryRun: true)') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 2: dry_run false in an options array',
      code: dryFalseOptions,
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 71,
          suggestions: [{ output: dryFalseOptions.replace("['dry_run' => false]", "['dry_run' => true]") }],
        },
      ],
      output: null,
    },
    {
      name: 'a condition on an unrelated null check is no fallback guard',
      code: service(
        {
          shadow: '$this->client->sendBatch($items, dryRun: true);',
          on:
            '$this->client->sendBatch($items, dryRun: false); if ($user !== ' +
            'null) { return $this->legacySend($items); } return [];',
        },
        '',
      ),
      errors: [{ messageId: 'onLegacyUnguarded', line: 16, column: 95, endLine: 16, endColumn: 120, suggestions: [] }],
      output: null,
    },
  ],
});

/** A SHADOW helper, as a loose method snippet: the legacy send, then the dry-run call. */
const legacyWithShadow = [
  'private function legacyWithShadow(array $items)',
  '{',
  '    $sent = $this->legacySend($items);',
  '    $this->client->sendBatch($items, dryRun: true);',
  '    return $sent;',
  '}',
];

const jobs = (goJobBody: string): string =>
  php(
    [
      'final class LegacyDeliveryJob implements ShouldQueue', // 2
      '{', // 3
      '    public function __construct(public readonly array $items) {}', // 4
      '    public function handle(LegacySmsDriver $driver): void', // 5
      '    {', // 6
      "        foreach ($this->items as $item) { $driver->send($item['recipient'], $item['body']); }", // 7
      '    }', // 8
      '}', // 9
      '', // 10
      'final class GoDeliveryJob implements ShouldQueue', // 11
      '{', // 12
      '    public function __construct(public readonly array $items) {}', // 13
      '    public function handle(MessagingServiceClient $client): void', // 14
      '    {', // 15
      ...goJobBody.split('\n'),
      '    }',
      '}',
    ].join('\n'),
  ) +
  php(
    [
      'switch ($mode) {',
      "    case 'OFF': LegacyDeliveryJob::dispatch($items); break;",
      "    case 'SHADOW': LegacyDeliveryJob::dispatch($items); dispatch(new GoShadowJob($items)); break;",
      "    case 'ON': GoDeliveryJob::dispatch($items); break;",
      '}',
    ].join('\n'),
  );

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'queued jobs: the ON job falls back to the legacy job only on a transport failure',
      code: jobs(
        [
          '        try {',
          '            $client->sendBatch($this->items, dryRun: false);',
          '        } catch (GoTransportException $e) {',
          '            LegacyDeliveryJob::dispatch($this->items);',
          '        }',
        ].join('\n'),
      ),
    },
    {
      name: 'methods shown as loose snippets without their class, called through $this',
      code: php(
        [
          'public function send(Request $request)',
          '{',
          '    return match ($mode) {',
          "        'OFF' => $this->legacySend($items),",
          "        'SHADOW' => $this->legacyWithShadow($items),",
          "        'ON' => $this->viaGo($items),",
          '    };',
          '}',
          '',
          ...legacyWithShadow,
          '',
          'private function viaGo(array $items)',
          '{',
          '    return $this->client->sendBatch($items, dryRun: false);',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'a match on enum cases named after the modes (SmsMode::Shadow) is the mode switch',
      code: php(
        [
          'return match ($mode) {',
          '    SmsMode::Off => $this->legacySend($items),',
          '    SmsMode::Shadow => $this->legacyWithShadow($items),',
          '    SmsMode::On => $this->client->sendBatch($items, dryRun: false),',
          '};',
          '',
          ...legacyWithShadow,
        ].join('\n'),
      ),
    },
    {
      name: 'an early return for every mode but ON says what OFF and SHADOW skip, not who sends in them',
      code: php("if ($mode !== 'ON') {\n    return;\n}\nforeach ($results as $r) {\n    $recorder->record($r);\n}"),
    },
  ],
  invalid: [
    {
      name: 'a match on enum cases: SMS sent twice in ON through the helper',
      code: php(
        [
          'return match ($mode) {', // 2
          '    SmsMode::Off => $this->legacySend($items),', // 3
          '    SmsMode::Shadow => $this->legacySend($items),', // 4
          '    SmsMode::On => $this->viaGo($items),', // 5
          '};', // 6
          '', // 7
          'private function viaGo(array $items)', // 8
          '{', // 9
          '    $result = $this->client->sendBatch($items, dryRun: false);', // 10
          '    $this->legacySend($items);', // 11
          '    return $result;', // 12
          '}',
        ].join('\n'),
      ),
      errors: [
        {
          messageId: 'onLegacyUnguarded',
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 40,
          includes: ['through viaGo() (line 11)'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'queued jobs: the ON job hands rejected messages to the legacy job after Go answered',
      code: jobs(
        [
          '        $result = $client->sendBatch($this->items, dryRun: false);',
          "        $rejected = array_filter($result['results'], fn ($r) => $r['status'] === 'rejected');",
          '        LegacyDeliveryJob::dispatch(array_values($rejected));',
        ].join('\n'),
      ),
      errors: [
        {
          messageId: 'onLegacyUnguarded',
          line: 26,
          column: 16,
          endLine: 26,
          endColumn: 47,
          includes: ['through GoDeliveryJob::handle() (line 18) → LegacyDeliveryJob::handle() (line 7)'],
          suggestions: [],
        },
      ],
      output: null,
    },
  ],
});

const envDefaultFalse = service(
  {
    shadow: "$this->client->sendBatch($items, dryRun: (bool) env('SHADOW_DRY_RUN', false));",
    on: 'return $this->sendViaGo($items);',
  },
  sendViaGo,
);

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'dry_run read from the environment with a default of true',
      code: service(
        {
          shadow: "$this->client->sendBatch($items, dryRun: (bool) env('SHADOW_DRY_RUN', true));",
          on: 'return $this->sendViaGo($items);',
        },
        sendViaGo,
      ),
    },
    {
      name: 'dry_run from config without a default is unknown: not reported',
      code: service(
        {
          shadow: "$this->client->sendBatch($items, dryRun: config('sms.shadow_dry_run'));",
          on: 'return $this->sendViaGo($items);',
        },
        sendViaGo,
      ),
    },
  ],
  invalid: [
    {
      name: 'dry_run read from the environment with a default of false: unless someone sets it, SHADOW sends for real',
      code: envDefaultFalse,
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 13,
          column: 17,
          endLine: 13,
          endColumn: 94,
          suggestions: [
            { output: envDefaultFalse.replace("dryRun: (bool) env('SHADOW_DRY_RUN', false)", 'dryRun: true') },
          ],
        },
      ],
      output: null,
    },
  ],
});

const shadowJob = php(
  [
    'final class ShadowDeliveryJob implements ShouldQueue', // 2
    '{', // 3
    '    public function __construct(public readonly array $items, ' +
      "public readonly array $options = ['dry_run' => true]) {}", // 4
    '    public function handle(MessagingServiceClient $client): void', // 5
    '    {', // 6
    "        $dryRun = (bool) ($this->options['dry_run'] ?? true);", // 7
    '        $client->sendBatch($this->items, dryRun: $dryRun);', // 8
    '    }', // 9
    '}', // 10
  ].join('\n'),
);
const dispatching = (shadow: string): string =>
  shadowJob +
  php(
    [
      'switch ($mode) {',
      "    case 'OFF': $legacySend(); break;",
      `    case 'SHADOW': $legacySend(); ${shadow} break;`,
      "    case 'ON': $client->sendBatch($items, dryRun: false); break;",
      '}',
    ].join('\n'),
  );

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'a shadow job dispatched with its default options (dry_run true)',
      code: dispatching('ShadowDeliveryJob::dispatch($items);'),
    },
    {
      name: "a shadow job dispatched with options: ['dry_run' => true]",
      code: dispatching("ShadowDeliveryJob::dispatch($items, options: ['dry_run' => true]);"),
    },
  ],
  invalid: [
    {
      name: "a shadow job dispatched with options: ['dry_run' => false] sends for real in handle()",
      code: dispatching("ShadowDeliveryJob::dispatch($items, options: ['dry_run' => false]);"),
      errors: [
        {
          messageId: 'shadowNotDryRun',
          line: 15,
          column: 35,
          endLine: 15,
          endColumn: 101,
          includes: ['through ShadowDeliveryJob::handle() (line 8)'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: "dispatch(new ShadowDeliveryJob($items, ['dry_run' => false])) does the same",
      code: dispatching("dispatch(new ShadowDeliveryJob($items, ['dry_run' => false]));"),
      errors: [{ messageId: 'shadowNotDryRun', line: 15, column: 35, endLine: 15, endColumn: 96, suggestions: [] }],
      output: null,
    },
  ],
});

/**
 * A SHADOW helper whose dry-run answer flows into what the legacy send is given: the shadow
 * result decides which messages the legacy driver sends (a value followed through assignments,
 * not a name searched in text).
 */
const shadowHelper = (body: string[]): string =>
  php(
    [
      'final class SmsDispatcher', // 2
      '{', // 3
      '    public function dispatch(string $mode, array $items): array', // 4
      '    {', // 5
      '        switch ($mode) {', // 6
      "            case 'OFF':", // 7
      '                return $this->legacySend($items);', // 8
      "            case 'SHADOW':", // 9
      '                return $this->withShadow($items);', // 10
      "            case 'ON':", // 11
      '                return $this->sendViaGo($items);', // 12
      '        }', // 13
      '    }', // 14
      '', // 15
      '    private function withShadow(array $items): array', // 16
      '    {', // 17
      ...body, // 18…
      '    }',
      sendViaGo,
      '}',
    ].join('\n'),
  );

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'the SHADOW helper sends through the legacy path first and only logs the shadow answer',
      code: shadowHelper([
        '        $sent = $this->legacySend($items);',
        '        $shadow = $this->client->sendBatch($items, dryRun: true);',
        "        Log::info('shadow', ['rejected' => count(array_filter($shadow['results'], fn ($r) => !$r['ok']))]);",
        '        return $sent;',
      ]),
    },
    {
      name: 'a closure parameter named like the shadow result is another variable',
      code: shadowHelper([
        '        $shadow = $this->client->sendBatch($items, dryRun: true);',
        "        $items = array_map(fn ($shadow) => $shadow + ['channel' => 'sms'], $items);",
        '        return $this->legacySend($items);',
      ]),
    },
  ],
  invalid: [
    {
      name: 'the SHADOW helper drops the messages the dry run rejected before the legacy send',
      code: shadowHelper([
        '        $shadow = $this->client->sendBatch($items, dryRun: true);',
        "        $kept = array_filter($items, fn ($i, $k) => $shadow['results'][$k]['ok'], ARRAY_FILTER_USE_BOTH);",
        '        $items = array_values($kept);',
        '        return $this->legacySend($items);',
      ]),
      errors: [
        {
          messageId: 'shadowSteersLegacy',
          line: 19,
          column: 9,
          endLine: 19,
          endColumn: 105,
          includes: ['($shadow)', 'legacySend() (line 21)'],
          suggestions: [],
        },
      ],
      output: null,
    },
  ],
});

/** The legacy path as an action class named for it (`SendViaLegacy::handle`), called through a typed property. */
const actions = (shadow: string, on: string): string =>
  php(
    [
      'final class SmsController', // 2
      '{', // 3
      '    public function __construct(private readonly SendViaLegacy $legacy, private ShadowToGo $shadow) {}', // 4
      '    public function send(string $mode, array $items): void', // 5
      '    {', // 6
      '        switch ($mode) {', // 7
      "            case 'OFF':", // 8
      '                $this->legacy->handle($items);', // 9
      '                break;', // 10
      "            case 'SHADOW':", // 11
      `                ${shadow}`, // 12
      '                break;', // 13
      "            case 'ON':", // 14
      `                ${on}`, // 15
      '                break;', // 16
      '        }', // 17
      '    }', // 18
      '}', // 19
    ].join('\n'),
  );

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'SHADOW sends through the legacy action class, then defers the dry run',
      code: actions(
        '$this->legacy->handle($items); defer(fn () => $this->shadow->handle($items));',
        'try { $this->client->sendBatch($items, dryRun: false); } ' +
          'catch (ConnectionException $e) { $this->legacy->handle($items); }',
      ),
    },
  ],
  invalid: [
    {
      name: 'ON runs the legacy action class after the Go call, outside any fallback',
      code: actions(
        '$this->legacy->handle($items); defer(fn () => $this->shadow->handle($items));',
        '$this->client->sendBatch($items, dryRun: false); $this->legacy->handle($items);',
      ),
      errors: [{ messageId: 'onLegacyUnguarded', line: 15, column: 66, endLine: 15, endColumn: 95, suggestions: [] }],
      output: null,
    },
  ],
});

/** A switch whose SHADOW case may lose its break (line 8 is its last statement). */
const fallThrough = (shadowEnd: string): string =>
  php(
    [
      'switch ($mode) {', // 2
      "    case 'OFF':", // 3
      '        return $this->legacySend($items);', // 4
      "    case 'SHADOW':", // 5
      '        $sent = $this->legacySend($items);', // 6
      '        $this->client->sendBatch($items, dryRun: true);', // 7
      `        ${shadowEnd}`, // 8
      "    case 'ON':", // 9
      '        try { return $this->client->sendBatch($items, dryRun: false); }', // 10
      '        catch (ConnectionException $e) { return $this->legacySend($items); }', // 11
      '}', // 12
    ].join('\n'),
  );

ruleTester('single-execution-authority', {
  valid: [
    { name: 'the SHADOW case ends in return', code: fallThrough('return $sent;') },
    { name: 'the SHADOW case ends in break after a comment', code: fallThrough('break; // done') },
    {
      name: 'empty cases grouped on purpose share one body',
      code: php(
        [
          'switch ($mode) {',
          "    case 'OFF':",
          "    case 'SHADOW':",
          '        return $this->legacySend($items);',
          "    case 'ON':",
          '        try { return $this->client->sendBatch($items, dryRun: false); }',
          '        catch (ConnectionException $e) { return $this->legacySend($items); }',
          '}',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the SHADOW case lost its break and runs on into ON',
      code: fallThrough('Log::info("shadow sent");'),
      errors: [
        {
          messageId: 'fallsThrough',
          line: 5,
          column: 10,
          endLine: 5,
          endColumn: 18,
          includes: ['into the ON case (line 9)'],
          suggestions: [{ output: fallThrough('Log::info("shadow sent");\n        break;') }],
        },
      ],
      output: null,
    },
  ],
});

/** A job class shown twice (before and after a change): which `handle()` runs is not known. */
const twice = (handle: string): string =>
  php(['final class GoSendJob', '{', `    public function handle(): void { ${handle} }`, '}'].join('\n'));

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'the ON branch dispatches a job whose handle() the runbook defines twice: nothing is concluded',
      code: `${php(
        [
          'switch ($mode) {',
          "    case 'OFF': LegacySendJob::dispatch($items); break;",
          "    case 'SHADOW': LegacySendJob::dispatch($items); break;",
          "    case 'ON': GoSendJob::dispatch($items); break;",
          '}',
        ].join('\n'),
      )}\n${twice('Log::info("v1");')}\n${twice('$this->client->sendBatch($this->items, dryRun: false);')}`,
    },
  ],
  invalid: [
    {
      name: 'defined once and never reaching Go, the same ON branch is reported',
      code: `${php(
        [
          'switch ($mode) {',
          "    case 'OFF': LegacySendJob::dispatch($items); break;",
          "    case 'SHADOW': LegacySendJob::dispatch($items); break;",
          "    case 'ON': GoSendJob::dispatch($items); break;",
          '}',
        ].join('\n'),
      )}\n${twice('Log::info("v1");')}`,
      errors: [{ messageId: 'onNoNewCall', line: 5, column: 10, endLine: 5, endColumn: 14, suggestions: [] }],
      output: null,
    },
  ],
});

/** The flag is a constructor parameter of a value object the client is sent (its default false, line 4). */
const batchObject = (shadow: string): string =>
  `${php(
    [
      'final readonly class GoBatch', // 2
      '{', // 3
      '    public function __construct(public array $items, public bool $dryRun = false) {}', // 4
      '}', // 5
    ].join('\n'),
  )}\n${php(
    [
      'final class Dispatcher', // 9
      '{', // 10
      '    public function __construct(private readonly MessagingServiceClient $client) {}', // 11
      '    public function run(string $mode, array $items): array', // 12
      '    {', // 13
      '        switch ($mode) {', // 14
      "            case 'OFF': return $this->legacySend($items);", // 15
      "            case 'SHADOW':", // 16
      '                $sent = $this->legacySend($items);', // 17
      `                ${shadow}`, // 18
      '                return $sent;', // 19
      "            case 'ON':", // 20
      '                try { return $this->client->send(new GoBatch($items)); }', // 21
      '                catch (ConnectionException $e) { return $this->legacySend($items); }', // 22
      '        }', // 23
      '    }', // 24
      '}', // 25
    ].join('\n'),
  )}`;

ruleTester('single-execution-authority', {
  valid: [
    {
      name: 'SHADOW sends a GoBatch built with dryRun: true',
      code: batchObject('$this->client->send(new GoBatch($items, dryRun: true));'),
    },
    {
      name: 'the batch held by a local variable, built with true as its second argument',
      code: batchObject('$batch = new GoBatch($items, true); $this->client->send($batch);'),
    },
  ],
  invalid: [
    {
      name: "SHADOW builds its GoBatch without dryRun: the constructor's default false sends for real",
      code: batchObject('$this->client->send(new GoBatch(items: $items));'),
      errors: [{ messageId: 'shadowNotDryRun', line: 18, column: 17, endLine: 18, endColumn: 64, suggestions: [] }],
      output: null,
    },
  ],
});
