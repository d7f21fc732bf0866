import type { LintResult, Rule } from '../engine/types.js';
import { escapeJsonText } from '../formatters/escape.js';
import type { FormatContext } from '../formatters/index.js';
import { json } from '../formatters/json.js';
import { packageInfo } from '../package-info.js';
import { ruleInfos } from '../formatters/rule-info.js';

export interface FixJsonEntry {
  /** the fixed text linted (or a fatal result for a file that could not be read) */
  result: LintResult;
  /** the fixed text, BOM included, when fixing changed the file; absent otherwise */
  output?: string;
}

/**
 * `fix --format json`, as ESLint's `--fix-dry-run --format json`: check's json results for the
 * fixed text (what is left), and `output`, the fixed text, on each file that fixing changed.
 */
export function fixJson(entries: readonly FixJsonEntry[], rules: readonly Rule<unknown>[], cwd: string): string {
  const info = packageInfo();
  const ctx: FormatContext = {
    color: false,
    hiddenWarnings: 0,
    maxWarnings: -1,
    tool: { name: 'runbook-lint', version: info.version, informationUri: info.homepage },
    rules: ruleInfos(rules),
    sources: new Map(),
    fingerprints: new Map(),
    cwd,
  };
  const results = JSON.parse(
    json(
      entries.map((e) => e.result),
      ctx,
    ),
  ) as Record<string, unknown>[];
  entries.forEach((e, i) => {
    if (e.output !== undefined) (results[i] as Record<string, unknown>).output = e.output;
  });
  return `${escapeJsonText(JSON.stringify(results))}\n`;
}
