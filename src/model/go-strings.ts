import type { Node } from 'web-tree-sitter';
import { ofType, stringValue } from '../code/syntax.js';
import type { ParsedBlock } from '../code/tree-sitter.js';

/**
 * Go strings the runbook builds from literals and constants: `const logTable = "sms_logs"`
 * declared in any Go block, then `"INSERT INTO " + logTable + " (…)"`. A part that is not a
 * literal or such a constant (a variable, a call, fmt.Sprintf) makes the whole unknown: null.
 */
export class GoStrings {
  private readonly constants = new Map<string, string | null>();
  private readonly declarations = new Map<string, { node: Node; parsed: ParsedBlock }>();

  constructor(blocks: readonly ParsedBlock[]) {
    for (const parsed of blocks)
      for (const spec of ofType(parsed.root, 'const_spec', 'var_spec')) {
        const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
        const values = spec.childForFieldName('value')?.namedChildren.filter((n): n is Node => n !== null) ?? [];
        names.forEach((n, i) => {
          const v = stringValue(values[i]);
          // declared twice with different values (or assigned a non-literal): not one value
          const known = this.constants.get(n.text);
          this.constants.set(n.text, this.constants.has(n.text) && known !== v ? null : v);
          this.declarations.set(n.text, { node: spec, parsed });
        });
      }
  }

  /** The constants an expression reads, with where each is declared: what a finding on it can point at. */
  constantsIn(node: Node): { name: string; value: string; node: Node; parsed: ParsedBlock }[] {
    const out: { name: string; value: string; node: Node; parsed: ParsedBlock }[] = [];
    for (const id of [node, ...ofType(node, 'identifier')]) {
      if (id.type !== 'identifier') continue;
      const value = this.constants.get(id.text);
      const at = this.declarations.get(id.text);
      if (value != null && at && !out.some((o) => o.name === id.text)) out.push({ name: id.text, value, ...at });
    }
    return out;
  }

  /** The string an expression evaluates to, or null when a part of it is not known. */
  value(node: Node | null | undefined, depth = 0): string | null {
    if (!node || depth > 20) return null;
    const literal = stringValue(node);
    if (literal !== null) return literal;
    if (node.type === 'identifier') return this.constants.get(node.text) ?? null;
    if (node.type === 'parenthesized_expression') return this.value(node.namedChildren[0], depth + 1);
    if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+') {
      const left = this.value(node.childForFieldName('left'), depth + 1);
      const right = left === null ? null : this.value(node.childForFieldName('right'), depth + 1);
      return left === null || right === null ? null : left + right;
    }
    return null;
  }
}
