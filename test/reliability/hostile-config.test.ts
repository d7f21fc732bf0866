import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { checkSchema, type Schema } from '../../src/config/schema-check.js';
import { defaultOptionsOf, optionsSchemaOf } from '../../src/config/rule-options.js';
import { DEFAULT_SETTINGS, LIST_MAX, NAME_MAX, SETTINGS_SCHEMA } from '../../src/config/settings.js';
import { tempRepo } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * Configuration written by someone careless or hostile: through the real bin over the built
 * dist/ (`npm run build` first), each run with a timeout so a hang fails instead of stalling.
 * Every bad value is one line on stderr and exit 2; no value crashes or hangs a rule.
 */
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'runbook-lint.js');
const RUNBOOK = '# PHASE A\n\nLogs to `sms_logs`; calls getRecipientByUuid.\n';
const FULL_RUNBOOK = readFileSync(join(root, 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');

function run(dir: string, args: string[] = []): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

/** exit 2 with exactly one line on stderr, no stack trace, no "internal error" */
function expectOneLineRefusal(r: SpawnSyncReturns<string>): string {
  expect(r.signal, 'killed by the timeout: it hung').toBeNull();
  expect(r.stderr).not.toMatch(/internal error|\n\s+at |node:internal/);
  expect(r.status, r.stderr.slice(0, 300)).toBe(2);
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines).toHaveLength(1);
  expect((lines[0] as string).length).toBeLessThan(400);
  return lines[0] as string;
}

/** Every string a config can hold, as [path, setter], found from the schemas themselves. */
function stringSlots(schema: Schema, path: string[]): { path: string[]; list: boolean }[] {
  if (schema.type === 'string') return [{ path, list: false }];
  if (schema.type === 'array' && schema.items?.type === 'string') return [{ path, list: true }];
  if (schema.type === 'object' && schema.properties)
    return Object.entries(schema.properties).flatMap(([k, s]) => stringSlots(s, [...path, k]));
  return [];
}

function configWith(path: string[], value: unknown): Record<string, unknown> {
  // settings.a.b → { settings: { a: { b: value } } }; rules.<id>.<opt> → { rules: { <id>: ['error', { <opt>: value }] }
  // }
  if (path[0] === 'rules') return { rules: { [path[1] as string]: ['error', { [path[2] as string]: value }] } };
  const out: Record<string, unknown> = {};
  let at = out;
  for (const k of path.slice(0, -1)) at = at[k] = {} as Record<string, unknown>;
  at[path[path.length - 1] as string] = value;
  return out;
}

const settingSlots = stringSlots(SETTINGS_SCHEMA as unknown as Schema, ['settings']);
const optionSlots = rules.flatMap((r) => stringSlots(optionsSchemaOf(r), ['rules', r.meta.id]));
const allSlots = [...settingSlots, ...optionSlots];

describe('every configuration string at 50,000 characters: exit 2, one line (item 11)', () => {
  it('finds the string settings and options it is about', () => {
    expect(settingSlots.map((s) => s.path.join('.'))).toEqual(
      expect.arrayContaining([
        'settings.legacyLogTable',
        'settings.modes.shadow',
        'settings.newServiceCalls',
        'settings.controllerPath',
      ]),
    );
    expect(settingSlots).toHaveLength(12);
    expect(optionSlots.length).toBeGreaterThan(10);
  });

  it.each(rows(allSlots).map((s) => [s.path.join('.'), s] as const))('%s', (_name, slot) => {
    const long = 'A'.repeat(50_000);
    const dir = tempRepo({
      'MIGRATION_RUNBOOK.md': FULL_RUNBOOK,
      '.runbook-lint.json': JSON.stringify(configWith(slot.path, slot.list ? ['x', long] : long)),
    });
    const line = expectOneLineRefusal(run(dir));
    expect(line).toMatch(/^runbook-lint: \.runbook-lint\.json: /);
    expect(line).toMatch(/must be at most \d+ characters, got 50000$/);
  });

  it.each(rows([...settingSlots, ...optionSlots].filter((s) => s.list)).map((s) => [s.path.join('.'), s] as const))(
    `%s with ${LIST_MAX + 1} entries`,
    (_name, slot) => {
      const many = Array.from({ length: LIST_MAX + 1 }, (_, i) => `name${i}`);
      const dir = tempRepo({
        'MIGRATION_RUNBOOK.md': RUNBOOK,
        '.runbook-lint.json': JSON.stringify(configWith(slot.path, many)),
      });
      expect(expectOneLineRefusal(run(dir))).toMatch(
        new RegExp(`must have at most ${LIST_MAX} items, got ${LIST_MAX + 1}$`),
      );
    },
  );

  it('the defaults are within the limits', () => {
    expect(checkSchema(DEFAULT_SETTINGS, SETTINGS_SCHEMA as unknown as Schema)).toBeNull();
    for (const r of rules)
      expect([r.meta.id, checkSchema(defaultOptionsOf(r), optionsSchemaOf(r))]).toEqual([r.meta.id, null]);
  });

  it('at the limit, with regular-expression characters in every name, every rule runs to the end in time', () => {
    const name = (tag: string): string => `${tag}(a+)+$[\\*?{1}|.^`.padEnd(NAME_MAX, 'x(');
    const settings = {
      legacyLogTable: name('lt'),
      newLogTable: name('nt'),
      controllerPath: `app/${name('ctl')}.php`,
      legacyName: name('ln'),
      newServiceName: name('ns'),
      clientClass: name('cc'),
      modes: { off: name('OFF'), shadow: name('SHADOW'), on: name('ON') },
      newServiceCalls: Array.from({ length: LIST_MAX }, (_, i) => name(`nc${i}`)),
      legacySendCalls: Array.from({ length: LIST_MAX }, (_, i) => name(`ls${i}`)),
    };
    // the runbook names the hostile mode names, so the rules' mode matching actually runs on them
    const runbook =
      `${FULL_RUNBOOK}\n\nIn ${settings.modes.shadow} mode the ` +
      `${settings.newServiceName} result decides the response.\n`;
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook, '.runbook-lint.json': JSON.stringify({ settings }) });
    const started = Date.now();
    const r = run(dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a 50,000-character key, or one with a newline, is still one short line', () => {
    for (const key of ['K'.repeat(50_000), 'two\nlines']) {
      for (const config of [
        { settings: { [key]: 'x' } },
        { rules: { [key]: 'error' } },
        { rules: { 'uuid-once': key } },
        { rules: { 'uuid-once': ['error', { [key]: 1 }] } },
      ]) {
        const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, '.runbook-lint.json': JSON.stringify(config) });
        expect(expectOneLineRefusal(run(dir))).toMatch(/unknown key|unknown rule|severity must be/);
      }
    }
  });
});

describe('"constructor", "__proto__", "toString" are unknown keys like any other (item 11)', () => {
  // JSON text, parsed by JSON.parse, so "__proto__" is a real own key
  const cases: [string, string, RegExp][] = [
    ['rules.constructor', '{"rules": {"constructor": "error"}}', /rules: unknown rule "constructor"/],
    ['rules.__proto__', '{"rules": {"__proto__": "error"}}', /rules: unknown rule "__proto__"/],
    ['rules.toString', '{"rules": {"toString": "warn"}}', /rules: unknown rule "toString"/],
    ['settings.__proto__', '{"settings": {"__proto__": {}}}', /settings\.__proto__: unknown key "__proto__"/],
    ['settings.constructor', '{"settings": {"constructor": "x"}}', /settings\.constructor: unknown key "constructor"/],
    ['settings.toString', '{"settings": {"toString": "x"}}', /settings\.toString: unknown key "toString"/],
    [
      'settings.modes.__proto__',
      '{"settings": {"modes": {"__proto__": {"on": "LIVE"}}}}',
      /settings\.modes\.__proto__: unknown key "__proto__"/,
    ],
    [
      'settings.modes.hasOwnProperty',
      '{"settings": {"modes": {"hasOwnProperty": "x"}}}',
      /settings\.modes\.hasOwnProperty: unknown key "hasOwnProperty"/,
    ],
    ['top-level __proto__', '{"__proto__": {"settings": {}}}', /__proto__: unknown key "__proto__"/],
    ['top-level constructor', '{"constructor": {}}', /constructor: unknown key "constructor"/],
    [
      'rule options constructor',
      '{"rules": {"uuid-once": ["error", {"constructor": ["x"]}]}}',
      /rules\.uuid-once\[1\]\.constructor: unknown key "constructor"/,
    ],
    [
      'rule options __proto__',
      '{"rules": {"uuid-once": ["error", {"__proto__": {}}]}}',
      /rules\.uuid-once\[1\]\.__proto__: unknown key "__proto__"/,
    ],
    [
      'severity "constructor"',
      '{"rules": {"uuid-once": "constructor"}}',
      /rules\.uuid-once: severity must be "off", "warn" or "error", got "constructor"/,
    ],
    [
      'severity "toString"',
      '{"rules": {"uuid-once": "toString"}}',
      /rules\.uuid-once: severity must be "off", "warn" or "error", got "toString"/,
    ],
    [
      'severity "__proto__"',
      '{"rules": {"uuid-once": ["__proto__"]}}',
      /rules\.uuid-once: severity must be "off", "warn" or "error", got "__proto__"/,
    ],
  ];

  it.each(rows(cases))('%s in .runbook-lint.json', (_what, text, message) => {
    expect(Object.hasOwn(JSON.parse(text) as object, Object.keys(JSON.parse(text) as object)[0] as string)).toBe(true);
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, '.runbook-lint.json': text });
    expect(expectOneLineRefusal(run(dir))).toMatch(message);
  });

  const yamlCases: [string, string, RegExp][] = [
    ['rules.constructor', 'rules:\n  constructor: error\n', /rules: unknown rule "constructor"/],
    ['rules.__proto__', 'rules:\n  __proto__: error\n', /rules: unknown rule "__proto__"/],
    ['settings.__proto__', 'settings:\n  __proto__: {}\n', /settings\.__proto__: unknown key "__proto__"/],
    ['settings.toString', 'settings:\n  toString: x\n', /settings\.toString: unknown key "toString"/],
    [
      'settings.modes.constructor',
      'settings:\n  modes:\n    constructor: x\n',
      /settings\.modes\.constructor: unknown key "constructor"/,
    ],
    [
      'severity "constructor"',
      'rules:\n  uuid-once: constructor\n',
      /severity must be "off", "warn" or "error", got "constructor"/,
    ],
  ];

  it.each(
    rows(
      yamlCases.flatMap(([what, text, message]) =>
        ['.runbook-lint.yaml', '.runbook-lint.yml'].map((file) => [what, file, text, message] as const),
      ),
    ),
  )('%s in %s', (_what, file, text, message) => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, [file]: text });
    const line = expectOneLineRefusal(run(dir));
    expect(line).toMatch(new RegExp(`^runbook-lint: \\${file}: `));
    expect(line).toMatch(message);
  });

  it('a YAML alias bomb is refused in one line, quickly', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, '.runbook-lint.yaml': `${bomb}\n` });
    expect(expectOneLineRefusal(run(dir))).toMatch(/^runbook-lint: \.runbook-lint\.yaml: invalid YAML/);
  });
});

describe('configs load in the built CLI: JSON, .yaml and .yml (item 6)', () => {
  const change = { rules: { 'invariants-section': 'off', 'no-recipient-lookup': 'warn' } };
  const files: [string, string][] = [
    ['.runbook-lint.json', JSON.stringify(change)],
    ['.runbook-lint.yaml', 'rules:\n  invariants-section: off\n  no-recipient-lookup: warn\n'],
    ['.runbook-lint.yml', '# team config\nrules:\n  invariants-section: "off"\n  no-recipient-lookup: [warn]\n'],
  ];

  it('without a config: two errors', () => {
    const r = run(tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK }));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error .*invariants-section/);
    expect(r.stdout).toMatch(/error .*no-recipient-lookup/);
  });

  it.each(files)('%s turns one rule off and another into a warning', (file, text) => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, [file]: text });
    const r = run(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('invariants-section');
    expect(r.stdout).toMatch(/^ {2}MIGRATION_RUNBOOK\.md:3:\d+ +warn +.*no-recipient-lookup$/m);
    // and the same file named with --config
    const explicit = tempRepo({ 'MIGRATION_RUNBOOK.md': RUNBOOK, [`team${file}`]: text });
    const e = run(explicit, ['--config', `team${file}`]);
    expect([e.status, e.stderr]).toEqual([0, '']);
    expect(e.stdout).toMatch(/warn +.*no-recipient-lookup/);
  });

  it('a YAML config with settings: the renamed log table is what the rules look for', () => {
    const dir = tempRepo({
      'MIGRATION_RUNBOOK.md': '# PHASE A\n\nLogs to `notification_log`; calls getRecipientByUuid.\n',
      '.runbook-lint.yaml': 'settings:\n  legacyLogTable: notification_log\nrules:\n  no-recipient-lookup: off\n',
    });
    const r = run(dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('sole writer of notification_log');
  });
});
