import type { Formatter } from './types.js';

/**
 * Workflow-command escaping: the message part, then the stricter property values. Other
 * control characters from the runbook (an escape sequence, say) are shown, not sent.
 */
function escapeData(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
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
