import { describe, expect, it } from 'vitest';
import { rules } from '../index.js';
import { resolveConfig } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { fence, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { fillInSlow, gateFix, sendWith, testMessages } from './expected.js';

/**
 * What the noGate fix's gate is made of: the runbook's own way to make the Go service slow
 * (Toxiproxy, tc netem, an Istio fault delay, a delay endpoint, an Http::fake stub that sleeps),
 * else a placeholder the rule then reports; and a send that matches the client's declared method.
 */

/** Lines 1–12: the client step, its heading on line 1 (columns 1–28). */
const clientStep = (signature = 'int $tenantId, array $messages, ?int $campaignId = null, bool $dryRun = false') =>
  `## Step 8: Messaging client\n\n${php(
    [
      'final class MessagingServiceClient',
      '{',
      `    public function sendBatch(${signature}): array`,
      '    {',
      "        return Http::timeout(0.5)->post(config('services.messaging.url') . '/internal/v1/sms/send-batch', " +
        "['messages' => $messages])->json();",
      '    }',
      '}',
    ].join('\n'),
  )}`;
/** The gate a runbook with the default client gets: a section at the end of the client step. */
const withGate = (rest: string, gate: { slow: string[]; tinker?: string[] }, signature?: string): string =>
  `${clientStep(signature)}\n### Verification Gate: timeout fallback\n\n${gateFix({ ...gate, send })}\n${rest}`;
const send = sendWith('sendBatch', `tenantId: 1, messages: ${testMessages}, dryRun: false`);
const noGate = { messageId: 'noGate', line: 1, column: 1, endLine: 1, endColumn: 28, suggestions: [] };

const toxiproxy = `## Step 30: Staging proxy\n\nThe staging app reaches the Go service through Toxiproxy:\n\n${fence(
  'bash',
  'toxiproxy-cli create messaging --listen 0.0.0.0:18080 --upstream messaging-service:8080\n' +
    'toxiproxy-cli toxic add messaging --type latency --attribute latency=900',
)}`;
const toxiproxyGate = {
  slow: [
    '# Make the Go service slower than 500 ms with the Toxiproxy toxic this runbook uses ' +
      '(as in “Step 30: Staging proxy”):',
    'toxiproxy-cli toxic add messaging --type latency --attribute latency=900',
  ],
};
const httpFake = `## Step 9: Client tests\n\n${php(
  [
    "Http::fake(['*' => function () { usleep(800_000); return Http::response(['results' => []]); }]);",
    '$this->expectException(ConnectionException::class);',
    "app(MessagingServiceClient::class)->sendBatch(1, [['message_uuid' => $uuid]]);",
  ].join('\n'),
)}`;
const httpFakeGate = {
  slow: [
    '# Fake a Go service slower than 500 ms with the Http::fake stub this runbook uses (as in “Step 9: Client ' +
      'tests”), in the same tinker session:',
  ],
  tinker: ["Http::fake(['*' => function () { usleep(800_000); return Http::response(['results' => []]); }]);"],
};
const delayEndpoint =
  '## Step 3: Local tools\n\nA local delay server answers late: `curl http://127.0.0.1:8099/delay/1`.\n';
const istio = `## Step 5: Mesh\n\n${fence(
  'yaml',
  [
    'apiVersion: networking.istio.io/v1beta1',
    'kind: VirtualService',
    'spec:',
    '  http:',
    '    - fault:',
    '        delay:',
    '          percentage:',
    '            value: 100',
    '          fixedDelay: 2s',
  ].join('\n'),
)}`;
const namedOnly = '## Step 30: Staging\n\nWe run Toxiproxy in front of the Go service in staging.\n';

/** A gate the fix wrote, its step to make the service slow still a placeholder (line 17, columns 3–71). */
const unfilled = withGate('', { slow: [fillInSlow] });
/** The same placeholder, written by a person as an HTML comment above the gate's commands (line 15). */
const htmlComment = unfilled.replace(
  `\`\`\`bash\n# GATE: a Go call slower than 500 ms times out and the legacy fallback sends once\n${fillInSlow}\n`,
  '<!-- runbook-lint: fill in how Toxiproxy slows the Go service -->\n\n' +
    '```bash\n# GATE: a Go call slower than 500 ms times out and the legacy fallback sends once\n',
);

ruleTester('timeout-budget', {
  valid: [
    { name: 'the Toxiproxy gate the fix wrote is a drill', code: withGate(toxiproxy, toxiproxyGate) },
    { name: 'the Http::fake gate the fix wrote is a drill', code: withGate(httpFake, httpFakeGate) },
  ],
  invalid: [
    {
      name: 'Toxiproxy elsewhere in the runbook: the gate adds its latency with the same command',
      code: `${clientStep()}\n${toxiproxy}`,
      errors: [noGate],
      output: withGate(toxiproxy, toxiproxyGate),
    },
    {
      name: 'an Http::fake stub that sleeps: the gate fakes the service with it in tinker',
      code: `${clientStep()}\n${httpFake}`,
      errors: [noGate],
      output: withGate(httpFake, httpFakeGate),
    },
    {
      name: 'a delay endpoint in inline code: the gate points the client at it',
      code: `${clientStep()}\n${delayEndpoint}`,
      errors: [noGate],
      output: withGate(delayEndpoint, {
        slow: [
          '# Point the client at the delay endpoint this runbook uses (as in “Step 3: Local tools”); it must ' +
            'answer after more than 500 ms.',
        ],
        tinker: ["config(['services.messaging.url' => 'http://127.0.0.1:8099/delay/1']);"],
      }),
    },
    {
      name: 'an Istio fault delay: the gate names it and quotes its fixedDelay',
      code: `${clientStep()}\n${istio}`,
      errors: [noGate],
      output: withGate(istio, {
        slow: [
          '# Make the Go service slower than 500 ms with the Istio fault delay this runbook uses (`fixedDelay: 2s`, ' +
            'as in “Step 5: Mesh”) on its VirtualService.',
        ],
      }),
    },
    {
      name: 'Toxiproxy only named in prose: a placeholder that says so',
      code: `${clientStep()}\n${namedOnly}`,
      errors: [noGate],
      output: withGate(namedOnly, {
        slow: [`${fillInSlow} (this runbook names Toxiproxy, in “Step 30: Staging”)`],
      }),
    },
    {
      name: 'nothing slows the service anywhere: a placeholder to fill',
      code: `${clientStep()}\n`,
      errors: [noGate],
      output: unfilled,
    },
    {
      name: 'the send uses the declared parameter names; one it cannot fill becomes a placeholder',
      code: `${clientStep('array $items, string $idempotencyKey, ?int $campaignId, bool $dry_run = true')}\n`,
      errors: [noGate],
      output: withGate(
        '',
        { slow: [fillInSlow] },
        'array $items, string $idempotencyKey, ?int $campaignId, bool $dry_run = true',
      ).replace(
        send,
        sendWith(
          'sendBatch',
          `items: ${testMessages}, idempotencyKey: null /* runbook-lint: fill in idempotencyKey */, ` +
            'campaignId: null, dry_run: false',
        ),
      ),
    },
    {
      name: 'a gate whose slowdown is still the placeholder is not a drill: the placeholder is reported, no new gate',
      code: unfilled,
      errors: [{ messageId: 'gatePlaceholder', line: 17, column: 3, endLine: 17, endColumn: 71, suggestions: [] }],
      output: null,
    },
    {
      name: 'a placeholder written as an HTML comment',
      code: htmlComment,
      errors: [{ messageId: 'gatePlaceholder', line: 15, column: 1, endLine: 15, endColumn: 66, suggestions: [] }],
      output: null,
    },
  ],
});

describe('timeout-budget: fix to a fixed point', () => {
  const config = resolveConfig({}, rules as Rule<unknown>[], null);
  const rule = rules.filter((r) => r.meta.id === 'timeout-budget');
  const fix = (text: string) => fixToFixedPoint({ text, filePath: 'RUNBOOK.md', config, rules: rule, unsafe: false });
  const gates = (text: string): number => text.split('# GATE: ').length - 1;

  it('a runbook with Toxiproxy gets one gate that uses it, and then passes', async () => {
    const out = await fix(`${clientStep()}\n${toxiproxy}`);
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    expect(out.output).toBe(withGate(toxiproxy, toxiproxyGate));
    expect(out.remaining.messages).toEqual([]);
  });

  it('a runbook with an Http::fake stub that sleeps gets one gate that uses it, and then passes', async () => {
    const out = await fix(`${clientStep()}\n${httpFake}`);
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    expect(gates(out.output)).toBe(1);
    expect(out.remaining.messages).toEqual([]);
  });

  it('a runbook with nothing gets one gate with a placeholder; the next lint reports the placeholder', async () => {
    const out = await fix(`${clientStep()}\n`);
    expect(out.applied.map((a) => a.messageId)).toEqual(['noGate']);
    expect([out.passes, out.cycle, out.ineffective, gates(out.output)]).toEqual([1, false, [], 1]);
    expect(out.remaining.messages.map((m) => [m.messageId, m.line, m.fixKind])).toEqual([
      ['gatePlaceholder', 17, undefined],
    ]);
    const again = await fix(out.output);
    expect([again.applied, again.output]).toEqual([[], out.output]);
  });
});
