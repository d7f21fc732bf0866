import { chmodSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeIoError } from '../../src/io/read-source.js';
import { cli, tempRepo } from '../helpers/cli.js';

const dirty = '# PHASE A\n\nLogs to `sms_logs`; the client calls getRecipientByUuid.\n';

/** Exit 2, exactly one line on stderr naming the file and the problem, nothing on stdout, nothing written. */
async function refused(argv: string[], files: Record<string, string>, pattern: RegExp, setup?: (dir: string) => void) {
  const dir = tempRepo(files);
  setup?.(dir);
  const before = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.md'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
  const r = await cli(argv, { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  for (const [f, text] of Object.entries(before)) expect(readFileSync(join(dir, f), 'utf8')).toBe(text);
  expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
}

describe('--write refuses, and writes nothing', () => {
  it('on a read-only file', async () => {
    await refused(
      ['fix', '--write', 'r.md'],
      { 'r.md': dirty },
      /^runbook-lint: r\.md: is read-only; not written\n$/,
      (dir) => chmodSync(join(dir, 'r.md'), 0o444),
    );
  });

  it('through a symbolic link (it does not follow a link out of the given path)', async () => {
    await refused(
      ['fix', '--write', 'link.md'],
      { 'target.md': dirty },
      /^runbook-lint: link\.md: is a symbolic link; runbook-lint does not write through links/,
      (dir) => symlinkSync(join(dir, 'target.md'), join(dir, 'link.md')),
    );
  });

  it('for every file, when one of several cannot be written', async () => {
    await refused(['fix', '--write', 'a.md', 'b.md'], { 'a.md': dirty, 'b.md': dirty }, /b\.md: is read-only/, (dir) =>
      chmodSync(join(dir, 'b.md'), 0o444),
    );
  });
});

describe('I/O errors are named, not dumped', () => {
  it('maps the codes a user can act on', () => {
    const err = (code: string) => Object.assign(new Error('x'), { code });
    expect(describeIoError(err('ENOENT'))).toBe('no such file or directory');
    expect(describeIoError(err('EACCES'))).toBe('permission denied');
    expect(describeIoError(err('EISDIR'))).toBe('is a directory');
    expect(describeIoError(err('ELOOP'))).toBe('too many symbolic links');
    expect(describeIoError(err('EMFILE'))).toBe('cannot read (EMFILE)');
  });

  it('a path through a file', async () => {
    await refused(['r.md/inner.md'], { 'r.md': dirty }, /^runbook-lint: r\.md\/inner\.md: cannot read \(ENOTDIR\)\n$/);
  });
});

describe('output stays safe whatever the runbook contains', () => {
  const nasty =
    '# PHASE A\n\nLogs to `sms_logs`: getRecipientByUuid \u001b[2J\u0007 "quotes" <b>&amp;</b> \u2028 \uD800 end.\n';

  it('stylish and github escape control characters', async () => {
    const dir = tempRepo({ 'r.md': nasty });
    for (const format of ['stylish', 'github']) {
      const r = await cli(['--format', format, 'r.md'], { cwd: dir });
      expect(r.stdout, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
  });

  it('json, sarif and junit stay valid', async () => {
    const dir = tempRepo({ 'r.md': nasty });
    async function check(format: string, validate: (s: string) => void) {
      const r = await cli(['--format', format, 'r.md'], { cwd: dir });
      validate(r.stdout);
    }
    await check('json', (s) => expect(() => JSON.parse(s)).not.toThrow());
    await check('sarif', (s) => expect((JSON.parse(s) as { version: string }).version).toBe('2.1.0'));
    await check('junit', (s) => expect(s).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/));
  });
});
