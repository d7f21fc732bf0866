import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRESETS } from '../config/extends.js';
import { defaultOptionsOf } from '../config/rule-options.js';
import { DEFAULT_SETTINGS } from '../config/settings.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';

/**
 * Every option with its default, so a team edits values instead of reading docs for names, on
 * top of both presets, with a comment on what each preset and each rule does (the config is
 * read as JSON with comments): dropping `runbook-lint:sms-strangler` (and the SMS rules'
 * entries below) leaves the rules for any team's runbook.
 */
export function starterConfig(rules: readonly Rule<unknown>[]): string {
  const ruleEntries: Record<string, unknown> = {};
  for (const r of rules) {
    const options = defaultOptionsOf(r);
    ruleEntries[r.meta.id] =
      Object.keys(options).length > 0 ? [r.meta.defaultSeverity, options] : r.meta.defaultSeverity;
  }
  const config = {
    extends: ['runbook-lint:recommended', 'runbook-lint:sms-strangler'],
    settings: DEFAULT_SETTINGS,
    rules: ruleEntries,
  };
  const about = new Map(rules.map((r) => [r.meta.id, `${r.meta.description} (${presetsOf(r.meta.id)})`]));
  const out: string[] = [];
  let inRules = false;
  for (const line of JSON.stringify(config, null, 2).split('\n')) {
    if (line === '  "extends": [') out.push(...EXTENDS_NOTE);
    if (line === '  "settings": {') out.push(SETTINGS_NOTE);
    if (line === '  "rules": {') {
      out.push(RULES_NOTE);
      inRules = true;
    }
    const id = inRules ? /^ {4}"([^"]+)": /.exec(line)?.[1] : undefined;
    const note = id === undefined ? undefined : about.get(id);
    if (note) out.push(...wrapComment(note, '    '));
    out.push(line);
  }
  return `${out.join('\n')}\n`;
}

const EXTENDS_NOTE = [
  "  // runbook-lint:recommended: the rules for any team's runbook (steps and their parts, references,",
  '  //   numbering, placeholders, destructive SQL, task lists, cutover plans, shell line continuations)',
  '  // runbook-lint:sms-strangler: the ten rules of the SMS migration (Laravel to Go, its four',
  '  //   invariants); drop it, and its rules below, for a runbook about another migration',
];
const SETTINGS_NOTE = '  // the names your migration uses: tables, the controller, the client class, the modes';
const RULES_NOTE = '  // each rule: "off", "warn" or "error", or [severity, options]; the presets turn them on';

function presetsOf(id: string): string {
  const names = Object.entries(PRESETS)
    .filter(([, ids]) => ids.includes(id))
    .map(([name]) => name.replace('runbook-lint:', ''));
  return names.length > 0 ? names.join(', ') : 'in no preset: on only when set here';
}

/** `// text`, broken at spaces to stay within 100 columns. */
function wrapComment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + 3 + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l, i) => `${indent}//${i === 0 ? ' ' : '   '}${l}`);
}

export function runInit(cwd: string, force: boolean, rules: readonly Rule<unknown>[]): string {
  const target = join(cwd, '.runbook-lint.json');
  if (existsSync(target) && !force)
    throw new UserError('.runbook-lint.json already exists; use --force to overwrite it');
  writeFileSync(target, starterConfig(rules), { flag: force ? 'w' : 'wx' });
  return '.runbook-lint.json';
}
