/**
 * Everything a rule may use, and the only module a rule imports (test/architecture/layers.test.ts
 * enforces it). A rule is `defineRule({ meta, check })`; `check` reads the runbook through the
 * context, asks the models below what code, tables and sentences mean, and reports findings
 * with fixes built from the edit helpers. Anything not exported here is the engine's business.
 */

// defining a rule, its options, its context
export { option, type OptionsOf } from './config/rule-options.js';
export type { Settings } from './config/settings.js';
export { defineRule, type Edit, type Rule, type RuleContext } from './engine/types.js';

// the document: sections, prose, tables, code blocks
export type { Heading, Html, List, Nodes } from 'mdast';
export {
  type CodeBlock,
  type ProseBlock,
  type Runbook,
  type Section,
  sentenceRange,
  sentences,
  type TableCell,
} from './document/index.js';

// text: words, terms, clauses of a sentence
export { clauseRange, clauses, doesSubject, hasAny, isNegated } from './text/clauses.js';
export { findIdentifier } from './text/identifiers.js';
export { findTerm, matchesAny, type Term, words, wordsOf } from './text/words.js';

// code: syntax trees of the runbook's PHP, Go, shell and SQL, and where a node sits in the document
export type { Node } from 'web-tree-sitter';
export { goCallMatches, nameIn, phpCallMatches } from './code/calls.js';
export { type GoCall, goCall, goCalls, goChain, isHandler } from './code/go.js';
export { nodeRange, textRange } from './code/locate.js';
export {
  enclosingFunctions,
  functionName,
  type PhpCall,
  phpAssignments,
  phpCall,
  phpCalls,
  phpChain,
  phpChainTop,
} from './code/php.js';
export { type ShellCommand, shellCommands } from './code/shell.js';
export {
  equalityColumns,
  fromAndJoins,
  inRehearsal,
  selectList,
  type SqlStatement,
  sqlStatements,
  tokenizeSql,
  writeTarget,
} from './code/sql.js';
export {
  ancestors,
  descendants,
  enclosingStatement,
  isInside,
  ofType,
  stringContentStart,
  stringValue,
} from './code/syntax.js';
export type { CodeIndex, ParsedBlock } from './code/tree-sitter.js';

// the domain model: what the code does, what tables and sentences claim
export {
  type CellMeaning,
  cellMeaning,
  cellSourceRange,
  type Vocabulary,
  vocabularyOf,
} from './model/cells.js';
export {
  actionIs,
  asserted,
  blockClaims,
  type Claim,
  cellClaims,
  cellMentions,
  entityMentions,
  type Mention,
  type ModeMention,
  positive,
} from './model/claims.js';
export { anyBroad } from './model/conditions.js';
export {
  type ControllerStep,
  canonicalStep,
  mentionsController,
  possibleControllerSteps,
} from './model/controller-steps.js';
export { isReadOnlyExcerpt } from './model/excerpt.js';
export { GoModel, type ProviderReach } from './model/go-model.js';
export { goRetryPath, isMessageUuidName, isRetryName } from './model/go-retry.js';
export { declares, type InvariantConcept, invariantConcepts } from './model/invariants.js';
export { type MapFill, mapFillsReachable } from './model/keyed-maps.js';
export { cellRange, columnIndex, modeTables } from './model/mode-table.js';
export { identifierWords } from './model/names.js';
export { andStatus, type GuardLevel, orStatus, PhpGuards, type StatusFact } from './model/php-guards.js';
export { type Known, type PhpFunction, PhpModel, type SendSite } from './model/php-model.js';
export { findModeDispatches, type ModeBranch, type ModeDispatch, type ModeRole, ROLES } from './model/php-modes.js';
export { phpScopeOf, type StringValue } from './model/php-values.js';
export { dependents, readOf } from './model/php-flow.js';
export { blockFile, fileClassName } from './model/block-file.js';
export { sectionSide, textSide } from './model/section-topic.js';
export { GoStrings } from './model/go-strings.js';
export {
  describeNumbers,
  type Item as StepReferenceItem,
  stepNumbers,
  stepReferences,
  taskReferences,
} from './model/step-refs.js';
export { type MismatchKind, mismatchChecks } from './model/reconciliation.js';
export { isAboutMigration } from './model/relevance.js';
export { findTimeoutDrill } from './model/timeout-drill.js';
export { labelledPart, type Task, tasks } from './model/task-list.js';
export { firstStateChange, procedureSteps, type StateChange } from './model/procedure.js';
export { backsUp } from './model/shell-effects.js';
export { runbookShellEnv, runbookSql } from './model/runbook-sql.js';
export { anchorsOf, fragmentLinks } from './model/anchors.js';
export { FILL_IN, findPlaceholders, findSlowdown, type Slowdown } from './model/timeout-gate.js';
export { DEFAULT_UUID_FACTORIES } from './model/uuid-factories.js';

// fixes: edits on ranges of the original text, in the file's own style
export {
  deleteCodeLines,
  deleteLines,
  insertBlockAfterLine,
  insertCodeLineAfter,
  insertCodeLineBefore,
  insertLinesBefore,
  lastContentLine,
  replaceCell,
  replaceNode,
  replaceSentence,
} from './fix/edits.js';
export { dropSentence, rewriteSentence } from './fix/prose.js';
export { redirectStepReferences } from './fix/step-redirect.js';
