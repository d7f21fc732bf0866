import { php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const recorder = (body: string[]): string =>
  php(
    [
      'final class GoResultRecorder',
      '{',
      '    public function record(int $tenantId, array $r): void',
      '    {',
      ...body.map((l) => `        ${l}`),
      '    }',
      '}',
    ].join('\n'),
  );

ruleTester('sole-log-writer', {
  valid: [
    {
      name: 'the Eloquent model of sms_logs records all four fields of a Go result',
      code: recorder([
        "SmsLog::updateOrCreate(['message_uuid' => $r['message_uuid']], " +
          "['source' => 'go', 'status' => $r['status'], 'provider_message_id' " +
          "=> $r['provider_message_id']]);",
      ]),
    },
    {
      name: "the legacy path's own write (source 'legacy') is not a Go result",
      code: php(
        'final class LegacyDeliveryJob\n' +
          '{\n    public function handle(): void\n' +
          "    {\n        SmsLog::updateOrCreate(['message_uuid' => $uuid], " +
          "['source' => 'legacy', 'status' => 'sent']);\n" +
          '    }\n}',
      ),
    },
    {
      name: 'a model that declares another table is not the legacy log',
      code:
        php("class SmsLog extends Model\n{\n    protected $table = 'sms_audit';\n}") +
        recorder(["SmsLog::create(['message_uuid' => $r['message_uuid'], 'status' => $r['status']]);"]),
    },
  ],
  invalid: [
    {
      name: "the recorder of Go results writes sms_logs without source = 'go'",
      code: recorder([
        "DB::table('sms_logs')->updateOrInsert(['message_uuid' => $r['message_uuid']], " +
          "['status' => $r['status'], 'provider_message_id' => $r['provider_message_id']]);",
      ]),
      errors: [
        {
          messageId: 'goResultIncomplete',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 166,
          includes: ["source = 'go'"],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'the Eloquent model of sms_logs records a Go result without provider_message_id',
      code: recorder([
        "SmsLog::updateOrCreate(['message_uuid' => $r['message_uuid']], ['source' => 'go', 'status' => $r['status']]);",
      ]),
      errors: [
        {
          messageId: 'goResultIncomplete',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 117,
          includes: ['provider_message_id'],
          suggestions: [],
        },
      ],
      output: null,
    },
  ],
});

ruleTester('sole-log-writer', {
  valid: [
    {
      name: 'history: a prototype that once let the Go service write sms_logs, abandoned before this plan',
      code:
        'Before this plan, an earlier prototype let the Go service write ' +
        'delivery status straight into `sms_logs`. That prototype was ' +
        'abandoned.\n',
    },
    {
      name: 'a hypothesis',
      code: 'Were the Go service to write `sms_logs` itself, the two sides would disagree about every retry.\n',
    },
  ],
  invalid: [
    {
      name: 'the design as stated: the Go worker writes sms_logs',
      code: 'After each send, the Go worker writes the final status into `sms_logs`.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 72, suggestions: [] }],
      output: 'Laravel records the Go result in `sms_logs`; the Go service writes only `go_sms_logs`.\n',
    },
  ],
});
