// What this rule's fixes insert, written out by hand: both test files compare against it.

/** the verification gate, in a bash fence */
export const gateFix = `\`\`\`bash\n${[
  '# GATE: a Go call slower than 500 ms times out and the legacy fallback sends once',
  '# Point the client at an endpoint that answers after 1 s (a local delay server or a network delay).',
  'php artisan tinker --execute="',
  "config(['services.messaging.url' => 'http://127.0.0.1:8099/delay/1']);",
  '\\$client = new App\\Services\\MessagingServiceClient();',
  'try {',
  "    \\$client->sendBatch(1, [['message_uuid' => 'gate-timeout-'.time(), 'recipient' => '+15550000000', " +
    "'body' => 'gate', 'provider' => 'twilio']], null, false);",
  "    echo 'FAIL: no timeout after 500 ms';",
  '} catch (Illuminate\\Http\\Client\\ConnectionException \\$e) {',
  "    echo 'PASS: timeout after 500 ms; the legacy fallback path is taken';",
  '}',
  '"',
  '# Then send one test message in ON mode with the slow endpoint and check that it was sent once,',
  "# by the legacy driver: one row in sms_logs, source = 'laravel', and no row in go_sms_logs.",
].join('\n')}\n\`\`\`\n`;
