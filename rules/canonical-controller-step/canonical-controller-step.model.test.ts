import { describe, expect, it } from 'vitest';
import { rules } from '../index.js';
import { resolveConfig } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { fence, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

/**
 * Which steps change the controller, read from their code and the meaning of their
 * sentences (issue 11, classes 6, 7 and 14), and the maps the canonical step pre-generates
 * in the forms a runbook writes them.
 */

const HEAD = '## Step 30: Route every send through the mode (CANONICAL)';
const maps = [
  '$uuidFor = [];', // 6
  '$recipientMap = [];', // 7
  'foreach ($pending as $row) {', // 8
  '    $id = (string) Str::uuid();', // 9
  '    $uuidFor[$row->id] = $id;', // 10
  '    $recipientMap[$id] = $row->msisdn;', // 11
  '}', // 12
];
const dispatch = [
  'switch ($mode) {',
  "    case 'OFF': return $this->viaLegacy($pending);",
  "    case 'SHADOW': $this->viaLegacy($pending); $this->client->sendBatch($payload, dryRun: true); return back();",
  "    case 'ON': return $this->viaGo($payload);",
  '}',
];
/** The canonical step: lines 1–20 (heading on 1, the PHP fence opens on 5). */
const canonicalWith = (code: string[]): string =>
  `${HEAD}\n\nEdit \`app/Http/Controllers/SmsController.php\` ` +
  `and replace the body of \`send()\`:\n\n${php(code.join('\n'))}`;
const canonical = canonicalWith([...maps, ...dispatch]);
const after = (text: string): string => `${canonical}\n${text}`;

/** A spec-kit checklist: tasks with ids, code inside the list items; T021 is the canonical task. */
const indent = (code: string): string =>
  code
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
const checklist = (phaseC: string[]): string =>
  [
    '## Phase C: Client', // 1
    '',
    ...phaseC,
    '',
    '## Phase D: Canonical Controller Integration',
    '',
    '- [ ] T021 Rewrite `SmsController::send()` in `app/Http/Controllers/SmsController.php` (canonical task):',
    indent(php([...maps, ...dispatch].join('\n'))),
    '',
    '## Non-goals',
    '',
    '- [ ] NT001 Do not add a second task that edits `app/Http/Controllers/SmsController.php`.',
    '',
  ].join('\n');
const bindTask = (text: string): string[] => [
  `- [ ] T011 ${text}`,
  indent(php('public function __construct(private readonly MessagingServiceClient $client) {}')),
];

const lostRecipientMap = canonicalWith([
  '$uuidFor = [];',
  'foreach ($pending as $row) {',
  '    $uuidFor[$row->id] = (string) Str::uuid();',
  '}',
  '$payload = [];',
  '$numbers = [];',
  'foreach ($pending as $row) {',
  "    $payload[] = ['message_uuid' => $uuidFor[$row->id], 'recipient' => $row->msisdn, 'body' => $text];",
  '    $numbers[] = $row->msisdn;',
  '}',
  ...dispatch,
]);

ruleTester('canonical-controller-step', {
  valid: [
    {
      name: 'class 14: a step that adds another controller and says SmsController.php is not touched',
      code: after(
        '## Step 31: Delivery receipts\n\nAdd `app/Http/Controllers/DeliveryReceiptController.php`; ' +
          `\`SmsController.php\` is not touched.\n\n${php(
            'final class DeliveryReceiptController extends Controller\n' +
              '{\n    public function __invoke(Request $request): Response\n' +
              "    {\n        SmsLog::where('message_uuid', $request->input('uuid'))->update(['status' " +
              "=> $request->input('status')]);\n" +
              '        return response()->noContent();\n' +
              '    }\n}',
          )}`,
      ),
    },
    {
      name: 'class 14: "stays as it is" sets aside the controller code shown for orientation',
      code: after(
        `## Step 32: Queue worker limits\n\n\`app/Http/Controllers/SmsController.php\` ` +
          `stays as it is; for orientation, the call this step relies ` +
          `on:\n\n${php('$this->client->sendBatch($payload, dryRun: false);')}`,
      ),
    },
    {
      name: 'class 14: "no change to SmsController" before a listener class',
      code: after(
        '## Step 33: Sent-event listener\n\nNo change to `SmsController` in this step: ' +
          `the listener below runs on the queue.\n\n${php(
            'final class SmsSentListener\n' +
              "{\n    public function handle(SmsSent $event): void { Metrics::increment('sms.sent'); " +
              '}\n}',
          )}`,
      ),
    },
    {
      name: 'class 14: "is unchanged" while an observer fills the new column',
      code: after(
        '## Step 34: Fill source on save\n\n`SmsController::send()` is unchanged; ' +
          `the model observer fills the column:\n\n${php(
            'public function creating(SmsLog $log): void { $log->source ??= ' + "'laravel'; }",
          )}`,
      ),
    },
    {
      name: 'class 14: a historical sentence introduces the old loop',
      code: after(
        `## Step 35: Background\n\nBefore the cutover, \`SmsController::send()\` ` +
          `used to loop over the providers itself:\n\n${php('foreach ($providers as $p) { $p->send($to, $body); }')}`,
      ),
    },
    {
      name: 'class 14: a hypothetical change pointed at another step',
      code: after(
        `## Step 36: Notes for reviewers\n\nIf \`SmsController\` ` +
          `ever needs another change, make it in Step 30 instead.\n\n${php("$reviewers = ['sms-team'];")}`,
      ),
    },
    {
      name: "class 14: a Rollback subsection's restored class and a past relative clause are no change",
      code: after(
        `## Step 31: Cache the mode\n` +
          `\n${php('Cache::remember("mode:$t", 60, fn () => FeatureFlag::modeFor($t));')}\n### ` +
          `4. Rollback\n\nRevert the commit that changed \`SmsController.php\`, ` +
          `then restore the previous class:\n\n${php('final class SmsController extends Controller {}')}`,
      ),
    },
    {
      name: 'a step that names the controller plainly next to the mode switch stands in as the canonical step',
      code:
        `## Step 18: Modes\n\nThe dispatch that \`SmsController::send()\` ` +
        `runs:\n\n${php([...maps, ...dispatch].join('\n'))}`,
    },
    {
      name: 'a job that switches on the mode and that SmsController dispatches is no stand-in for the canonical step',
      code: `## Step 18: GoSendJob\n\n\`SmsController\` dispatches this job:\n\n${php(
        [
          'final class GoSendJob implements ShouldQueue',
          '{',
          '    public function handle(MessagingServiceClient $client): void',
          '    {',
          '        match ($this->mode) {',
          "            'OFF' => null,",
          "            'SHADOW' => $client->sendBatch($this->items, dryRun: true),",
          "            'ON' => $client->sendBatch($this->items, dryRun: false),",
          '        };',
          '    }',
          '}',
        ].join('\n'),
      )}`,
    },
    {
      name:
        'class 14: checklist tasks that read the controller or leave ' +
        'it alone, and a non-goal that forbids a second edit',
      code: checklist([
        '- [ ] T002 Confirm the send loop in `app/Http/Controllers/SmsController.php` (read only; T021 changes it).',
        ...bindTask('Bind the client in `AppServiceProvider`; `SmsController.php` is not touched in this task.'),
      ]),
    },
    {
      name: 'class 7: a hotfix that names the controller only as where the bug surfaced',
      code: after(
        '## Step 37: Hotfix — client retries\n\nThe bug surfaced through `SmsController`, ' +
          `but the fix belongs in \`MessagingServiceClient\`:\n\n${php(
            'final class MessagingServiceClient\n' +
              '{\n    public function sendBatch(array $items, bool $dryRun ' +
              '= false): array\n    {\n' +
              "        return Http::timeout(0.5)->retry(1)->post('/v1/batch', " +
              "['items' => $items, 'dry_run' => $dryRun])->json();\n" +
              '    }\n}',
          )}`,
      ),
    },
    {
      name: 'class 6: the recipient map built with collect()->mapWithKeys()',
      code: canonicalWith([
        '$uuidFor = [];',
        'foreach ($pending as $row) {',
        '    $uuidFor[$row->id] = (string) Str::uuid();',
        '}',
        '$recipientMap = collect($pending)->mapWithKeys(fn ($row) => [$uuidFor[$row->id] => $row->msisdn])->all();',
        ...dispatch,
      ]),
    },
    {
      name: 'class 6: the recipient map from array_column() over rows that carry their UUID',
      code: canonicalWith([
        "$rows = $pending->map(fn ($sms) => ['message_uuid' => (string) " +
          "Str::uuid(), 'sms_id' => $sms->id, 'msisdn' => $sms->msisdn])->all();",
        "$uuidFor = array_column($rows, 'message_uuid', 'sms_id');",
        "$recipientMap = array_column($rows, 'msisdn', 'message_uuid');",
        ...dispatch,
      ]),
    },
    {
      name: 'class 6: a map under another name that holds the phone number, filled in the loop',
      code: canonicalWith([
        'foreach ($pending as $row) {',
        '    $id = (string) Str::uuid();',
        '    $uuidFor[$row->id] = $id;',
        "    $phoneByUuid[$id] = '+' . $row->phones->country_code . $row->phones->phone;",
        '}',
        ...dispatch,
      ]),
    },
    {
      name: "class 6: the recipient map filled by a helper defined in another step's block",
      code: `## Step 29: Identity helper\n\n${php(
        'final class SmsIdentities\n' +
          '{\n    public function targets(iterable $pending, array $uuidFor): ' +
          'array\n    {\n        $out = [];\n' +
          '        foreach ($pending as $row) {\n' +
          '            $out[$uuidFor[$row->id]] = $row->msisdn;\n' +
          '        }\n        return $out;\n' +
          '    }\n}',
      )}\n${canonicalWith([
        'final class SmsController extends Controller',
        '{',
        '    public function __construct(private readonly SmsIdentities ' +
          '$identities, private readonly MessagingServiceClient $client) ' +
          '{}',
        '    public function send(Request $request)',
        '    {',
        '        $uuidFor = $pending->mapWithKeys(fn ($row) => [$row->id => (string) Str::uuid()])->all();',
        '        $targets = $this->identities->targets($pending, $uuidFor);',
        ...dispatch.map((l) => `        ${l}`),
        '    }',
        '}',
      ])}`,
    },
    {
      name: 'an enum match covers the three modes',
      code: canonicalWith([
        ...maps,
        'return match ($mode) {',
        '    SmsMode::Off => $this->viaLegacy($pending),',
        '    SmsMode::Shadow => $this->viaLegacyWithShadow($pending, $payload),',
        '    SmsMode::On => $this->viaGo($payload),',
        '};',
      ]),
    },
  ],
  invalid: [
    {
      name:
        'class 14: a step that replaces code in send() but says the constructor ' +
        'is not touched is still a duplicate',
      // no suggestion: a step that negates a mention of the controller is not certain enough to delete
      code: after(
        `## Step 31: Retry tuning\n\nIn \`SmsController::send()\`, ` +
          `replace the retry count; \`SmsController::__construct()\` ` +
          `is not touched.\n\n${php('$attempts = 1;')}`,
      ),
      errors: [{ messageId: 'duplicate', line: 20, column: 1, endLine: 20, endColumn: 25, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 14: a diff of the controller path changes it, though the prose never names it',
      code: after(
        `## Step 31: Log the mode\n\nApply this patch:\n\n${fence(
          'diff',
          '--- a/app/Http/Controllers/SmsController.php\n' +
            '+++ b/app/Http/Controllers/SmsController.php\n' +
            '@@ -40,6 +40,7 @@\n     $mode = FeatureFlag::modeFor($tenantId);\n' +
            "+    Log::info('sms.mode', ['tenant' => $tenantId, 'mode' => " +
            '$mode]);',
        )}`,
      ),
      // the unsafe fix deletes Step 31, heading to end: the canonical step is left
      errors: [
        {
          messageId: 'duplicate',
          line: 20,
          column: 1,
          endLine: 20,
          endColumn: 25,
          suggestions: [{ output: canonical }],
        },
      ],
      output: null,
    },
    {
      name: 'class 7: a later hotfix names the controller by class only ("In SmsController, …")',
      code: after(
        `## Step 31: Hotfix — one Go attempt\n\nIn \`SmsController\`, ` +
          `drop the \`retry()\` around the Go call:\n` +
          `\n${php('$result = $this->client->sendBatch($payload, dryRun: false);')}`,
      ),
      errors: [
        {
          messageId: 'duplicate',
          line: 20,
          column: 1,
          endLine: 20,
          endColumn: 36,
          includes: ['Step 31: Hotfix — one Go attempt', 'Step 30'],
          suggestions: [{ output: canonical }],
        },
      ],
      output: null,
    },
    {
      name: 'class 7: a hotfix heading that patches SmsController::send()',
      code: after(
        `## Step 31: Patch SmsController::send() for empty bodies\n\n${php(
          "if (trim($body) === '') {\n" + "    return back()->withErrors(['body' => 'empty']);\n" + '}',
        )}`,
      ),
      errors: [
        {
          messageId: 'duplicate',
          line: 20,
          column: 1,
          endLine: 20,
          endColumn: 57,
          suggestions: [{ output: canonical }],
        },
      ],
      output: null,
    },
    {
      name: 'class 7: a second checklist task adds to the constructor of SmsController.php, reported at that task',
      code: checklist(
        bindTask(
          'Bind the client in `AppServiceProvider`, and add it to the constructor ' +
            'in `app/Http/Controllers/SmsController.php`:',
        ),
      ),
      errors: [
        {
          messageId: 'duplicate',
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 127,
          includes: ['T011 Bind the client', 'T021 Rewrite'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'class 6: the stand-in canonical step (it names the controller next to the switch) lost the recipient map',
      code:
        `## Step 18: Modes\n\nThe dispatch that \`SmsController::send()\` ` +
        `runs:\n\n${php([...maps.filter((l) => !l.includes('recipientMap')), ...dispatch].join('\n'))}`,
      // no suggestion: the step has no `'recipient' => …` entry to take the recipient from
      errors: [{ messageId: 'missingRecipientMap', line: 1, column: 1, endLine: 1, endColumn: 18, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 6: the canonical step keeps the UUID map and the switch but lost the recipient map',
      code: lostRecipientMap,
      errors: [
        {
          messageId: 'missingRecipientMap',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 58,
          suggestions: [
            {
              output: lostRecipientMap
                .replace('$uuidFor = [];\n', '$uuidFor = [];\n$recipientMap = [];\n')
                .replace(
                  '    $uuidFor[$row->id] = (string) Str::uuid();\n',
                  '    $uuidFor[$row->id] = (string) Str::uuid();\n' +
                    '    $recipientMap[$uuidFor[$row->id]] = $row->msisdn;\n',
                ),
            },
          ],
        },
      ],
      output: null,
    },
  ],
});

describe('canonical-controller-step fixes (issue 11)', () => {
  const rule = rules.filter((r) => r.meta.id === 'canonical-controller-step');
  const config = resolveConfig({}, rules as Rule<unknown>[], null);
  const fix = async (text: string): Promise<string> =>
    (await fixToFixedPoint({ text, filePath: 'RUNBOOK.md', config, rules: rule, unsafe: true })).output;

  it('class 14: fix --unsafe deletes nothing from a step that says SmsController.php is not touched', async () => {
    const text = after(
      `## Step 31: Delivery receipts\n\nAdd \`app/Http/Controllers/DeliveryReceiptController.php\`; ` +
        `\`SmsController.php\` is not touched.\n` +
        `\n${php('final class DeliveryReceiptController extends Controller {}')}`,
    );
    expect(await fix(text)).toBe(text);
  });

  it('class 14: a duplicate that also negates a mention of the controller is reported without a deletion', async () => {
    const text = after(
      `## Step 31: Retry tuning\n\nIn \`SmsController::send()\`, ` +
        `replace the retry count; \`SmsController::__construct()\` ` +
        `is not touched.\n\n${php('$attempts = 1;')}`,
    );
    expect(await fix(text)).toBe(text);
  });

  it(
    'class 14: the duplicate shown by a diff of the controller is ' + 'certain: the unsafe fix deletes that step',
    async () => {
      const step = `## Step 31: Log the mode\n\nApply this patch:\n\n${fence(
        'diff',
        '--- a/app/Http/Controllers/SmsController.php\n' +
          '+++ b/app/Http/Controllers/SmsController.php\n' +
          "@@ -1 +1,2 @@\n+    Log::info('sms.mode');",
      )}`;
      expect(await fix(after(step))).toBe(canonical);
    },
  );

  it(
    'class 7: the hotfix step that changes SmsController is deleted ' + 'by the unsafe fix, the canonical step stays',
    async () => {
      const hotfix =
        `## Step 31: Hotfix — one Go attempt\n\nIn \`SmsController\`, ` +
        `drop the \`retry()\` around the Go call:\n` +
        `\n${php('$result = $this->client->sendBatch($payload, dryRun: false);')}`;
      expect(await fix(`${after(hotfix)}\n## Step 32: Roll out\n\nRaise the share of ON tenants.\n`)).toBe(
        `${canonical}\n## Step 32: Roll out\n\nRaise the share of ON tenants.\n`,
      );
    },
  );

  it('class 6: the recipient map is added to the loop that fills the UUID map', async () => {
    const text = canonicalWith([
      '$uuidFor = [];',
      'foreach ($pending as $row) {',
      '    $uuidFor[$row->id] = (string) Str::uuid();',
      '}',
      '$payload = [];',
      'foreach ($pending as $row) {',
      "    $payload[] = ['message_uuid' => $uuidFor[$row->id], 'recipient' => $row->msisdn, 'body' => $text];",
      '}',
      ...dispatch,
    ]);
    const out = await fix(text);
    expect(out).toContain(
      [
        '$uuidFor = [];',
        '$recipientMap = [];',
        'foreach ($pending as $row) {',
        '    $uuidFor[$row->id] = (string) Str::uuid();',
        '    $recipientMap[$uuidFor[$row->id]] = $row->msisdn;',
        '}',
      ].join('\n'),
    );
    expect(await fix(out)).toBe(out);
  });
});
