import { ruleTester } from '../../test/helpers/rule-tester.js';
import { section0 } from './expected.js';

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
