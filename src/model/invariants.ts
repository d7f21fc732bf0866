import type { Settings } from '../config/settings.js';
import { matchesAny, type Term } from '../text/words.js';

/** The four invariants the runbook must guarantee, by number. */
export type InvariantNumber = 1 | 2 | 3 | 4;

export interface InvariantConcept {
  invariant: InvariantNumber;
  title: string;
  /** ways a sentence can declare the invariant: all terms of one alternative */
  declaredBy: Term[][];
}

/** How a sentence declares each of the four invariants, in the configured names. */
export function invariantConcepts(settings: Settings): InvariantConcept[] {
  const legacy = settings.legacyLogTable;
  return [
    {
      invariant: 1,
      title: 'single execution authority',
      declaredBy: [
        ['execution authority'],
        ['exactly one', 'send*'],
        ['only one system'],
        ['one sender'],
        ['single sender'],
      ],
    },
    {
      invariant: 2,
      title: 'UUID generated once',
      declaredBy: [
        ['uuid*', 'once'],
        ['uuid*', 'exactly one time'],
        ['uuid*', 'never regenerat*'],
        ['uuid*', 'single time'],
      ],
    },
    {
      invariant: 3,
      title: `sole writer of ${legacy}`,
      declaredBy: [
        [legacy, 'only', 'writ*'],
        [legacy, 'sole', 'writ*'],
        [legacy, 'must not', 'writ*'],
        [legacy, 'never', 'writ*'],
        [legacy, 'exclusive*', 'writ*'],
      ],
    },
    {
      invariant: 4,
      title: 'quota safety',
      // a decrement tied to the two billable statuses is the invariant, whether or not it says "quota"
      declaredBy: [
        ['quota', 'decrement*'],
        ['quota', 'deduct*'],
        ['quota', 'charg*'],
        ['quota safety'],
        ['decrement*', 'accepted', 'duplicate'],
        ['quota', 'accepted', 'duplicate'],
      ],
    },
  ];
}

export function declares(ws: readonly string[], concept: InvariantConcept): boolean {
  return matchesAny(ws, concept.declaredBy);
}
