import { describe, expect, it } from 'vitest';
import { rules } from '../index.js';
import { resolveConfig } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { fence, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { fillInSlow, gateFix, sendWith, testMessages } from './expected.js';

/**
 * Issue 11, class 13: the timeout drill may be a step of its own, anywhere in the runbook —
 * any gate, drill or test that makes the new service slower than the budget and checks the
 * fallback meets the requirement; the gate is missing only when no such step exists.
 */

/** Lines 1–12: the client step, its heading on line 1. */
const clientStep = `## Step 8: Messaging client\n\n${php(
  [
    'final class MessagingServiceClient',
    '{',
    '    public function sendBatch(array $items, bool $dryRun = false): array',
    '    {',
    "        return Http::timeout(0.5)->post(config('services.messaging.url') " +
      ". '/v1/batch', ['items' => $items, 'dry_run' => $dryRun])->json();",
    '    }',
    '}',
  ].join('\n'),
)}`;
const withDrill = (drill: string): string => `${clientStep}\n${drill}`;
const drill = `## Step 22: Timeout & Fallback Drill\n\n${fence(
  'bash',
  'toxiproxy-cli toxic add messaging --type latency --attribute ' + 'latency=900',
)}\nCheck that the legacy driver sent each message exactly once.\n`;
/** A Guzzle client the container injects; the request carries its own timeout option (line 9). */
const guzzleStep = (timeout: string): string =>
  `## Step 8: Messaging client\n\n${php(
    [
      'final class MessagingServiceClient',
      '{',
      '    public function __construct(private readonly \\GuzzleHttp\\ClientInterface $http) {}',
      '    public function sendBatch(array $items): array',
      '    {',
      `        $r = $this->http->request('POST', '/internal/v1/sms/send-batch', ` +
        `['timeout' => ${timeout}, 'json' => ['messages' => $items]]);`,
      '        return json_decode((string) $r->getBody(), true);',
      '    }',
      '}',
    ].join('\n'),
  )}\n${drill}`;

/** The gate the noGate fix writes for the client step: no slowdown in the runbook, its sendBatch's parameters. */
const itemsSend = sendWith('sendBatch', `items: ${testMessages}, dryRun: false`);
const placeholderGate = gateFix({ slow: [fillInSlow], send: itemsSend });
const rolloutStep = '## Step 22: Roll out\n\nMove one tenant to ON per day.\n';
const stoppedDrill = withDrill(
  `## Step 22: Fallback drill\n\n${fence('bash', 'docker compose stop messaging-service')}\n` +
    'Confirm the legacy driver sent the message once.\n',
);
const noFallbackCheck = withDrill(
  `## Chaos test: slow Go\n\n${fence('bash', 'sudo tc qdisc add dev eth0 root netem delay 1200ms')}\n` +
    'Expect HTTP 200 from `/sms/send`.\n',
);
const negatedDrill = withDrill(
  '## Step 22: Timeout drill\n\nWe do not inject latency in staging; check that the legacy fallback ran.\n\n' +
    fence('bash', 'php artisan sms:test-send --tenant=9001'),
);

/** A chaos drill whose only fault is the breaker forced open (heading on line 13). */
const faultsDrill = withDrill(
  '## Step 22: Chaos drill: faults\n\n| Activity | SRE |\n|---|---|\n| Inject the faults | R |\n\n' +
    `${fence('bash', 'php artisan sms:breaker open')}\nExpect one legacy fallback log line per message.\n`,
);

ruleTester('timeout-budget', {
  valid: [
    { name: 'an injected Guzzle client whose request carries the 0.5 s budget', code: guzzleStep('0.5') },
    {
      name: 'class 13: a "Timeout & Fallback Drill" step of its own: Toxiproxy latency, then one legacy send',
      code: withDrill(
        [
          '## Step 22: Timeout & Fallback Drill',
          '',
          '1. Put 900 ms of latency in front of the Go service:',
          `   ${fence('bash', 'toxiproxy-cli toxic add messaging --type latency --attribute ' + 'latency=900')
            .trimEnd()
            .split('\n')
            .join('\n   ')}`,
          '2. Send one SMS for a tenant in ON mode and confirm the legacy driver sent it exactly once:',
          `   ${fence(
            'sql',
            'SELECT COUNT(*) FROM sms_logs WHERE message_uuid = :uuid AND ' + "source = 'laravel'; -- expect 1",
          )
            .trimEnd()
            .split('\n')
            .join('\n   ')}`,
          '',
        ].join('\n'),
      ),
    },
    {
      name: 'class 13: "Chaos test: slow Go" outside any step, tc netem delay and the fallback log line',
      code: withDrill(
        `## Chaos test: slow Go\n\n${fence('bash', 'sudo tc qdisc add dev eth0 root netem delay 1200ms')}\nExpect ` +
          `exactly one \`LEGACY_SEND_FALLBACK\` log line per message.\n`,
      ),
    },
    {
      name: 'class 13: a PHP test whose Http::fake stub sleeps past the budget and asserts the legacy send',
      code: withDrill(
        `## Step 9: Client behaviour\n\n${php(
          [
            "Http::fake(['*' => function () { usleep(800_000); return Http::response(['results' => []]); }]);",
            "$this->post('/sms/send', ['campaign_id' => 7]);",
            "$this->assertSame(1, FakeLegacyDriver::$sent, 'the legacy fallback sends once');",
          ].join('\n'),
        )}`,
      ),
    },
    {
      name: "class 13: a game-day drill written as a table, under the runbook's verification part",
      code: withDrill(
        [
          '# Verification',
          '',
          '## Game day',
          '',
          '| Action | Expected |',
          '|---|---|',
          '| Inject 2 s latency on the Go upstream (`toxiproxy-cli toxic ' +
            'add -t latency`) | the legacy fallback sends each message once ' +
            '|',
          '',
        ].join('\n'),
      ),
    },
  ],
  invalid: [
    {
      name: 'a request option of 2 s on an injected Guzzle client',
      code: guzzleStep('2'),
      errors: [
        {
          messageId: 'wrongValue',
          line: 9,
          column: 88,
          endLine: 9,
          endColumn: 89,
          suggestions: [{ output: guzzleStep('0.5') }],
        },
      ],
      output: null,
    },
    {
      name: 'class 13: no drill anywhere: reported at the client step, which gets the gate',
      code: withDrill(rolloutStep),
      errors: [{ messageId: 'noGate', line: 1, column: 1, endLine: 1, endColumn: 28, suggestions: [] }],
      // a gate section at the end of the client step, before the next step
      output: withDrill(`### Verification Gate: timeout fallback\n\n${placeholderGate}\n${rolloutStep}`),
    },
    {
      name: 'class 13: a drill that stops the Go service instead of making it slow, reported at the drill',
      code: stoppedDrill,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 27, suggestions: [] }],
      output: `${stoppedDrill}\n${placeholderGate}`,
    },
    {
      name: 'a drill that "injects the faults" by opening the breaker makes nothing slow',
      code: faultsDrill,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 32, suggestions: [] }],
      output: `${faultsDrill}\n${placeholderGate}`,
    },
    {
      name: 'class 13: a latency drill that never checks the fallback',
      code: noFallbackCheck,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 23, suggestions: [] }],
      // the gate slows the service with the drill's own netem command
      output: `${noFallbackCheck}\n${gateFix({
        slow: [
          '# Make the Go service slower than 500 ms with the tc netem delay this runbook uses (as above):',
          'sudo tc qdisc add dev eth0 root netem delay 1200ms',
        ],
        send: itemsSend,
      })}`,
    },
    {
      name: 'class 13: a drill whose only slowdown sentence is negated',
      code: negatedDrill,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 26, suggestions: [] }],
      output: `${negatedDrill}\n${placeholderGate}`,
    },
  ],
});

describe('timeout-budget noGate fix (class 13)', () => {
  const config = resolveConfig({}, rules as Rule<unknown>[], null);
  const rule = rules.filter((r) => r.meta.id === 'timeout-budget');
  const fix = (text: string) => fixToFixedPoint({ text, filePath: 'RUNBOOK.md', config, rules: rule, unsafe: false });

  it('with no drill anywhere, adds a gate section to the client step; what is left is its placeholder', async () => {
    const rollout = '## Step 22: Roll out\n\nMove one tenant to ON per day.\n';
    const out = await fix(withDrill(rollout));
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    const [before, rest] = out.output.split('### Verification Gate: timeout fallback\n\n');
    expect(before).toBe(`${clientStep}\n`);
    expect(rest).toBe(`${placeholderGate}\n${rollout}`);
    // the gate heading on line 13, then a blank line, the fence, the GATE comment and the placeholder
    expect(out.remaining.messages.map(where)).toEqual([['gatePlaceholder', 17, 3, 17, 71]]);
  });

  it('the unsafe fix sets the injected Guzzle request option to the budget', async () => {
    const out = await fixToFixedPoint({
      text: guzzleStep('2'),
      filePath: 'RUNBOOK.md',
      config,
      rules: rule,
      unsafe: true,
    });
    expect(out.output).toBe(guzzleStep('0.5'));
  });

  it('appends the gate to a drill that falls short; with its placeholder unfilled, no second gate comes', async () => {
    const drill =
      `## Step 22: Fallback drill\n\n${fence('bash', 'docker compose stop messaging-service')}\nConfirm ` +
      `the legacy driver sent the message once.\n`;
    const out = await fix(withDrill(drill));
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    expect(out.output).toBe(`${withDrill(drill)}\n${placeholderGate}`);
    expect(out.remaining.messages.map(where)).toEqual([['gatePlaceholder', 23, 3, 23, 71]]);
    expect(out.ineffective).toEqual([]);
  });
});

const where = (m: { messageId?: string; line: number; column: number; endLine: number; endColumn: number }) => [
  m.messageId,
  m.line,
  m.column,
  m.endLine,
  m.endColumn,
];
