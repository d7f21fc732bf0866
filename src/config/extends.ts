import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { closest, isPlainObject } from './schema-check.js';

/**
 * `extends`: a config built on presets and shared config files, merged in order as ESLint's
 * legacy `extends` and markdownlint-cli2's `extends` do — each entry over the one before, the
 * config's own keys over all of them. Settings merge key by key (modes too), a rule's entry
 * replaces the one before (a bare severity keeps the options set before it), `ignores` add up.
 */

/** The rules of the SMS strangler migration: what a config with no `extends` runs, with the rest. */
const SMS_STRANGLER = [
  'single-execution-authority',
  'uuid-once',
  'sole-log-writer',
  'quota-safety',
  'invariants-section',
  'canonical-controller-step',
  'no-recipient-lookup',
  'timeout-budget',
  'dry-run-isolation',
  'reconciliation-join-key',
];

/** Rules for any team's runbook: no migration of its own assumed. */
const RECOMMENDED = [
  'step-references',
  'no-placeholders',
  'step-numbering',
  'phase-checkpoints',
  'parallel-tasks',
  'exit-criteria',
  'destructive-sql',
  'step-structure',
  'shell-line-continuation',
];

export const PRESETS: Readonly<Record<string, readonly string[]>> = {
  'runbook-lint:recommended': RECOMMENDED,
  'runbook-lint:sms-strangler': SMS_STRANGLER,
};

/**
 * A preset turns its rules on at their default severity; once the presets of an `extends` are
 * merged, every rule none of them (nor a file extended beside them) turned on is off. Extending
 * only `runbook-lint:recommended` leaves the SMS rules out of a team's runbook that has no such
 * migration; two presets together run both sets.
 */
function presetConfig(name: string, defaults: ReadonlyMap<string, 'error' | 'warn'>): Raw {
  const on = new Set(PRESETS[name] ?? []);
  const rules: Record<string, unknown> = {};
  for (const [id, severity] of defaults) if (on.has(id)) rules[id] = severity;
  return { rules };
}

type Raw = Record<string, unknown>;

export interface ExtendsContext {
  /** reads and parses a config file (JSON or YAML), throwing one-line errors */
  read: (path: string) => Promise<unknown>;
  /** checks one file's own keys (without `extends`), throwing one-line errors that name it */
  validate: (raw: unknown, path: string | null) => void;
  /** every rule's default severity */
  defaults: ReadonlyMap<string, 'error' | 'warn'>;
  display: (path: string) => string;
}

const MAX_DEPTH = 10;

/** The config with its `extends` resolved into one raw config, for resolveConfig to read. */
export async function expandExtends(raw: unknown, source: string | null, ctx: ExtendsContext): Promise<unknown> {
  return expand(raw, source, ctx, []);
}

async function expand(raw: unknown, source: string | null, ctx: ExtendsContext, chain: string[]): Promise<unknown> {
  if (!isPlainObject(raw) || !Object.hasOwn(raw, 'extends')) return raw;
  const where = source ? ctx.display(source) : 'configuration';
  const { extends: list, ...own } = raw as Raw & { extends: unknown };
  const entries = typeof list === 'string' ? [list] : list;
  if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string' || e.length === 0 || e.length > 1024))
    throw new UserError(`${where}: extends: expected a preset name or a config file path, or a list of them`);
  if (entries.length > 50) throw new UserError(`${where}: extends: at most 50 entries`);
  ctx.validate(own, source);
  let merged: Raw = {};
  let presets = false;
  for (const entry of entries as string[]) {
    let base: Raw;
    if (entry.startsWith('runbook-lint:')) {
      presets = true;
      if (!PRESETS[entry]) {
        const guess = closest(entry, Object.keys(PRESETS));
        throw new UserError(
          `${where}: extends: unknown preset ${JSON.stringify(entry)}${guess ? ` (did you mean "${guess}"?)` : ''}`,
        );
      }
      base = presetConfig(entry, ctx.defaults);
    } else {
      const path = resolve(source ? dirname(source) : process.cwd(), entry);
      if (chain.includes(path) || path === source)
        throw new UserError(`${where}: extends: ${ctx.display(path)} extends itself (a cycle)`);
      if (chain.length >= MAX_DEPTH) throw new UserError(`${where}: extends: nested more than ${MAX_DEPTH} deep`);
      const inner = await expand(await ctx.read(path), path, ctx, [...chain, ...(source ? [source] : [])]);
      if (!Object.hasOwn(inner as object, 'extends')) ctx.validate(inner, path);
      base = rebaseIgnores(inner as Raw, path, source);
    }
    merged = merge(merged, base);
  }
  if (presets) {
    const named = (isPlainObject(merged.rules) ? merged.rules : {}) as Raw;
    const rules: Raw = {};
    for (const id of ctx.defaults.keys()) rules[id] = Object.hasOwn(named, id) ? named[id] : 'off';
    merged = { ...merged, rules };
  }
  return merge(merged, own);
}

function merge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base, ...over };
  if (isPlainObject(base.settings) || isPlainObject(over.settings)) {
    const a = (isPlainObject(base.settings) ? base.settings : {}) as Raw;
    const b = (isPlainObject(over.settings) ? over.settings : {}) as Raw;
    const settings: Raw = { ...a, ...b };
    if (isPlainObject(a.modes) && isPlainObject(b.modes)) settings.modes = { ...(a.modes as Raw), ...(b.modes as Raw) };
    out.settings = settings;
  }
  if (isPlainObject(base.rules) || isPlainObject(over.rules)) {
    const rules = new Map<string, unknown>(Object.entries((isPlainObject(base.rules) ? base.rules : {}) as Raw));
    for (const [id, entry] of Object.entries((isPlainObject(over.rules) ? over.rules : {}) as Raw)) {
      const before = rules.get(id);
      // `"warn"` over `["error", {…}]` keeps the options, as ESLint's legacy extends does
      rules.set(id, !Array.isArray(entry) && Array.isArray(before) && before.length > 1 ? [entry, before[1]] : entry);
    }
    out.rules = Object.fromEntries(rules);
  }
  if (Array.isArray(base.ignores) || Array.isArray(over.ignores))
    out.ignores = [
      ...(Array.isArray(base.ignores) ? base.ignores : []),
      ...(Array.isArray(over.ignores) ? over.ignores : []),
    ];
  return out;
}

/**
 * An extended file's ignores are relative to its own folder; the merged config's are relative
 * to the extending one's: a pattern with a folder in it is rewritten to mean the same files.
 */
function rebaseIgnores(raw: Raw, from: string, to: string | null): Raw {
  if (!Array.isArray(raw.ignores) || !to || dirname(from) === dirname(to)) return raw;
  const ignores = raw.ignores.map((p) => {
    if (typeof p !== 'string' || !p.includes('/') || p.startsWith('**') || isAbsolute(p)) return p;
    const negated = p.startsWith('!');
    const rel = relative(dirname(to), resolve(dirname(from), negated ? p.slice(1) : p));
    return `${negated ? '!' : ''}${rel}`;
  });
  return { ...raw, ignores };
}
