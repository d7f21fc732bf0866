import { describe, expect } from 'vitest';
import { type PathologicalCase, pathologicalTests } from '../helpers/pathological.js';

/** The slow case of pathological.test.ts (npm run test:slow), checked the same way. */
const cases: PathologicalCase[] = [
  ['lists 5,000 deep', () => `${'- '.repeat(5_000)}item\n`, (r) => expect(r.code).toBe(0)],
];

describe('pathological input ends without a stack trace', () => {
  pathologicalTests(cases);
});
