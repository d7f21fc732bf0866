import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

/**
 * Workflow-command escaping: the message part, then the stricter property values. Line
 * breaks are the command's own (%0D, %0A); every other control, bidi or zero-width character
 * from the runbook (an escape sequence, U+0085, U+202E, …) is shown, not sent.
 */
function escapeData(s: string): string {
  return escapeControl(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions annotations: one `::error` / `::warning` line per finding. */
export const github: Formatter = (results) => {
  const out: string[] = [];
  for (const r of results) {
    for (const m of r.messages) {
      const command = m.severity === 2 ? 'error' : 'warning';
      const props = [
        `file=${escapeProperty(r.filePath)}`,
        `line=${m.line}`,
        `col=${m.column}`,
        `endLine=${m.endLine}`,
        `endColumn=${m.endColumn}`,
        `title=${escapeProperty(m.ruleId ?? 'runbook-lint')}`,
      ].join(',');
      const text = m.hint ? `${m.message} ${m.hint}` : m.message;
      out.push(`::${command} ${props}::${escapeData(text)}`);
    }
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
};
