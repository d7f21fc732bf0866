import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';
import { ruleTester } from '../helpers/rule-tester.js';

/**
 * Mode tables read for meaning (issue 11, class 12), dry runs in any table row (class 9) and
 * prose read as claims (class 15 and the claim attributes: historical, hypothetical,
 * conditional on the allowed case, listing, quoted, question).
 */

/** ✅/❌ marks, a dash, a conditional ON fallback, statuses and code-span literals. */
const marks = (cells: { offGo?: string; onLaravel?: string; shadowDry?: string; onGo?: string } = {}): string =>
  [
    '| Mode | Laravel sends | Go called | `dry_run` | Quota | Response |', // 1
    '|---|---|---|---|---|---|', // 2
    `| OFF | ✅ | ${cells.offGo ?? '❌'} | - | ✅ | Laravel |`, // 3
    `| SHADOW | ✅ | ✅ (dry run) | ${cells.shadowDry ?? '`true`'} | ❌ | Laravel |`, // 4
    `| ON | ${cells.onLaravel ?? 'only on timeout / transport / breaker OPEN'} | ` +
      `${cells.onGo ?? '✅'} | \`false\` | \`accepted\`, \`duplicate\` | Go |`, // 5
    '',
  ].join('\n');

/** lower-case yes/no, "-" and "fallback only", with a yes/no dry-run column. */
const lower = (cells: { shadowDry?: string; onLaravel?: string } = {}): string =>
  [
    '| Mode | Legacy sends | Go sends | Dry run |', // 1
    '|---|---|---|---|', // 2
    '| OFF | yes | no | - |', // 3
    `| SHADOW | yes | yes, dry run only | ${cells.shadowDry ?? 'yes'} |`, // 4
    `| ON | ${cells.onLaravel ?? 'fallback only'} | yes | no |`, // 5
    '',
  ].join('\n');

const fallbackColumn = (on: string): string =>
  [
    '| Mode | Laravel Send | Go Send | Fallback Allowed |', // 1
    '|---|---|---|---|', // 2
    '| OFF | YES | NO | NO |', // 3
    '| SHADOW | YES | YES (dry run) | NO |', // 4
    `| ON | NO (fallback only) | YES | ${on} |`, // 5
    '',
  ].join('\n');

const notes = (on: string): string =>
  [
    '| Mode | Laravel sends | Go called | Notes |', // 1
    '|---|---|---|---|', // 2
    '| OFF | YES | NO | Go is deployed but idle |', // 3
    '| SHADOW | YES | YES | the Go result is logged, never returned |', // 4
    `| ON | NO | YES | ${on} |`, // 5
    '',
  ].join('\n');

/** The ON fallback statement the prose fix writes (templates/, default names and timeout). */
const onFallback =
  'In ON mode Laravel falls back to the legacy driver only when the Go call times out (> 500 ms), ' +
  'fails in transport, or the circuit breaker is open.';

ruleTester('single-execution-authority', {
  valid: [
    {
      name:
        'class 12: ✅/❌, a dash, "only on timeout / transport / breaker OPEN" and `accepted`, ' +
        '`duplicate` mean what Invariant 1 requires',
      code: marks(),
    },
    { name: 'class 12: lower-case yes/no, "-" and "fallback only" mean what Invariant 1 requires', code: lower() },
    {
      name: 'class 12: a fallback column limited to timeout, transport failure or an open circuit',
      code: fallbackColumn('only on timeout (> 500 ms), transport failure or open circuit'),
    },
    {
      name: 'class 12: an ON fallback whose conditions are not understood is left alone',
      code: marks({ onLaravel: 'only during the regional failover drill' }),
    },
    {
      name: 'class 15: "whenever ON mode falls back" is the condition of a legacy send, not a fallback on any failure',
      code: 'Whenever ON mode falls back, the legacy driver delivers a message that already carries its UUID.\n',
    },
    {
      name: 'class 15: a flag dump listing `sms.go_send | NULL | OFF` is no claim that OFF calls Go',
      code:
        'A tenant missing from the table shows `sms.go_send | NULL | OFF` in the flag query, so ' +
        'Laravel keeps sending on its own.\n',
    },
    {
      name: 'class 15: modes listed as `{OFF|SHADOW|ON}` and an OFF that is excluded ("unless")',
      code: 'The flag takes one of `{OFF|SHADOW|ON}`; the controller calls the Go client unless the flag is OFF.\n',
    },
    {
      name: 'a historical claim: before the cutover the prototype called Go in OFF mode',
      code: 'Before the cutover, the prototype controller called the Go service even in OFF mode.\n',
    },
    {
      name: 'a hypothetical claim: if the controller called Go in OFF mode',
      code: 'If the controller called the Go service in OFF mode, every message would go out twice.\n',
    },
    {
      name: 'a quoted claim',
      code: 'An early draft said "in OFF mode the controller calls the Go service", which this runbook corrects.\n',
    },
    { name: 'a question', code: 'Does the controller call the Go service in OFF mode? It does not.\n' },
    {
      name: 'an ON fallback conditional on the allowed case only',
      code:
        'In ON mode Laravel sends through the legacy driver only if the Go call times out or the ' +
        'circuit breaker is open.\n',
    },
    {
      name: 'a negated object: OFF mode sends no traffic to Go',
      code: 'In OFF mode the Go service receives no traffic at all.\n',
    },
    {
      name: 'a SHADOW result shown somewhere else than the response',
      code: 'During SHADOW the Go answer is returned to the comparison dashboard, never to the user.\n',
    },
    {
      name: 'a verb under "stops": after a rollback to OFF the Go service stops receiving traffic',
      code: 'Rollback: flip the tenant to OFF and the Go service stops receiving traffic.\n',
    },
    {
      name: 'a thing of the service is not the service: dashboards read the Go service’s metrics endpoint in OFF mode',
      code: 'In OFF mode our dashboards still query the Go service’s metrics endpoint.\n',
    },
    {
      name: 'class 12: a notes column read as claims that agree with Invariant 1',
      code: notes('errors after acceptance are never retried through the legacy driver'),
    },
    {
      name: 'configured names: the MIRROR-mode Relay result is only logged',
      code: 'In MIRROR mode the Relay result is logged for comparison and never returned to the caller.\n',
      settings: {
        newServiceName: 'Relay',
        legacyName: 'Monolith',
        modes: { off: 'LEGACY', shadow: 'MIRROR', on: 'LIVE' },
      },
    },
  ],
  invalid: [
    {
      name: 'class 12: a ✅ for OFF under "Go called"',
      code: marks({ offGo: '✅' }),
      errors: [
        {
          messageId: 'tableCell',
          line: 3,
          column: 13,
          endLine: 3,
          endColumn: 14,
          includes: ['requires ❌'],
          suggestions: [],
        },
      ],
      output: marks(),
    },
    {
      name: 'class 12: "yes" for ON under "Legacy sends": both systems would send',
      code: lower({ onLaravel: 'yes' }),
      errors: [
        {
          messageId: 'tableCell',
          line: 5,
          column: 8,
          endLine: 5,
          endColumn: 11,
          includes: ['requires no (fallback only)'],
          suggestions: [],
        },
      ],
      output: lower({ onLaravel: 'no (fallback only)' }),
    },
    {
      name: 'class 12: an ON legacy send "on any error" in a table of marks',
      code: marks({ onLaravel: 'on any error from Go' }),
      errors: [
        {
          messageId: 'tableCell',
          line: 5,
          column: 8,
          endLine: 5,
          endColumn: 28,
          includes: ['requires ❌ (fallback only)'],
          suggestions: [],
        },
      ],
      output: marks({ onLaravel: '❌ (fallback only)' }),
    },
    {
      name: 'class 12: dry_run written `false` in code for SHADOW',
      code: marks({ shadowDry: '`false`' }),
      errors: [
        {
          messageId: 'tableCell',
          line: 4,
          column: 30,
          endLine: 4,
          endColumn: 37,
          includes: ['requires `true`'],
          suggestions: [],
        },
      ],
      output: marks(),
    },
    {
      name: 'class 12: "no" in a yes/no dry-run column for SHADOW',
      code: lower({ shadowDry: 'no' }),
      errors: [
        {
          messageId: 'tableCell',
          line: 4,
          column: 38,
          endLine: 4,
          endColumn: 40,
          includes: ['requires yes'],
          suggestions: [],
        },
      ],
      output: lower(),
    },
    {
      name: 'class 12: a fallback column allowing any exception',
      code: fallbackColumn('on any exception'),
      errors: [{ messageId: 'tableCell', line: 5, column: 35, endLine: 5, endColumn: 51, suggestions: [] }],
      output: fallbackColumn('only on timeout, transport failure or open circuit'),
    },
    {
      name: 'OFF: each batch is forwarded to the Go service (passive, with a destination)',
      code: 'In OFF mode every batch is still forwarded to the Go service for logging.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 74, suggestions: [] }],
      output: 'In OFF mode the Go service is not called.\n',
    },
    {
      name:
        'class 15, the claim it must still find: in ON mode the legacy driver takes over whenever ' +
        'the Go client raises an exception',
      code: 'Rollout notes.\n\nIn ON mode the legacy driver takes over whenever the Go client raises an exception.\n',
      errors: [{ messageId: 'prose', line: 3, column: 1, endLine: 3, endColumn: 84, suggestions: [] }],
      output: `Rollout notes.\n\n${onFallback}\n`,
    },
    {
      name: 'SHADOW: the controller returns the Go answer to the user',
      code: 'During SHADOW, the controller returns the Go answer to the user whenever it comes back first.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 94, suggestions: [] }],
      output:
        'The Go result in SHADOW mode is logged for comparison only; ' +
        'it never decides the HTTP response or the quota.\n',
    },
    {
      name: 'ON: the legacy driver re-sends what Go answered as `failed` (a fallback after Go responded)',
      code: 'In ON mode the legacy driver re-sends every message that Go answers with `failed`.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 83, suggestions: [] }],
      output: `${onFallback}\n`,
    },
    {
      name: 'class 12: a notes column whose ON cell re-sends rejected messages through Laravel (no fix: free text)',
      code: notes('Laravel also re-sends messages Go reports as `rejected`'),
      errors: [{ messageId: 'tableCell', line: 5, column: 19, endLine: 5, endColumn: 74, suggestions: [] }],
      output: null,
    },
    {
      name: 'configured names: in LEGACY mode the Monolith still forwards each batch to Relay',
      code: 'In LEGACY mode the Monolith still forwards each batch to Relay.\n',
      settings: {
        newServiceName: 'Relay',
        legacyName: 'Monolith',
        modes: { off: 'LEGACY', shadow: 'MIRROR', on: 'LIVE' },
      },
      errors: [
        {
          messageId: 'prose',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 64,
          includes: ['in LEGACY mode the Relay service is called'],
          suggestions: [],
        },
      ],
      output: 'In LEGACY mode the Relay service is not called.\n',
    },
    {
      name: 'class 15: a listing does not hide the real claim in the next sentence',
      code: 'Modes are `{OFF|SHADOW|ON}`. In OFF mode the Go client still receives each batch.\n',
      errors: [{ messageId: 'prose', line: 1, column: 30, endLine: 1, endColumn: 82, suggestions: [] }],
      output: 'Modes are `{OFF|SHADOW|ON}`. In OFF mode the Go service is not called.\n',
    },
  ],
});

const glossary = (meaning: string): string =>
  ['| Term | Meaning |', '|---|---|', '| Tenant | an account |', `| Dry run | ${meaning} |`, ''].join('\n');

const arrowTable = (shadow: string): string =>
  [
    '| Mode | Laravel → provider | Go → provider |',
    '|---|---|---|',
    '| OFF | ✅ | ❌ |',
    `| SHADOW | ✅ | ${shadow} |`,
    '| ON | ❌ | ✅ |',
    '',
  ].join('\n');

/** The sentence the dry-run-isolation prose fix writes (its README, "Fix"). */
const dryRunStatement =
  'In SHADOW mode the Go service is called with `dry_run=true`; it records the message and calls no provider, ' +
  'sandbox included.';

ruleTester('dry-run-isolation', {
  valid: [
    {
      name: 'class 9: a glossary row where a dry run never reaches the provider, not even its sandbox',
      code: glossary('never reaches the provider (not even its sandbox)'),
    },
    {
      name: 'class 9: a glossary row for `dry_run` whose provider call is the false case',
      code: [
        '| Field | Meaning |',
        '|---|---|',
        '| `dry_run` | when false, the Go service sends through the provider; when true it only records |',
        '',
      ].join('\n'),
    },
    { name: 'class 9: ❌ under "Go → provider" for SHADOW', code: arrowTable('❌') },
    {
      name: 'a historical claim about the prototype',
      code: 'Before the migration, the Go prototype used to call the provider sandbox in every dry run.\n',
    },
    {
      name: 'a hypothetical claim',
      code:
        'If the Go service had called the provider sandbox in SHADOW mode, test numbers would have ' +
        'received real texts.\n',
    },
    {
      name: 'the legacy side reaching the provider in SHADOW mode is the design',
      code: 'In SHADOW mode Laravel still sends through the provider, while Go only records the dry run.\n',
    },
    { name: 'a question about dry runs', code: 'Does a dry run ever reach the provider sandbox?\n' },
    {
      name: 'class 9: a flag table whose provider call is the `dry_run=false` row',
      code: [
        '| Flag | Effect |',
        '|---|---|',
        '| `dry_run=false` | Go sends through the provider |',
        '| `dry_run=true` | Go records the message, no provider call |',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'class 9: a glossary row saying dry runs call the provider sandbox',
      code: glossary("calls the provider's sandbox endpoint"),
      errors: [{ messageId: 'tableRow', line: 4, column: 13, endLine: 4, endColumn: 50 }],
      output: glossary('records the message and calls no provider, sandbox included'),
    },
    {
      name: 'class 9: a behaviour table column headed "Dry run"',
      code: [
        '| Endpoint | Live request | Dry run |',
        '|---|---|---|',
        '| POST /v1/messages | sends via the provider | hits the provider sandbox |',
        '',
      ].join('\n'),
      errors: [{ messageId: 'tableRow', line: 3, column: 48, endLine: 3, endColumn: 73 }],
      output: [
        '| Endpoint | Live request | Dry run |',
        '|---|---|---|',
        '| POST /v1/messages | sends via the provider | records the message and calls no provider, sandbox included |',
        '',
      ].join('\n'),
    },
    {
      name: 'class 9: ✅ under "Go → provider" for SHADOW',
      code: arrowTable('✅'),
      errors: [{ messageId: 'tableCell', line: 4, column: 16, endLine: 4, endColumn: 17 }],
      output: arrowTable('❌'),
    },
    {
      name: 'prose: a dry run is forwarded to the provider’s sandbox (passive, the dry run as subject)',
      code:
        'Statuses are listed in Step 4.\nEach dry run is forwarded to the provider’s sandbox API ' +
        'before Go answers.\n',
      errors: [{ messageId: 'prose', line: 2, column: 1, endLine: 2, endColumn: 75 }],
      // wrapped to the paragraph's widest line (74 columns), as the paragraph is
      output:
        'Statuses are listed in Step 4.\n' +
        'In SHADOW mode the Go service is called with `dry_run=true`; it records\n' +
        'the message and calls no provider, sandbox included.\n',
    },
    {
      name: 'prose: the Go handler contacts the sandbox during a dry run',
      code: 'During a dry run the Go handler still contacts the provider’s sandbox to validate the number.\n',
      errors: [{ messageId: 'prose', line: 1, column: 1, endLine: 1, endColumn: 94 }],
      output: `${dryRunStatement}\n`,
    },
  ],
});

/** The safe fix of the one finding, applied. */
async function fixed(ruleId: string, text: string): Promise<string> {
  const { messages } = await lint(text, { only: ruleId });
  expect(messages).toHaveLength(1);
  const edit = messages[0]?.fix;
  expect(edit).toBeDefined();
  const [from, to] = edit?.range ?? [0, 0];
  return text.slice(0, from) + (edit?.text ?? '') + text.slice(to);
}

describe('table fixes write the cell in the table’s own vocabulary', () => {
  it('✅ → ❌ in a table of marks', async () => {
    expect(await fixed('single-execution-authority', marks({ offGo: '✅' }))).toBe(marks());
  });
  it('yes → "no (fallback only)" in a lower-case table', async () => {
    expect(await fixed('single-execution-authority', lower({ onLaravel: 'yes' }))).toBe(
      lower({ onLaravel: 'no (fallback only)' }),
    );
  });
  it('a legacy send on any error → "❌ (fallback only)"', async () => {
    expect(await fixed('single-execution-authority', marks({ onLaravel: 'on any error from Go' }))).toBe(
      marks({ onLaravel: '❌ (fallback only)' }),
    );
  });
  it('`false` → `true`, backticks kept', async () => {
    expect(await fixed('single-execution-authority', marks({ shadowDry: '`false`' }))).toBe(marks());
  });
  it('no → yes in a yes/no dry-run column', async () => {
    expect(await fixed('single-execution-authority', lower({ shadowDry: 'no' }))).toBe(lower());
  });
  it('a fallback on any exception → the allowed conditions', async () => {
    expect(await fixed('single-execution-authority', fallbackColumn('on any exception'))).toBe(
      fallbackColumn('only on timeout, transport failure or open circuit'),
    );
  });
  it('✅ → ❌ under "Go → provider"', async () => {
    expect(await fixed('dry-run-isolation', arrowTable('✅'))).toBe(arrowTable('❌'));
  });
  it('a glossary definition that calls the sandbox → one that calls no provider, which is then valid', async () => {
    const out = await fixed('dry-run-isolation', glossary("calls the provider's sandbox endpoint"));
    expect(out).toBe(glossary('records the message and calls no provider, sandbox included'));
    expect((await lint(out, { only: 'dry-run-isolation' })).messages).toEqual([]);
  });
  it('a prose claim is replaced by the template, which is then valid', async () => {
    const out = await fixed(
      'single-execution-authority',
      'Intro.\n\nIn ON mode the legacy driver takes over whenever the Go client raises an exception.\n',
    );
    expect(out).toBe(
      'Intro.\n\nIn ON mode Laravel falls back to the legacy driver only when the Go call times ' +
        'out (> 500 ms), fails in transport, or the circuit breaker is open.\n',
    );
    expect((await lint(out, { only: 'single-execution-authority' })).messages).toEqual([]);
  });
});
