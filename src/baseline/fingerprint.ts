import { createHash } from 'node:crypto';
import type { Runbook } from '../document/index.js';
import { headingPath } from '../document/index.js';
import type { LintMessage } from '../engine/types.js';

/**
 * Whitespace folded, and without the marks the fixer itself writes into headings ("(CANONICAL)"):
 * a finding accepted into a baseline is the same finding after `fix --write` renamed its step.
 */
function withoutFixerMarks(text: string): string {
  return text
    .replace(/\s*\(canonical\)/gi, '')
    .trim()
    .replace(/\s+/g, ' ');
}

/**
 * A finding's identity without its line number: the rule and message id, the text of the
 * line it points at (whitespace folded) and the heading path above it. Lines inserted
 * elsewhere do not change it; editing the offending line or moving it to another step does.
 */
export function fingerprint(m: LintMessage, runbook: Runbook): string {
  const line = withoutFixerMarks(runbook.lines.lineText(Math.min(m.line, runbook.lines.lineCount)));
  const section = runbook.sectionAt(m.line);
  const path = section ? withoutFixerMarks(headingPath(section)) : '';
  return createHash('sha256')
    .update([m.ruleId ?? '', m.messageId ?? m.message, line, path].join('\u0000'))
    .digest('hex')
    .slice(0, 20);
}
