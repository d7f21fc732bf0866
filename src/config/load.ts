import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { Ignores } from '../io/ignores.js';
import { defaultExtends } from './default-preset.js';
import { expandExtends } from './extends.js';
import { checkSchema, closest, isPlainObject, shortKey, showKey, type Schema } from './schema-check.js';
import { type ConfigurableRule, defaultOptionsOf, optionsSchemaOf } from './rule-options.js';
import { SETTINGS_SCHEMA, mergeSettings, type Settings } from './settings.js';
import { stripJsonComments } from './jsonc.js';

export const CONFIG_FILE_NAMES = ['.runbook-lint.json', '.runbook-lint.yaml', '.runbook-lint.yml'] as const;

export interface RuleSetting {
  severity: 0 | 1 | 2;
  options: Record<string, unknown>;
}

export interface ResolvedConfig {
  /** the file it came from, or null for the built-in defaults */
  source: string | null;
  settings: Settings;
  rules: Map<string, RuleSetting>;
  /** glob patterns of files to leave out, relative to the config file's folder */
  ignores: string[];
}

/** A Map: "constructor" or "toString" is not a severity. */
const SEVERITIES: ReadonlyMap<string, 0 | 1 | 2> = new Map([
  ['off', 0],
  ['warn', 1],
  ['error', 2],
  ['0', 0],
  ['1', 1],
  ['2', 2],
]);

/** A config file larger than this is not a runbook-lint config (a full one is a few KB). */
const MAX_CONFIG_BYTES = 1024 * 1024;

const CONFIG_SCHEMA: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', maxLength: 2048 },
    settings: SETTINGS_SCHEMA as unknown as Schema,
    rules: { type: 'object' },
    ignores: { type: 'array', maxItems: 1000, items: { type: 'string', minLength: 1, maxLength: 1000 } },
  },
};

/** Reads and parses one config file; every problem becomes a one-line UserError. */
export async function readConfigFile(path: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    // never read a FIFO or a device: it would hang (or never end)
    const st = statSync(path);
    if (!st.isFile()) throw new UserError(`${display(path, cwd)}: not a regular file; a config file is JSON or YAML`);
    if (st.size > MAX_CONFIG_BYTES)
      throw new UserError(`${display(path, cwd)}: config file larger than ${MAX_CONFIG_BYTES / 1024} KB`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `${display(path, cwd)}: cannot read config file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(stripJsonComments(text));
    } catch (e) {
      const msg = (e as Error).message;
      const pos = /position (\d+)/.exec(msg);
      const where = pos ? ` at ${lineCol(text, Number(pos[1]))}` : '';
      throw new UserError(`${display(path, cwd)}: invalid JSON${where}: ${msg.split('\n')[0]}`);
    }
  }
  // the YAML parser is loaded only for YAML configs: most runs never need it. The bundle may
  // expose yaml's CommonJS build as a default export only, so take `parse` from either shape.
  const yaml = (await import('yaml')) as { parse?: YamlParse; default?: { parse?: YamlParse } };
  const parseYaml = yaml.parse ?? yaml.default?.parse;
  if (typeof parseYaml !== 'function')
    throw new UserError(`${display(path, cwd)}: cannot load the YAML parser; use a .runbook-lint.json config`);
  try {
    // plain data only: no custom tags, no aliases expanded into huge documents
    return parseYaml(text, { maxAliasCount: 100 }) ?? {};
  } catch (e) {
    const err = e as Error & { linePos?: { line: number; col: number }[] };
    const p = err.linePos?.[0];
    const where = p ? ` at line ${p.line}, column ${p.col}` : '';
    const reason = err.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new UserError(`${display(path, cwd)}: invalid YAML${where}: ${reason}`);
  }
}

type YamlParse = (text: string, options?: { maxAliasCount?: number }) => unknown;

/** Validates a raw config against the schema and the rules, then resolves severities. */
export function resolveConfig(
  raw: unknown,
  rules: readonly ConfigurableRule[],
  source: string | null,
  cwd: string = process.cwd(),
): ResolvedConfig {
  const where = source ? display(source, cwd) : 'configuration';
  const problem = checkSchema(raw, CONFIG_SCHEMA);
  if (problem) throw new UserError(`${where}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
  const config = (raw ?? {}) as { settings?: Partial<Settings>; rules?: Record<string, unknown>; ignores?: string[] };
  const byId = new Map(rules.map((r) => [r.meta.id, r]));
  const resolved = new Map<string, RuleSetting>();
  for (const rule of rules) {
    resolved.set(rule.meta.id, {
      severity: rule.meta.optIn ? 0 : rule.meta.defaultSeverity === 'error' ? 2 : 1,
      options: defaultOptionsOf(rule),
    });
  }
  for (const [id, entry] of Object.entries(config.rules ?? {})) {
    // a Map, so "constructor" or "__proto__" is an unknown rule like any other
    const rule = byId.get(id);
    if (!rule)
      throw new UserError(
        `${where}: rules: unknown rule ${JSON.stringify(shortKey(id))}${suggest(id, [...byId.keys()])}`,
      );
    resolved.set(id, ruleSetting(entry, rule, `${where}: rules.${showKey(id)}`));
  }
  return { source, settings: mergeSettings(config.settings), rules: resolved, ignores: [...(config.ignores ?? [])] };
}

function ruleSetting(entry: unknown, rule: ConfigurableRule, where: string): RuleSetting {
  const [sev, options] = Array.isArray(entry) ? entry : [entry, undefined];
  const severity = typeof sev === 'string' || typeof sev === 'number' ? SEVERITIES.get(String(sev)) : undefined;
  if (severity === undefined) {
    const got = typeof sev === 'string' ? JSON.stringify(shortKey(sev)) : (JSON.stringify(sev) ?? String(sev));
    throw new UserError(
      `${where}: severity must be "off", "warn" or "error", got ${got.length > 80 ? `${got.slice(0, 80)}…` : got}`,
    );
  }
  if (Array.isArray(entry) && entry.length > 2) throw new UserError(`${where}: expected [severity, options]`);
  if (options !== undefined && !isPlainObject(options)) throw new UserError(`${where}[1]: options must be an object`);
  if (options !== undefined) {
    const problem = checkSchema(options, optionsSchemaOf(rule));
    if (problem) throw new UserError(`${where}[1]${problem.path ? `.${problem.path}` : ''}: ${problem.message}`);
  }
  return { severity, options: { ...defaultOptionsOf(rule), ...(options ?? {}) } };
}

/** Applies `--rule id=severity` flags on top of a resolved config. */
export function applyRuleFlags(
  config: ResolvedConfig,
  flags: readonly string[],
  rules: readonly ConfigurableRule[],
): ResolvedConfig {
  if (flags.length === 0) return config;
  const next = new Map(config.rules);
  const ids = rules.map((r) => r.meta.id);
  for (const flag of flags) {
    const m = /^([\w-]+)=(\w+)$/.exec(flag.trim());
    if (!m) throw new UserError(`--rule ${flag}: expected <rule-id>=off|warn|error`);
    const [, id = '', sev = ''] = m;
    if (!ids.includes(id)) throw new UserError(`--rule ${flag}: unknown rule "${id}"${suggest(id, ids)}`);
    const severity = SEVERITIES.get(sev);
    if (severity === undefined) throw new UserError(`--rule ${flag}: severity must be off, warn or error`);
    next.set(id, { severity, options: next.get(id)?.options ?? {} });
  }
  return { ...config, rules: next };
}

/**
 * The nearest config file walking up from `dir`, stopping at the repository root (the folder
 * holding .git) so a config outside the repository never leaks in.
 */
export function findConfigFile(dir: string): string | null {
  let current = resolve(dir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(current, name);
      if (isFile(candidate)) return candidate;
    }
    if (existsSync(join(current, '.git'))) return null;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** Finds, reads and resolves configs, once per folder and once per file. */
export class ConfigResolver {
  private readonly byDir = new Map<string, string | null>();
  private readonly byFile = new Map<string, ResolvedConfig>();
  private readonly ignoreMatchers = new Map<string, Ignores>();

  constructor(
    private readonly rules: readonly ConfigurableRule[],
    private readonly explicitPath: string | null,
    private readonly ruleFlags: readonly string[],
    private readonly cwd: string = process.cwd(),
  ) {}

  async forFile(filePath: string): Promise<ResolvedConfig> {
    const source = this.explicitPath ?? this.discover(dirname(resolve(filePath)));
    const presets = source ? null : defaultExtends(resolve(filePath));
    const key = source ?? (presets ? `\u0000${presets.join('\u0000')}` : '');
    let config = this.byFile.get(key);
    if (!config) {
      const own = source ? await readConfigFile(source, this.cwd) : presets ? { extends: presets } : {};
      const raw = await expandExtends(own, source, {
        read: (path) => readConfigFile(path, this.cwd),
        validate: (own, path) => void resolveConfig(own, this.rules, path, this.cwd),
        defaults: new Map(this.rules.map((r) => [r.meta.id, r.meta.defaultSeverity])),
        display: (path) => display(path, this.cwd),
      });
      config = applyRuleFlags(resolveConfig(raw, this.rules, source, this.cwd), this.ruleFlags, this.rules);
      this.byFile.set(key, config);
    }
    return config;
  }

  /** Whether the `ignores` of the config that applies to this file leave it out. */
  async ignoresFor(filePath: string): Promise<boolean> {
    const config = await this.forFile(filePath);
    if (config.ignores.length === 0) return false;
    const source = config.source;
    let matcher = this.ignoreMatchers.get(source ?? '');
    if (!matcher) {
      const base = source ? dirname(source) : this.cwd;
      matcher = await Ignores.compile(
        config.ignores.map((pattern) => ({
          pattern,
          base,
          from: source ? display(source, this.cwd) : 'configuration',
        })),
      );
      this.ignoreMatchers.set(source ?? '', matcher);
    }
    return matcher.ignores(resolve(filePath));
  }

  private discover(dir: string): string | null {
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfigFile(dir));
    return this.byDir.get(dir) ?? null;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function suggest(name: string, known: string[]): string {
  const guess = closest(name, known);
  return guess ? ` (did you mean "${guess}"?)` : '';
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function display(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
