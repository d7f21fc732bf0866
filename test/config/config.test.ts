import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ConfigResolver, findConfigFile, resolveConfig } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { UserError } from '../../src/errors.js';
import { tempRepo } from '../helpers/cli.js';

const all = rules as Rule<unknown>[];
const problem = (raw: unknown): string => {
  try {
    resolveConfig(raw, all, '/x/.runbook-lint.json', '/x');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return (e as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('config validation: one line naming the bad key', () => {
  it('unknown top-level and settings keys, with a suggestion', () => {
    expect(problem({ setings: {} })).toBe(
      '.runbook-lint.json: setings: unknown key "setings" (did you mean "settings"?)',
    );
    expect(problem({ settings: { legacyTable: 'x' } })).toMatch(
      /settings\.legacyTable: unknown key "legacyTable" \(did you mean "legacyLogTable"\?\)/,
    );
  });

  it('wrong types and values', () => {
    expect(problem({ settings: { timeoutMs: '500' } })).toMatch(/settings\.timeoutMs: must be a number, got "500"/);
    expect(problem({ settings: { timeoutMs: 0 } })).toMatch(/settings\.timeoutMs: must be > 0/);
    expect(problem({ settings: { modes: { shadow: '' } } })).toMatch(/settings\.modes\.shadow: must not be empty/);
  });

  it('unknown rule ids and bad severities', () => {
    expect(problem({ rules: { 'uuid-onse': 'error', 'no-recipient-lookup': 'error' } })).toMatch(
      /rules: unknown rule "uuid-onse"/,
    );
    expect(problem({ rules: { 'no-recipient-lookup': 'fatal' } })).toMatch(
      /rules\.no-recipient-lookup: severity must be "off", "warn" or "error"/,
    );
    expect(problem({ rules: { 'no-recipient-lookup': ['error', { method: ['x'] }] } })).toMatch(
      /rules\.no-recipient-lookup\[1\]\.method: unknown key "method" \(did you mean "methods"\?\)/,
    );
    expect(problem({ rules: { 'no-recipient-lookup': ['error', { methods: [] }] } })).toMatch(
      /methods: needs at least 1 item/,
    );
  });

  it('settings merge over the defaults', () => {
    const c = resolveConfig({ settings: { legacyLogTable: 'notification_log', modes: { on: 'LIVE' } } }, all, null);
    expect(c.settings.legacyLogTable).toBe('notification_log');
    expect(c.settings.newLogTable).toBe('go_sms_logs');
    expect(c.settings.modes).toEqual({ off: 'OFF', shadow: 'SHADOW', on: 'LIVE' });
    expect(c.settings.timeoutMs).toBe(500);
  });
});

describe('config discovery', () => {
  it('walks up from the file to the nearest config, stopping at the repository root', async () => {
    const repo = tempRepo({
      '.runbook-lint.json': '{"settings":{"legacyLogTable":"root_logs"}}',
      'docs/team-b/.runbook-lint.yaml': 'settings:\n  legacyLogTable: team_b_logs\n',
      'docs/team-b/RUNBOOK.md': '# x\n',
      'docs/team-a/RUNBOOK.md': '# x\n',
    });
    expect(findConfigFile(join(repo, 'docs/team-a'))).toBe(join(repo, '.runbook-lint.json'));
    expect(findConfigFile(join(repo, 'docs/team-b'))).toBe(join(repo, 'docs/team-b/.runbook-lint.yaml'));
    const resolver = new ConfigResolver(all, null, [], repo);
    expect((await resolver.forFile(join(repo, 'docs/team-b/RUNBOOK.md'))).settings.legacyLogTable).toBe('team_b_logs');
    expect((await resolver.forFile(join(repo, 'docs/team-a/RUNBOOK.md'))).settings.legacyLogTable).toBe('root_logs');
  });

  it('does not read a config above the repository root', () => {
    const outer = tempRepo({ '.runbook-lint.json': '{"settings":{"legacyLogTable":"outer"}}' }, { git: false });
    const inner = join(outer, 'repo');
    tempRepoAt(inner);
    expect(findConfigFile(inner)).toBeNull();
  });

  it('--rule flags apply on top and name unknown rules', async () => {
    const resolver = new ConfigResolver(all, null, ['no-recipient-lookup=warn'], '/');
    expect((await resolver.forFile('/tmp/x.md')).rules.get('no-recipient-lookup')?.severity).toBe(1);
    await expect(new ConfigResolver(all, null, ['no-recipient-lookups=off'], '/').forFile('/tmp/x.md')).rejects.toThrow(
      /did you mean "no-recipient-lookup"/,
    );
    await expect(new ConfigResolver(all, null, ['no-recipient-lookup'], '/').forFile('/tmp/x.md')).rejects.toThrow(
      /expected <rule-id>=off\|warn\|error/,
    );
  });
});

function tempRepoAt(dir: string): void {
  mkdirSync(join(dir, '.git'), { recursive: true });
}
