import type { Node } from 'web-tree-sitter';
import { ofType } from './syntax.js';

export interface GoCall {
  node: Node;
  /** the called name: Send in p.Send(), New in uuid.New(), f in f() */
  name: string;
  /** "uuid.New", "h.db.Table", "f" */
  qualified: string;
  operand: Node | null;
  args: Node[];
}

export function goCall(node: Node): GoCall | null {
  if (node.type !== 'call_expression') return null;
  const fn = node.childForFieldName('function');
  if (!fn) return null;
  const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (c): c is Node => c !== null && c.type !== 'comment',
  );
  if (fn.type === 'selector_expression') {
    const field = fn.childForFieldName('field');
    const operand = fn.childForFieldName('operand');
    if (!field) return null;
    return { node, name: field.text, qualified: `${operand?.text ?? ''}.${field.text}`, operand, args };
  }
  return { node, name: fn.text, qualified: fn.text, operand: null, args };
}

const goCallsMemo = new WeakMap<Node, GoCall[]>();

/** Every call under a node; memoized for a block's root, which every rule asks about. */
export function goCalls(root: Node): GoCall[] {
  const cached = goCallsMemo.get(root);
  if (cached) return cached;
  const out: GoCall[] = [];
  for (const n of ofType(root, 'call_expression')) {
    const c = goCall(n);
    if (c) out.push(c);
  }
  if (root.parent === null) goCallsMemo.set(root, out);
  return out;
}

/**
 * The calls of a method chain from the outermost inwards: db.Table("x").Where().Updates() → [Updates, Where, Table].
 */
export function goChain(call: Node): GoCall[] {
  const out: GoCall[] = [];
  for (let n: Node | null = call; n; ) {
    const c = goCall(n);
    if (!c) break;
    out.push(c);
    n = c.operand;
  }
  return out;
}

/** Whether a function's parameters take an HTTP request (gin, net/http, echo, fiber). */
export function isHandler(fn: Node): boolean {
  const params = fn.childForFieldName('parameters');
  if (!params) return false;
  return /\*gin\.Context|http\.ResponseWriter|\*http\.Request|echo\.Context|\*fiber\.Ctx/.test(params.text);
}
