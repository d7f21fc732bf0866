import { defineConfig, mergeConfig } from 'vitest/config';
import { SAMPLED_FILES } from './test/helpers/rows.js';
import { shared } from './vitest.config.js';

// npm run test:slow: the long robustness tests, and every row of the tables npm test samples
// (test/helpers/rows.ts). Merged with `shared`, not with the main config: mergeConfig
// concatenates arrays, so the main include and exclude would come along.
export default mergeConfig(
  shared,
  defineConfig({
    test: { include: ['test/**/*.slow.test.ts', ...SAMPLED_FILES], env: { RUNBOOK_LINT_ALL_ROWS: '1' } },
  }),
);
