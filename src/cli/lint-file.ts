import { fingerprint } from '../baseline/fingerprint.js';
import type { ResolvedConfig } from '../config/load.js';
import { lintText } from '../engine/lint.js';
import type { LintResult, Rule } from '../engine/types.js';

/** What `check` keeps of one file's lint: its result and each finding's baseline fingerprint. */
export interface FileLint {
  result: LintResult;
  fingerprints: string[];
}

/** One file as `check` lints it, on this thread or on a worker of the pool. */
export async function lintForCheck(
  text: string,
  display: string,
  config: ResolvedConfig,
  rules: readonly Rule<unknown>[],
  unused: boolean,
): Promise<FileLint> {
  const { result, runbook } = await lintText({
    text,
    filePath: display,
    config,
    rules,
    reportUnusedDisableDirectives: unused,
  });
  return { result, fingerprints: result.messages.map((m) => fingerprint(m, runbook)) };
}
