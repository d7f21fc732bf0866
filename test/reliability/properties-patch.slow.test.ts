import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbitraryRunbook } from '../helpers/arbitrary-runbook.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { fcRuns } from '../helpers/fc-runs.js';

/** The slow property of properties.test.ts (npm run test:slow): two CLI runs per generated runbook. */
describe('properties over generated runbooks', () => {
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
      fcRuns(40),
    );
  }, 180_000);
});
