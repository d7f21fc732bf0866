import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ConfigResolver } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { UserError } from '../../src/errors.js';
import { cli, tempRepo } from '../helpers/cli.js';

/** Config `extends` (issue 15, item 1): presets and shared files, merged in order. */
const all = rules as Rule<unknown>[];

async function configOf(files: Record<string, string>, file = 'RUNBOOK.md') {
  const repo = tempRepo(files);
  return new ConfigResolver(all, null, [], repo).forFile(join(repo, file));
}

async function problemOf(files: Record<string, string>): Promise<string> {
  try {
    await configOf(files);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a configuration error');
}

const severity = (c: Awaited<ReturnType<typeof configOf>>, id: string) => c.rules.get(id)?.severity;

describe('config extends', () => {
  it('runbook-lint:recommended runs the runbook rules for any team and turns the SMS rules off', async () => {
    const c = await configOf({ '.runbook-lint.json': '{"extends": "runbook-lint:recommended"}' });
    expect(severity(c, 'step-references')).toBe(1);
    expect(severity(c, 'uuid-once')).toBe(0);
    expect(severity(c, 'single-execution-authority')).toBe(0);
  });

  it('runbook-lint:sms-strangler runs the ten migration rules at their defaults', async () => {
    const c = await configOf({ '.runbook-lint.json': '{"extends": ["runbook-lint:sms-strangler"]}' });
    expect(severity(c, 'uuid-once')).toBe(2);
    expect(severity(c, 'step-references')).toBe(0);
  });

  it('two presets run both sets; a preset after a shared file does not turn its rules off', async () => {
    const both = await configOf({
      '.runbook-lint.json': '{"extends": ["runbook-lint:recommended", "runbook-lint:sms-strangler"]}',
    });
    expect([severity(both, 'step-references'), severity(both, 'uuid-once')]).toEqual([1, 2]);
    const after = await configOf({
      'base.json': '{"rules": {"uuid-once": "warn"}}',
      '.runbook-lint.json': '{"extends": ["./base.json", "runbook-lint:recommended"]}',
    });
    expect([severity(after, 'uuid-once'), severity(after, 'step-references'), severity(after, 'quota-safety')]).toEqual(
      [1, 1, 0],
    );
  });

  it('later entries and the config’s own keys win; a bare severity keeps options set before it', async () => {
    const c = await configOf({
      'shared/base.json': JSON.stringify({
        settings: { newServiceName: 'Rust', modes: { shadow: 'DARK' } },
        rules: { 'timeout-budget': ['warn', { serviceUrlMarkers: ['svc.rust'] }] },
      }),
      '.runbook-lint.json': JSON.stringify({
        extends: ['runbook-lint:sms-strangler', './shared/base.json'],
        settings: { modes: { on: 'LIVE' } },
        rules: { 'timeout-budget': 'error' },
      }),
    });
    expect(c.settings.newServiceName).toBe('Rust');
    expect(c.settings.modes).toEqual({ off: 'OFF', shadow: 'DARK', on: 'LIVE' });
    expect(severity(c, 'timeout-budget')).toBe(2);
    expect(c.rules.get('timeout-budget')?.options.serviceUrlMarkers).toEqual(['svc.rust']);
  });

  it('a shared file’s ignores keep meaning the same files from the extending config', async () => {
    const c = await configOf({
      'shared/base.json': JSON.stringify({ ignores: ['drafts/*.md', '**/CHANGELOG.md'] }),
      '.runbook-lint.json': JSON.stringify({ extends: './shared/base.json', ignores: ['old.md'] }),
    });
    expect(c.ignores).toEqual(['shared/drafts/*.md', '**/CHANGELOG.md', 'old.md']);
  });

  it('one line for an unknown preset, a cycle, a missing file and a bad key in a shared file', async () => {
    expect(await problemOf({ '.runbook-lint.json': '{"extends": "runbook-lint:recomended"}' })).toBe(
      '.runbook-lint.json: extends: unknown preset "runbook-lint:recomended" ' +
        '(did you mean "runbook-lint:recommended"?)',
    );
    expect(
      await problemOf({
        '.runbook-lint.json': '{"extends": "./a.json"}',
        'a.json': '{"extends": "./.runbook-lint.json"}',
      }),
    ).toMatch(/extends: .*\.runbook-lint\.json extends itself \(a cycle\)$/);
    expect(await problemOf({ '.runbook-lint.json': '{"extends": "./none.json"}' })).toMatch(
      /none\.json: cannot read config file \(ENOENT\)$/,
    );
    expect(await problemOf({ '.runbook-lint.json': '{"extends": "./a.json"}', 'a.json': '{"rulez": {}}' })).toMatch(
      /^a\.json: rulez: unknown key "rulez"/,
    );
    expect(await problemOf({ '.runbook-lint.json': '{"extends": 3}' })).toBe(
      '.runbook-lint.json: extends: expected a preset name or a config file path, or a list of them',
    );
  });

  it('through the CLI: a team runbook under recommended gets step-references, not the SMS rules', async () => {
    const runbook =
      '# Cutover\n\n## Step 1: Freeze writes\n\nThen go to Step 4.\n\n## Step 2: Copy\n\nUses `sms_logs`.\n';
    const dir = tempRepo({ 'RUNBOOK.md': runbook, '.runbook-lint.json': '{"extends": "runbook-lint:recommended"}' });
    const r = await cli(['--format', 'json', 'RUNBOOK.md'], { cwd: dir });
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[];
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['step-references']);
    const printed = JSON.parse((await cli(['--print-config', 'RUNBOOK.md'], { cwd: dir })).stdout) as {
      rules: Record<string, unknown>;
    };
    expect((printed.rules['uuid-once'] as unknown[])[0]).toBe('off');
  });
});

describe('the preset a file gets with no config file (issue 15, item 3)', () => {
  const onFor = async (file: string, files: Record<string, string> = {}) => {
    const repo = tempRepo(files);
    const c = await new ConfigResolver(all, null, [], repo).forFile(join(repo, file));
    return [severity(c, 'no-placeholders'), severity(c, 'step-numbering'), severity(c, 'uuid-once')];
  };

  it('a file whose name or folder says runbook gets recommended, beside the SMS rules', async () => {
    for (const file of [
      'RUNBOOK.md',
      'docs/db-runbook.md',
      'ops/runbooks/restore.md',
      'Runbooks/Restore.md',
      'MIGRATION_PLAN.md',
      'migration_guide.md',
      'plans/Q3-Cutover-Plan.md',
      'specs/001/tasks.md',
      'specs/001/TASKS.md',
    ])
      expect(await onFor(file), file).toEqual([1, 1, 2]);
  });

  it('any other Markdown file gets the SMS rules only, as before', async () => {
    for (const file of ['README.md', 'docs/notes.md', 'my-tasks.md', 'migration.md', 'runbooks.md/x/notes.md'])
      expect(await onFor(file), file).toEqual([0, 0, 2]);
  });

  it('a config file decides for itself, even for a runbook; so does --config', async () => {
    expect(await onFor('RUNBOOK.md', { '.runbook-lint.json': '{}' })).toEqual([0, 0, 2]);
    const repo = tempRepo({ 'conf.json': '{}' });
    const c = await new ConfigResolver(all, join(repo, 'conf.json'), [], repo).forFile(join(repo, 'RUNBOOK.md'));
    expect(severity(c, 'no-placeholders')).toBe(0);
  });

  it('through the CLI: the same TODO is reported in runbooks/, not in notes.md; --print-config shows it', async () => {
    const text = '# Restore\n\n## Step 1: Stop the app\n\nTODO: say which service.\n';
    const dir = tempRepo({ 'runbooks/restore.md': text, 'notes.md': text });
    const r = await cli(['--format', 'json', 'runbooks/restore.md', 'notes.md'], { cwd: dir });
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
    expect(results.map((x) => [x.filePath, x.messages.map((m) => `${m.ruleId}:${m.line}`)])).toEqual([
      ['runbooks/restore.md', ['no-placeholders:5']],
      ['notes.md', []],
    ]);
    const printed = JSON.parse((await cli(['--print-config', 'runbooks/restore.md'], { cwd: dir })).stdout) as {
      rules: Record<string, unknown>;
    };
    expect((printed.rules['no-placeholders'] as unknown[])[0]).toBe('warn');
  });
});
