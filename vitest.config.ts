import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';

/** What every run shares, the slow one too (vitest.slow.config.ts). */
export const shared = defineConfig({
  test: {
    testTimeout: 30_000,
    // vitest's default is one worker per core but one: a single worker on this 2-core machine
    maxWorkers: 2,
    minWorkers: 1,
    // test files share a worker's module cache: loading the engine, the grammars and the tagger once per
    // worker instead of once per file (tests keep no module state of their own)
    isolate: false,
    globalSetup: ['test/helpers/temp-root.ts'],
  },
});

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
      // the long robustness tests run apart, in npm run test:slow
      exclude: [...configDefaults.exclude, '**/*.slow.test.ts'],
    },
  }),
);
