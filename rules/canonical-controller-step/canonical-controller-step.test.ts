import { fence, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const pregen = [
  '$messageUuidMap = [];',
  '$recipientMap = [];',
  'foreach ($campaignSMSs as $sms) {',
  '    $uuid = (string) Str::uuid();',
  '    $messageUuidMap[$sms->id] = $uuid;',
  "    $recipientMap[$uuid] = '+' . $sms->phones->phone;",
  '}',
];
const modeSwitch = [
  'switch ($mode) {',
  "    case 'OFF': $legacySend(); break;",
  "    case 'SHADOW': $legacySend(); $client->sendBatch(1, $m, null, true); break;",
  "    case 'ON': $client->sendBatch(1, $m, null, false); break;",
  '}',
];
const good = php([...pregen, ...modeSwitch].join('\n'));
const step = (n: number, title: string, body: string): string =>
  `## Step ${n}: ${title}\n\nEdit \`app/Http/Controllers/SmsController.php\`:\n\n${body}\n`;

const wireShadow17 = step(
  17,
  'Wire SHADOW mode',
  php("if ($mode === 'SHADOW') { $client->sendBatch(1, $m, null, true); }"),
);
const logUuids16 = step(16, 'Log UUIDs', php('$a = 1;'));
const wireShadow17b = step(17, 'Wire SHADOW', php('$b = 2;'));
const canonical17 = step(17, 'Integrate (CANONICAL)', good);
const patchClass9 = `## Step 9: Patch SmsController::send()\n\n${php('$x = FeatureFlag::modeFor($t);')}\n`;

ruleTester('canonical-controller-step', {
  valid: [
    {
      name: 'one canonical step with the maps and the switch',
      code: step(18, 'Integrate modes in SmsController', good),
    },
    {
      name: 'a read-only excerpt in another step does not count',
      code:
        '## Step 2: Review the current controller\n\n' +
        `The current \`SmsController\` (read-only excerpt, do not edit):\n\n${php(
          'foreach ($list as $sms) { $this->twilio->messages->create($to, ' + '[]); }',
        )}\n${step(18, 'Integrate modes', good)}`,
    },
    {
      name: 'a step naming the controller with only shell commands',
      code:
        `## Step 20: Deploy SmsController\n` +
        `\n${fence('bash', 'php artisan config:cache')}\n` +
        `${step(18, 'Integrate', good)}`,
    },
    {
      name: 'a runbook that never names the controller',
      code: `## Step 1: Tables\n\n${php('Schema::create("x", fn ($t) => $t->id());')}`,
    },
    {
      name: 'a configured controller path',
      code:
        `## Step 4: Wire NotifyController\n` +
        `\nEdit \`app/Http/Controllers/NotifyController.php\`:\n` +
        `\n${good}\n${step(5, 'Unrelated', php('$x = 1;'))}`,
      settings: { controllerPath: 'app/Http/Controllers/NotifyController.php' },
    },
  ],
  invalid: [
    {
      name: 'two steps change the controller',
      code: `${wireShadow17}\n${step(18, 'Integrate modes', good)}`,
      errors: [
        {
          messageId: 'duplicate',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 29,
          includes: ['Step 18: Integrate modes'],
          // the unsafe fix deletes Step 17, heading to end
          suggestions: [{ output: `\n${step(18, 'Integrate modes', good)}` }],
        },
        { messageId: 'notMarked', line: 10, column: 1, endLine: 10, endColumn: 28, suggestions: [] },
      ],
      output: `${wireShadow17}\n${step(18, 'Integrate modes (CANONICAL)', good)}`,
    },
    {
      name: 'three steps: two duplicates',
      code: `${logUuids16}\n${wireShadow17b}\n${step(18, 'Integrate', good)}`,
      errors: [
        {
          messageId: 'duplicate',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 22,
          suggestions: [{ output: `\n${wireShadow17b}\n${step(18, 'Integrate', good)}` }],
        },
        {
          messageId: 'duplicate',
          line: 10,
          column: 1,
          endLine: 10,
          endColumn: 24,
          suggestions: [{ output: `${logUuids16}\n\n${step(18, 'Integrate', good)}` }],
        },
        { messageId: 'notMarked', line: 19, column: 1, endLine: 19, endColumn: 22, suggestions: [] },
      ],
      output: `${logUuids16}\n${wireShadow17b}\n${step(18, 'Integrate (CANONICAL)', good)}`,
    },
    {
      name: 'the canonical step does not pre-generate the UUID map',
      code: step(
        18,
        'Integrate',
        php([...pregen.filter((l) => !l.includes('messageUuidMap[')), ...modeSwitch].join('\n')),
      ),
      errors: [{ messageId: 'missingUuidMap', line: 1, column: 1, endLine: 1, endColumn: 22, suggestions: [] }],
      output: null,
    },
    {
      name: 'the canonical step has no recipient map',
      code: step(
        18,
        'Integrate',
        php([...pregen.filter((l) => !l.includes('recipientMap')), ...modeSwitch].join('\n')),
      ),
      // no suggestion: the step has no `'recipient' => …` entry to take the recipient from
      errors: [{ messageId: 'missingRecipientMap', line: 1, column: 1, endLine: 1, endColumn: 22, suggestions: [] }],
      output: null,
    },
    {
      name: 'the canonical step switches on OFF and SHADOW only',
      code: step(
        18,
        'Integrate',
        php(
          [...pregen, "if ($mode === 'OFF') { $legacySend(); } elseif ($mode === 'SHADOW') { $legacySend(); }"].join(
            '\n',
          ),
        ),
      ),
      errors: [
        {
          messageId: 'missingModeSwitch',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 22,
          includes: ['ON'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'no step changes the controller the runbook names',
      code:
        `# PHASE D\n\nThe integration lives in \`app/Http/Controllers/SmsController.php\`.\n\n## ` +
        `Step 18: Roll out\n\n${fence('bash', 'php artisan migrate')}`,
      errors: [{ messageId: 'none', line: 1, column: 1, endLine: 1, endColumn: 10, suggestions: [] }],
      output: null,
    },
    {
      name: 'a (CANONICAL) marker decides which step stays',
      code: `${canonical17}\n${step(18, 'Integrate again', good)}`,
      errors: [
        {
          messageId: 'duplicate',
          line: 21,
          column: 1,
          endLine: 21,
          endColumn: 28,
          includes: ['(CANONICAL)'],
          suggestions: [{ output: `${canonical17}\n` }],
        },
      ],
      output: null,
    },
    {
      name: 'a step naming only the class',
      code: `${patchClass9}${step(18, 'Integrate', good)}`,
      errors: [
        {
          messageId: 'duplicate',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 39,
          suggestions: [{ output: step(18, 'Integrate', good) }],
        },
        { messageId: 'notMarked', line: 7, column: 1, endLine: 7, endColumn: 22, suggestions: [] },
      ],
      output: `${patchClass9}${step(18, 'Integrate (CANONICAL)', good)}`,
    },
    {
      name: 'everything missing at once',
      code: step(18, 'Integrate', php('$legacySend();')),
      errors: [
        { messageId: 'missingUuidMap', line: 1, column: 1, endLine: 1, endColumn: 22, suggestions: [] },
        { messageId: 'missingRecipientMap', line: 1, column: 1, endLine: 1, endColumn: 22, suggestions: [] },
        { messageId: 'missingModeSwitch', line: 1, column: 1, endLine: 1, endColumn: 22, suggestions: [] },
      ],
      output: null,
    },
  ],
});
