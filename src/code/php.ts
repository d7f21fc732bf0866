import type { Node } from 'web-tree-sitter';
import { ancestors, descendants, ofType } from './syntax.js';

export interface PhpCall {
  node: Node;
  kind: 'function' | 'member' | 'scoped';
  /** the function or method name without namespace or `$` */
  name: string;
  /** for Foo::bar(): "Foo" without namespace; for $obj->bar(): the object's text */
  scope: string | null;
  object: Node | null;
  args: PhpArgument[];
}

export interface PhpArgument {
  node: Node;
  /** the named-argument label, e.g. dryRun in dryRun: true */
  label: string | null;
  value: Node;
}

const CALL_TYPES = new Set([
  'function_call_expression',
  'member_call_expression',
  'nullsafe_member_call_expression',
  'scoped_call_expression',
]);

export function lastSegment(name: string): string {
  const parts = name.replace(/^\$/, '').split('\\');
  return parts[parts.length - 1] ?? name;
}

export function phpCall(node: Node): PhpCall | null {
  if (!CALL_TYPES.has(node.type)) return null;
  const args = arguments_(node.childForFieldName('arguments'));
  if (node.type === 'function_call_expression') {
    const fn = node.childForFieldName('function');
    if (!fn) return null;
    return { node, kind: 'function', name: lastSegment(fn.text), scope: null, object: null, args };
  }
  const name = node.childForFieldName('name');
  if (!name) return null;
  if (node.type === 'scoped_call_expression') {
    const scope = node.childForFieldName('scope');
    return { node, kind: 'scoped', name: name.text, scope: scope ? lastSegment(scope.text) : null, object: null, args };
  }
  const object = node.childForFieldName('object');
  return { node, kind: 'member', name: name.text, scope: object?.text ?? null, object, args };
}

function arguments_(list: Node | null): PhpArgument[] {
  if (!list) return [];
  return list.namedChildren
    .filter((c): c is Node => c !== null && c.type === 'argument')
    .map((arg) => {
      const label = arg.childForFieldName('name');
      const value =
        arg.namedChildren.filter((c): c is Node => c !== null && c !== label && c.type !== 'comment').at(-1) ?? arg;
      return { node: arg, label: label?.text ?? null, value };
    });
}

const phpCallsMemo = new WeakMap<Node, PhpCall[]>();

/** Every call under a node; memoized for a block's root, which every rule asks about. */
export function phpCalls(root: Node): PhpCall[] {
  const cached = phpCallsMemo.get(root);
  if (cached) return cached;
  const out: PhpCall[] = [];
  for (const n of ofType(
    root,
    'function_call_expression',
    'member_call_expression',
    'nullsafe_member_call_expression',
    'scoped_call_expression',
  )) {
    const c = phpCall(n);
    if (c) out.push(c);
  }
  if (root.parent === null) phpCallsMemo.set(root, out);
  return out;
}

/** The calls of a fluent chain from its outermost call inwards: Http::timeout(1)->post() → [post, timeout]. */
export function phpChain(call: Node): PhpCall[] {
  const out: PhpCall[] = [];
  for (let n: Node | null = call; n; ) {
    const c = phpCall(n);
    if (!c) break;
    out.push(c);
    n = c.kind === 'member' ? c.object : null;
  }
  return out;
}

/** The outermost call of the chain a call belongs to. */
export function phpChainTop(call: Node): Node {
  let top = call;
  for (
    let p = call.parent;
    p && (p.type === 'member_call_expression' || p.type === 'nullsafe_member_call_expression');
    p = p.parent
  ) {
    if (p.childForFieldName('object')?.equals(top)) top = p;
    else break;
  }
  return top;
}

/** Enclosing functions, closures and arrow functions, innermost first. */
export function enclosingFunctions(node: Node): Node[] {
  const out: Node[] = [];
  for (const a of ancestors(node)) {
    if (
      a.type === 'anonymous_function' ||
      a.type === 'anonymous_function_creation_expression' ||
      a.type === 'arrow_function' ||
      a.type === 'function_definition' ||
      a.type === 'method_declaration'
    )
      out.push(a);
  }
  return out;
}

/** The variable or function name a closure is bound to ($legacySend = function …) or declared as. */
export function functionName(fn: Node): string | null {
  const declared = fn.childForFieldName('name');
  if (declared) return declared.text;
  const parent = fn.parent;
  if (parent?.type === 'assignment_expression')
    return parent.childForFieldName('left')?.text.replace(/^\$/, '') ?? null;
  return null;
}

/** A literal boolean value of an expression, or null when it is not a literal. */
export function phpBoolean(node: Node | null | undefined): boolean | null {
  if (!node) return null;
  const t = node.text.trim().toLowerCase();
  if (node.type === 'boolean' || t === 'true' || t === 'false')
    return t === 'true' ? true : t === 'false' ? false : null;
  return null;
}

/** Variables assigned in a tree: name → the assigned expressions, in source order. */
export function phpAssignments(root: Node): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  for (const n of descendants(root)) {
    if (n.type !== 'assignment_expression' && n.type !== 'augmented_assignment_expression') continue;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right || left.type !== 'variable_name') continue;
    const name = left.text;
    const list = out.get(name) ?? [];
    list.push(right);
    out.set(name, list);
  }
  return out;
}
