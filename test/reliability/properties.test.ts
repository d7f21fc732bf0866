import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { Runbook } from '../../src/document/index.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { arbitraryRunbook } from '../helpers/arbitrary-runbook.js';
import { fcRuns } from '../helpers/fc-runs.js';
import { linesOutsideHunks } from '../helpers/lines.js';

const config = resolveConfig({}, rules as Rule<unknown>[], null);
const fix = (text: string, unsafe: boolean) => fixToFixedPoint({ text, filePath: 'r.md', config, rules, unsafe });
/** every line break in the text is CRLF (vacuously true without any) */
const crlfOnly = (t: string): boolean => !/[^\r]\n|^\n/.test(t) && !/\r(?!\n)/.test(t);

describe('properties over generated runbooks', () => {
  it('lint never throws, and every finding and fix points inside the text', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRunbook, async (text) => {
        const { result, runbook } = await lintText({ text, filePath: 'r.md', config, rules });
        for (const m of [...result.messages, ...result.suppressedMessages]) {
          expect(m.line).toBeGreaterThanOrEqual(1);
          expect(m.line).toBeLessThanOrEqual(runbook.lines.lineCount);
          expect(m.endLine).toBeGreaterThanOrEqual(m.line);
          expect(m.column).toBeGreaterThanOrEqual(1);
          for (const e of m.edits ?? []) {
            expect(e.range[0]).toBeGreaterThanOrEqual(0);
            expect(e.range[1]).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      fcRuns(150),
    );
  }, 120_000);

  it('fix is idempotent, surgical, keeps CRLF, and its output parses again', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRunbook, fc.boolean(), async (text, unsafe) => {
        const once = await fix(text, unsafe);
        expect(once.cycle).toBe(false);
        const twice = await fix(once.output, unsafe);
        expect(twice.applied).toEqual([]);
        expect(twice.output).toBe(once.output);
        const outside = linesOutsideHunks(text, once.output);
        expect(outside.after).toEqual(outside.before);
        if (once.applied.length === 0) expect(once.output).toBe(text);
        expect(() => new Runbook(once.output)).not.toThrow();
        expect(new Runbook(once.output).unclosedFences().length).toBeLessThanOrEqual(
          new Runbook(text).unclosedFences().length,
        );
        if (text.includes('\r\n') && crlfOnly(text)) expect(crlfOnly(once.output)).toBe(true);
      }),
      fcRuns(100),
    );
  }, 180_000);
});
