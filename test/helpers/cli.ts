import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { inject } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const bin = join(import.meta.dirname, '..', '..', 'bin', 'runbook-lint.js');

/**
 * Runs the CLI as users do: `node bin/runbook-lint.js` over the built dist/ (npm test builds
 * first), in a child process with the given working directory, environment and standard
 * input. The environment is what the test gives plus PATH and HOME (git needs them).
 * `asUser` runs it as another user (when the tests run as root, to show permission checks).
 */
export function cli(
  argv: string[],
  opts: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    stdin?: string | Buffer;
    timeoutMs?: number;
    asUser?: number;
  } = {},
): Promise<CliRun> {
  return new Promise((done, fail) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...(opts.env ?? {}) }))
      if (v !== undefined) env[k] = v;
    const child = spawn(process.execPath, [bin, ...argv], {
      cwd: opts.cwd ?? process.cwd(),
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 120_000,
      ...(opts.asUser !== undefined ? { uid: opts.asUser, gid: opts.asUser } : {}),
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.stdin.on('error', () => {
      // the CLI may exit before reading its input (a usage error); that is its answer
    });
    child.stdin.end(opts.stdin ?? '');
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === null)
        fail(
          new Error(`runbook-lint ${argv.join(' ')} ended by ${signal ?? 'a signal'}; stderr: ${stderr.slice(0, 500)}`),
        );
      else done({ code, stdout, stderr });
    });
  });
}

/**
 * The CLI in-process, for what a child process cannot show: a terminal on stdout (colour),
 * or rules swapped for test doubles.
 */
export async function cliInProcess(
  argv: string[],
  opts: { cwd?: string; tty?: boolean; env?: Record<string, string | undefined>; stdin?: string | Buffer } = {},
): Promise<CliRun> {
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
  // under the run's own folder, which test/helpers/temp-root.ts removes when the run ends
  const dir = mkdtempSync(join(inject('tempRoot'), 'repo-'));
  // readable by the other user some tests run the CLI as
  chmodSync(dir, 0o755);
  if (opts.git !== false) mkdirSync(join(dir, '.git'));
  for (const [rel, content] of Object.entries(files)) {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

/** A user other than the one running the tests: nobody, when the tests run as root. */
export const OTHER_USER = process.getuid?.() === 0 ? 65534 : undefined;
