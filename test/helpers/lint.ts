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
  const config = resolveConfig(opts.config ?? {}, rules as Rule<unknown>[], null);
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
