import type { CodeIndex } from '../code/tree-sitter.js';

/**
 * One model per parsed runbook and per configuration: every rule that asks gets the same one,
 * and it goes when the lint's CodeIndex does.
 */
export class PerRunbook<K extends object, V> {
  private readonly memo = new WeakMap<CodeIndex, WeakMap<K, V>>();

  get(code: CodeIndex, key: K, make: () => V): V {
    let byKey = this.memo.get(code);
    if (!byKey) {
      byKey = new WeakMap();
      this.memo.set(code, byKey);
    }
    let value = byKey.get(key);
    if (value === undefined) {
      value = make();
      byKey.set(key, value);
    }
    return value;
  }
}
