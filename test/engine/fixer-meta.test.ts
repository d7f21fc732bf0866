import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { lintText } from '../../src/engine/lint.js';
import { defineRule, type Rule } from '../../src/engine/types.js';
import { mergeEdits, normalizeEdits } from '../../src/engine/fixer.js';

const probe = (fixable: 'safe' | 'unsafe' | false): Rule<unknown> =>
  defineRule({
    meta: {
      id: 'no-recipient-lookup',
      description: 'probe',
      invariant: null,
      fixable,
      defaultSeverity: 'error',
      messages: { m: 'probe message' },
      rationale: 'probe',
    },
    check(ctx) {
      ctx.report({
        messageId: 'm',
        loc: { line: 1 },
        fix: () => [
          { range: [0, 3], text: 'xyz' },
          { range: [5, 5], text: '!' },
        ],
      });
    },
  });

const run = async (rule: Rule<unknown>) =>
  (
    await lintText({
      text: 'abc de',
      filePath: 'x.md',
      config: resolveConfig({}, rules, null),
      rules: [rule],
    })
  ).result;

describe('fix metadata is enforced by the engine', () => {
  it('a fix from a rule whose meta says fixable: false is a thrown bug', async () => {
    await expect(run(probe(false))).rejects.toThrow(/fixable: false/);
  });

  it('safe fixes are reported as ESLint does: one merged {range, text}', async () => {
    const r = await run(probe('safe'));
    expect(r.messages[0]?.fix).toEqual({ range: [0, 5], text: 'xyz d!' });
    expect(r.fixableErrorCount).toBe(1);
  });

  it('unsafe fixes become suggestions and do not count as fixable', async () => {
    const r = await run(probe('unsafe'));
    expect(r.messages[0]?.fix).toBeUndefined();
    expect(r.messages[0]?.suggestions?.[0]?.fix).toEqual({ range: [0, 5], text: 'xyz d!' });
    expect(r.fixableErrorCount).toBe(0);
  });

  it('overlapping edits in one fix are a rule bug', async () => {
    expect(() =>
      normalizeEdits('r', [
        { range: [0, 4], text: '' },
        { range: [2, 5], text: '' },
      ]),
    ).toThrow(/overlapping/);
    expect(
      mergeEdits('0123456789', [
        { range: [1, 2], text: 'A' },
        { range: [5, 5], text: 'B' },
      ]),
    ).toEqual({ range: [1, 5], text: 'A234B' });
  });

  it('an unknown messageId is a rule bug', async () => {
    const bad = defineRule({
      ...probe(false),
      check: (ctx) => ctx.report({ messageId: 'nope', loc: { line: 1 } }),
    });
    await expect(run(bad)).rejects.toThrow(/unknown messageId/);
  });
});
