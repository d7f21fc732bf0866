import { describe, expect, it } from 'vitest';
import { rules } from '../index.js';
import { resolveConfig } from '../../src/config/load.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';
import { go, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

/**
 * Classes 3 and 4 of issue 11: the client filling in missing UUIDs inside a closure a
 * collection call runs per item (array union, ??, ??=, array_merge, spread), and a Go retry
 * path that gives a message a new UUID before it is queued or sent again.
 */
const client = (method: string[]): string =>
  php(['final class MessagingServiceClient', '{', ...method.map((l) => `    ${l}`), '}'].join('\n'));

/** What the unsafe fillsMissing fix puts in place of the client's own UUID. */
const THROW_EXPR = "throw new \\InvalidArgumentException('message_uuid is required for each message (Invariant 2)')";

const nullCoalescingAssign = client([
  'public function sendBatch(int $tenantId, array $items): array',
  '{',
  '    foreach ($items as &$item) {',
  "        $item['message_uuid'] ??= (string) Str::uuid();",
  '    }',
  "    return Http::post('/v1/messages', ['items' => $items])->json();",
  '}',
]);
const mapDefaults = client([
  'public function dispatch(Collection $items): array',
  '{',
  "    $payload = $items->map(fn ($m) => ['message_uuid' => $m['message_uuid'] " +
    "?? (string) Str::orderedUuid(), 'to' => $m['to']]);",
  "    return Http::post('/v1/messages', ['items' => $payload->all()])->json();",
  '}',
]);
const goFailureCopy = go(
  [
    'func (w *Worker) onFailure(ctx context.Context, msg *Message, cause error) {',
    '\tretry := *msg',
    '\tretry.MessageUUID = uuid.New().String()',
    '\tretry.Attempt++',
    '\tw.queue.Enqueue(ctx, &retry)',
    '}',
  ].join('\n'),
);
const goResendFailed = go(
  [
    'func (s *Sender) resendFailed(ctx context.Context) {',
    '\tfor _, m := range s.store.Failed(ctx) {',
    '\t\tm.UUID = uuid.NewString()',
    '\t\ts.outbox.Push(m)',
    '\t}',
    '}',
  ].join('\n'),
);
const goRetryDo = go(
  [
    'err := retry.Do(func() error {',
    '\tmsg.MessageUUID = uuid.NewString()',
    '\treturn bus.Publish(ctx, msg)',
    '}, retry.Attempts(3))',
  ].join('\n'),
);
const goDrainDeadLetters = go(
  [
    'func drain(ctx context.Context, bus Bus, deadLetters []DeadLetter) {',
    '\tfor _, dl := range deadLetters {',
    '\t\tdl.Msg.MessageUUID = uuid.NewString()',
    '\t\tbus.Publish(ctx, dl.Msg)',
    '\t}',
    '}',
  ].join('\n'),
);
const goBareForPush = go(
  [
    'func (p *Pump) push(ctx context.Context, msg *Message) {',
    '\tfor {',
    '\t\tmsg.MessageUUID = uuid.NewString()',
    '\t\tif err := p.queue.Enqueue(ctx, msg); err == nil {',
    '\t\t\treturn',
    '\t\t}',
    '\t\ttime.Sleep(p.backoff)',
    '\t}',
    '}',
  ].join('\n'),
);

ruleTester('uuid-once', {
  valid: [
    {
      name: 'class 3: the controller pre-generates the UUID map in a loop of its own, then sends',
      code: `## Step 4: Send through the client\n\n${php(
        [
          '$messageUuidMap = [];',
          'foreach ($campaignSMSs as $sms) {',
          '    $messageUuidMap[$sms->id] = (string) Str::uuid();',
          '}',
          'foreach ($campaignSMSs as $sms) {',
          "    $items[] = ['message_uuid' => $messageUuidMap[$sms->id], 'recipient' => $sms->to];",
          '}',
          '$client->sendBatch($tenantId, $items);',
        ].join('\n'),
      )}`,
    },
    {
      name: 'class 3: the controller maps its recipients to UUIDs with array_map before any send',
      code: php(
        [
          '$uuids = array_map(fn ($id) => (string) Str::uuid(), $recipientIds);',
          '$messageUuidMap = array_combine($recipientIds, $uuids);',
          '$client->sendBatch($tenantId, $messages);',
        ].join('\n'),
      ),
    },
    {
      name: 'class 3: the controller tops up drafts with an array union at the entry point, outside the client',
      code: php(
        [
          "$items = array_map(fn ($draft) => $draft + ['message_uuid' => (string) Str::uuid()], $drafts);",
          '$client->sendBatch($tenantId, $items);',
        ].join('\n'),
      ),
    },
    {
      name: 'class 3: the client checks each item in array_map and throws for a missing UUID',
      code: client([
        'public function sendBatch(int $tenantId, array $items): array',
        '{',
        "    $items = array_map(fn ($i) => $i + ['message_uuid' => $i['message_uuid'] " +
          "?? throw new \\InvalidArgumentException('message_uuid missing')], " +
          '$items);',
        "    return Http::post('/v1/messages', ['items' => $items])->json();",
        '}',
      ]),
    },
    {
      name: 'class 4: Go gives a message built here its UUID once, then queues it',
      code: go(
        [
          'func (h *Handler) Accept(ctx context.Context, req SendRequest) error {',
          '\tfor _, to := range req.Recipients {',
          '\t\tmsg := &Message{Recipient: to, Body: req.Body}',
          '\t\tmsg.MessageUUID = uuid.NewString()',
          '\t\tif err := h.queue.Enqueue(ctx, msg); err != nil {',
          '\t\t\treturn err',
          '\t\t}',
          '\t}',
          '\treturn nil',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'class 4: Go publishes a struct literal that carries its first UUID',
      code: go(
        [
          'func (s *Service) Submit(ctx context.Context, to, body string) error {',
          '\treturn s.bus.Publish(ctx, Message{MessageUUID: uuid.NewString(), Recipient: to, Body: body})',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'class 4: the requeue path keeps the UUID; a new trace id is not a message identity',
      code: go(
        [
          'func (w *Worker) requeue(ctx context.Context, msg Message) error {',
          '\tretry := msg',
          '\tretry.Attempt++',
          '\tretry.TraceUUID = uuid.NewString()',
          '\treturn w.queue.Enqueue(ctx, retry)',
          '}',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'class 3: a client helper tops up missing UUIDs with an array union inside array_map',
      code: client([
        'private function withIdentity(array $items): array',
        '{',
        "    return array_map(fn ($i) => $i + ['message_uuid' => (string) Str::uuid()], $items);",
        '}',
      ]),
      errors: [
        {
          messageId: 'fillsMissing',
          line: 6,
          column: 70,
          endLine: 6,
          endColumn: 81,
          includes: ['withIdentity'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'class 3: the send method assigns a UUID with ??= to each item it walks',
      code: nullCoalescingAssign,
      errors: [
        {
          messageId: 'fillsMissing',
          line: 7,
          column: 48,
          endLine: 7,
          endColumn: 59,
          includes: ['sendBatch'],
          suggestions: [{ output: nullCoalescingAssign.replace('??= (string) Str::uuid()', `??= ${THROW_EXPR}`) }],
        },
      ],
      output: null,
    },
    {
      name: 'class 3: a collection map() closure in the client defaults the UUID with ??',
      code: mapDefaults,
      errors: [
        {
          messageId: 'fillsMissing',
          line: 6,
          column: 93,
          endLine: 6,
          endColumn: 111,
          suggestions: [{ output: mapDefaults.replace('?? (string) Str::orderedUuid()', `?? ${THROW_EXPR}`) }],
        },
      ],
      output: null,
    },
    {
      name: 'class 3: array_merge puts the generated UUID first, so the item keeps its own when it has one',
      code: client([
        'public function sendBatch(int $tenantId, array $items): array',
        '{',
        "    $items = array_map(fn ($i) => array_merge(['message_uuid' => Str::uuid()->toString()], $i), $items);",
        '    return $this->post($items);',
        '}',
      ]),
      errors: [{ messageId: 'fillsMissing', line: 6, column: 70, endLine: 6, endColumn: 81, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 3: a spread after the generated key keeps the item’s own UUID',
      code: client([
        'public function sendBatch(int $tenantId, array $items): array',
        '{',
        "    $items = array_map(fn ($i) => ['message_uuid' => (string) Str::uuid(), ...$i], $items);",
        '    return $this->post($items);',
        '}',
      ]),
      errors: [{ messageId: 'fillsMissing', line: 6, column: 67, endLine: 6, endColumn: 78, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 4: a failure handler copies the message, gives the copy a new UUID and queues it',
      code: goFailureCopy,
      errors: [
        {
          messageId: 'inRetry',
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 32,
          includes: ['a re-send of retry, a message that already existed (Enqueue() at line 6)'],
          suggestions: [{ output: goFailureCopy.replace('\tretry.MessageUUID = uuid.New().String()\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 4: a function named for the resend gives each failed message a new UUID',
      code: goResendFailed,
      errors: [
        {
          messageId: 'inRetry',
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 28,
          includes: ['resendFailed()'],
          suggestions: [{ output: goResendFailed.replace('\t\tm.UUID = uuid.NewString()\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 4: a closure handed to retry.Do makes the UUID on every attempt',
      code: goRetryDo,
      errors: [
        {
          messageId: 'inRetry',
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 36,
          includes: ['retry.Do()'],
          suggestions: [{ output: goRetryDo.replace('\tmsg.MessageUUID = uuid.NewString()\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 4: draining dead letters republishes each one under a fresh UUID',
      code: goDrainDeadLetters,
      errors: [
        {
          messageId: 'inRetry',
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 40,
          includes: ['a re-send of dl', '(Publish() at line 5)'],
          suggestions: [{ output: goDrainDeadLetters.replace('\t\tdl.Msg.MessageUUID = uuid.NewString()\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 4: a bare for loop re-queues the incoming message under a new UUID on every pass',
      code: goBareForPush,
      errors: [
        {
          messageId: 'inRetry',
          line: 4,
          column: 21,
          endLine: 4,
          endColumn: 37,
          includes: ['a re-send of msg'],
          suggestions: [{ output: goBareForPush.replace('\t\tmsg.MessageUUID = uuid.NewString()\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 4: a new id in a variable, copied into the incoming message before it is requeued',
      code: go(
        [
          'func (q *Queue) bounce(ctx context.Context, msg Message) error {',
          '\tfresh := uuid.NewString()',
          '\tmsg.MessageUUID = fresh',
          '\treturn q.Requeue(ctx, msg)',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'inRetry', line: 3, column: 11, endLine: 3, endColumn: 27, suggestions: [] }],
      output: null,
    },
  ],
});

describe('uuid-once: fixes on the new forms', () => {
  const config = resolveConfig({}, rules as Rule<unknown>[], null);
  const rule = rules.find((r) => r.meta.id === 'uuid-once') as Rule<unknown>;
  const findings = async (text: string) =>
    (await lintText({ text, filePath: 'RUNBOOK.md', config, rules: [rule] })).result.messages;
  const apply = (text: string, edit: { range: [number, number]; text: string }): string =>
    text.slice(0, edit.range[0]) + edit.text + text.slice(edit.range[1]);

  it('??= in the client: the default becomes a throw, and the result lints clean', async () => {
    const text = client([
      'public function sendBatch(int $tenantId, array $items): array',
      '{',
      '    foreach ($items as &$item) {',
      "        $item['message_uuid'] ??= (string) Str::uuid();",
      '    }',
      '    return $items;',
      '}',
    ]);
    const [m] = await findings(text);
    const fixed = apply(text, m?.suggestions?.[0]?.fix as { range: [number, number]; text: string });
    expect(fixed).toContain(
      "$item['message_uuid'] ??= throw new \\InvalidArgumentException('message_uuid " +
        "is required for each message (Invariant 2)');",
    );
    expect(await findings(fixed)).toEqual([]);
  });

  it('the array union in array_map has no fix: where to throw is for a person to say', async () => {
    const [m] = await findings(
      client([
        'private function withIdentity(array $items): array',
        '{',
        "    return array_map(fn ($i) => $i + ['message_uuid' => (string) Str::uuid()], $items);",
        '}',
      ]),
    );
    expect(m?.messageId).toBe('fillsMissing');
    expect(m?.suggestions).toBeUndefined();
  });

  it('the Go retry copy: the new UUID line is deleted, the copy keeps the original', async () => {
    const text = go(
      [
        'func (w *Worker) onFailure(ctx context.Context, msg *Message, cause error) {',
        '\tretry := *msg',
        '\tretry.MessageUUID = uuid.New().String()',
        '\tw.queue.Enqueue(ctx, &retry)',
        '}',
      ].join('\n'),
    );
    const [m] = await findings(text);
    const fixed = apply(text, m?.suggestions?.[0]?.fix as { range: [number, number]; text: string });
    expect(fixed).toBe(
      go(
        [
          'func (w *Worker) onFailure(ctx context.Context, msg *Message, cause error) {',
          '\tretry := *msg',
          '\tw.queue.Enqueue(ctx, &retry)',
          '}',
        ].join('\n'),
      ),
    );
    expect(await findings(fixed)).toEqual([]);
  });

  it('a UUID that reaches the message through a variable has no fix', async () => {
    const [m] = await findings(
      go(
        [
          'func (q *Queue) bounce(ctx context.Context, msg Message) error {',
          '\tfresh := uuid.NewString()',
          '\tmsg.MessageUUID = fresh',
          '\treturn q.Requeue(ctx, msg)',
          '}',
        ].join('\n'),
      ),
    );
    expect(m?.messageId).toBe('inRetry');
    expect(m?.suggestions).toBeUndefined();
  });
});

/**
 * Class 4 in PHP: a re-queue command re-submits messages that already have their UUID. It is
 * known by its name — the method's, the class's, or the file its block belongs to.
 */
const requeue = (uuid: string, intro = '**Re-queue.** `app/Console/Commands/RequeueGoSms.php`:'): string =>
  `${intro}\n\n${php(
    [
      '$items = $rows->map(fn ($row) => [', // 4
      `    'message_uuid' => ${uuid},`, // 5
      "    'recipient' => $row->recipient,", // 6
      '])->all();', // 7
      '$client->sendBatch($tenantId, $items, dryRun: false);', // 8
    ].join('\n'),
  )}`;

const redeliver = php(
  [
    'final class SmsMaintenance',
    '{',
    '    public function redeliverFailed(SmsLog $log): void',
    '    {',
    '        $log->message_uuid = (string) Str::uuid();',
    '        $this->client->sendBatch($log->tenant_id, [$log->toItem()], dryRun: false);',
    '    }',
    '}',
  ].join('\n'),
);

ruleTester('uuid-once', {
  valid: [
    { name: 'the re-queue command re-sends the original UUIDs', code: requeue('$row->message_uuid') },
    {
      name: 'an import command (not a re-send) gives new rows their first UUID',
      code: requeue('(string) Str::uuid()', '**Import.** `app/Console/Commands/ImportContacts.php`:'),
    },
    {
      name: 'a re-queue command makes a new batch id, not a message UUID',
      code: php(
        [
          'final class RequeueGoSms extends Command',
          '{',
          '    public function handle(): int',
          '    {',
          "        $batch = ['batch_id' => (string) Str::uuid(), 'items' => $this->failedItems()];",
          '        return self::SUCCESS;',
          '    }',
          '}',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'the re-queue command gives every re-submitted message a fresh UUID',
      code: requeue('(string) Str::uuid()'),
      errors: [
        {
          messageId: 'inRetry',
          line: 5,
          column: 32,
          endLine: 5,
          endColumn: 43,
          includes: ['the re-send in app/Console/Commands/RequeueGoSms.php'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'a method named for the redelivery assigns a new UUID to the stored message',
      code: redeliver,
      errors: [
        {
          messageId: 'inRetry',
          line: 6,
          column: 39,
          endLine: 6,
          endColumn: 50,
          includes: ['redeliverFailed()'],
          // the stored message keeps the UUID it was first sent under
          suggestions: [{ output: redeliver.replace('        $log->message_uuid = (string) Str::uuid();\n', '') }],
        },
      ],
      output: null,
    },
  ],
});

/** The legacy send's log row, its UUID chosen by whether this send is the fallback (line 5). */
const logRow = (value: string): string =>
  php(
    [
      'function logRow(array $item, bool $fallback): void', // 2
      '{', // 3
      '    smsLog([', // 4
      `        ${value},`, // 5
      "        'source' => 'legacy',", // 6
      '    ]);', // 7
      '}', // 8
    ].join('\n'),
  );

ruleTester('uuid-once', {
  valid: [
    { name: 'the fallback row keeps the message’s UUID', code: logRow("'message_uuid' => $item['message_uuid']") },
    {
      name: 'a batch id made for fallback rows is not a message identity',
      code: logRow("'batch_id' => $fallback ? (string) Str::uuid() : null"),
    },
  ],
  invalid: [
    {
      name: 'fallback rows get a UUID of their own through a ternary on $fallback',
      code: logRow("'message_uuid' => $fallback ? (string) Str::orderedUuid() : $item['message_uuid']"),
      errors: [
        {
          messageId: 'inFallback',
          line: 5,
          column: 48,
          endLine: 5,
          endColumn: 66,
          includes: ['fallback branch ($fallback)'],
          suggestions: [],
        },
      ],
      output: null,
    },
  ],
});
