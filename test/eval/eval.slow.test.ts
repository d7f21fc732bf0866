import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('npm run eval', () => {
  it('no rule finds fewer labelled defects or raises more false findings ' +
    'than eval/baseline.json, and fix --unsafe changes no more compliant ' +
    'runbooks', async () => {
    // a child process, so the worker stays free to answer vitest while the set is linted
    const r = await run(
      process.execPath,
      [join(root, 'scripts', 'run-ts.mjs'), join(root, 'scripts', 'eval.ts'), '--check'],
      { cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 },
    ).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Evaluation set: \d+ runbooks \(\d+ compliant\), \d+ labelled defects/);
  }, 300_000);
});
