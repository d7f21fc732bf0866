import { ruleTester } from '../../test/helpers/rule-tester.js';

const firstThree = [
  '**Invariant 1 — Authority.** Per `message_uuid`, exactly one system sends to a provider.',
  '',
  '**Invariant 2 — Identity.** Each `message_uuid` is created once, before any send.',
  '',
  '**Invariant 3 — Log ownership.** Only Laravel writes `sms_logs`.',
  '',
].join('\n');

const numberedPhaseA =
  '# Ops runbook\n\n## 1. Glossary\n\nLaravel writes `sms_logs`.\n\n## 2. PHASE A — PREPARE\n\n' +
  '### 2.1 Pre-flight\n\nChecks.\n\n## 3. PHASE B — BUILD\n\nText.\n';

/** Section 0 as the fix inserts it (templates/section-0.md with the default names), headings at `h2` and `h2 + 1`. */
const section0 = (h2: string): string => {
  const h3 = `${h2}#`;
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
    '| Mode | Laravel Send | Go Send | Go dry_run | Quota Decrement | Fallback Allowed |',
    '|------|------|------|------|------|------|',
    '| OFF | YES | NO | n/a | YES (Laravel) | NO |',
    '| SHADOW | YES | YES (dry run) | true | NO | NO |',
    '| ON | NO (fallback only) | YES | false | YES (accepted, duplicate) | ' +
      'only on timeout (> 500 ms), transport failure or open circuit |',
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

ruleTester('invariants-section', {
  valid: [
    {
      name:
        'invariant 4 stated as a decrement tied to the two billable statuses, without the word ' +
        'quota in that sentence',
      code:
        `## Phase A: Contract\n\n### A-01 · Invariants\n\n${firstThree}**Invariant 4 — Billing.** ` +
        `\`EmailSMSLimitRate->decrement('sms')\` runs for a Go result only in ON and only for ` +
        `\`accepted\` or \`duplicate\`.\n\n### A-02 · Inventory\n\nText.\n`,
    },
    {
      name: 'invariant 4 under a "Quota safety" heading, the rule in the paragraph below it',
      code:
        `# Phase A — Baseline\n\n## A.0 Invariants\n\n${firstThree}### Invariant 4 — Quota ` +
        `safety\n\nThe limit model is touched only in ON, for results the provider took.\n\n## A.1 ` +
        `Inventory\n\nText.\n`,
    },
  ],
  invalid: [
    {
      name: 'a numbered Phase A heading ("2. PHASE A — PREPARE") is the anchor of the missing section',
      code: numberedPhaseA,
      errors: [{ messageId: 'missing', line: 7, column: 1, endLine: 7, endColumn: 24 }],
      // Section 0 goes right after the Phase A heading, one level below it (### under ##)
      output: numberedPhaseA.replace(
        '## 2. PHASE A — PREPARE\n\n### 2.1',
        `## 2. PHASE A — PREPARE\n\n${section0('###')}\n### 2.1`,
      ),
    },
  ],
});
