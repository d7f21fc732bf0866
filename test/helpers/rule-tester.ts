import { appendFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { CodeIndex } from '../../src/code/tree-sitter.js';
import { Runbook } from '../../src/document/index.js';
import { interpolate } from '../../src/engine/messages.js';
import type { Edit, LintMessage, Rule, RuleContext } from '../../src/engine/types.js';
import { applyEdits } from '../../src/fix/fix-loop.js';
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
  column: number;
  endLine: number;
  endColumn: number;
  /** words the message must contain, e.g. the names of missing invariants */
  includes?: string[];
  /**
   * The error's unsafe fix, offered as a suggestion (ESLint's shape): the text after applying it
   * alone to the case's code. Required on every error of a rule that has unsafe fixes (`[]` for none).
   */
  suggestions?: { output: string }[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /**
   * The text after one pass of the case's safe fixes (non-overlapping, as ESLint's RuleTester
   * applies them), or null when none applies. Required for every invalid case of a fixable rule.
   */
  output?: string | null;
}

/** Where the tester writes what a case actually produced, for a person to check and paste. */
const PRINT_TO = process.env.RULE_TESTER_PRINT;

/**
 * ESLint's RuleTester, for runbook rules: valid cases report nothing; invalid cases report exactly
 * the listed findings (message id and the whole range: line, column, endLine, endColumn), the
 * text their safe fixes produce (`output`) and each unsafe fix's result (`suggestions`). Duplicate
 * cases, a fixable rule's case without `output`, and rules that mutate the parsed tree fail.
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
  const hasUnsafe =
    rule.meta.fixable === 'unsafe' || Object.values(rule.meta.fixes ?? {}).some((f) => f.kind === 'unsafe');

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
          const messages = await run(rule, c);
          if (PRINT_TO) appendFileSync(PRINT_TO, `${JSON.stringify(actualCase(ruleId, c, messages))}\n`);
          if (c.errors.length === 0) throw new Error('an invalid case needs at least one expected error');
          if (rule.meta.fixable !== false && c.output === undefined)
            throw new Error(`${ruleId} is fixable: the case needs \`output\` (the fixed text, or null for none)`);
          if (hasUnsafe && c.errors.some((e) => e.suggestions === undefined))
            throw new Error(`${ruleId} has unsafe fixes: every error needs \`suggestions\` ([] for none)`);
          expect(messages.map(position)).toEqual(c.errors.map(position));
          c.errors.forEach((e, i) => {
            for (const word of e.includes ?? []) expect(messages[i]?.message).toContain(word);
          });
          if (c.output !== undefined) expect(safeFixOutput(c.code, messages)).toBe(c.output);
          c.errors.forEach((e, i) => {
            if (e.suggestions === undefined) return;
            const actual = (messages[i]?.suggestions ?? []).map((sug) => ({ output: applyEdits(c.code, [sug.fix]) }));
            expect(actual, `suggestions of error ${i + 1} (${e.messageId})`).toEqual(e.suggestions);
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
  // the rule under test runs, also one a config without `extends` leaves off (meta.optIn)
  const entry = c.options ? ['error', c.options] : rule.meta.optIn ? rule.meta.defaultSeverity : undefined;
  const raw: Record<string, unknown> = { rules: entry === undefined ? {} : { [rule.meta.id]: entry } };
  if (c.settings) raw.settings = c.settings;
  const config = resolveConfig(raw, rules as Rule<unknown>[], null);
  return (await lintText({ text: c.code, filePath: 'RUNBOOK.md', config, rules: [rule] })).result.messages;
}

function position(m: Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'> & { messageId?: string }) {
  return { messageId: m.messageId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn };
}

/** One pass of the safe fixes, the way ESLint's RuleTester computes `output`: null for none. */
function safeFixOutput(code: string, messages: LintMessage[]): string | null {
  const fixes = messages
    .map((m) => m.fix)
    .filter((f): f is Edit => f !== undefined)
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  if (fixes.length === 0) return null;
  const chosen: Edit[] = [];
  for (const f of fixes) {
    const last = chosen[chosen.length - 1];
    if (last && f.range[0] < last.range[1]) continue;
    chosen.push(f);
  }
  return applyEdits(code, chosen);
}

function actualCase(ruleId: string, c: InvalidCase, messages: LintMessage[]) {
  return {
    ruleId,
    name: c.name,
    errors: messages.map((m) => ({
      ...position(m),
      ...(m.suggestions
        ? { suggestions: m.suggestions.map((sug) => ({ output: applyEdits(c.code, [sug.fix]) })) }
        : {}),
    })),
    output: safeFixOutput(c.code, messages),
  };
}

function describeMessage(m: LintMessage): string {
  return `${m.line}:${m.column} ${m.ruleId} ${m.message}`;
}
