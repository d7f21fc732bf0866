import type { Rule } from '../src/engine/types.js';
import invariantsSection from './invariants-section/index.js';
import noRecipientLookup from './no-recipient-lookup/index.js';

/** Every rule, in the order `runbook-lint rules` lists them. Add a rule: a folder + one line here. */
export const rules: readonly Rule<unknown>[] = [invariantsSection, noRecipientLookup] as unknown as Rule<unknown>[];
