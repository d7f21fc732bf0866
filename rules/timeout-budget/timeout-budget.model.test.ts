import { describe, expect, it } from 'vitest';
import { rules } from '../index.js';
import { resolveConfig } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { fence, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { gateFix } from './expected.js';

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

/** The gate the noGate fix writes: templates/gate.md with the default settings. */
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
      output: withDrill(`### Verification Gate: timeout fallback\n\n${gateFix}\n${rolloutStep}`),
    },
    {
      name: 'class 13: a drill that stops the Go service instead of making it slow, reported at the drill',
      code: stoppedDrill,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 27, suggestions: [] }],
      output: `${stoppedDrill}\n${gateFix}`,
    },
    {
      name: 'a drill that "injects the faults" by opening the breaker makes nothing slow',
      code: faultsDrill,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 32, suggestions: [] }],
      output: `${faultsDrill}\n${gateFix}`,
    },
    {
      name: 'class 13: a latency drill that never checks the fallback',
      code: noFallbackCheck,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 23, suggestions: [] }],
      output: `${noFallbackCheck}\n${gateFix}`,
    },
    {
      name: 'class 13: a drill whose only slowdown sentence is negated',
      code: negatedDrill,
      errors: [{ messageId: 'noGate', line: 13, column: 1, endLine: 13, endColumn: 26, suggestions: [] }],
      output: `${negatedDrill}\n${gateFix}`,
    },
  ],
});

describe('timeout-budget noGate fix (class 13)', () => {
  const config = resolveConfig({}, rules as Rule<unknown>[], null);
  const rule = rules.filter((r) => r.meta.id === 'timeout-budget');
  const fix = (text: string) => fixToFixedPoint({ text, filePath: 'RUNBOOK.md', config, rules: rule, unsafe: false });
  const gateStart = '```bash\n# GATE: a Go call slower than 500 ms times out and the legacy fallback sends once\n';

  it('with no drill anywhere, adds a gate section to the client step; the runbook then has its drill', async () => {
    const rollout = '## Step 22: Roll out\n\nMove one tenant to ON per day.\n';
    const out = await fix(withDrill(rollout));
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    const [before, rest] = out.output.split('### Verification Gate: timeout fallback\n\n');
    expect(before).toBe(`${clientStep}\n`);
    expect(rest?.startsWith(gateStart)).toBe(true);
    expect(rest?.endsWith(`\n${rollout}`)).toBe(true);
    expect(out.remaining.messages).toEqual([]);
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

  it('appends the gate to a drill that falls short, and the drill then passes', async () => {
    const drill =
      `## Step 22: Fallback drill\n\n${fence('bash', 'docker compose stop messaging-service')}\nConfirm ` +
      `the legacy driver sent the message once.\n`;
    const out = await fix(withDrill(drill));
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    expect(out.output.startsWith(`${withDrill(drill)}\n${gateStart}`)).toBe(true);
    expect(out.remaining.messages).toEqual([]);
  });
});

/**
 * A class the client is given (a circuit breaker) that calls the URL the client's own calls are
 * built from: it calls the new service too, so its call needs the budget. The class is known by
 * its declaration or, for a method written alone, by the file its task creates.
 */
const breakerClient = `## Step 8: Messaging client\n\n${php(
  [
    'final class MessagingServiceClient',
    '{',
    '    public function __construct(private readonly string $baseUrl, private readonly CircuitBreaker $breaker) {}',
    '    public function sendBatch(array $items, bool $dryRun = false): array',
    '    {',
    '        return Http::timeout(0.5)->post("{$this->baseUrl}/v1/batch", [\'items\' => $items])->json();',
    '    }',
    '}',
  ].join('\n'),
)}`;
/** Lines 14–20: the breaker's task and its probe, a method without its class. */
const breakerTask = (probe: string, file = 'app/Services/CircuitBreaker.php'): string =>
  `${breakerClient}\n- [ ] T016 Create \`${file}\`; its half-open probe:\n\n${php(
    ['private function probe(): bool', '{', `    return ${probe};`, '}'].join('\n'),
  )}\n${drill}`;

ruleTester('timeout-budget', {
  valid: [
    {
      name: "the breaker's probe of the client's base URL carries the budget",
      code: breakerTask('Http::timeout(0.5)->get("{$this->baseUrl}/healthz")->successful()'),
    },
    {
      name: 'the breaker posts to an alerting webhook of its own: not the new service',
      code: breakerTask("Http::post($this->alertWebhook, ['text' => 'breaker open'])->successful()"),
    },
    {
      name: 'a class the client is not given calls the same property name',
      code: breakerTask('Http::get("{$this->baseUrl}/healthz")->successful()', 'app/Services/StatusPage.php'),
    },
  ],
  invalid: [
    {
      name: "the breaker's half-open probe calls the client's base URL with no timeout",
      code: breakerTask('Http::get("{$this->baseUrl}/healthz")->successful()'),
      errors: [
        {
          messageId: 'missing',
          line: 19,
          column: 12,
          endLine: 19,
          endColumn: 63,
          suggestions: [{ output: breakerTask('Http::timeout(0.5)->get("{$this->baseUrl}/healthz")->successful()') }],
        },
      ],
      output: null,
    },
  ],
});

/** Requests of an `Http::pool`, each started at the closure's `Pool $pool` (line 9). */
const pooled = (options: string): string =>
  `${`## Step 8: Messaging client\n\n${php(
    [
      'final class MessagingServiceClient',
      '{',
      '    public function sendBatch(array $chunks): array',
      '    {',
      '        return Http::pool(fn (Pool $pool) => array_map(',
      `            fn (int $n) => $pool->as("c{$n}")${options}->post(config('services.messaging.url'), $chunks[$n]),`,
      '            array_keys($chunks),',
      '        ));',
      '    }',
      '}',
    ].join('\n'),
  )}`}\n${drill}`;

ruleTester('timeout-budget', {
  valid: [{ name: 'each pooled request carries the budget', code: pooled('->timeout(0.5)->connectTimeout(0.5)') }],
  invalid: [
    {
      name: 'a pooled request keeps only the connect timeout',
      code: pooled('->connectTimeout(0.5)'),
      errors: [{ messageId: 'missing', line: 9, column: 28, endLine: 9, endColumn: 120, suggestions: [] }],
      output: null,
    },
  ],
});
