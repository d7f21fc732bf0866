import { Chalk } from 'chalk';
import type { LintResult } from '../engine/types.js';
import { escapeControl } from './escape.js';
import type { FormatContext, Formatter } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Below this many columns for the message, a wrapped message is harder to read than a long line. */
const MIN_MESSAGE_WIDTH = 40;

/**
 * ESLint's stylish, grouped by file under a header, columns aligned. Each finding keeps its
 * `path:line:col`, which terminals and editors turn into a link — the header alone would not
 * be one. Why a rule exists, and where its documentation is, is said once per rule per run,
 * under its first finding (off with --no-explain); a hint once per distinct text. On a
 * terminal, long messages wrap to its width under their own column; elsewhere a finding is one
 * line, so logs stay greppable.
 */
export const stylish: Formatter = (results, ctx) => {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const docs = new Map(ctx.rules.map((r) => [r.id, r.helpUri]));
  const explained = new Set<string>();
  const hinted = new Set<string>();
  const lines: string[] = [];
  for (const r of results) {
    if (r.messages.length === 0) continue;
    lines.push(c.underline(escapeControl(r.filePath)));
    const where = r.messages.map((m) => `${escapeControl(r.filePath)}:${m.line}:${m.column}`);
    const whereWidth = Math.max(...where.map((w) => w.length));
    r.messages.forEach((m, i) => {
      const messageColumn = 2 + whereWidth + 2 + 5 + 2;
      const rule = m.ruleId ?? 'runbook-lint';
      const room = messageRoom(ctx.width, messageColumn);
      const text = wrap(escapeControl(m.message), room);
      const sev = m.severity === 2 ? c.red('error') : c.yellow('warn ');
      const pad = ' '.repeat(messageColumn);
      // the notes sit under the message on a terminal wide enough for both; elsewhere a short
      // indent keeps them readable in a log or a pager
      const notePad = room !== undefined ? pad : '    ';
      text.forEach((part, k) => {
        const head = k === 0 ? `  ${c.dim((where[i] as string).padEnd(whereWidth))}  ${sev}  ` : pad;
        lines.push(`${head}${part}`);
      });
      // the rule id ends the message's last line, or takes a line of its own where it would not fit
      const last = text[text.length - 1] as string;
      if (room === undefined || last.length + 2 + rule.length <= room) lines[lines.length - 1] += `  ${c.dim(rule)}`;
      else lines.push(`${pad}${c.dim(rule)}`);
      const explain = ctx.explain !== false && m.ruleId !== null && !explained.has(rule);
      if (explain) {
        explained.add(rule);
        if (m.note) lines.push(...note(c, notePad, 'why', escapeControl(m.note), ctx.width));
        const uri = m.ruleId ? docs.get(m.ruleId) : undefined;
        if (uri) lines.push(`${notePad}${c.dim(`docs: ${uri}`)}`);
      }
      const hintKey = `${rule}\u0000${m.hint ?? ''}`;
      if (m.hint && ctx.explain !== false && !hinted.has(hintKey)) {
        hinted.add(hintKey);
        lines.push(...note(c, notePad, 'fix', escapeControl(m.hint), ctx.width));
      }
    });
    lines.push('');
  }
  lines.push(...summary(results, ctx, c));
  return `${lines.join('\n')}\n`;
};

function summary(results: readonly LintResult[], ctx: FormatContext, c: InstanceType<typeof Chalk>): string[] {
  let errors = 0;
  let warnings = 0;
  let fixableErrors = 0;
  let fixableWarnings = 0;
  for (const r of results) {
    errors += r.errorCount;
    warnings += r.warningCount;
    fixableErrors += r.fixableErrorCount;
    fixableWarnings += r.fixableWarningCount;
  }
  const total = errors + warnings;
  const files = plural(results.length, 'file');
  if (total === 0) {
    const hidden = ctx.hiddenWarnings > 0 ? ` (${plural(ctx.hiddenWarnings, 'warning')} hidden by --quiet)` : '';
    return [`${c.green('✔')} No problems in ${files}${hidden}.`];
  }
  const out: string[] = [];
  const mark = errors > 0 ? c.red.bold('✖') : c.yellow.bold('⚠');
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  const line = `${mark} ${plural(total, 'problem')} (${counts}) in ${files}`;
  out.push(ctx.hiddenWarnings > 0 ? `${line}; ${plural(ctx.hiddenWarnings, 'warning')} hidden by --quiet` : line);
  if (fixableErrors + fixableWarnings > 0) {
    out.push(
      `  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} ` +
        `fixable: run ${c.bold('runbook-lint fix')} to see the patch, ` +
        `${c.bold('fix --write')} to apply it.`,
    );
  }
  if (ctx.maxWarnings >= 0 && warnings > ctx.maxWarnings) {
    out.push(c.red(`  Too many warnings: ${warnings} (maximum: ${ctx.maxWarnings}).`));
  }
  out.push(c.dim('  `runbook-lint rules <rule-id>` prints a rule’s documentation; --no-explain leaves out the why.'));
  return out;
}

/** "why: …" or "fix: …" under the message column, wrapped like the message. */
function note(
  c: InstanceType<typeof Chalk>,
  pad: string,
  label: string,
  text: string,
  width: number | undefined,
): string[] {
  const room = width === undefined ? undefined : Math.max(MIN_MESSAGE_WIDTH, width - pad.length - label.length - 2);
  return wrap(text, room).map(
    (part, k) => `${pad}${c.dim(k === 0 ? `${label}: ${part}` : `${' '.repeat(label.length + 2)}${part}`)}`,
  );
}

/** Columns left for a message's text on a terminal, or undefined: no wrapping. */
function messageRoom(width: number | undefined, column: number): number | undefined {
  if (width === undefined) return undefined;
  const room = width - column;
  return room >= MIN_MESSAGE_WIDTH ? room : undefined;
}

/** Greedy word wrap; a word longer than the room stays whole on its own line. */
export function wrap(text: string, room: number | undefined): string[] {
  if (room === undefined || text.length <= room) return [text];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line !== '') out.push(line);
  return out;
}
