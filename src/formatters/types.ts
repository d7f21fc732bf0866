import type { LintResult } from '../engine/types.js';

export interface FormatContext {
  color: boolean;
  /** warnings left out by --quiet, so the summary can say so */
  hiddenWarnings: number;
  maxWarnings: number;
}

export type Formatter = (results: readonly LintResult[], ctx: FormatContext) => string;
