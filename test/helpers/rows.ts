/**
 * A table of cases that all take the same path with other data: `npm test` runs its first and last
 * rows, `npm run test:slow` (which sets RUNBOOK_LINT_ALL_ROWS, CI runs both) runs every row.
 */
export function rows<T>(table: readonly T[]): T[] {
  if (process.env.RUNBOOK_LINT_ALL_ROWS === '1' || table.length <= 2) return [...table];
  return [table[0] as T, table[table.length - 1] as T];
}

/** The files whose tables `rows` samples: the slow suite runs them again, whole. */
export const SAMPLED_FILES = ['test/reliability/hostile-config.test.ts', 'test/cli/cache-baseline.test.ts'];
