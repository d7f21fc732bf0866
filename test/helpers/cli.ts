import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { main } from '../../src/cli/main.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured streams. */
export async function cli(argv: string[], opts: { cwd?: string; tty?: boolean; env?: Record<string, string | undefined>; stdin?: string | Buffer } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    ...(opts.stdin !== undefined ? { stdin: Readable.from([Buffer.from(opts.stdin)]) } : {}),
    cwd: opts.cwd ?? process.cwd(),
    env: opts.env ?? {},
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
  });
  return { code, stdout, stderr };
}

/** A throwaway directory with the given files (paths relative to it), marked as a git repository root. */
export function tempRepo(files: Record<string, string | Buffer>, opts: { git?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-lint-'));
  made.push(dir);
  if (opts.git !== false) mkdirSync(join(dir, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}
