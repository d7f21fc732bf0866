import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { CodeIndex } from '../../src/code/tree-sitter.js';
import { Runbook } from '../../src/document/index.js';
import { interpolate } from '../../src/engine/messages.js';
import type { LintMessage, Rule, RuleContext } from '../../src/engine/types.js';
import { lintText } from '../../src/engine/lint.js';

export interface ValidCase {
  name: string;
  code: string;
  options?: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** words the message must contain, e.g. the names of missing invariants */
  includes?: string[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
}

/**
 * ESLint's RuleTester, reduced to what runbook rules need: valid cases report nothing,
 * invalid cases report exactly the listed findings (message id, line, column). Duplicate
 * cases and rules that mutate the parsed tree fail the suite.
 */
export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const rule = rules.find((r) => r.meta.id === ruleId);
  if (!rule) throw new Error(`unknown rule ${ruleId}`);
  const seen = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    const key = JSON.stringify([c.code, c.options ?? null, c.settings ?? null]);
    if (seen.has(key)) throw new Error(`${ruleId}: duplicate test case "${c.name}"`);
    seen.add(key);
  }

  describe(ruleId, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, async () => {
          const messages = await run(rule, c);
          expect(messages.map(describeMessage)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, async () => {
          if (c.errors.length === 0) throw new Error('an invalid case needs at least one expected error');
          const messages = await run(rule, c);
          const actual = messages.map((m) => ({
            messageId: m.messageId,
            line: m.line,
            ...(c.errors.some((e) => e.column !== undefined) ? { column: m.column } : {}),
            ...(c.errors.some((e) => e.endLine !== undefined) ? { endLine: m.endLine, endColumn: m.endColumn } : {}),
          }));
          const expected = c.errors.map((e) => ({
            messageId: e.messageId,
            line: e.line,
            ...(c.errors.some((x) => x.column !== undefined) ? { column: e.column } : {}),
            ...(c.errors.some((x) => x.endLine !== undefined) ? { endLine: e.endLine, endColumn: e.endColumn } : {}),
          }));
          expect(actual).toEqual(expected);
          c.errors.forEach((e, i) => {
            for (const word of e.includes ?? []) expect(messages[i]?.message).toContain(word);
          });
        });
      }
    });
    it('does not mutate the parsed tree', async () => {
      const sample = cases.invalid[0]?.code ?? cases.valid[0]?.code ?? '';
      const runbook = new Runbook(sample);
      const code = await CodeIndex.create(runbook);
      const before = JSON.stringify(runbook.root);
      const config = resolveConfig({}, rules as Rule<unknown>[], null);
      const context: RuleContext<unknown> = {
        runbook,
        code,
        settings: config.settings,
        options: config.rules.get(ruleId)?.options ?? {},
        filePath: 'RUNBOOK.md',
        report: () => undefined,
        evidence: () => undefined,
        template: () => '',
      };
      rule.check(context);
      code.dispose();
      expect(JSON.stringify(runbook.root)).toBe(before);
    });
    it('has a message for every message id it documents', () => {
      for (const [id, text] of Object.entries(rule.meta.messages)) {
        expect(text.length, id).toBeGreaterThan(10);
        expect(interpolate(text, {}).length).toBeGreaterThan(0);
      }
    });
  });
}

async function run(rule: Rule<unknown>, c: ValidCase): Promise<LintMessage[]> {
  const raw: Record<string, unknown> = { rules: c.options ? { [rule.meta.id]: ['error', c.options] } : {} };
  if (c.settings) raw.settings = c.settings;
  const config = resolveConfig(raw, rules as Rule<unknown>[], null);
  return (await lintText({ text: c.code, filePath: 'RUNBOOK.md', config, rules: [rule] })).result.messages;
}

function describeMessage(m: LintMessage): string {
  return `${m.line}:${m.column} ${m.ruleId} ${m.message}`;
}
