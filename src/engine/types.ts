import type { CodeIndex } from '../code/tree-sitter.js';
import type { OptionSpecs, OptionsOf } from '../config/rule-options.js';
import type { Settings } from '../config/settings.js';
import type { Runbook } from '../document/index.js';
import type { InvariantNumber } from '../model/invariants.js';

export type { InvariantNumber };

export type SeverityLevel = 1 | 2;
export type Fixable = 'safe' | 'unsafe' | false;

/** A text edit on the original document: offsets in UTF-16 code units, end exclusive. */
export interface Edit {
  range: [number, number];
  text: string;
}

export interface RuleMeta {
  id: string;
  /** one line: what the rule checks */
  description: string;
  invariant: InvariantNumber | null;
  fixable: Fixable;
  /** what is wrong, by message id; `{{name}}` is filled from the report's data */
  messages: Record<string, string>;
  /** why it matters: the double send or the wrong bill it prevents */
  rationale: string;
  /** what to do, by message id */
  hints?: Record<string, string>;
  /**
   * The fixes, by message id: what each does (the report's Part A), whether it is safe or
   * unsafe (default: `fixable`), and whether it removes a step or block (Part C).
   * `fixable` is the least safe kind among them.
   */
  fixes?: Record<string, { description: string; kind?: 'safe' | 'unsafe'; deletes?: boolean }>;
  defaultSeverity: 'error' | 'warn';
  /**
   * Off unless a preset (`runbook-lint:recommended`) or the config turns it on: a rule for any
   * team's runbook that a config without `extends` does not run, so adding it changes no result.
   */
  optIn?: boolean;
  /**
   * The rule reads prose through the part-of-speech tagger (claims, cells, task lists). The
   * engine runs such rules after the others, while the tagger's model loads on the other core;
   * a test checks that every rule which tags says so, and that no other does.
   */
  tagsProse?: boolean;
  /** the rule's options, each with its schema, default and description (`option.strings(…)`) */
  options?: OptionSpecs;
}

export type Location =
  | { node: { position?: { start: { offset?: number }; end: { offset?: number } } | undefined } }
  | { range: [number, number] }
  | { line: number; column?: number };

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  loc: Location;
  /** one fix: all its edits apply together or not at all */
  fix?: () => Edit | Edit[] | null;
}

export interface Evidence {
  invariant: InvariantNumber;
  /** where, in the document: the whole statement, guard or row that shows it */
  range: [number, number];
  /** code and mode tables enforce an invariant; a declaration or a sentence only states it */
  kind: 'code' | 'table' | 'declaration' | 'prose';
}

export interface RuleContext<Options> {
  readonly runbook: Runbook;
  /** the runbook's PHP and Go blocks, each parsed once and shared by every rule */
  readonly code: CodeIndex;
  readonly settings: Settings;
  readonly options: Options;
  readonly filePath: string;
  report(descriptor: ReportDescriptor): void;
  /** a place that shows an invariant enforced, for Part D of the report */
  evidence(item: Evidence): void;
  /** a block from rules/<id>/templates/<name>, placeholders filled with the config's names */
  template(name: string, data?: Record<string, string | number>): string;
}

export interface Rule<Options = Record<string, unknown>> {
  meta: RuleMeta;
  check(context: RuleContext<Options>): void;
}

/**
 * Types `context.options` from the rule's own option specs, so the options are declared once.
 * The engine hands `check` the defaults merged with a config checked against the same specs.
 */
export function defineRule<const Specs extends OptionSpecs = Record<never, never>>(rule: {
  meta: RuleMeta & { options?: Specs };
  check(context: RuleContext<OptionsOf<Specs>>): void;
}): Rule<OptionsOf<Specs>> {
  return rule;
}

export interface LintMessage {
  /** null for problems of the linter itself (unknown or unused directives) */
  ruleId: string | null;
  messageId?: string;
  /** the file could not be linted at all (unreadable, binary, not UTF-8), as ESLint marks parse errors */
  fatal?: true;
  severity: SeverityLevel;
  message: string;
  /** why it matters */
  note?: string;
  /** what to do */
  hint?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  invariant: InvariantNumber | null;
  /** merged edit, as ESLint reports it; only for fixes the rule marks safe */
  fix?: Edit;
  /** unsafe fixes, offered as suggestions (ESLint's shape) */
  suggestions?: { desc: string; fix: Edit }[];
  /** the fix's separate edits, for the fixer */
  edits?: Edit[];
  fixKind?: 'safe' | 'unsafe';
  /** what the fix does (Part A), and whether it deletes a step or block (Part C) */
  fixDescription?: string;
  fixDeletes?: boolean;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: (LintMessage & { suppressions: { kind: 'directive'; justification: string }[] })[];
  errorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}
