import { go, php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

const smsLogHelper = php(
  [
    'function smsLog($tenantId, $to, $status, ?string $messageUuid ' +
      "= null, string $source = 'laravel', ?string $providerMessageId " +
      '= null) {',
    "    DB::table('sms_logs')->updateOrInsert(['message_uuid' => " +
      "$messageUuid], ['status' => $status, 'source' => $source]);",
    '}',
  ].join('\n'),
);

const modelCreate = go(
  [
    'type SmsLog struct{ Status string }',
    '',
    'func (SmsLog) TableName() string { return "sms_logs" }',
    '',
    'func save(db *gorm.DB) {',
    '\tdb.Create(&SmsLog{Status: "accepted"})',
    '}',
  ].join('\n'),
);
const modelUpdate =
  `${go('func (*LegacyLog) TableName() string { return "sms_logs" }')}\n` +
  go('db.Model(&models.LegacyLog{}).Where("message_uuid = ?", id).Update("status", "sent")');
/** What is left of a Go block whose only statement was deleted. */
const emptyGo = '```go\n```\n';

const goConst = go(
  [
    'const logTable = "sms_logs"',
    '',
    'func save(ctx context.Context, db *sql.DB, id string) {',
    '\tdb.ExecContext(ctx, "INSERT INTO "+logTable+" (message_uuid) VALUES (?)", id)',
    '}',
  ].join('\n'),
);

ruleTester('sole-log-writer', {
  valid: [
    {
      name: 'a SELECT from the legacy table in Go',
      code: go('db.Raw("SELECT message_uuid, status FROM sms_logs WHERE source = \'go\'").Scan(&rows)'),
    },
    {
      name: 'Go writes its own table',
      code: go(
        'h.db.Table("go_sms_logs").Where("message_uuid = ?", id).Updates(map[string]interface{}{"status": status})',
      ),
    },
    { name: 'prose forbidding the write', code: 'Go MUST NOT write to `sms_logs`; it writes only to `go_sms_logs`.\n' },
    {
      name: 'SQL words in a log message, not in an Exec',
      code: go('log.Printf("skipping INSERT INTO sms_logs for %s", id) // never INSERT INTO sms_logs here'),
    },
    {
      name: 'SQL built from a constant naming the service’s own table',
      code: go(
        [
          'const logTable = "go_sms_logs"',
          '',
          'db.ExecContext(ctx, "INSERT INTO "+logTable+" (message_uuid) VALUES (?)", id)',
        ].join('\n'),
      ),
    },
    {
      name: 'a constant declared twice with different tables is not one value',
      code:
        go('const logTable = "sms_logs"') +
        '\n' +
        go(
          [
            'const logTable = "go_sms_logs"',
            '',
            'db.ExecContext(ctx, "DELETE FROM "+logTable+" WHERE id = ?", id)',
          ].join('\n'),
        ),
    },
    {
      name: 'a gorm read of the legacy table',
      code: go('h.db.Table("sms_logs").Where("tenant_id = ?", t).Find(&rows)'),
    },
    {
      name: 'Laravel records the Go result with all four fields',
      code: `${smsLogHelper}\n${php(
        "smsLog($tenantId, $to, $r['status'], $r['message_uuid'], 'go', " + "$r['provider_message_id'] ?? null);",
      )}`,
    },
    {
      name: 'Laravel as the subject of the write',
      code: "Laravel records Go results in `sms_logs` with `source = 'go'`.\n",
    },
    { name: 'a question in the FAQ', code: 'Can the Go service write to sms_logs?\n' },
    {
      name: "a recorder's private upsert joins its keys with fields its callers pass: keys unknown here",
      code: php(
        [
          'final class GoResultRecorder',
          '{',
          '    private function upsert(string $uuid, array $fields): void',
          '    {',
          "        SmsLog::updateOrCreate(['message_uuid' => $uuid], ['source' => 'go'] + $fields);",
          '    }',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: '"the worker" in a section about the legacy side is the legacy worker',
      code: '## Laravel side\n\n### Receipts\n\nThe worker sets `sms_logs.status` when the receipt job runs.\n',
    },
    {
      name: '"the handler" in a section about the new service, negated',
      code: '## Go service\n\n### Receipts\n\nThe handler never sets `sms_logs.status`; it updates `go_sms_logs`.\n',
    },
    {
      name: '"It" after a sentence about Laravel is Laravel',
      code: 'Receipts are handled by a Laravel job. It also sets `sms_logs.status` to delivered.\n',
    },
    {
      name: 'a heading naming both sides decides nothing',
      code: '## Laravel and Go\n\nThe worker sets `sms_logs.status` for each receipt.\n',
    },
  ],
  invalid: [
    {
      name: 'SQL built from a package constant that names the legacy table',
      code: goConst,
      errors: [
        {
          messageId: 'rawWrite',
          line: 5,
          column: 22,
          endLine: 5,
          endColumn: 74,
          includes: ['through logTable = "sms_logs" (line 2)'],
          suggestions: [{ output: goConst.replace(/\n\tdb\.ExecContext[^\n]*/, '') }],
        },
      ],
      output: null,
    },
    {
      name: 'gorm Create through Table()',
      code: go('h.db.Table("sms_logs").Create(&entry)'),
      errors: [
        { messageId: 'ormWrite', line: 2, column: 1, endLine: 2, endColumn: 38, suggestions: [{ output: emptyGo }] },
      ],
      output: null,
    },
    {
      name: 'gorm Updates through a chain split over lines',
      code: go(
        [
          'h.db.Table("sms_logs").',
          '\tWhere("message_uuid = ?", id).',
          '\tUpdates(map[string]interface{}{"status": status})',
        ].join('\n'),
      ),
      errors: [
        { messageId: 'ormWrite', line: 2, column: 1, endLine: 4, endColumn: 51, suggestions: [{ output: emptyGo }] },
      ],
      output: null,
    },
    {
      name: 'quoted, schema-qualified table with Delete',
      code: go('db.Table("app.`sms_logs`").Where("id = ?", 1).Delete(nil)'),
      errors: [
        { messageId: 'ormWrite', line: 2, column: 1, endLine: 2, endColumn: 58, suggestions: [{ output: emptyGo }] },
      ],
      output: null,
    },
    {
      name: 'a model mapped to the legacy table, created',
      code: modelCreate,
      errors: [
        {
          messageId: 'modelWrite',
          line: 7,
          column: 2,
          endLine: 7,
          endColumn: 40,
          suggestions: [{ output: modelCreate.replace('\tdb.Create(&SmsLog{Status: "accepted"})\n', '') }],
        },
      ],
      output: null,
    },
    {
      name: 'a model mapped to the legacy table, updated through Model()',
      code: modelUpdate,
      errors: [
        {
          messageId: 'modelWrite',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 85,
          suggestions: [
            {
              output: modelUpdate.replace(
                'db.Model(&models.LegacyLog{}).Where("message_uuid = ?", id).Update("status", "sent")\n',
                '',
              ),
            },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'raw INSERT in Exec',
      code: go('db.Exec("INSERT INTO sms_logs (message_uuid, status) VALUES (?, ?)", id, st)'),
      errors: [
        { messageId: 'rawWrite', line: 2, column: 10, endLine: 2, endColumn: 30, suggestions: [{ output: emptyGo }] },
      ],
      output: null,
    },
    {
      name: 'raw UPDATE in a raw string literal',
      code: go(['db.Exec(`', '\tUPDATE sms_logs', '\tSET status = ?', '\tWHERE message_uuid = ?`, st, id)'].join('\n')),
      errors: [
        { messageId: 'rawWrite', line: 3, column: 2, endLine: 3, endColumn: 17, suggestions: [{ output: emptyGo }] },
      ],
      output: null,
    },
    {
      name: 'DELETE on a schema-qualified table in Raw',
      code: go('db.Raw("DELETE FROM app.sms_logs WHERE id = ?", 1)'),
      errors: [
        { messageId: 'rawWrite', line: 2, column: 9, endLine: 2, endColumn: 33, suggestions: [{ output: emptyGo }] },
      ],
      output: null,
    },
    {
      name: 'REPLACE INTO through database/sql ExecContext',
      code: go('_, err := sqlDB.ExecContext(ctx, "REPLACE INTO sms_logs SET message_uuid = ?", id)'),
      // no fix: the statement also declares err, which code after it may use
      errors: [{ messageId: 'rawWrite', line: 2, column: 35, endLine: 2, endColumn: 56, suggestions: [] }],
      output: null,
    },
    {
      name: 'Laravel records a Go result without provider_message_id',
      code: `${smsLogHelper}\n${php("smsLog($tenantId, $to, $r['status'], $r['message_uuid'], 'go');")}`,
      errors: [
        {
          messageId: 'goResultIncomplete',
          line: 8,
          column: 1,
          endLine: 8,
          endColumn: 63,
          includes: ['provider_message_id'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'a direct insert of a Go result without status',
      code: php(
        "DB::table('sms_logs')->insert(['source' => 'go', 'message_uuid' => $u, 'provider_message_id' => $p]);",
      ),
      errors: [
        {
          messageId: 'goResultIncomplete',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 101,
          includes: ['status'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'a recorder whose write joins two literal arrays still lacks provider_message_id',
      code: php(
        [
          'final class GoResultRecorder',
          '{',
          '    public function record(string $u, string $s): void',
          '    {',
          "        SmsLog::updateOrCreate(['message_uuid' => $u], ['source' => 'go'] + ['status' => $s]);",
          '    }',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'goResultIncomplete', line: 6, column: 9, endLine: 6, endColumn: 94, suggestions: [] }],
      output: null,
    },
    {
      name: 'prose: the Go service writes the legacy table',
      code: 'The Go service also writes the final status to `sms_logs`.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 59, suggestions: [] }],
      output: 'Laravel records the Go result in `sms_logs`; the Go service writes only `go_sms_logs`.\n',
    },
    {
      name: 'prose: "It" opens the sentence after one about the Go service',
      code: 'Receipts land in the Go service, which stores them. It also sets `sms_logs.status` to delivered.\n',
      errors: [{ messageId: 'prose', line: 1, column: 53, endLine: 1, endColumn: 97, suggestions: [] }],
      output:
        'Receipts land in the Go service, which stores them. ' +
        'Laravel records the Go result in `sms_logs`; the Go service writes only `go_sms_logs`.\n',
    },
    {
      name: 'prose: "the worker" of a step under the new service\'s phase sets the legacy table',
      code:
        '## Phase B: Go service\n\n### B-02 · Worker pool\n\n' +
        'On a receipt the worker also sets `sms_logs.status`.\n',
      errors: [{ messageId: 'prose', line: 5, column: 1, endLine: 5, endColumn: 53, suggestions: [] }],
      output:
        '## Phase B: Go service\n\n### B-02 · Worker pool\n\n' +
        'Laravel records the Go result in `sms_logs`; the Go service writes only `go_sms_logs`.\n',
    },
  ],
});
