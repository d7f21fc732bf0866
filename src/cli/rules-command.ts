import type { Rule } from '../engine/types.js';

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
