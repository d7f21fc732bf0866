import { summarize } from '../engine/lint.js';
import type { LintResult } from '../engine/types.js';

/** The result of a file that could not be linted: one fatal message, as ESLint reports a parse error. */
export function fatalResult(display: string, error: string): LintResult {
  return summarize(display, [
    {
      ruleId: null,
      fatal: true,
      severity: 2,
      invariant: null,
      message: error,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
    },
  ]);
}
