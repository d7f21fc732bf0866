import type { LintMessage } from '../engine/types.js';
import type { Formatter } from './types.js';

/** ESLint's result shape plus `invariant`, `note` and `hint`; internal fix data is left out. */
export const json: Formatter = (results) =>
  `${JSON.stringify(
    results.map((r) => ({
      filePath: r.filePath,
      messages: r.messages.map(publicMessage),
      suppressedMessages: r.suppressedMessages.map((m) => ({ ...publicMessage(m), suppressions: m.suppressions })),
      errorCount: r.errorCount,
      fatalErrorCount: r.messages.filter((m) => m.fatal).length,
      warningCount: r.warningCount,
      fixableErrorCount: r.fixableErrorCount,
      fixableWarningCount: r.fixableWarningCount,
    })),
  )}\n`;

function publicMessage(m: LintMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: m.ruleId,
    severity: m.severity,
    message: m.message,
    line: m.line,
    column: m.column,
    endLine: m.endLine,
    endColumn: m.endColumn,
    invariant: m.invariant,
  };
  if (m.fatal) out.fatal = true;
  if (m.messageId) out.messageId = m.messageId;
  if (m.note) out.note = m.note;
  if (m.hint) out.hint = m.hint;
  if (m.fix) out.fix = m.fix;
  if (m.suggestions) out.suggestions = m.suggestions;
  return out;
}
