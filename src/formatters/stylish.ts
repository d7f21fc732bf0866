import { Chalk } from 'chalk';
import type { LintMessage } from '../engine/types.js';
import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line per finding, `path:line:col` first so terminals and editors make it a link. */
export const stylish: Formatter = (results, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of results) {
    errors += r.errorCount;
    warnings += r.warningCount;
    fixableErrors += r.fixableErrorCount;
    fixableWarnings += r.fixableWarningCount;
    if (r.messages.length === 0) continue;
    const explained = new Set<string>();
    for (const m of r.messages) {
      const why = m.ruleId && !explained.has(m.ruleId) ? m.note : undefined;
      if (m.ruleId) explained.add(m.ruleId);
      lines.push(...formatMessage(r.filePath, m, c, why));
    }
    lines.push('');
  }
  const total = errors + warnings;
  const files = plural(results.length, 'file');
  if (total === 0) {
    const hidden = ctx.hiddenWarnings > 0 ? ` (${plural(ctx.hiddenWarnings, 'warning')} hidden by --quiet)` : '';
    return `${c.green('✔')} No problems in ${files}${hidden}.\n`;
  }
  const mark = errors > 0 ? c.red.bold('✖') : c.yellow.bold('⚠');
  const summary =
    `${mark} ${plural(total, 'problem')} (${plural(errors, 'error')}, ` + `${plural(warnings, 'warning')}) in ${files}`;
  lines.push(
    ctx.hiddenWarnings > 0 ? `${summary}; ${plural(ctx.hiddenWarnings, 'warning')} hidden by --quiet` : summary,
  );
  if (fixableErrors + fixableWarnings > 0) {
    lines.push(
      `  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} ` +
        `fixable: run ${c.bold('runbook-lint fix')} to see the patch, ` +
        `${c.bold('fix --write')} to apply it.`,
    );
  }
  if (ctx.maxWarnings >= 0 && warnings > ctx.maxWarnings) {
    lines.push(c.red(`  Too many warnings: ${warnings} (maximum: ${ctx.maxWarnings}).`));
  }
  lines.push(c.dim('  Each rule explains itself in rules/<rule-id>/README.md; `runbook-lint rules` lists them.'));
  return `${lines.join('\n')}\n`;
};

/** what (the message), then why (the rule's note, once per rule and file), then what to do */
function formatMessage(
  filePath: string,
  m: LintMessage,
  c: InstanceType<typeof Chalk>,
  why: string | undefined,
): string[] {
  const where = c.underline(`${escapeControl(filePath)}:${m.line}:${m.column}`);
  const sev = m.severity === 2 ? c.red('error') : c.yellow('warn ');
  const rule = c.dim(m.ruleId ?? 'runbook-lint');
  const out = [`${where}  ${sev}  ${escapeControl(m.message)}  ${rule}`];
  if (why) out.push(c.dim(`    why: ${escapeControl(why)}`));
  if (m.hint) out.push(c.dim(`    fix: ${escapeControl(m.hint)}`));
  return out;
}
