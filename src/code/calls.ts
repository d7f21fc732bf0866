import type { GoCall } from './go.js';
import type { PhpCall } from './php.js';

const lowered = new WeakMap<readonly string[], Set<string>>();

/** Lower-cased name lists, built once per list (rules pass the same option arrays every time). */
function lower(xs: readonly string[]): Set<string> {
  let set = lowered.get(xs);
  if (!set) {
    set = new Set(xs.map((x) => x.toLowerCase()));
    lowered.set(xs, set);
  }
  return set;
}

/** Does a PHP call match one of the names: "name", "Class::name" or "->name". */
export function phpCallMatches(call: PhpCall, specs: readonly string[]): string | null {
  for (const spec of specs) {
    const scoped = /^(.+)::(\w+)$/.exec(spec);
    if (scoped) {
      if (
        call.kind === 'scoped' &&
        call.scope?.toLowerCase() === (scoped[1] as string).replace(/^.*\\/, '').toLowerCase() &&
        call.name.toLowerCase() === (scoped[2] as string).toLowerCase()
      )
        return spec;
      continue;
    }
    if (spec.includes('.')) continue;
    if (call.name.toLowerCase() === spec.replace(/^->/, '').toLowerCase()) return spec;
  }
  return null;
}

/** Does a Go call match one of the names: "pkg.Func" exactly, or a bare method/function name. */
export function goCallMatches(call: GoCall, specs: readonly string[]): string | null {
  for (const spec of specs) {
    if (spec.includes('::')) continue;
    if (spec.includes('.') ? call.qualified === spec : call.name === spec) return spec;
  }
  return null;
}

export function nameIn(name: string | null | undefined, names: readonly string[]): boolean {
  return name ? lower(names).has(name.replace(/^\$/, '').toLowerCase()) : false;
}
