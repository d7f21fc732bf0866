// What this rule's fixes insert, written out by hand: the test files compare against it.

/** The placeholder a gate gets when the runbook has no way to make the service slow. */
export const fillInSlow = '# runbook-lint: fill in how to make the Go service answer after 800 ms';

/** The test messages of the gate's send call. */
export const testMessages =
  "[['message_uuid' => 'gate-timeout-'.time(), 'recipient' => '+15550000000', 'body' => 'gate', " +
  "'provider' => 'twilio']]";

/** A send call with these named arguments, as the gate writes it inside `tinker --execute="…"`. */
export const sendWith = (method: string, args: string): string => `\\$client->${method}(${args});`;

/** The send when the runbook declares no method of the client among `newServiceCalls`. */
export const fillInSend =
  '// runbook-lint: fill in a call of MessagingServiceClient that sends one test message to the Go service';

/**
 * The verification gate, in a bash fence: `slow` are the lines that make the service slow (or
 * its placeholder), `tinker` the PHP lines that do it inside the tinker session, `send` the call.
 */
export function gateFix(opts: { slow: string[]; tinker?: string[]; send: string }): string {
  return `\`\`\`bash\n${[
    '# GATE: a Go call slower than 500 ms times out and the legacy fallback sends once',
    ...opts.slow,
    'php artisan tinker --execute="',
    ...(opts.tinker ?? []),
    '\\$client = app(App\\Services\\MessagingServiceClient::class);',
    'try {',
    `    ${opts.send}`,
    "    echo 'FAIL: no timeout after 500 ms';",
    '} catch (Illuminate\\Http\\Client\\ConnectionException \\$e) {',
    "    echo 'PASS: timeout after 500 ms; the legacy fallback path is taken';",
    '}',
    '"',
    '# Then, with the service as slow, send one test message in ON mode and check that it was sent once,',
    "# by the legacy driver: one row in sms_logs, source = 'laravel', and no row in go_sms_logs.",
  ].join('\n')}\n\`\`\`\n`;
}
