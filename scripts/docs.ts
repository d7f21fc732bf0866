// Writes the parts of the READMEs that rule metadata already says: the rules table and the
// configuration example of README.md, the options table of each rule's README. `npm run docs`
// rewrites them; `--check` (and test/rules/docs.test.ts) fails when one is stale.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules } from '../rules/index.js';
import { ruleInfos } from '../src/formatters/rule-info.js';
import { starterConfig } from '../src/cli/init-command.js';
import type { Rule } from '../src/engine/types.js';

const root = join(import.meta.dirname, '..');

export interface GeneratedFile {
  path: string;
  current: string;
  expected: string;
}

function ruleTable(list: readonly Rule<unknown>[]): string {
  const rows = ruleInfos(list).map((m) => {
    const invariant = m.invariant === null ? '—' : String(m.invariant);
    const fixable = m.fixable === false ? 'no' : m.fixable;
    const checks = m.description.replace(/\|/g, '\\|');
    return `| [\`${m.id}\`](rules/${m.id}/README.md) | ${invariant} | ${fixable} | ${m.defaultSeverity} | ${checks} |`;
  });
  return ['| rule | invariant | fixable | default | checks |', '|---|---|---|---|---|', ...rows].join('\n');
}

function typeOf(schema: { type?: string }): string {
  return schema.type === 'array' ? 'string[]' : (schema.type ?? 'unknown');
}

function optionsTable(rule: Rule<unknown>): string {
  const specs = Object.entries(rule.meta.options ?? {});
  if (specs.length === 0) return 'This rule has no options.';
  const rows = specs.map(
    ([name, spec]) =>
      `| \`${name}\` | ${typeOf(spec.schema)} | \`${JSON.stringify(spec.schema.default).replace(/,/g, ', ')}\` ` +
      `| ${spec.schema.description} |`,
  );
  return ['| option | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** Replaces the text between `<!-- generated:name -->` and `<!-- /generated:name -->`. */
function fill(text: string, name: string, body: string, path: string): string {
  const open = `<!-- generated:${name} (npm run docs) -->\n`;
  const close = `\n<!-- /generated:${name} -->`;
  const from = text.indexOf(open);
  const to = text.indexOf(close, from);
  if (from < 0 || to < 0) throw new Error(`${path}: no "${open.trim()}" … "${close.trim()}" region`);
  return text.slice(0, from + open.length) + body + text.slice(to);
}

export function generatedDocs(list: readonly Rule<unknown>[] = rules): GeneratedFile[] {
  const out: GeneratedFile[] = [];
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  let expected = fill(readme, 'rules', ruleTable(list), 'README.md');
  expected = fill(expected, 'config', `\`\`\`jsonc\n${starterConfig(list)}\`\`\``, 'README.md');
  out.push({ path: readmePath, current: readme, expected });
  for (const rule of list) {
    const path = join(root, 'rules', rule.meta.id, 'README.md');
    const text = readFileSync(path, 'utf8');
    out.push({ path, current: text, expected: fill(text, 'options', optionsTable(rule), path) });
  }
  return out;
}
