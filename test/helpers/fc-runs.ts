/**
 * How a fast-check property runs: `n` runs by default, FC_RUNS for more, e.g.
 * FC_RUNS=2000 FC_EXPLORE=1 npx vitest run test/reliability/properties.test.ts
 *
 * The seed is fixed, so `npm test` — and the CI run that decides a landing — tries the same
 * inputs every time: a property that found a new counterexample on a random seed would make
 * the suite fail one run in many. FC_EXPLORE=1 takes a new seed each run to look for inputs
 * nobody has tried; FC_SEED replays the one fast-check printed with a counterexample.
 */
export function fcRuns(n: number): { numRuns: number; seed?: number } {
  const numRuns = Number(process.env.FC_RUNS ?? n);
  const seed = process.env.FC_SEED ?? (process.env.FC_EXPLORE ? undefined : '20261201');
  return seed === undefined ? { numRuns } : { numRuns, seed: Number(seed) };
}
