import { chmodSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defineRule, type Rule } from '../../src/engine/types.js';
import { UserError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/io/write-atomic.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { main } from '../../src/cli/main.js';

const text = '# PHASE A: BASELINE\n\nLaravel writes `sms_logs`.\n';

describe('writeFileAtomic', () => {
  it('replaces the content, keeps the mode, leaves no temporary file', () => {
    const dir = tempRepo({ 'r.md': 'old\n' });
    const path = join(dir, 'r.md');
    chmodSync(path, 0o640);
    writeFileAtomic(path, 'r.md', Buffer.from('new\n'), Buffer.from('old\n'));
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses a file that changed since it was read', () => {
    const dir = tempRepo({ 'r.md': 'edited by someone else\n' });
    const path = join(dir, 'r.md');
    expect(() => writeFileAtomic(path, 'r.md', Buffer.from('fixed\n'), Buffer.from('what we read\n'))).toThrow(UserError);
    expect(() => writeFileAtomic(path, 'r.md', Buffer.from('fixed\n'), Buffer.from('what we read\n'))).toThrow(/changed since runbook-lint read it/);
    expect(readFileSync(path, 'utf8')).toBe('edited by someone else\n');
  });

  it('refuses a read-only file and a symbolic link', () => {
    const dir = tempRepo({ 'r.md': 'x\n', 'target.md': 'x\n' });
    chmodSync(join(dir, 'r.md'), 0o444);
    expect(() => writeFileAtomic(join(dir, 'r.md'), 'r.md', Buffer.from('y\n'), Buffer.from('x\n'))).toThrow(/is read-only/);
    symlinkSync(join(dir, 'target.md'), join(dir, 'link.md'));
    expect(() => writeFileAtomic(join(dir, 'link.md'), 'link.md', Buffer.from('y\n'), Buffer.from('x\n'))).toThrow(/symbolic link/);
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toBe('x\n');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('fix --write end to end', () => {
  it('refuses to write a file edited while it was being fixed: exit 2, one line, file untouched', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': text });
    const path = join(dir, 'MIGRATION_RUNBOOK.md');
    // a rule that plays "another editor": it changes the file on disk while the fixer runs
    const meddler = defineRule<unknown>({
      meta: { id: 'no-recipient-lookup', description: 'x', invariant: null, fixable: false, defaultSeverity: 'error', messages: { m: 'x' }, rationale: 'x' },
      check() {
        writeFileSync(path, `${text}\nAdded by a teammate.\n`);
      },
    });
    let stdout = '';
    let stderr = '';
    const code = await main(
      { argv: ['fix', '--write'], cwd: dir, env: {}, stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } },
      [...rules.filter((r) => r.meta.id !== 'no-recipient-lookup'), meddler] as Rule<unknown>[],
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('runbook-lint: MIGRATION_RUNBOOK.md: changed since runbook-lint read it; not written (run fix again)\n');
    expect(readFileSync(path, 'utf8')).toBe(`${text}\nAdded by a teammate.\n`);
  });

  it('prints one summary line per file on stderr and exits 1 while errors remain', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': `${text}\n## Step 17: Shadow\n\n\`\`\`php\nif ($mode === 'SHADOW') {\n    EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);\n}\n\`\`\`\n` });
    const r = await cli(['fix', '--write'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('MIGRATION_RUNBOOK.md: 1 fix from 1 rule applied; 1 problem left (1 fixable with --unsafe)\n');
    const unsafe = await cli(['fix', '--write', '--unsafe'], { cwd: dir });
    expect([unsafe.code, unsafe.stderr]).toEqual([0, 'MIGRATION_RUNBOOK.md: 1 fix from 1 rule applied; no problems left\n']);
  });
});
