import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cli, tempRepo } from './cli.js';

export type CliRun = { code: number; stdout: string; stderr: string };
/** A name, the file's content, and what the run over it must show. */
export type PathologicalCase = [string, () => string | Buffer, (r: CliRun) => void];

/**
 * One test per case: the CLI over the input must end — with exit 0, 1 or a one-line refusal
 * (2) — and never with a stack trace or an "internal error". The test timeout is the hang
 * detector; nothing here asserts a speed. Shared by test/reliability/pathological.test.ts and
 * pathological.slow.test.ts.
 */
export function pathologicalTests(cases: PathologicalCase[]): void {
  for (const [name, make, check] of cases) {
    it(name, async () => {
      const dir = tempRepo({});
      writeFileSync(join(dir, 'r.md'), make());
      const r = await cli(['r.md'], { cwd: dir });
      expect([0, 1, 2]).toContain(r.code);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      if (r.code === 2) expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      check(r);
    }, 60_000);
  }
}
