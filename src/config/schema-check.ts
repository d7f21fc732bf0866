/**
 * The subset of JSON Schema that config and rule options use. Ajv would do this too, but
 * loading and compiling it costs ~75 ms per process, which a pre-commit hook pays on every
 * commit (measured; see README "Dependency notes").
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: readonly unknown[];
  minLength?: number;
  /** default DEFAULT_MAX_LENGTH: no configuration string is unbounded */
  maxLength?: number;
  minItems?: number;
  /** default DEFAULT_MAX_ITEMS: no configuration list is unbounded */
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  description?: string;
  default?: unknown;
}

export interface SchemaProblem {
  /** dotted path to the bad value, e.g. settings.timeoutMs or rules.uuid-once[1].factories[2] */
  path: string;
  message: string;
}

/**
 * Names, tables, paths and calls are short: a string or a list without its own limit gets
 * these, so no configuration value can make a rule's work (matching names against every
 * sentence and call) blow up. A value over the limit is a configuration error, one line.
 */
export const DEFAULT_MAX_LENGTH = 200;
export const DEFAULT_MAX_ITEMS = 100;

/**
 * Returns the first problem, or null: one clear line beats a list of consequences.
 * Keys are looked up as own properties only: "constructor", "__proto__" or "toString" in a
 * config are unknown keys like any other, never Object.prototype's members.
 */
export function checkSchema(value: unknown, schema: Schema, path = ''): SchemaProblem | null {
  const at = (p: string): string => (path ? `${path}${p.startsWith('[') ? '' : '.'}${p}` : p);
  if (schema.type && !hasType(value, schema.type)) {
    return { path, message: `must be ${article(schema.type)} ${schema.type}, got ${describe(value)}` };
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return {
      path,
      message: `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`,
    };
  }
  if (typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) {
    return { path, message: 'must not be empty' };
  }
  if (typeof value === 'string') {
    const max = schema.maxLength ?? DEFAULT_MAX_LENGTH;
    if (value.length > max) return { path, message: `must be at most ${max} characters, got ${value.length}` };
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return { path, message: `must be ≥ ${schema.minimum}` };
    if (schema.maximum !== undefined && value > schema.maximum) return { path, message: `must be ≤ ${schema.maximum}` };
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      return { path, message: `must be > ${schema.exclusiveMinimum}` };
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      return { path, message: `needs at least ${schema.minItems} item(s)` };
    const max = schema.maxItems ?? DEFAULT_MAX_ITEMS;
    if (value.length > max) return { path, message: `must have at most ${max} items, got ${value.length}` };
    if (schema.items) {
      for (let i = 0; i < value.length; i++) {
        const p = checkSchema(value[i], schema.items, at(`[${i}]`));
        if (p) return p;
      }
    }
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > DEFAULT_MAX_ITEMS * 10)
      return { path, message: `has ${keys.length} keys; a runbook-lint configuration has far fewer` };
    for (const key of keys) {
      const child = value[key];
      const sub = ownValue(schema.properties, key);
      const shown = showKey(key);
      if (sub) {
        const p = checkSchema(child, sub, at(shown));
        if (p) return p;
      } else if (schema.additionalProperties === false) {
        const known = Object.keys(schema.properties ?? {});
        const guess = closest(key, known);
        return {
          path: at(shown),
          message: `unknown key ${JSON.stringify(shortKey(key))}${guess ? ` (did you mean "${guess}"?)` : ''}`,
        };
      } else if (typeof schema.additionalProperties === 'object') {
        const p = checkSchema(child, schema.additionalProperties, at(shown));
        if (p) return p;
      }
    }
  }
  return null;
}

/** `table[key]` only if `key` is the table's own property: never a member of Object.prototype. */
export function ownValue<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A key as a message shows it: at most 60 characters. */
export function shortKey(key: string): string {
  return key.length > 60 ? `${key.slice(0, 60)}…` : key;
}

/** A key as a path segment: plain names as they are, anything else quoted (no newline ever reaches a message). */
export function showKey(key: string): string {
  const short = shortKey(key);
  return /^[A-Za-z0-9_$-]+$/.test(short) ? short : `[${JSON.stringify(short)}]`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, type: NonNullable<Schema['type']>): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeof v === type;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? 'an' : 'a';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  // JSON-quoted: a newline or a control character in a value never breaks the one-line message
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return String(v);
}

/** The known name nearest to a misspelt one, if it is near enough to be a typo. */
export function closest(name: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}
