import { describe, expect, it } from 'vitest';
import { lint } from '../helpers/lint.js';

const only = 'no-recipient-lookup';
const lines = (r: Awaited<ReturnType<typeof lint>>): [string | null, number][] =>
  r.messages.map((m) => [m.ruleId, m.line]);

describe('inline suppression', () => {
  it('disable-next-line silences the next line only, and keeps the reason', async () => {
    const r = await lint(
      [
        '<!-- runbook-lint-disable-next-line no-recipient-lookup -- quoted from the incident review -->',
        'Old text called getRecipientByUuid here.',
        'And getRecipientByUuid here.',
      ].join('\n'),
      { only },
    );
    expect(lines(r)).toEqual([['no-recipient-lookup', 3]]);
    expect(r.suppressedMessages.map((m) => [m.line, m.suppressions[0]?.justification])).toEqual([
      [2, 'quoted from the incident review'],
    ]);
  });

  it('a directive on the line before a fence covers the whole block', async () => {
    const r = await lint(
      [
        '<!-- runbook-lint-disable-next-line no-recipient-lookup -->',
        '```php',
        '$a = 1;',
        '$to = $client->getRecipientByUuid($t, $u);',
        '```',
        '',
        '```php',
        '$to = $client->getRecipientByUuid($t, $u);',
        '```',
      ].join('\n'),
      { only },
    );
    expect(lines(r)).toEqual([['no-recipient-lookup', 8]]);
  });

  it('disable … enable covers a range, for all rules or named ones', async () => {
    const r = await lint(
      [
        '<!-- runbook-lint-disable -->',
        'getRecipientByUuid one.',
        '<!-- runbook-lint-enable -->',
        'getRecipientByUuid two.',
        '<!-- runbook-lint-disable no-recipient-lookup -->',
        'getRecipientByUuid three.',
        '<!-- runbook-lint-enable no-recipient-lookup -->',
        'getRecipientByUuid four.',
      ].join('\n\n'),
      { only },
    );
    expect(lines(r)).toEqual([
      ['no-recipient-lookup', 7],
      ['no-recipient-lookup', 15],
    ]);
  });

  it('disable of one rule does not silence another', async () => {
    const r = await lint(['<!-- runbook-lint-disable invariants-section -->', '', 'getRecipientByUuid.'].join('\n'), {
      only,
    });
    expect(lines(r)).toEqual([['no-recipient-lookup', 3]]);
  });

  it('enable of one rule inside a disable-all re-enables only that rule', async () => {
    const text = [
      '<!-- runbook-lint-disable -->',
      '',
      '# PHASE A',
      '',
      '<!-- runbook-lint-enable no-recipient-lookup -->',
      '',
      'getRecipientByUuid.',
    ].join('\n');
    expect(lines(await lint(text))).toEqual([['no-recipient-lookup', 7]]);
  });

  it('a directive quoted in a code block or inline code is not a directive', async () => {
    const r = await lint(
      [
        '```md',
        '<!-- runbook-lint-disable -->',
        '```',
        '',
        'Write `<!-- runbook-lint-disable -->` to silence. getRecipientByUuid.',
      ].join('\n'),
      { only },
    );
    expect(lines(r)).toEqual([['no-recipient-lookup', 5]]);
  });

  it('an unknown rule id or directive is a finding', async () => {
    const r = await lint(
      ['<!-- runbook-lint-disable-next-line uuid-onse -->', 'Text.', '', '<!-- runbook-lint-disabel -->'].join('\n'),
      { only },
    );
    expect(r.messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([
      [null, 1, 2],
      [null, 4, 2],
    ]);
    expect(r.messages[0]?.message).toContain('uuid-onse');
    expect(r.messages[1]?.message).toContain('runbook-lint-disabel');
  });

  it('disable-file silences the whole file, before the comment too, and is never an unused directive', async () => {
    const text = [
      'The old step called getRecipientByUuid.',
      '',
      '<!-- runbook-lint-disable-file -- a generated report -->',
      '',
      'And getRecipientByUuid again.',
    ].join('\n');
    const r = await lint(text, { only, reportUnusedDisableDirectives: true });
    expect(lines(r)).toEqual([]);
    expect(r.suppressedMessages.map((m) => [m.line, m.suppressions[0]?.justification])).toEqual([
      [1, 'a generated report'],
      [5, 'a generated report'],
    ]);
    const clean = await lint('# Notes\n\n<!-- runbook-lint-disable-file -->\n', {
      reportUnusedDisableDirectives: true,
    });
    expect(lines(clean)).toEqual([]);
  });

  it('disable-file with rule ids silences only those rules', async () => {
    const text = '<!-- runbook-lint-disable-file uuid-once -->\n\nCalls getRecipientByUuid.\n';
    expect(lines(await lint(text, { only }))).toEqual([['no-recipient-lookup', 3]]);
  });

  it('reports unused directives only when asked', async () => {
    const text = ['<!-- runbook-lint-disable-next-line no-recipient-lookup -->', 'Nothing to silence here.'].join('\n');
    expect((await lint(text, { only })).messages).toEqual([]);
    const r = await lint(text, { only, reportUnusedDisableDirectives: true });
    expect(r.messages.map((m) => [m.ruleId, m.line, m.severity])).toEqual([[null, 1, 2]]);
    expect(r.messages[0]?.message).toContain('no-recipient-lookup');
  });

  it('a used directive is not reported as unused', async () => {
    const text = ['<!-- runbook-lint-disable-next-line -->', 'getRecipientByUuid.'].join('\n');
    expect((await lint(text, { only, reportUnusedDisableDirectives: true })).messages).toEqual([]);
  });
});

describe('severity from config', () => {
  it('off removes the rule, warn downgrades it', async () => {
    const text = 'getRecipientByUuid.';
    expect((await lint(text, { only, config: { rules: { [only]: 'off' } } })).messages).toEqual([]);
    const r = await lint(text, { only, config: { rules: { [only]: 'warn' } } });
    expect([r.errorCount, r.warningCount, r.messages[0]?.severity]).toEqual([0, 1, 1]);
  });

  it('every finding has 1-based positions and the rule metadata', async () => {
    const r = await lint('getRecipientByUuid.', { only });
    expect(r.messages[0]).toMatchObject({
      ruleId: only,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 19,
      invariant: null,
      severity: 2,
    });
    expect(r.messages[0]?.note).toMatch(/MessagingServiceClient/);
    expect(r.messages[0]?.hint).toBeTruthy();
  });
});
