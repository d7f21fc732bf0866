import type { Schema } from './schema-check.js';

/**
 * A rule's options are declared once, as specs: each spec is the option's JSON schema (with its
 * default and description) and carries its TypeScript type, so the type a rule reads, the schema
 * a config is checked against, the defaults and the generated docs cannot drift apart.
 */
export interface OptionSpec<T> {
  readonly schema: Schema & { default: T; description: string };
  /** type carrier only, never set */
  readonly type?: T;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec<unknown>>>;

/** The options object a rule receives for its specs. */
export type OptionsOf<S extends OptionSpecs> = {
  readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never;
};

const STRING_ITEM: Schema = { type: 'string', minLength: 1 };

export const option = {
  /** a list of non-empty strings (names, calls, markers) */
  strings(description: string, value: readonly string[], limits: { minItems?: number } = {}): OptionSpec<string[]> {
    return { schema: { type: 'array', items: STRING_ITEM, ...limits, default: [...value], description } };
  },
  /** one non-empty string */
  string(description: string, value: string): OptionSpec<string> {
    return { schema: { type: 'string', minLength: 1, default: value, description } };
  },
  /** a switch */
  boolean(description: string, value: boolean): OptionSpec<boolean> {
    return { schema: { type: 'boolean', default: value, description } };
  },
  integer(description: string, value: number, limits: { minimum?: number; maximum?: number } = {}): OptionSpec<number> {
    return { schema: { type: 'integer', ...limits, default: value, description } };
  },
};

/** What config resolution needs to know about a rule, whatever its options type. */
export interface ConfigurableRule {
  meta: { id: string; defaultSeverity: 'error' | 'warn'; optIn?: boolean; options?: OptionSpecs };
}

export function optionsSchemaOf(rule: ConfigurableRule): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, spec] of Object.entries(rule.meta.options ?? {})) properties[name] = spec.schema;
  return { type: 'object', additionalProperties: false, properties };
}

/** The defaults, copied: a rule or a config can never change the spec's own lists. */
export function defaultOptionsOf(rule: ConfigurableRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.meta.options ?? {})) {
    const value = spec.schema.default;
    out[name] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}
