/**
 * How many runs a fast-check property makes: `n` by default, FC_RUNS for more locally, e.g.
 * FC_RUNS=2000 npx vitest run test/reliability/properties.test.ts
 */
export const runs = (n: number): number => Number(process.env.FC_RUNS ?? n);
