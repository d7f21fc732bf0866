import type { LintResult } from '../engine/types.js';

export interface RuleInfo {
  id: string;
  description: string;
  rationale: string;
  invariant: number | null;
  fixable: 'safe' | 'unsafe' | false;
  defaultSeverity: 'error' | 'warn';
  /** absolute URL of the rule's README */
  helpUri: string;
}

export interface FormatContext {
  color: boolean;
  /** warnings left out by --quiet, so the summary can say so */
  hiddenWarnings: number;
  maxWarnings: number;
  /** for machine formats that describe the tool */
  tool: { name: string; version: string; informationUri: string };
  rules: RuleInfo[];
  /** each file's text (without BOM), for formats that turn fix ranges into line/column regions */
  sources: Map<string, string>;
  /** stable per-finding fingerprints (the baseline's), keyed by message */
  fingerprints: Map<object, string>;
}

export type Formatter = (results: readonly LintResult[], ctx: FormatContext) => string;
