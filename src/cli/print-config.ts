import { resolve } from 'node:path';
import { ConfigResolver } from '../config/load.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';

const SEVERITY_NAMES = ['off', 'warn', 'error'] as const;

/**
 * `--print-config FILE`: the configuration that applies to FILE (the config file found for it,
 * or --config, with --rule flags on top), every setting and rule resolved, as JSON in the shape
 * of a .runbook-lint.json, so it can be saved and used as one. FILE need not exist.
 */
export async function printConfig(
  file: string,
  opts: { config?: string; rule: string[] },
  paths: readonly string[],
  rules: readonly Rule<unknown>[],
  cwd: string,
): Promise<string> {
  if (paths.length > 0) throw new UserError('--print-config takes one file: give no other paths');
  const configs = new ConfigResolver(rules, opts.config ? resolve(cwd, opts.config) : null, opts.rule, cwd);
  const config = await configs.forFile(resolve(cwd, file));
  const ruleEntries: Record<string, unknown> = {};
  for (const [id, { severity, options }] of config.rules)
    ruleEntries[id] = Object.keys(options).length > 0 ? [SEVERITY_NAMES[severity], options] : SEVERITY_NAMES[severity];
  return `${JSON.stringify({ settings: config.settings, rules: ruleEntries, ignores: config.ignores }, null, 2)}\n`;
}
