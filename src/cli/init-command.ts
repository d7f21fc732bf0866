import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultOptionsOf } from '../config/rule-options.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';

/**
 * Every option with its default, so a team edits values instead of reading docs for names, on
 * top of both presets: dropping `runbook-lint:sms-strangler` (and the SMS rules' entries below)
 * leaves the rules for any team's runbook.
 */
export function starterConfig(rules: readonly Rule<unknown>[]): string {
  const ruleEntries: Record<string, unknown> = {};
  for (const r of rules) {
    const options = defaultOptionsOf(r);
    ruleEntries[r.meta.id] =
      Object.keys(options).length > 0 ? [r.meta.defaultSeverity, options] : r.meta.defaultSeverity;
  }
  const config = {
    extends: ['runbook-lint:recommended', 'runbook-lint:sms-strangler'],
    settings: DEFAULT_SETTINGS,
    rules: ruleEntries,
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export function runInit(cwd: string, force: boolean, rules: readonly Rule<unknown>[]): string {
  const target = join(cwd, '.runbook-lint.json');
  if (existsSync(target) && !force)
    throw new UserError('.runbook-lint.json already exists; use --force to overwrite it');
  writeFileSync(target, starterConfig(rules), { flag: force ? 'w' : 'wx' });
  return '.runbook-lint.json';
}
