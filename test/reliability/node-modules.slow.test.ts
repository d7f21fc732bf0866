import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';

/**
 * A fuzz target made of real files nobody here wrote: every Markdown file in node_modules
 * (READMEs, changelogs, docs of a few hundred packages), through the CLI as users run it.
 */
const root = join(import.meta.dirname, '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');
const found: string[] = [];
const walk = (dir: string): void => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && /\.md$/i.test(e.name) && statSync(p).size > 0) found.push(p);
  }
};
walk(join(root, 'node_modules'));
found.sort();

type Result = { filePath: string; messages: { ruleId: string | null; fatal?: boolean; message: string }[] };

describe('every Markdown file in node_modules', () => {
  it('is there in numbers', () => {
    expect(found.length).toBeGreaterThan(250);
  });

  it.runIf(existsSync(corpus))(
    'one check over the shared corpus and all of them: a result for every file, no crash, no refusal',
    async () => {
      const r = await cli(['check', '--format', 'json', corpus, ...found], { cwd: root, timeoutMs: 600_000 });
      expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
      const results = JSON.parse(r.stdout) as Result[];
      const expected = new Set(found.map((f) => relative(root, f)));
      const got = new Set(results.map((x) => x.filePath));
      for (const f of expected) expect(got.has(f), f).toBe(true);
      expect(
        results.flatMap((x) => x.messages.filter((m) => m.fatal).map((m) => `${x.filePath}: ${m.message}`)),
      ).toEqual([]);
    },
    600_000,
  );

  it('fix --write --unsafe on copies of them, then fix again: nothing ' +
    'left to propose (idempotent), nothing refused', async () => {
    const dir = tempRepo({});
    // flat names: a folder called node_modules would be skipped by the directory walk
    for (const f of found) copyFileSync(f, join(dir, relative(join(root, 'node_modules'), f).replace(/[\\/]/g, '__')));
    const first = await cli(['fix', '--write', '--unsafe', '.'], { cwd: dir, timeoutMs: 600_000 });
    expect([0, 1]).toContain(first.code);
    expect(first.stderr).not.toMatch(/^runbook-lint: /m);
    const second = await cli(['fix', '--unsafe', '.'], { cwd: dir, timeoutMs: 600_000 });
    expect(second.stdout).toBe('');
    expect(second.code).toBe(0);
    // a file whose last fence is open is linted but deliberately not fixed; it says so
    expect(
      second.stderr
        .split('\n')
        .filter(
          (l) => l !== '' && !/: (nothing to fix; |not fixed: the code fence at line \d+ is never closed)/.test(l),
        ),
    ).toEqual([]);
    // the copies still decode and every original is left as it was
    for (const f of found.slice(0, 20)) expect(readFileSync(f).length).toBeGreaterThan(0);
  }, 600_000);
});
