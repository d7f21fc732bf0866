import { ruleTester } from '../../test/helpers/rule-tester.js';
import { section0 } from './expected.js';

const invariants = [
  '### Invariant 1 — Single Execution Authority',
  '',
  'For a given `message_uuid`, exactly one system may perform the provider send.',
  '',
  '### Invariant 2 — UUID Generated Once',
  '',
  'The `message_uuid` is generated once, at the entry point.',
  '',
  '### Invariant 3 — Sole Writer',
  '',
  'Laravel is the only writer of `sms_logs`.',
  '',
  '### Invariant 4 — Quota Safety',
  '',
  'Quota is decremented only in ON mode for accepted or duplicate results.',
  '',
].join('\n');

/** Section 0 as the fix inserts it (templates/section-0.md with the default names), headings at `h2` and `h2 + 1`. */
const noInvariants = '# PHASE A: BASELINE\n\n## 1. Architecture\n\nThe monolith sends and logs to `sms_logs`.\n';
const vaguePrinciples =
  '# PHASE A: BASELINE\n\n## Principles\n\n- Be careful with retries.\n- Keep the UUIDs stable.\n' +
  '- Respect the quota in `email_s_m_s_limit_rates`; calls go through `MessagingServiceClient`.\n';
const withModeTable =
  '# PHASE A: BASELINE\n\n## 1. Architecture\n\nThe monolith sends and logs to `sms_logs`.\n\n' +
  '## 4. Execution Modes\n\n' +
  '| Mode | Laravel sends | Go called | Go dry_run |\n|---|---|---|---|\n' +
  '| OFF | yes | no | n/a |\n| SHADOW | yes | yes | true |\n| ON | fallback only | yes | false |\n';
const ownTable =
  'The mode table in “4. Execution Modes” says what each mode does; it is the contract for this invariant.';
const phaseAByName =
  '# Phase 0: Kick-off\n\nText.\n\n# Phase A: Baseline\n\n## 1. Architecture\n\nThe `MessagingServiceClient` is new.\n';

ruleTester('invariants-section', {
  valid: [
    {
      name: 'section 0 right after the Phase A heading',
      code: `# PHASE A: BASELINE\n\n## 0. HARD EXECUTION INVARIANTS\n\n${invariants}\n## 1. Architecture\n\nText.\n`,
    },
    {
      name: 'declared in the Phase A introduction, before any subsection',
      code:
        `# Phase A — Baseline\n\nExactly one system sends each message. Every UUID is made once. ` +
        `Go must not write sms_logs. The quota is decremented only in ON mode.\n\n## 1. ` +
        `Architecture\n`,
    },
    {
      name: 'second subsection still counts as near the top',
      code: `# PHASE A: BASELINE\n\n## 1. Scope\n\nText.\n\n## 2. Invariants\n\n${invariants}`,
    },
    {
      name: 'configured legacy table name',
      code:
        `# PHASE A\n\n## Invariants\n\nExactly one system sends each message. UUIDs are generated ` +
        `once. The monolith is the only writer of notification_log. Quota is decremented only when ` +
        `mode is ON.\n`,
      settings: { legacyLogTable: 'notification_log' },
    },
    {
      name: 'a runbook about another migration is not asked for these invariants',
      code: '# PHASE A: DNS Baseline\n\n## 1. Zones\n\nMove the zones from Dyn to Route 53.\n',
    },
    {
      name: 'a runbook without phases declares them in its first sections',
      code: `# Cutover Runbook\n\n## Invariants\n\n${invariants}\n## Step 1: Prepare\n`,
    },
  ],
  invalid: [
    {
      name: 'no invariants at all',
      code: noInvariants,
      errors: [
        {
          messageId: 'missing',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 20,
          includes: ['single execution authority', 'quota safety'],
        },
      ],
      output: noInvariants.replace('# PHASE A: BASELINE\n\n', `# PHASE A: BASELINE\n\n${section0('##')}\n`),
    },
    {
      name: 'the runbook has its own mode table: Section 0 refers to it instead of adding a second one',
      code: withModeTable,
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 20 }],
      output: withModeTable.replace('# PHASE A: BASELINE\n\n', `# PHASE A: BASELINE\n\n${section0('##', ownTable)}\n`),
    },
    {
      name: 'a vague principles section does not count',
      code: vaguePrinciples,
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 20 }],
      output: vaguePrinciples.replace('# PHASE A: BASELINE\n\n', `# PHASE A: BASELINE\n\n${section0('##')}\n`),
    },
    {
      name: 'section without quota safety',
      code: `# PHASE A\n\n## 0. Invariants\n\n${invariants.split('### Invariant 4')[0]}`,
      errors: [
        { messageId: 'incomplete', line: 3, column: 1, endLine: 3, endColumn: 17, includes: ['4 (quota safety)'] },
      ],
      // completing a section someone wrote is left to a person
      output: null,
    },
    {
      name: 'declared in an appendix',
      code:
        `# PHASE A\n\n## 1. Architecture\n\nText.\n\n# PHASE B\n\n## Step 1: Columns\n\n# Appendix ` +
        `C: Invariants\n\n${invariants}`,
      errors: [{ messageId: 'misplaced', line: 11, column: 1, endLine: 11, endColumn: 25, includes: ['an appendix'] }],
      // moving a section is left to a person
      output: null,
    },
    {
      name: 'declared deep inside Phase A, after the baseline sections',
      code:
        `# PHASE A\n\n## 1. Architecture\n\nText.\n\n## 2. Data\n\nText.\n\n## 3. ` +
        `Modes\n\nText.\n\n## 4. Invariants\n\n${invariants}`,
      errors: [{ messageId: 'misplaced', line: 15, column: 1, endLine: 15, endColumn: 17 }],
      output: null,
    },
    {
      name: 'the legacy table is configured and the section names another one',
      code: `# PHASE A\n\n## 0. Invariants\n\n${invariants}\nThe \`MessagingServiceClient\` calls the new service.\n`,
      settings: { legacyLogTable: 'notification_log' },
      errors: [
        {
          messageId: 'incomplete',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 17,
          includes: ['3 (sole writer of notification_log)'],
        },
      ],
      output: null,
    },
    {
      name: 'Phase A found by name even when another phase comes first',
      code: phaseAByName,
      errors: [{ messageId: 'missing', line: 5, column: 1, endLine: 5, endColumn: 20 }],
      output: phaseAByName.replace('# Phase A: Baseline\n\n', `# Phase A: Baseline\n\n${section0('##')}\n`),
    },
    {
      name: 'no headings at all',
      code: 'Just a paragraph about sending SMS and the `sms_logs` table.\n',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 61 }],
      // no Phase A heading to insert Section 0 after
      output: null,
    },
  ],
});
