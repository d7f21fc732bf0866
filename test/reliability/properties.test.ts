import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { Runbook } from '../../src/document/index.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { arbitraryRunbook } from '../helpers/arbitrary-runbook.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { linesOutsideHunks } from '../helpers/lines.js';

const config = resolveConfig({}, rules as Rule<unknown>[], null);
const fix = (text: string, unsafe: boolean) => fixToFixedPoint({ text, filePath: 'r.md', config, rules, unsafe });
/** more runs locally: FC_RUNS=2000 npx vitest run test/reliability/properties.test.ts */
const runs = (n: number): number => Number(process.env.FC_RUNS ?? n);
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
      { numRuns: runs(150) },
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
      { numRuns: runs(100) },
    );
  }, 180_000);

  it('the printed patch applied to the input equals the --write result (with a BOM or not)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryRunbook, fc.boolean(), fc.boolean(), async (text, bom, unsafe) => {
        const content = `${bom ? '\uFEFF' : ''}${text}`;
        const dir = tempRepo({ 'r.md': content });
        const flags = unsafe ? ['--unsafe'] : [];
        const patch = await cli(['fix', ...flags, 'r.md'], { cwd: dir });
        if (patch.code === 2) return; // refused input (an unclosed fence): nothing to compare
        const written = await cli(['fix', '--write', ...flags, 'r.md'], { cwd: dir });
        expect(written.code).not.toBe(2);
        const after = readFileSync(join(dir, 'r.md'), 'utf8');
        expect(patch.stdout === '' ? content : applyPatch(content, patch.stdout)).toBe(after);
        expect(after.startsWith('\uFEFF')).toBe(bom);
      }),
      { numRuns: runs(40) },
    );
  }, 180_000);
});
