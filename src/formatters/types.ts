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
  /** the terminal's width, when stdout is one: stylish wraps long messages to it */
  width?: number;
  /** false with --no-explain: stylish leaves out why each rule exists and the hints */
  explain?: boolean;
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
  /**
   * the directory the run's paths are relative to (default: process.cwd()); SARIF and the summary find the repository
   * root from it
   */
  cwd?: string;
  /** the environment (default: process.env); the summary links to GITHUB_REPOSITORY at GITHUB_SHA when they are set */
  env?: Record<string, string | undefined>;
}

export type Formatter = (results: readonly LintResult[], ctx: FormatContext) => string;
