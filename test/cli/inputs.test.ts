import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';

const dirty = '# PHASE A\n\nThe client calls getRecipientByUuid and logs to `sms_logs`.\n';
const clean = '# Notes\n\nNothing about the migration here.\n';
const files = (r: { stdout: string }): string[] =>
  (JSON.parse(r.stdout) as { filePath: string }[]).map((x) => x.filePath);

describe('standard input', () => {
  it('--stdin with --stdin-filename: reported under that name, config found from its folder', async () => {
    const dir = tempRepo({ 'team/.runbook-lint.json': JSON.stringify({ rules: { 'invariants-section': 'off' } }) });
    const r = await cli(['--stdin', '--stdin-filename', 'team/RUNBOOK.md', '--format', 'json'], {
      cwd: dir,
      stdin: dirty,
    });
    expect(r.code).toBe(1);
    const [result] = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(result?.filePath).toBe('team/RUNBOOK.md');
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['no-recipient-lookup']);
  });

  it('--stdin without a name is <stdin>; invalid UTF-8 on stdin is refused', async () => {
    const dir = tempRepo({});
    expect(files(await cli(['--stdin', '--format', 'json'], { cwd: dir, stdin: clean }))).toEqual(['<stdin>']);
    const bad = await cli(['--stdin'], { cwd: dir, stdin: Buffer.from([0x23, 0x20, 0xff, 0x0a]) });
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'runbook-lint: <stdin>: invalid UTF-8 at byte offset 2; save the file as UTF-8\n',
    ]);
  });

  it('fix --stdin prints the patch; with --write, the fixed text', async () => {
    const dir = tempRepo({});
    const patch = await cli(['fix', '--stdin', '--stdin-filename', 'R.md'], { cwd: dir, stdin: dirty });
    expect(patch.code).toBe(1);
    expect(patch.stdout).toMatch(/^diff --git a\/R\.md b\/R\.md\n/);
    const fixed = await cli(['fix', '--stdin', '--write'], { cwd: dir, stdin: dirty });
    expect(fixed.stdout).toContain('HARD EXECUTION INVARIANTS');
    expect(fixed.stdout).not.toContain('getRecipientByUuid');
  });

  it('paths and --stdin together are a usage error', async () => {
    const r = await cli(['--stdin', 'x.md'], { cwd: tempRepo({}), stdin: clean });
    expect([r.code, r.stdout]).toEqual([2, '']);
  });
});

describe('directories and globs', () => {
  const tree = {
    '.gitignore': 'build/\n*.draft.md\n',
    'docs/RUNBOOK.md': dirty,
    'docs/old.draft.md': dirty,
    'docs/deep/.gitignore': 'private.md\n',
    'docs/deep/private.md': dirty,
    'docs/deep/phase-b.markdown': clean,
    'build/RUNBOOK.md': dirty,
    'node_modules/pkg/README.md': dirty,
    'docs/notes.txt': 'not markdown',
  };

  it('a directory: Markdown found recursively, .gitignore honoured at every level, node_modules skipped', async () => {
    const dir = tempRepo(tree);
    expect(files(await cli(['.', '--format', 'json'], { cwd: dir }))).toEqual([
      'docs/RUNBOOK.md',
      'docs/deep/phase-b.markdown',
    ]);
  });

  it('a file named explicitly is linted even when .gitignore ignores it', async () => {
    const dir = tempRepo(tree);
    expect(files(await cli(['docs/old.draft.md', '--format', 'json'], { cwd: dir }))).toEqual(['docs/old.draft.md']);
  });

  it('a glob: expanded, ignored files left out, duplicates with other arguments merged', async () => {
    const dir = tempRepo(tree);
    expect(files(await cli(['docs/**/*.md', 'docs/RUNBOOK.md', '--format', 'json'], { cwd: dir }))).toEqual([
      'docs/RUNBOOK.md',
    ]);
    expect(files(await cli(['**/*.{md,markdown}', '--format', 'json'], { cwd: dir }))).toEqual([
      'docs/RUNBOOK.md',
      'docs/deep/phase-b.markdown',
    ]);
  });

  it('a glob that matches nothing is an error, not a silent pass', async () => {
    const r = await cli(['runbooks/**/*.md'], { cwd: tempRepo(tree) });
    expect([r.code, r.stderr]).toEqual([2, 'runbook-lint: runbooks/**/*.md: no Markdown files match this pattern\n']);
  });
});

describe('--changed-since', () => {
  const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

  it('lints only the Markdown changed since the ref, new untracked files included', async () => {
    const dir = tempRepo({ 'a.md': clean, 'b.md': clean, 'src/app.php': '<?php' }, { git: false });
    git(dir, 'init', '-q');
    git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'root');
    git(dir, 'add', '.');
    git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'b.md'), dirty);
    writeFileSync(join(dir, 'c.md'), clean);
    writeFileSync(join(dir, 'src/app.php'), '<?php echo 1;');
    expect(files(await cli(['--changed-since', 'HEAD', '--format', 'json'], { cwd: dir }))).toEqual(['b.md', 'c.md']);
    const none = await cli(['--changed-since', 'HEAD', 'a.md'], { cwd: dir });
    expect([none.code, none.stdout]).toEqual([0, '✔ No Markdown files changed since HEAD.\n']);
    const badRef = await cli(['--changed-since', 'no-such-ref'], { cwd: dir });
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(
      /^runbook-lint: --changed-since no-such-ref: no such commit in this repository \(fetch it first/,
    );
  });
});

describe('baseline', () => {
  const runbook = [
    '# PHASE A',
    '',
    'Laravel logs to `sms_logs`.',
    '',
    '## Step 8: Client',
    '',
    'The client calls getRecipientByUuid here.',
    '',
  ].join('\n');

  it(
    'round trip: recorded findings are not reported, survive lines ' + 'inserted above, and fixed ones turn stale',
    async () => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook });
      const update = await cli(['--baseline', 'runbook-lint-baseline.json', '--update-baseline'], { cwd: dir });
      expect(update.code).toBe(0);
      expect(update.stderr).toMatch(/Wrote runbook-lint-baseline\.json: 2 findings in 1 file/);
      const recorded = JSON.parse(readFileSync(join(dir, 'runbook-lint-baseline.json'), 'utf8')) as {
        files: Record<string, Record<string, { ruleId: string; count: number }>>;
      };
      expect(
        Object.values(recorded.files['MIGRATION_RUNBOOK.md'] ?? {})
          .map((e) => e.ruleId)
          .sort(),
      ).toEqual(['invariants-section', 'no-recipient-lookup']);

      const quiet = await cli(['--baseline', 'runbook-lint-baseline.json'], { cwd: dir });
      expect([quiet.code, quiet.stdout]).toEqual([0, '✔ No problems in 1 file.\n']);

      // ten lines inserted above the findings: still recognised
      writeFileSync(
        join(dir, 'MIGRATION_RUNBOOK.md'),
        runbook.replace('# PHASE A\n', `# PHASE A\n${'\nIntro line.\n'.repeat(5)}`),
      );
      expect((await cli(['--baseline', 'runbook-lint-baseline.json'], { cwd: dir })).code).toBe(0);

      // a new finding is reported; the recorded ones stay quiet
      writeFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), `${runbook}\nAnd getRecipientByUuid again in a new sentence.\n`);
      const fresh = await cli(['--baseline', 'runbook-lint-baseline.json', '--format', 'json'], { cwd: dir });
      const [result] = JSON.parse(fresh.stdout) as {
        messages: { ruleId: string | null; line: number; severity: number }[];
        suppressedMessages: unknown[];
      }[];
      expect(fresh.code).toBe(1);
      expect(result?.messages.map((m) => [m.ruleId, m.line])).toEqual([['no-recipient-lookup', 9]]);
      expect(result?.suppressedMessages).toHaveLength(2);

      // the recorded lookup is fixed: its entry is reported as stale (a warning)
      writeFileSync(
        join(dir, 'MIGRATION_RUNBOOK.md'),
        runbook.replace('The client calls getRecipientByUuid here.', 'The client reads $recipientMap.'),
      );
      const stale = await cli(['--baseline', 'runbook-lint-baseline.json', '--format', 'json'], { cwd: dir });
      const [after] = JSON.parse(stale.stdout) as {
        messages: { ruleId: string | null; severity: number; message: string }[];
      }[];
      expect(stale.code).toBe(0);
      expect(after?.messages.map((m) => [m.ruleId, m.severity])).toEqual([[null, 1]]);
      expect(after?.messages[0]?.message).toMatch(
        new RegExp(
          '^Stale baseline entry: a "no-recipient-lookup" finding recorded in ' +
            String.raw`runbook-lint-baseline\.json no longer occurs`,
        ),
      );
      expect((await cli(['--baseline', 'runbook-lint-baseline.json', '--max-warnings', '0'], { cwd: dir })).code).toBe(
        1,
      );
    },
  );

  it('a missing or broken baseline is a clear error', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook, 'bad.json': '{"version": 2}' });
    expect((await cli(['--baseline', 'nope.json'], { cwd: dir })).stderr).toBe(
      'runbook-lint: nope.json: baseline file not found (create it with --update-baseline)\n',
    );
    expect((await cli(['--baseline', 'bad.json'], { cwd: dir })).stderr).toMatch(
      /bad\.json: not a runbook-lint baseline/,
    );
    expect((await cli(['--update-baseline'], { cwd: dir })).stderr).toMatch(/--update-baseline needs --baseline FILE/);
  });
});

describe('ignores (config) and --ignore-pattern', () => {
  const tree = {
    '.runbook-lint.json': JSON.stringify({ ignores: ['drafts/**', '**/*.old.md', '!drafts/keep.md'] }),
    'RUNBOOK.md': dirty,
    'archive.old.md': dirty,
    'drafts/wip.md': dirty,
    'drafts/keep.md': dirty,
    'team/.runbook-lint.json': JSON.stringify({ ignores: ['generated'] }),
    'team/RUNBOOK.md': dirty,
    'team/generated/out.md': dirty,
    'docs/legacy/a.md': dirty,
  };

  it('leaves out what a config ignores, relative to its own folder; ! brings a file back', async () => {
    const dir = tempRepo(tree);
    expect(files(await cli(['.', '--format', 'json'], { cwd: dir }))).toEqual([
      'RUNBOOK.md',
      'docs/legacy/a.md',
      'drafts/keep.md',
      'team/RUNBOOK.md',
    ]);
  });

  it('--ignore-pattern adds patterns relative to the working directory', async () => {
    const dir = tempRepo(tree);
    expect(
      files(
        await cli(['.', '--ignore-pattern', 'docs/legacy', '--ignore-pattern', 'team/*.md', '--format', 'json'], {
          cwd: dir,
        }),
      ),
    ).toEqual(['RUNBOOK.md', 'drafts/keep.md']);
  });

  it(
    'a file named on the command line (as a pre-commit hook names ' +
      'staged files) stays ignored; nothing left is not a failure',
    async () => {
      const dir = tempRepo(tree);
      const r = await cli(['check', '--', 'drafts/wip.md', 'archive.old.md'], { cwd: dir });
      expect([r.code, r.stdout]).toEqual([
        0,
        '✔ Nothing to lint: the 2 files are ignored (config "ignores" or --ignore-pattern).\n',
      ]);
      const fix = await cli(['fix', '--write', 'drafts/wip.md'], { cwd: dir });
      expect([fix.code, fix.stderr]).toEqual([
        0,
        '✔ Nothing to lint: the file is ignored (config "ignores" or --ignore-pattern).\n',
      ]);
      expect(readFileSync(join(dir, 'drafts/wip.md'), 'utf8')).toBe(dirty);
    },
  );

  it('a pattern that is not a list of strings is a configuration error', async () => {
    for (const ignores of ['drafts/**', [''], [42]]) {
      const r = await cli(['.'], {
        cwd: tempRepo({ '.runbook-lint.json': JSON.stringify({ ignores }), 'RUNBOOK.md': dirty }),
      });
      expect([r.code, r.stdout], JSON.stringify(ignores)).toEqual([2, '']);
      expect(r.stderr, JSON.stringify(ignores)).toMatch(/^runbook-lint: \.runbook-lint\.json: ignores/);
    }
  });
});
