import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { lintText } from '../../src/engine/lint.js';
import type { LintResult, Rule } from '../../src/engine/types.js';

/** Lints a string with the default config (optionally one rule only, or with config). */
export async function lint(
  text: string,
  opts: { only?: string; config?: unknown; reportUnusedDisableDirectives?: boolean; filePath?: string } = {},
): Promise<LintResult> {
  const selected = opts.only ? rules.filter((r) => r.meta.id === opts.only) : rules;
  if (opts.only && selected.length === 0) throw new Error(`no rule ${opts.only}`);
  // one rule asked for by name runs, also one a config without `extends` leaves off (meta.optIn)
  const optIn = opts.only && !opts.config ? selected.find((r) => r.meta.optIn) : undefined;
  const raw = optIn ? { rules: { [optIn.meta.id]: optIn.meta.defaultSeverity } } : (opts.config ?? {});
  const config = resolveConfig(raw, rules as Rule<unknown>[], null);
  return (
    await lintText({
      text,
      filePath: opts.filePath ?? 'RUNBOOK.md',
      config,
      rules: selected,
      reportUnusedDisableDirectives: opts.reportUnusedDisableDirectives ?? false,
    })
  ).result;
}
