import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';
import { cli, tempRepo } from '../helpers/cli.js';

/** Progress on stderr for a person at a terminal (issue 17, item 4). */
function sink(isTTY: boolean): { out: { isTTY: boolean; write: (s: string) => boolean }; text: () => string } {
  let text = '';
  return {
    out: {
      isTTY,
      write: (s: string) => {
        text += s;
        return true;
      },
    },
    text: () => text,
  };
}

describe('progress', () => {
  it('says nothing for the first second, then files done out of the total, and erases its line', () => {
    let t = 0;
    const s = sink(true);
    const p = Progress.for(s.out, 3, {}, () => t) as Progress;
    p.done(0);
    t = 500;
    p.done(1);
    expect(s.text()).toBe('');
    t = 1200;
    p.done(2);
    t = 1250;
    p.done(3);
    p.end();
    expect(s.text()).toBe('\r\u001b[Krunbook-lint: 2/3 files\r\u001b[Krunbook-lint: 3/3 files\r\u001b[K');
  });

  it('never on a pipe, in CI or for one file, unless RUNBOOK_LINT_PROGRESS=on; =off turns it off', () => {
    expect(Progress.for(sink(false).out, 5, {})).toBeNull();
    expect(Progress.for(sink(true).out, 5, { CI: 'true' })).toBeNull();
    expect(Progress.for(sink(true).out, 1, {})).toBeNull();
    expect(Progress.for(sink(true).out, 5, { RUNBOOK_LINT_PROGRESS: 'off' })).toBeNull();
    expect(Progress.for(sink(false).out, 5, { CI: 'true', RUNBOOK_LINT_PROGRESS: 'on' })).not.toBeNull();
  });

  it('through the CLI, asked for: on stderr only, and stdout is what it is without it', async () => {
    const runbook = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
    const files = Object.fromEntries([1, 2, 3, 4].map((i) => [`docs/r${i}.md`, i === 1 ? runbook : `# R${i}\n`]));
    const dir = tempRepo(files);
    const asked = await cli(['--format', 'json', 'docs'], { cwd: dir, env: { RUNBOOK_LINT_PROGRESS: 'on' } });
    const plain = await cli(['--format', 'json', 'docs'], { cwd: dir });
    expect(asked.stdout).toBe(plain.stdout);
    expect(asked.stdout).not.toContain('files\r');
    // asked for, it shows from the first file, and the line ends erased
    expect(asked.stderr).toContain('\r\u001b[Krunbook-lint: 0/4 files');
    expect(asked.stderr.endsWith('\r\u001b[K')).toBe(true);
  }, 60_000);
});
