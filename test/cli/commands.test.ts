import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { stripJsonComments } from '../../src/config/jsonc.js';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
  version: string;
};

describe('rules, init, --version, --help', () => {
  it('--version prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the commands and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/check \[options\] \[paths\.\.\.\]/);
    expect(r.stdout).toMatch(/Exit codes: 0/);
    const check = await cli(['check', '--help']);
    expect(check.stdout).toContain('--max-warnings');
  });

  it('rules lists every rule with its docs path; --format json is machine-readable', async () => {
    const table = await cli(['rules']);
    for (const r of rules) expect(table.stdout).toContain(`rules/${r.meta.id}/README.md`);
    const json = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as {
      id: string;
      invariant: number | null;
      fixable: unknown;
      docs: string;
      description: string;
    }[];
    expect(json.map((r) => r.id)).toEqual(rules.map((r) => r.meta.id));
    expect(Object.keys(json[0] ?? {})).toEqual([
      'id',
      'invariant',
      'fixable',
      'defaultSeverity',
      'description',
      'docs',
    ]);
  });

  it('init writes a starter config with every setting and rule, and the tool accepts it', async () => {
    const dir = tempRepo({});
    const r = await cli(['init'], { cwd: dir });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, '.runbook-lint.json'), 'utf8');
    // a comment says what each preset and each rule does, on the lines above it
    expect(text).toMatch(/\/\/ runbook-lint:recommended: /);
    expect(text).toMatch(/\/\/ runbook-lint:sms-strangler: /);
    for (const rule of rules) {
      const lines = text.split('\n');
      const at = lines.findIndex((l) => l.startsWith(`    "${rule.meta.id}": `));
      expect(lines[at - 1], rule.meta.id).toMatch(/^ {4}\/\/ /);
      expect(text).toContain(rule.meta.description.split(' ').slice(0, 4).join(' '));
    }
    const written = JSON.parse(stripJsonComments(text)) as {
      settings: Record<string, unknown>;
      rules: Record<string, unknown>;
    };
    expect(written.settings).toEqual(DEFAULT_SETTINGS);
    expect(written.settings).toMatchObject({
      legacyLogTable: 'sms_logs',
      newLogTable: 'go_sms_logs',
      timeoutMs: 500,
      modes: { off: 'OFF', shadow: 'SHADOW', on: 'ON' },
    });
    expect(Object.keys(written.rules).sort()).toEqual(rules.map((x) => x.meta.id).sort());
    const again = await cli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; use --force/);
    expect((await cli(['init', '--force'], { cwd: dir })).code).toBe(0);
    const lint = await cli(['check', 'x.md'], { cwd: tempRepoWith(dir) });
    expect(lint.code).toBe(0);
  });
});

function tempRepoWith(dir: string): string {
  const clean = readFileSync(
    join(import.meta.dirname, '..', '..', 'rules', 'invariants-section', 'fixtures', 'complete.md'),
    'utf8',
  );
  tempRepoFile(dir, 'x.md', clean);
  return dir;
}

function tempRepoFile(dir: string, name: string, content: string): void {
  writeFileSync(join(dir, name), content);
}
