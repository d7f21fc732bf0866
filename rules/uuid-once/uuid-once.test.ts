import { go, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

/** What the unsafe fillsMissing fix puts in place of the client's own UUID. */
const THROW_EXPR = "throw new \\InvalidArgumentException('message_uuid is required for each message (Invariant 2)')";
const THROW = `${THROW_EXPR};`;

const clientFillsMissing = php(
  [
    'class MessagingServiceClient {',
    '    public function sendBatch(int $tenantId, array $messages): array {',
    '        foreach ($messages as &$msg) {',
    "            if (empty($msg['message_uuid'])) {",
    "                $msg['message_uuid'] = (string) Str::uuid();",
    '            }',
    '        }',
    '    }',
    '}',
  ].join('\n'),
);
const sendDefaultsMissing = php(
  ['function sendMessage(array $msg) {', "    $uuid = $msg['message_uuid'] ?? (string) Str::uuid();", '}'].join('\n'),
);
const goRetryLoop = go(
  ['for attempt := 0; attempt < 3; attempt++ {', '\tmsg.MessageUUID = uuid.New().String()', '}'].join('\n'),
);

ruleTester('uuid-once', {
  valid: [
    {
      name: 'the entry-point pre-generation loop that only fills the map',
      code: php(
        [
          '$messageUuidMap = [];',
          'foreach ($campaignSMSs as $sms) {',
          '    $messageUuidMap[$sms->id] = (string) \\Str::uuid();',
          '}',
          '$client->sendBatch($tenantId, $messages, $campaignId, false);',
        ].join('\n'),
      ),
    },
    {
      name: 'a backfill loop that writes historical rows and sends nothing',
      code: php(
        [
          'foreach ($rows as $row) {',
          "    DB::table('sms_logs')->where('id', $row->id)->update(['message_uuid' => (string) Str::uuid()]);",
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'the factory named only in a comment and a string inside a send loop',
      code: php(
        [
          'foreach ($batch as $sms) {',
          '    // never call Str::uuid() here',
          "    $note = 'Str::uuid() is forbidden in this loop';",
          '    $client->sendBatch(1, [$sms]);',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'the client rejects a missing uuid instead of making one',
      code: php(
        [
          'class MessagingServiceClient {',
          '    public function sendBatch(int $tenantId, array $messages): array {',
          '        foreach ($messages as $msg) {',
          "            if (empty($msg['message_uuid'])) {",
          "                throw new \\InvalidArgumentException('message_uuid is required');",
          '            }',
          '        }',
          '        return [];',
          '    }',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'a read-only excerpt of current code is not an instruction',
      code:
        `## 2. Current Send Flow (read-only excerpt)\n` +
        `\n${php(
          ['foreach ($sms as $s) {', '    $u = (string) Str::uuid();', '    $client->sendBatch(1, [$u]);', '}'].join(
            '\n',
          ),
        )}`,
    },
    {
      name: 'Go: one UUID made before the retry loop and reused',
      code: go(
        [
          'id := uuid.NewString()',
          'for attempt := 1; attempt <= 3; attempt++ {',
          '\tif err := p.Send(ctx, id); err == nil {',
          '\t\treturn nil',
          '\t}',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'a schema column named uuid is not a factory',
      code: php(
        [
          "Schema::table('sms_logs', function (Blueprint $table) {",
          "    $table->uuid('message_uuid')->nullable();",
          '});',
        ].join('\n'),
      ),
    },
    {
      name: 'a logging helper that defaults a UUID is not a send path',
      code: php(
        [
          'function smsLog($to, $status, ?string $messageUuid = null) {',
          "    DB::table('sms_logs')->insert(['message_uuid' => $messageUuid ?? (string) Str::uuid()]);",
          '}',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'PHP foreach that sends',
      code: php(
        [
          'foreach ($campaignSMSs as $sms) {',
          '    $uuid = (string) Str::uuid();',
          "    $client->sendBatch(1, [['message_uuid' => $uuid]]);",
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'inLoop', line: 3, column: 22, endLine: 3, endColumn: 33, suggestions: [] }],
      output: null,
    },
    {
      name: 'PHP for loop around the legacy send, orderedUuid',
      code: php(
        [
          'for ($i = 0; $i < count($list); $i++) {',
          '    $id = Str::orderedUuid();',
          '    $legacySend($list[$i], $id);',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'inLoop', line: 3, column: 11, endLine: 3, endColumn: 29, suggestions: [] }],
      output: null,
    },
    {
      name: 'while loop counting attempts, namespaced Ramsey factory',
      code: php(
        ['while ($attempt < 3) {', '    $id = \\Ramsey\\Uuid\\Uuid::uuid4()->toString();', '    $attempt++;', '}'].join(
          '\n',
        ),
      ),
      errors: [{ messageId: 'inRetry', line: 3, column: 11, endLine: 3, endColumn: 37, suggestions: [] }],
      output: null,
    },
    {
      name: 'do/while resend loop with uuid_create',
      code: php(
        [
          'do {',
          '    $uuid = uuid_create(UUID_TYPE_RANDOM);',
          '    $ok = $client->sendBatch(1, [$uuid]);',
          '} while (!$ok);',
        ].join('\n'),
      ),
      errors: [
        {
          messageId: 'inLoop',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 42,
          includes: ['do/while'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'Laravel retry() closure',
      code: php(
        [
          'retry(3, function () use ($client, $to) {',
          "    $client->sendBatch(1, [['message_uuid' => (string) Str::uuid(), 'recipient' => $to]]);",
          '}, 100);',
        ].join('\n'),
      ),
      errors: [
        {
          messageId: 'inRetry',
          line: 3,
          column: 56,
          endLine: 3,
          endColumn: 67,
          includes: ['retry()'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'collection each() that sends',
      code: php(
        [
          '$campaignSMSs->each(function ($sms) use ($client) {',
          "    $client->sendBatch(1, [['message_uuid' => (string) Str::uuid()]]);",
          '});',
        ].join('\n'),
      ),
      errors: [
        { messageId: 'inLoop', line: 3, column: 56, endLine: 3, endColumn: 67, includes: ['each()'], suggestions: [] },
      ],
      output: null,
    },
    {
      name: 'array_map arrow function that sends',
      code: php(
        "$results = array_map(fn ($sms) => $client->sendBatch(1, [['message_uuid' => (string) Str::uuid()]]), $list);",
      ),
      errors: [
        {
          messageId: 'inLoop',
          line: 2,
          column: 86,
          endLine: 2,
          endColumn: 97,
          includes: ['array_map()'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'a new UUID in the catch (fallback) block',
      code: php(
        [
          'try {',
          '    $client->sendBatch(1, $messages);',
          '} catch (ConnectionException $e) {',
          '    $uuid = (string) Str::uuid();',
          '    $legacySend($uuid);',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'inFallback', line: 5, column: 22, endLine: 5, endColumn: 33, suggestions: [] }],
      output: null,
    },
    {
      name: 'the client fills in a missing message_uuid',
      code: clientFillsMissing,
      errors: [
        {
          messageId: 'fillsMissing',
          line: 6,
          column: 49,
          endLine: 6,
          endColumn: 60,
          includes: ['sendBatch'],
          suggestions: [{ output: clientFillsMissing.replace("$msg['message_uuid'] = (string) Str::uuid();", THROW) }],
        },
      ],
      output: null,
    },
    {
      name: 'a send function defaulting a missing uuid with ??',
      code: sendDefaultsMissing,
      errors: [
        {
          messageId: 'fillsMissing',
          line: 3,
          column: 46,
          endLine: 3,
          endColumn: 57,
          suggestions: [{ output: sendDefaultsMissing.replace('?? (string) Str::uuid()', `?? ${THROW_EXPR}`) }],
        },
      ],
      output: null,
    },
    {
      name: 'Go range loop that sends',
      code: go(
        ['for _, m := range msgs {', '\tid := uuid.NewString()', '\tp.Send(ctx, cred, id, m.Body)', '}'].join('\n'),
      ),
      errors: [{ messageId: 'inLoop', line: 3, column: 8, endLine: 3, endColumn: 24, suggestions: [] }],
      output: null,
    },
    {
      name: 'Go retry loop by attempt counter',
      code: goRetryLoop,
      errors: [
        {
          messageId: 'inRetry',
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 30,
          suggestions: [{ output: goRetryLoop.replace('\tmsg.MessageUUID = uuid.New().String()\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'Go error branch makes a new id',
      code: go(['if err != nil {', '\tmsg.MessageUUID = uuid.NewString()', '\treturn h.fallback(msg)', '}'].join('\n')),
      errors: [{ messageId: 'inFallback', line: 3, column: 20, endLine: 3, endColumn: 36, suggestions: [] }],
      output: null,
    },
    {
      name: 'generated after the step already sent',
      code: `## Step 5: Send\n\n${php('$client->sendBatch(1, $messages);')}\n${php('$uuid = (string) Str::uuid();')}`,
      errors: [{ messageId: 'afterSend', line: 8, column: 18, endLine: 8, endColumn: 29, suggestions: [] }],
      output: null,
    },
    {
      name: 'a configured factory',
      code: php(
        ['foreach ($list as $sms) {', '    $id = IdFactory::make();', '    $client->sendBatch(1, [$id]);', '}'].join(
          '\n',
        ),
      ),
      options: { factories: ['IdFactory::make'] },
      errors: [{ messageId: 'inLoop', line: 3, column: 11, endLine: 3, endColumn: 28, suggestions: [] }],
      output: null,
    },
  ],
});
