import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  linkSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cli, OTHER_USER, tempRepo } from '../helpers/cli.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const root = join(import.meta.dirname, '..', '..');
const dirty = '# PHASE A\n\nThe client calls getRecipientByUuid and logs to `sms_logs`.\n';
const clean = '# Notes\n\nNothing about the migration here.\n';
const git = (dir: string, ...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const gitRepo = (files: Record<string, string>): string => {
  const dir = tempRepo(files, { git: false });
  git(dir, 'init', '-q');
  git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'start');
  return dir;
};
type JsonResult = {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; severity: number; message: string; line: number }[];
};
const results = (stdout: string): JsonResult[] => JSON.parse(stdout) as JsonResult[];

describe('file names never become options', () => {
  const hooks = parse(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string }[];
  /** What pre-commit runs: the entry split on spaces, its args, then the staged file names. */
  const hook = (id: string, dir: string, files: string[]) => {
    const entry = (hooks.find((h) => h.id === id)?.entry ?? '').split(' ');
    expect(entry[0]).toBe('runbook-lint');
    return cli([...entry.slice(1), ...files], { cwd: dir });
  };

  it(
    'the fix hook lints a file named --report=team-runbook.md as ' + 'a file and leaves team-runbook.md alone',
    async () => {
      const dir = tempRepo({ '--report=team-runbook.md': dirty, 'team-runbook.md': clean });
      const r = await hook('runbook-lint-fix', dir, ['--report=team-runbook.md']);
      expect(r.stderr).toMatch(/^--report=team-runbook\.md: \d+ fix/m);
      expect(readFileSync(join(dir, 'team-runbook.md'), 'utf8')).toBe(clean);
      expect(readFileSync(join(dir, '--report=team-runbook.md'), 'utf8')).not.toContain('getRecipientByUuid');
    },
  );

  it(
    'the check hook reads --changed-since=--output=MIGRATION_RUNBOOK.md ' + 'as a file name and fails on its findings',
    async () => {
      const dir = gitRepo({ '--changed-since=--output=MIGRATION_RUNBOOK.md': dirty, 'MIGRATION_RUNBOOK.md': clean });
      const r = await hook('runbook-lint', dir, ['--changed-since=--output=MIGRATION_RUNBOOK.md']);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('--changed-since=--output=MIGRATION_RUNBOOK.md');
      expect(readFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), 'utf8')).toBe(clean);
    },
  );

  it('--changed-since never hands git an option: --output=FILE is refused and git writes nothing', async () => {
    const dir = gitRepo({ 'MIGRATION_RUNBOOK.md': clean });
    for (const ref of ['--output=stolen.txt', '-ostolen.txt', '--end-of-options']) {
      const r = await cli(['check', `--changed-since=${ref}`], { cwd: dir });
      expect([r.code, r.stdout], ref).toEqual([2, '']);
      expect(r.stderr, ref).toMatch(/: not a git ref \(a ref cannot start with "-"\)\n$/);
    }
    // a ref git would read as an option inside a revision expression is still only a revision
    const odd = await cli(['check', '--changed-since', 'HEAD --output=stolen.txt'], { cwd: dir });
    expect(odd.code).toBe(2);
    expect(readdirSync(dir)).not.toContain('stolen.txt');
  });

  it('a shallow clone (actions/checkout with depth 1) gets told how to fetch the history', async () => {
    const origin = gitRepo({});
    git(origin, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'second');
    const clone = tempRepo({}, { git: false });
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin}`, 'c'], { cwd: clone });
    const r = await cli(['--changed-since', 'HEAD~1'], { cwd: join(clone, 'c') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'runbook-lint: --changed-since HEAD~1: no such commit in this ' +
        'repository (this clone is shallow: fetch the history first, ' +
        'e.g. `git fetch --unshallow origin`, or set `fetch-depth: 0` ' +
        'on actions/checkout)\n',
    );
  });
});

describe('no output is ever an input, and a refused run writes nothing', () => {
  it('fix --write --report RB.md RB.md: exit 2, the runbook untouched, no report', async () => {
    const dir = tempRepo({ 'RB.md': dirty });
    const r = await cli(['fix', '--write', '--report', 'RB.md', 'RB.md'], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'runbook-lint: RB.md: the report would overwrite the input RB.md; choose another file (nothing was written)\n',
    ]);
    expect(readFileSync(join(dir, 'RB.md'), 'utf8')).toBe(dirty);
  });

  it('check -f sarif=RB.md RB.md, by another spelling or a hard link: refused before linting', async () => {
    const dir = tempRepo({ 'RB.md': dirty, 'docs/other.md': clean });
    linkSync(join(dir, 'RB.md'), join(dir, 'same-file.sarif'));
    for (const spec of ['sarif=RB.md', 'json=./docs/../RB.md', 'sarif=same-file.sarif']) {
      const r = await cli(['check', '-f', spec, 'RB.md'], { cwd: dir });
      expect([r.code, r.stdout], spec).toEqual([2, '']);
      expect(r.stderr, spec).toMatch(
        /output would overwrite the input RB\.md; choose another file \(nothing was written\)\n$/,
      );
    }
    const both = await cli(['check', '-f', 'json=out.json', '-f', 'sarif=out.json', 'RB.md'], { cwd: dir });
    expect([both.code, both.stderr]).toEqual([
      2,
      'runbook-lint: out.json: the sarif output would overwrite the ' +
        'json output (out.json); choose another file (nothing was written)\n',
    ]);
    expect(readFileSync(join(dir, 'RB.md'), 'utf8')).toBe(dirty);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
  });

  it('a refused --write (read-only file) writes no report either', async () => {
    const dir = tempRepo({ 'RB.md': dirty });
    chmodSync(join(dir, 'RB.md'), 0o444);
    const r = await cli(['fix', '--write', '--report', 'REPORT.md', 'RB.md'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([2, 'runbook-lint: RB.md: is read-only; not written\n']);
    expect(existsSync(join(dir, 'REPORT.md'))).toBe(false);
  });
});

describe('--write stays inside the tree the user named, with the permissions the user has', () => {
  it('a symlinked folder or a glob through one: refused, the file outside untouched', async () => {
    const outside = tempRepo({ 'team.md': dirty });
    const dir = tempRepo({ 'docs/RB.md': clean });
    symlinkSync(outside, join(dir, 'docs', 'shared'));
    for (const arg of ['docs/**/*.md', 'docs/shared/team.md']) {
      const r = await cli(['fix', '--write', arg], { cwd: dir });
      expect(r.code, arg).toBe(2);
      expect(r.stderr, arg).toMatch(
        new RegExp(
          String.raw`^runbook-lint: docs\/shared\/team\.md: its real path .*team\.md is outside .*, ` +
            String.raw`the folder you named; not written\n$`,
        ),
      );
    }
    expect(readFileSync(join(outside, 'team.md'), 'utf8')).toBe(dirty);
  });

  it('a hard-linked runbook is refused, not split', async () => {
    const dir = tempRepo({ 'RB.md': dirty });
    linkSync(join(dir, 'RB.md'), join(dir, 'copy.md'));
    const r = await cli(['fix', '--write', 'RB.md'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([
      2,
      'runbook-lint: RB.md: has 2 hard links, and replacing it would ' +
        'split them; not written (fix a copy, or pass --stdin and redirect)\n',
    ]);
  });

  // mode bits alone said "writable" here: a file of another user in a folder anyone may write
  it.runIf(OTHER_USER !== undefined)(
    "another user's 0644 file in a world-writable folder is not replaced",
    async () => {
      const dir = tempRepo({ 'RB.md': dirty });
      chmodSync(dir, 0o777);
      chmodSync(join(dir, 'RB.md'), 0o644);
      chownSync(join(dir, 'RB.md'), 0, 0);
      const r = await cli(['fix', '--write', 'RB.md'], { cwd: dir, asUser: OTHER_USER });
      expect([r.code, r.stderr]).toEqual([2, 'runbook-lint: RB.md: is read-only; not written\n']);
      expect(readFileSync(join(dir, 'RB.md'), 'utf8')).toBe(dirty);
    },
  );
});

describe('one bad file never hides the rest', () => {
  it(
    'binary, invalid UTF-8, over the size limit, an invalid-UTF-8 ' +
      'name: a fatal message each, the rest linted, exit 1',
    async () => {
      const dir = tempRepo({
        'a.md': dirty,
        'b-binary.md': Buffer.from([0x23, 0x00, 0x01]),
        'c-latin1.md': Buffer.from([0x23, 0x20, 0xe9, 0x0a]),
        'd.md': clean,
      });
      writeFileSync(join(dir, 'e-big.md'), 'x'.repeat(2 * 1024 * 1024));
      writeFileSync(Buffer.from(`${dir}/f-\xff.md`, 'latin1'), dirty);
      const r = await cli(['check', '.', '--format', 'json', '--max-file-size', '1'], { cwd: dir });
      expect(r.code).toBe(1);
      const byFile = Object.fromEntries(results(r.stdout).map((x) => [x.filePath, x.messages]));
      expect(Object.keys(byFile)).toEqual(['a.md', 'b-binary.md', 'c-latin1.md', 'd.md', 'e-big.md', 'f-\\xff.md']);
      const fatal = (f: string) => byFile[f]?.map((m) => [m.ruleId, m.fatal, m.severity, m.line, m.message]);
      expect(fatal('b-binary.md')).toEqual([
        [null, true, 2, 1, 'looks like a binary file (NUL byte at offset 1); runbook-lint reads UTF-8 Markdown'],
      ]);
      expect(fatal('c-latin1.md')).toEqual([
        [null, true, 2, 1, 'invalid UTF-8 at byte offset 2; save the file as UTF-8'],
      ]);
      expect(fatal('e-big.md')).toEqual([
        [null, true, 2, 1, '2.0 MB is over the 1.0 MB limit; raise it with --max-file-size <MB>'],
      ]);
      expect(fatal('f-\\xff.md')).toEqual([[null, true, 2, 1, 'file name is not valid UTF-8; rename it to lint it']]);
      expect(byFile['a.md']?.map((m) => m.ruleId)).toContain('no-recipient-lookup');
      expect(byFile['d.md']).toEqual([]);
      const sarif = JSON.parse(
        (await cli(['check', '.', '--format', 'sarif', '--max-file-size', '1'], { cwd: dir })).stdout,
      ) as {
        runs: {
          results: { message: { text: string } }[];
          invocations: { toolExecutionNotifications?: { descriptor: { id: string }; message: { text: string } }[] }[];
        }[];
      };
      expect(validateSarif(sarif)).toBe(true);
      const run = sarif.runs[0];
      expect(
        run?.invocations[0]?.toolExecutionNotifications?.map((n) => [n.descriptor.id, n.message.text.split(':')[0]]),
      ).toEqual([
        ['file-not-linted', 'b-binary.md'],
        ['file-not-linted', 'c-latin1.md'],
        ['file-not-linted', 'e-big.md'],
        ['file-not-linted', 'f-\\xff.md'],
      ]);
      expect(run?.results.some((x) => /UTF-8|binary|limit/.test(x.message.text))).toBe(false);
      const stylish = await cli(['check', '.', '--max-file-size', '1'], { cwd: dir });
      expect(stylish.stdout).toContain(
        'c-latin1.md:1:1  error  invalid UTF-8 at byte offset 2; save the file as UTF-8',
      );
    },
  );

  it('exit 2 when no file at all could be read', async () => {
    const dir = tempRepo({ 'a.md': Buffer.from([0x00]), 'b.md': Buffer.from([0xff]) });
    const r = await cli(['check', 'a.md', 'b.md'], { cwd: dir });
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      'runbook-lint: a.md: looks like a binary file (NUL byte at offset ' +
        '0); runbook-lint reads UTF-8 Markdown (and 1 other file: none ' +
        'could be read)\n',
    ]);
  });

  it('fix over several files fixes the readable ones and names the others', async () => {
    const dir = tempRepo({ 'a.md': dirty, 'b.md': Buffer.from([0x23, 0xff]) });
    const r = await cli(['fix', '--write', 'a.md', 'b.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'runbook-lint: b.md: invalid UTF-8 at byte offset 1; save the file as UTF-8; not fixed\n',
    );
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).not.toContain('getRecipientByUuid');
  });
});

describe('code fences', () => {
  it('a fence open at the end of the document is a finding on that file; the other files are linted', async () => {
    const dir = tempRepo({ 'a.md': '# T\n\nText.\n\n```php\n$a = 1;\n\n# Step 2\n', 'b.md': dirty });
    const r = await cli(['check', 'a.md', 'b.md', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const [a, b] = results(r.stdout);
    expect(a?.messages.map((m) => [m.ruleId, m.severity, m.line, m.message])).toEqual([
      [
        null,
        2,
        5,
        'This code fence is never closed, so everything after line 5 ' +
          'is read as code and no rule checks it as text; close the fence.',
      ],
    ]);
    expect(b?.messages.length).toBeGreaterThan(0);
  });

  it('fences that their list item or blockquote closes are not "never closed" (CommonMark 128, GFM 98)', async () => {
    const dir = tempRepo({
      'list.md': '- item\n\n  ```sh\n  echo one\n\n- next item\n\nText after.\n',
      'quote.md': '> ```\n> aaa\n\nbbb\n',
      'nested.md': '1. Step\n   > ```php\n   > $a = 1;\n\n2. Next\n',
    });
    const r = await cli(['check', '.', '--format', 'json'], { cwd: dir });
    expect(results(r.stdout).map((x) => [x.filePath, x.messages.map((m) => m.message)])).toEqual([
      ['list.md', []],
      ['nested.md', []],
      ['quote.md', []],
    ]);
  });

  it('fix leaves a file with an open fence as it is and says why; the other files are fixed', async () => {
    const open = '# T\n\nThe client calls getRecipientByUuid.\n\n```php\n$a = 1;\n';
    const dir = tempRepo({ 'a.md': open, 'b.md': dirty });
    const r = await cli(['fix', '--write', 'a.md', 'b.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'a.md: not fixed: the code fence at line 5 is never closed; close it, then run fix again\n',
    );
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe(open);
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).not.toContain('getRecipientByUuid');
  });
});

describe('stderr shows file names and arguments, it does not obey them', () => {
  it('a terminal escape in a file name or an unknown option is escaped in the one-line error', async () => {
    const dir = tempRepo({});
    // ESC c resets the terminal; BEL rings it
    const missing = await cli(['check', '--', 'x\u001bc\u0007.md'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('runbook-lint: x\\x1bc\\x07.md: no such file or directory\n');
    const option = await cli(['check', '--\u001b[2J'], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).not.toMatch(/\u001b/);
  });
});
