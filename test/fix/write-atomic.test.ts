import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync as writeAllReal,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defineRule, type Rule } from '../../src/engine/types.js';
import { UserError } from '../../src/errors.js';
import {
  abortWrites,
  checkWritable,
  commitWrites,
  stageWrite,
  writeAll,
  writeFileAtomic,
  type WriteFn,
} from '../../src/io/write-atomic.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { main } from '../../src/cli/main.js';

const text = '# PHASE A: BASELINE\n\nLaravel writes `sms_logs`.\n';
const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** A disk that takes `room` bytes and then answers ENOSPC, the way a nearly full one does. */
function nearlyFullDisk(room: number): WriteFn {
  let left = room;
  return (fd, buffer, offset, length) => {
    if (left === 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    const n = Math.min(left, length);
    left -= n;
    return writeAllReal(fd, buffer, offset, n);
  };
}

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the mode exactly (the umask does not apply), leaves no temporary file', () => {
    const dir = tempRepo({ 'r.md': 'old\n', 'w.md': 'old\n' });
    chmodSync(join(dir, 'r.md'), 0o640);
    chmodSync(join(dir, 'w.md'), 0o666);
    const old = process.umask(0o022);
    try {
      writeFileAtomic(
        { path: join(dir, 'r.md'), display: 'r.md', expected: Buffer.from('old\n'), root: dir },
        Buffer.from('new\n'),
      );
      writeFileAtomic(
        { path: join(dir, 'w.md'), display: 'w.md', expected: Buffer.from('old\n'), root: dir },
        Buffer.from('new\n'),
      );
    } finally {
      process.umask(old);
    }
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('new\n');
    expect(statSync(join(dir, 'r.md')).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'w.md')).mode & 0o777).toBe(0o666);
    expect(temps(dir)).toEqual([]);
  });

  it('a short write (a nearly full disk) is an error, never a truncated file: the original stays whole', () => {
    const original = `${'line of the runbook\n'.repeat(3000)}`;
    const dir = tempRepo({ 'r.md': original });
    const fixed = Buffer.from(`${original}added by the fix\n`);
    for (const room of [0, 1, 8192, 45056, fixed.length - 1]) {
      expect(
        () =>
          writeFileAtomic(
            { path: join(dir, 'r.md'), display: 'r.md', expected: Buffer.from(original), root: dir },
            fixed,
            nearlyFullDisk(room),
          ),
        `room ${room}`,
      ).toThrow(/^r\.md: cannot write \(no space left on device\); the file is unchanged$/);
      expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe(original);
      expect(temps(dir)).toEqual([]);
    }
  });

  it('writeAll loops over partial writes and refuses a write that makes no progress', () => {
    const got: number[] = [];
    writeAll(7, Buffer.from('abcdefghij'), (_fd, _b, offset, length) => {
      got.push(offset);
      return Math.min(3, length);
    });
    expect(got).toEqual([0, 3, 6, 9]);
    expect(() => writeAll(7, Buffer.from('abc'), () => 0)).toThrow('short write');
  });

  it('refuses a file that changed since it was read', () => {
    const dir = tempRepo({ 'r.md': 'edited by someone else\n' });
    const target = { path: join(dir, 'r.md'), display: 'r.md', expected: Buffer.from('what we read\n'), root: dir };
    expect(() => writeFileAtomic(target, Buffer.from('fixed\n'))).toThrow(UserError);
    expect(() => writeFileAtomic(target, Buffer.from('fixed\n'))).toThrow(/changed since runbook-lint read it/);
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toBe('edited by someone else\n');
  });

  it('refuses a read-only file, a symbolic link, a hard-linked file, and a real path outside the named tree', () => {
    const outside = tempRepo({ 'secret.md': 'x\n' });
    const dir = tempRepo({ 'r.md': 'x\n', 'target.md': 'x\n', 'linked.md': 'x\n' });
    const at = (name: string, root = dir) => ({
      path: join(dir, name),
      display: name,
      expected: Buffer.from('x\n'),
      root,
    });
    chmodSync(join(dir, 'r.md'), 0o444);
    expect(() => writeFileAtomic(at('r.md'), Buffer.from('y\n'))).toThrow(/^r\.md: is read-only; not written$/);
    symlinkSync(join(dir, 'target.md'), join(dir, 'link.md'));
    expect(() => writeFileAtomic(at('link.md'), Buffer.from('y\n'))).toThrow(/symbolic link/);
    linkSync(join(dir, 'linked.md'), join(dir, 'second-name.md'));
    expect(() => writeFileAtomic(at('linked.md'), Buffer.from('y\n'))).toThrow(
      /^linked\.md: has 2 hard links, and replacing it would split them; not written/,
    );
    symlinkSync(outside, join(dir, 'docs'));
    expect(() => writeFileAtomic(at('docs/secret.md'), Buffer.from('y\n'))).toThrow(
      /is outside .* the folder you named; not written$/,
    );
    for (const f of ['target.md', 'linked.md', 'second-name.md'])
      expect(readFileSync(join(dir, f), 'utf8')).toBe('x\n');
    expect(readFileSync(join(outside, 'secret.md'), 'utf8')).toBe('x\n');
    expect(temps(dir)).toEqual([]);
  });

  it(
    'several files: all are staged before any is renamed, so a full ' + 'disk on the last leaves every one as it was',
    () => {
      const dir = tempRepo({ 'a.md': 'a\n', 'b.md': 'b\n' });
      const a = checkWritable({ path: join(dir, 'a.md'), display: 'a.md', expected: Buffer.from('a\n'), root: dir });
      const b = checkWritable({ path: join(dir, 'b.md'), display: 'b.md', expected: Buffer.from('b\n'), root: dir });
      const staged = [stageWrite(a, Buffer.from('A\n'))];
      expect(() => stageWrite(b, Buffer.from('B\n'), nearlyFullDisk(0))).toThrow(/no space left on device/);
      abortWrites(staged);
      expect([readFileSync(join(dir, 'a.md'), 'utf8'), readFileSync(join(dir, 'b.md'), 'utf8')]).toEqual([
        'a\n',
        'b\n',
      ]);
      expect(temps(dir)).toEqual([]);
      commitWrites([stageWrite(a, Buffer.from('A\n')), stageWrite(b, Buffer.from('B\n'))]);
      expect([readFileSync(join(dir, 'a.md'), 'utf8'), readFileSync(join(dir, 'b.md'), 'utf8')]).toEqual([
        'A\n',
        'B\n',
      ]);
    },
  );

  it('removes the temporary file a killed run left beside the file, and keeps those of live runs', () => {
    const dir = tempRepo({ 'r.md': 'x\n' });
    mkdirSync(join(dir, 'sub'));
    // pid 2^22 + 1 is above Linux's pid_max: no such process
    const dead = `.r.md.runbook-lint-${2 ** 22 + 1}-abc.tmp`;
    const live = `.r.md.runbook-lint-${process.ppid}-abc.tmp`;
    writeFileSync(join(dir, dead), 'half of a fixed tex');
    writeFileSync(join(dir, live), 'another run, still going');
    writeFileAtomic(
      { path: join(dir, 'r.md'), display: 'r.md', expected: Buffer.from('x\n'), root: dir },
      Buffer.from('y\n'),
    );
    expect(temps(dir)).toEqual([live]);
  });
});

describe('fix --write end to end', () => {
  it('refuses to write a file edited while it was being fixed: exit 2, one line, file untouched', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': text });
    const path = join(dir, 'MIGRATION_RUNBOOK.md');
    // a rule that plays "another editor": it changes the file on disk while the fixer runs
    const meddler = defineRule({
      meta: {
        id: 'no-recipient-lookup',
        description: 'x',
        invariant: null,
        fixable: false,
        defaultSeverity: 'error',
        messages: { m: 'x' },
        rationale: 'x',
      },
      check() {
        writeFileSync(path, `${text}\nAdded by a teammate.\n`);
      },
    });
    let stdout = '';
    let stderr = '';
    const code = await main(
      {
        argv: ['fix', '--write', '--report', 'REPORT.md'],
        cwd: dir,
        env: {},
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
      },
      [...rules.filter((r) => r.meta.id !== 'no-recipient-lookup'), meddler] as Rule<unknown>[],
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'runbook-lint: MIGRATION_RUNBOOK.md: changed since runbook-lint read it; not written (run fix again)\n',
    );
    expect(readFileSync(path, 'utf8')).toBe(`${text}\nAdded by a teammate.\n`);
    // a refused run writes nothing, the report included
    expect(readdirSync(dir)).not.toContain('REPORT.md');
  });

  it('prints one summary line per file on stderr and exits 1 while errors remain', async () => {
    const dir = tempRepo({
      'MIGRATION_RUNBOOK.md':
        `${text}\n## Step 17: Shadow\n\n\`\`\`php\nif ($mode === ` +
        `'SHADOW') {\n    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', ` +
        `1);\n}\n\`\`\`\n`,
    });
    const r = await cli(['fix', '--write'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'MIGRATION_RUNBOOK.md: 1 fix from 1 rule applied; 1 problem left (1 fixable with --unsafe)\n',
    );
    const unsafe = await cli(['fix', '--write', '--unsafe'], { cwd: dir });
    expect([unsafe.code, unsafe.stderr]).toEqual([
      0,
      'MIGRATION_RUNBOOK.md: 1 fix from 1 rule applied; no problems left\n',
    ]);
  });
});
