import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const shared = join(root, '..', 'shared');

/** The project as a newcomer has it: tracked and new files, its node_modules, shared/ beside it. */
function copyOfProject(): string {
  const base = mkdtempSync(join(tmpdir(), 'rl-scaffold-'));
  // mkdtemp makes it 0700: the tests that run as another user must reach the copy as in a checkout
  chmodSync(base, 0o755);
  const copy = join(base, 'main');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(root, f), join(copy, f));
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  if (existsSync(shared)) symlinkSync(shared, join(base, 'shared'));
  execFileSync('git', ['init', '-q'], { cwd: copy });
  execFileSync('git', ['add', '-A'], { cwd: copy });
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'the project'], {
    cwd: copy,
  });
  return copy;
}

/** A child process that leaves this worker's event loop free (vitest's RPC times out otherwise). */
function run(
  command: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** The environment without the outer vitest's own variables, which would confuse the inner run. */
function outsideVitest(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST' && k !== 'NODE_ENV'),
  );
}

describe('adding a rule by the recipe', () => {
  it('new-rule writes the rule folder, one registry line and the README tables; npm test stays green', async () => {
    const copy = copyOfProject();
    const scaffold = await run('npm', ['run', '--silent', 'new-rule', '--', 'no-unfinished-step'], { cwd: copy });
    expect(scaffold.stderr).toBe('');
    expect(scaffold.status).toBe(0);
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: copy,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    const outside = changed.filter((f) => !f.startsWith('rules/no-unfinished-step/')).sort();
    expect(outside).toEqual(['README.md', 'rules/index.ts']);
    expect(readFileSync(join(copy, 'README.md'), 'utf8')).toContain('[`no-unfinished-step`]');
    // the whole suite, as CI runs it, with an eleventh rule: no count or golden file to update
    const suite = await run('npm', ['test'], { cwd: copy, env: { ...outsideVitest(), CI: 'true', NO_COLOR: '1' } });
    const failures = suite.stdout.split('\n').filter((l) => /FAIL|×|Error/.test(l));
    expect(suite.status, `${failures.slice(0, 40).join('\n')}\n${suite.stderr.slice(-2000)}`).toBe(0);
  }, 900_000);
});
