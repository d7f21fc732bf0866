import type { Rule } from '../src/rule-api.js';
import canonicalControllerStep from './canonical-controller-step/index.js';
import dryRunIsolation from './dry-run-isolation/index.js';
import invariantsSection from './invariants-section/index.js';
import noRecipientLookup from './no-recipient-lookup/index.js';
import quotaSafety from './quota-safety/index.js';
import reconciliationJoinKey from './reconciliation-join-key/index.js';
import singleExecutionAuthority from './single-execution-authority/index.js';
import soleLogWriter from './sole-log-writer/index.js';
import timeoutBudget from './timeout-budget/index.js';
import uuidOnce from './uuid-once/index.js';
import stepReferences from './step-references/index.js';
import noPlaceholders from './no-placeholders/index.js';
import stepNumbering from './step-numbering/index.js';
import phaseCheckpoints from './phase-checkpoints/index.js';
import parallelTasks from './parallel-tasks/index.js';
import exitCriteria from './exit-criteria/index.js';
import destructiveSql from './destructive-sql/index.js';
import verificationOutput from './verification-output/index.js';
import stepStructure from './step-structure/index.js';
import shellLineContinuation from './shell-line-continuation/index.js';

/** Every rule, in the order `runbook-lint rules` lists them. Add a rule: a folder + one line here. */
export const rules: readonly Rule<unknown>[] = [
  singleExecutionAuthority,
  uuidOnce,
  soleLogWriter,
  quotaSafety,
  invariantsSection,
  canonicalControllerStep,
  noRecipientLookup,
  timeoutBudget,
  dryRunIsolation,
  reconciliationJoinKey,
  stepReferences,
  noPlaceholders,
  stepNumbering,
  phaseCheckpoints,
  parallelTasks,
  exitCriteria,
  destructiveSql,
  verificationOutput,
  stepStructure,
  shellLineContinuation,
];
