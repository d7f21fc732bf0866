import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const shared = join(root, '..', 'shared');

/** The project as a newcomer has it: tracked and new files, its node_modules, shared/ beside it. */
function copyOfProject(): string {
  const base = mkdtempSync(join(tmpdir(), 'rl-scaffold-'));
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
  return copy;
}

/** The environment without the outer vitest's own variables, which would confuse the inner run. */
function outsideVitest(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'TEST' && k !== 'NODE_ENV'),
  );
}

describe('adding a rule by the recipe', () => {
  it('npm run new-rule writes the rule folder, one registry line and the README tables; npm test stays green', () => {
    const copy = copyOfProject();
    const scaffold = spawnSync('npm', ['run', '--silent', 'new-rule', '--', 'no-unfinished-step'], {
      cwd: copy,
      encoding: 'utf8',
    });
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
    const suite = spawnSync('npm', ['test'], { cwd: copy, encoding: 'utf8', env: { ...outsideVitest(), CI: 'true' } });
    expect(suite.status, `${suite.stdout.slice(-3000)}\n${suite.stderr.slice(-2000)}`).toBe(0);
  }, 900_000);
});
