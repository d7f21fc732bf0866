// What this rule's fixes insert, written out by hand: both test files compare against it.

/** Section 0 at heading level `h2`, with the template's mode table or, when given, the sentence in its place. */
export const section0 = (h2: string, modeTable?: string): string => {
  const h3 = `${h2}#`;
  const table = modeTable
    ? [modeTable]
    : [
        '| Mode | Laravel Send | Go Send | Go dry_run | Quota Decrement | Fallback Allowed |',
        '|------|------|------|------|------|------|',
        '| OFF | YES | NO | n/a | YES (Laravel) | NO |',
        '| SHADOW | YES | YES (dry run) | true | NO | NO |',
        '| ON | NO (fallback only) | YES | false | YES (accepted, duplicate) | ' +
          'only on timeout (> 500 ms), transport failure or open circuit |',
      ];
  return [
    `${h2} 0. HARD EXECUTION INVARIANTS (NON-NEGOTIABLE)`,
    '',
    'These invariants hold at every step of the migration. A step that would break one is wrong,',
    'whatever else it says.',
    '',
    `${h3} Invariant 1 — Single Execution Authority`,
    '',
    'At any moment, for a given `message_uuid`, exactly ONE system may perform the external',
    'provider send.',
    '',
    ...table,
    '',
    `${h3} Invariant 2 — UUID Generated ONCE at Entry Point`,
    '',
    '`$messageUuidMap` MUST be generated BEFORE any send logic executes, never inside a retry,',
    'provider or fallback loop.',
    '',
    `${h3} Invariant 3 — Laravel is the ONLY Writer to sms_logs`,
    '',
    'The Go service MUST NOT write to `sms_logs`; it writes only to `go_sms_logs`.',
    "Laravel records each Go result in `sms_logs` with `source = 'go'`, `message_uuid`,",
    '`provider_message_id` and `status`.',
    '',
    `${h3} Invariant 4 — Quota Decrement Safety`,
    '',
    "Quota decrement MUST occur ONLY when `mode == ON` AND `status IN ('accepted', 'duplicate')`.",
    'Quota MUST NOT decrement in SHADOW mode for the Go result.',
    '',
  ].join('\n');
};
