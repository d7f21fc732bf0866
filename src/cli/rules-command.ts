import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { describeIoError } from '../io/read-source.js';
import { packageInfo } from '../package-info.js';
import { didYouMean } from './did-you-mean.js';

export interface RuleSummary {
  id: string;
  invariant: number | null;
  fixable: 'safe' | 'unsafe' | false;
  defaultSeverity: 'error' | 'warn';
  description: string;
  docs: string;
}

export function summarizeRules(rules: readonly Rule<unknown>[]): RuleSummary[] {
  return rules.map((r) => ({
    id: r.meta.id,
    invariant: r.meta.invariant,
    fixable: r.meta.fixable,
    defaultSeverity: r.meta.defaultSeverity,
    description: r.meta.description,
    docs: `rules/${r.meta.id}/README.md`,
  }));
}

export function formatRulesTable(rules: readonly Rule<unknown>[]): string {
  const header = ['rule', 'invariant', 'fixable', 'docs', 'checks'];
  const rows = summarizeRules(rules).map((r) => [
    r.id,
    r.invariant === null ? '-' : String(r.invariant),
    r.fixable || 'no',
    r.docs,
    r.description,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i] as number) : c)).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/**
 * `rules <id>`: the rule's README as shipped in the package (rules/<id>/README.md), as plain
 * text; on a terminal the headings are bold. An id that is not a rule is a usage error.
 */
export function ruleReadme(id: string, rules: readonly Rule<unknown>[], color: boolean): string {
  const ids = rules.map((r) => r.meta.id);
  if (!ids.includes(id))
    throw new UserError(`unknown rule '${id}'${didYouMean(id, ids) || ' (runbook-lint rules lists them)'}`);
  const path = join(packageInfo().root, 'rules', id, 'README.md');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${id}: cannot read its docs at ${path} (${describeIoError(e)})`);
  }
  if (!text.endsWith('\n')) text += '\n';
  if (!color) return text;
  const c = new Chalk({ level: 1 });
  let fence: string | null = null;
  return text
    .split('\n')
    .map((line) => {
      const open = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (open && (fence === null || (open[0] === fence[0] && open.length >= fence.length)))
        fence = fence === null ? open : null;
      else if (fence === null && /^ {0,3}#{1,6}( |$)/.test(line)) return c.bold(line);
      return line;
    })
    .join('\n');
}
