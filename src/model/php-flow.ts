import type { Node } from 'web-tree-sitter';
import { descendants } from '../code/syntax.js';
import { phpScopeOf } from './php-values.js';

/** How a variable came to depend on the source: the assignment, and the variable it read there. */
export interface Derivation {
  assignment: Node;
  from: string;
}

/**
 * Where a value goes inside one PHP function: the variables that hold something computed from
 * a source variable, after the source is assigned. `$items = array_filter($items, fn (…) =>
 * $shadow[…] …)` makes `$items` depend on `$shadow`. May-flow, not must-flow: an assignment
 * on any path counts, because a shadow result that can steer the legacy send on one path is
 * already a defect. A closure's own parameters are other variables.
 */
export function dependents(source: string, after: Node, scope: Node): Map<string, Derivation | null> {
  const held = new Map<string, Derivation | null>([[source, null]]);
  const assignments = descendants(scope).filter(
    (n) =>
      (n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression') &&
      n.startIndex > after.endIndex,
  );
  // a later assignment can feed an earlier one only through a loop: two passes reach the loop's fixed point
  for (let pass = 0; pass < 2; pass++) {
    for (const a of assignments) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'variable_name' || !right || held.has(left.text)) continue;
      const from = readOf(right, held);
      if (from) held.set(left.text, { assignment: a, from: from.text });
    }
  }
  return held;
}

/** The first read, inside `node`, of one of the variables, or null. */
export function readOf(node: Node, variables: ReadonlyMap<string, unknown>): Node | null {
  for (const n of [node, ...descendants(node)]) {
    if (n.type !== 'variable_name' || !variables.has(n.text)) continue;
    if (isClosureParameter(n)) continue;
    return n;
  }
  return null;
}

/** `fn ($i, $k) => …`: a variable named by the closure that reads it is not the outer one. */
function isClosureParameter(variable: Node): boolean {
  const scope = phpScopeOf(variable);
  if (
    scope.type !== 'arrow_function' &&
    scope.type !== 'anonymous_function' &&
    scope.type !== 'anonymous_function_creation_expression'
  )
    return false;
  const params = scope.childForFieldName('parameters');
  return !!params && descendants(params).some((d) => d.type === 'variable_name' && d.text === variable.text);
}
