import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { defineRule, type Rule } from '../../src/engine/types.js';
import { applyEdits, fixToFixedPoint } from '../../src/fix/fix-loop.js';

/** A rule that rewrites every `from` into `to` (one fix per occurrence). */
const rewrite = (id: string, from: string, to: string): Rule<unknown> =>
  defineRule({
    meta: {
      id,
      description: id,
      invariant: null,
      fixable: 'safe',
      defaultSeverity: 'error',
      messages: { m: `${from} → ${to}` },
      rationale: 'test',
    },
    check(ctx) {
      for (let at = ctx.runbook.text.indexOf(from); at >= 0; at = ctx.runbook.text.indexOf(from, at + 1)) {
        const start = at;
        ctx.report({
          messageId: 'm',
          loc: { range: [start, start + from.length] },
          fix: () => ({ range: [start, start + from.length], text: to }),
        });
      }
    },
  });

const config = (ids: string[]) =>
  resolveConfig({}, [...rules, ...ids.map((id) => rewrite(id, 'x', 'y'))] as Rule<unknown>[], null);

describe('the fixer loop', () => {
  it('applies non-overlapping fixes in one pass and stops when nothing is left', async () => {
    const r = rewrite('no-recipient-lookup', 'foo', 'bar');
    const out = await fixToFixedPoint({
      text: 'foo and foo.\n',
      filePath: 'x.md',
      config: config([]),
      rules: [r],
      unsafe: false,
    });
    expect(out.output).toBe('bar and bar.\n');
    expect([out.passes, out.applied.length, out.cycle]).toEqual([1, 2, false]);
    expect(out.applied.map((a) => a.originalRange)).toEqual([
      [0, 3],
      [8, 11],
    ]);
  });

  it('defers an overlapping fix to the next pass, against the new text', async () => {
    const a = rewrite('no-recipient-lookup', 'abc', 'ABC');
    const b = rewrite('invariants-section', 'bcd', 'BCD');
    const out = await fixToFixedPoint({
      text: 'abcd\n',
      filePath: 'x.md',
      config: config([]),
      rules: [a, b],
      unsafe: false,
    });
    // b's range overlaps a's: a wins pass 1; after it, "bcd" is gone, so b has nothing to fix
    expect(out.output).toBe('ABCd\n');
    expect(out.applied.map((f) => f.ruleId)).toEqual(['no-recipient-lookup']);
  });

  it('detects a cycle instead of looping forever', async () => {
    const there = rewrite('no-recipient-lookup', 'ping', 'pong');
    const back = rewrite('invariants-section', 'pong', 'ping');
    const out = await fixToFixedPoint({
      text: 'ping\n',
      filePath: 'x.md',
      config: config([]),
      rules: [there, back],
      unsafe: false,
      maxPasses: 10,
    });
    expect(out.cycle).toBe(true);
    expect(out.passes).toBeLessThanOrEqual(3);
  });

  it('applies a fix that does not resolve its finding once, then reports it instead of repeating it', async () => {
    const stubborn = defineRule({
      meta: {
        id: 'no-recipient-lookup',
        description: 'x',
        invariant: null,
        fixable: 'safe',
        defaultSeverity: 'error',
        messages: { m: 'still wrong' },
        rationale: 'test',
      },
      check(ctx) {
        ctx.report({
          messageId: 'm',
          loc: { line: 1 },
          fix: () => ({ range: [ctx.runbook.text.length, ctx.runbook.text.length], text: 'note\n' }),
        });
      },
    });
    const out = await fixToFixedPoint({
      text: 'x\n',
      filePath: 'x.md',
      config: config([]),
      rules: [stubborn],
      unsafe: false,
      maxPasses: 10,
    });
    expect(out.output).toBe('x\nnote\n');
    expect(out.ineffective).toEqual(['no-recipient-lookup/m']);
    expect(out.remaining.messages).toHaveLength(1);
  });

  it('is bounded even without a cycle', async () => {
    // a different finding every pass (its message names the text's length), so no guard stops it
    const grow = defineRule({
      meta: {
        id: 'no-recipient-lookup',
        description: 'grow',
        invariant: null,
        fixable: 'safe',
        defaultSeverity: 'error',
        messages: { m: 'grow {{n}}' },
        rationale: 'test',
      },
      check(ctx) {
        ctx.report({
          messageId: 'm',
          data: { n: ctx.runbook.text.length },
          loc: { line: 1 },
          fix: () => ({ range: [0, 0], text: 'a' }),
        });
      },
    });
    const out = await fixToFixedPoint({
      text: 'x\n',
      filePath: 'x.md',
      config: config([]),
      rules: [grow],
      unsafe: false,
      maxPasses: 4,
    });
    expect(out.passes).toBe(4);
    expect(out.output).toBe('aaaax\n');
  });

  it('leaves unsafe fixes alone unless asked', async () => {
    const text =
      '```php\nclass MessagingServiceClient {\n' +
      '    public function sendBatch(array $m) {\n' +
      "        if (empty($m['message_uuid'])) {\n" +
      "            $m['message_uuid'] = (string) Str::uuid();\n" +
      '        }\n    }\n}\n' +
      '```\n';
    const uuid = rules.filter((r) => r.meta.id === 'uuid-once');
    const safe = await fixToFixedPoint({ text, filePath: 'x.md', config: config([]), rules: uuid, unsafe: false });
    expect(safe.output).toBe(text);
    expect(safe.remaining.messages.map((m) => [m.messageId, m.fixKind])).toEqual([['fillsMissing', 'unsafe']]);
    const unsafe = await fixToFixedPoint({ text, filePath: 'x.md', config: config([]), rules: uuid, unsafe: true });
    expect(unsafe.output).toContain(
      "throw new \\InvalidArgumentException('message_uuid is required for each message (Invariant 2)');",
    );
    expect(unsafe.remaining.messages).toEqual([]);
  });

  it('applyEdits splices sorted edits', () => {
    expect(
      applyEdits('0123456789', [
        { range: [1, 3], text: 'AB' },
        { range: [5, 5], text: '+' },
        { range: [9, 10], text: '' },
      ]),
    ).toBe('0AB34+5678');
  });
});

describe('the real rules, fixed twice', () => {
  // found by the property test of test/reliability/properties.test.ts
  it('a timeout gate added under a paragraph that says "read-only" is that gate on the next pass', async () => {
    const text = [
      '## Step 13: Tenant credentials',
      '',
      '```php',
      'class MessagingServiceClient',
      '{',
      '    public function sendBatch(int $tenantId, array $messages): array',
      '    {',
      "        return Http::timeout(0.5)->post($this->baseUrl . '/internal/v1/sms/send-batch', $messages)->json();",
      '    }',
      '}',
      '```',
      '',
      'Credentials stay in the Laravel database, read-only for the Go service.',
    ].join('\n');
    const config = resolveConfig({}, rules as Rule<unknown>[], null);
    const once = await fixToFixedPoint({ text, filePath: 'r.md', config, rules, unsafe: false });
    expect(once.applied.map((a) => a.ruleId)).toContain('timeout-budget');
    expect(once.output).toContain('### Verification Gate: timeout fallback');
    const twice = await fixToFixedPoint({ text: once.output, filePath: 'r.md', config, rules, unsafe: false });
    expect(twice.applied).toEqual([]);
  });
});
