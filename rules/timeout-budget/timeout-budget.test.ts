import { fence, go, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';
import { fillInSend, fillInSlow, gateFix } from './expected.js';

const client = (body: string): string =>
  php(['class MessagingServiceClient {', '    public function call() {', body, '    }', '}'].join('\n'));
const gate = `### 3. Verification Gate\n\n${fence(
  'bash',
  [
    '# GATE: a slow Go service times out and the legacy fallback sends once',
    "php artisan tinker --execute=\"config(['services.messaging.url' " +
      "=> 'http://127.0.0.1:8099/delay/1']); echo 'expect legacy fallback';\"",
  ].join('\n'),
)}`;

/** The gate the noGate fix writes here: nothing to slow the service with, no send method declared. */
const placeholderGate = gateFix({ slow: [fillInSlow], send: fillInSend });
const noTimeout = `${client("        return Http::withToken($t)->get($this->baseUrl . '/healthz');")}\n${gate}`;
const fiveSeconds = `${client("        return Http::timeout(5)->post($this->baseUrl . '/x', []);")}\n${gate}`;
const outsideClient = `${php(
  "$r = Http::timeout(2)->post(config('services.messaging.url') . '/internal/v1/sms/send-batch', $payload);",
)}\n${gate}`;
const guzzleRequest = `${php(
  "$c = new \\GuzzleHttp\\Client(['base_uri' => config('services.messaging.url')]);\n" +
    "$r = $c->get('/healthz', ['timeout' => 2, 'http_errors' => false]);",
)}\n${gate}`;
const guzzleDefault = `${php(
  "$c = new Client(['base_uri' => 'http://messaging-service:8080', 'timeout' => 3]);\n" +
    "$c->post('/internal/v1/sms/send-batch', ['json' => $p]);",
)}\n${gate}`;
const testOnlyGate =
  `## Step 8: Client\n\n${client("        return Http::timeout(0.5)->post($this->baseUrl . '/x', []);")}\n` +
  `### 3. Verification Gate\n\n${fence('bash', 'php artisan test --filter=ClientTest')}`;
const commentOnlyGate =
  `## Step 8: Client\n\n${client("        return Http::timeout(0.5)->post($this->baseUrl . '/x', []);")}\n` +
  '### 3. Verification Gate\n\n' +
  fence('bash', '# simulate a timeout and check the legacy fallback (TODO)\nphp artisan test');

ruleTester('timeout-budget', {
  valid: [
    {
      name: 'Http::timeout(0.5) on the client',
      code: `${client(
        "        return Http::timeout(0.5)->post($this->baseUrl . '/internal/v1/sms/send-batch', " + '[]);',
      )}\n${gate}`,
    },
    {
      name: 'a Go provider client with its own 5 s timeout',
      code: go(
        'client := &http.Client{Timeout: 5 * time.Second}\n' +
          'resp, err := client.Post(twilioURL, "application/json", body)',
      ),
    },
    { name: 'an HTTP call to another service', code: php("$r = Http::get('https://status.example.com/api');") },
    {
      name: 'a Guzzle client with 500 ms in timeout_ms',
      code: `${php(
        "$c = new \\GuzzleHttp\\Client(['base_uri' => config('services.messaging.url'), " +
          "'timeout_ms' => 500]);\n" +
          "$c->get('/healthz');",
      )}\n${gate}`,
    },
    {
      name: 'a configured budget of 800 ms',
      code: `${client("        return Http::timeout(0.8)->post($this->baseUrl . '/x', []);")}\n${gate}`,
      settings: { timeoutMs: 800 },
    },
    {
      name: 'a read-only excerpt',
      code:
        `## Current client (read-only excerpt)\n` +
        `\n${client("        return Http::post($this->baseUrl . '/x', []);")}`,
    },
  ],
  invalid: [
    {
      name: 'no timeout on a call from the client class',
      code: noTimeout,
      errors: [
        {
          messageId: 'missing',
          line: 4,
          column: 16,
          endLine: 4,
          endColumn: 69,
          suggestions: [{ output: noTimeout.replace('Http::withToken', 'Http::timeout(0.5)->withToken') }],
        },
      ],
      output: null,
    },
    {
      name: 'five seconds instead of half a second',
      code: fiveSeconds,
      errors: [
        {
          messageId: 'wrongValue',
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 31,
          includes: ['5000 ms'],
          suggestions: [{ output: fiveSeconds.replace('Http::timeout(5)', 'Http::timeout(0.5)') }],
        },
      ],
      output: null,
    },
    {
      name: 'a URL marker outside the client class',
      code: outsideClient,
      errors: [
        {
          messageId: 'wrongValue',
          line: 2,
          column: 20,
          endLine: 2,
          endColumn: 21,
          suggestions: [{ output: outsideClient.replace('Http::timeout(2)', 'Http::timeout(0.5)') }],
        },
      ],
      output: null,
    },
    {
      name: 'a timeout that cannot be checked',
      code: `${client(
        "        return Http::timeout(config('services.messaging.timeout'))->post($this->baseUrl, " + '[]);',
      )}\n${gate}`,
      errors: [{ messageId: 'notLiteral', line: 4, column: 30, endLine: 4, endColumn: 66, suggestions: [] }],
      output: null,
    },
    {
      name: 'Guzzle request option in seconds',
      code: guzzleRequest,
      errors: [
        {
          messageId: 'wrongValue',
          line: 3,
          column: 40,
          endLine: 3,
          endColumn: 41,
          includes: ['2000 ms'],
          suggestions: [{ output: guzzleRequest.replace("['timeout' => 2,", "['timeout' => 0.5,") }],
        },
      ],
      output: null,
    },
    {
      name: 'Guzzle client default too long, no request option',
      code: guzzleDefault,
      errors: [
        {
          messageId: 'wrongValue',
          line: 2,
          column: 78,
          endLine: 2,
          endColumn: 79,
          suggestions: [{ output: guzzleDefault.replace("'timeout' => 3]", "'timeout' => 0.5]") }],
        },
      ],
      output: null,
    },
    {
      name: 'Guzzle client with no timeout at all',
      code: `${php(
        "$c = new Client(['base_uri' => config('services.messaging.url')]);\n" +
          "$c->post('/internal/v1/sms/send-batch', ['json' => $p]);",
      )}\n${gate}`,
      errors: [{ messageId: 'missing', line: 3, column: 1, endLine: 3, endColumn: 56, suggestions: [] }],
      output: null,
    },
    {
      name: 'no verification gate simulating the timeout',
      code: testOnlyGate,
      errors: [{ messageId: 'noGate', line: 11, column: 1, endLine: 11, endColumn: 25, suggestions: [] }],
      output: `${testOnlyGate}\n${placeholderGate}`,
    },
    {
      name: 'a gate that only mentions the timeout in a comment',
      code: commentOnlyGate,
      errors: [{ messageId: 'noGate', line: 11, column: 1, endLine: 11, endColumn: 25, suggestions: [] }],
      output: `${commentOnlyGate}\n${placeholderGate}`,
    },
  ],
});
