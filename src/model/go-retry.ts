import type { Node } from 'web-tree-sitter';
import { nameIn } from '../code/calls.js';
import { goCall, goCalls, type GoCall } from '../code/go.js';
import { ancestors, descendants, isInside, stringValue } from '../code/syntax.js';
import { identifierWords } from './names.js';

/**
 * Where a Go UUID goes, and whether that is a message being sent again under a new identity:
 * `retry.MessageUUID = uuid.New().String()` before `q.Enqueue(retry)`, in a function named
 * for a retry, or on a message that came in (a parameter, a range variable, a copy of one, a
 * message read from a queue) right before it is sent or queued again. A message built here
 * (`Message{…}`, `&Message{…}`, `new(Message)`) and given its UUID once is not a retry.
 */

/** The message field or struct-literal key a UUID is written to. */
export interface GoUuidTarget {
  kind: 'field' | 'literal';
  /** `retry.MessageUUID` / `m["message_uuid"]`, or the keyed element `MessageUUID: …` */
  node: Node;
  /** the variable the field belongs to (`retry`), or the variable a literal is stored in */
  root: string | null;
  /** the statement that writes it */
  statement: Node | null;
  /** for a literal: the composite literal */
  composite: Node | null;
}

export interface GoRetry {
  /** what the message says it runs inside */
  construct: string;
}

const RETRY_NAME = /retr(y|ies|ied)|requeue|re_queue|resend|redeliver|reenqueue|reschedule|redrive|republish|replay/i;
const READ_WORDS = new Set([
  'dequeue',
  'receive',
  'recv',
  'pop',
  'next',
  'fetch',
  'load',
  'get',
  'find',
  'read',
  'claim',
  'lease',
  'take',
  'consume',
  'failed',
  'pending',
  'unmarshal',
]);
const MESSAGE_WORDS = new Set(['message', 'msg', 'sms']);

/**
 * A field that holds a message's UUID: `UUID`, `MessageUUID`, `message_uuid`, `MsgUuid` — not `RequestUUID` or
 * `TraceUUID`.
 */
export function isMessageUuidName(name: string): boolean {
  const ws = identifierWords(name);
  return ws.includes('uuid') && ws.every((w) => w === 'uuid' || MESSAGE_WORDS.has(w));
}

export function isRetryName(name: string | null | undefined): boolean {
  return !!name && RETRY_NAME.test(name);
}

/** The innermost named Go function (or method) around a node. */
export function goFunctionOf(node: Node): Node | null {
  for (const a of ancestors(node)) if (a.type === 'function_declaration' || a.type === 'method_declaration') return a;
  return null;
}

/** The innermost function, method or func literal around a node (its parameters are in scope). */
function goScopeOf(node: Node): Node | null {
  for (const a of ancestors(node))
    if (a.type === 'function_declaration' || a.type === 'method_declaration' || a.type === 'func_literal') return a;
  return null;
}

/** The value a factory call produces, through `.String()`, `string(…)` and parentheses. */
function producedValue(factory: Node): Node {
  let cur = factory;
  for (;;) {
    const p = cur.parent;
    if (!p) return cur;
    if (p.type === 'parenthesized_expression') cur = p;
    else if (
      p.type === 'selector_expression' &&
      p.childForFieldName('operand')?.equals(cur) &&
      p.parent?.type === 'call_expression' &&
      p.parent.childForFieldName('function')?.equals(p)
    )
      cur = p.parent;
    else if (
      p.type === 'argument_list' &&
      p.parent?.type === 'call_expression' &&
      p.parent.childForFieldName('function')?.text === 'string'
    )
      cur = p.parent;
    else return cur;
  }
}

/** The variable at the root of `a.b[c].d`, `*a`, `&a`. */
export function rootVariable(node: Node | null | undefined): string | null {
  let n = node ?? null;
  while (n) {
    if (n.type === 'identifier') return n.text;
    if (n.type === 'selector_expression' || n.type === 'index_expression') n = n.childForFieldName('operand');
    else if (n.type === 'unary_expression' || n.type === 'parenthesized_expression')
      n = n.childForFieldName('operand') ?? n.namedChildren[0] ?? null;
    else return null;
  }
  return null;
}

function fieldName(target: Node): string | null {
  if (target.type === 'selector_expression') return target.childForFieldName('field')?.text ?? null;
  if (target.type === 'index_expression') return stringValue(target.childForFieldName('index'));
  return null;
}

/** `x = v` / `x := v` / `var x = v`: the left-hand side that takes `value`, and the statement. */
function assignedTo(value: Node): { left: Node; statement: Node } | null {
  const list = value.parent;
  if (list?.type !== 'expression_list') return null;
  const stmt = list.parent;
  if (!stmt) return null;
  const index = list.namedChildren.findIndex((c) => c?.equals(value));
  if (stmt.type === 'assignment_statement' || stmt.type === 'short_var_declaration') {
    if (!stmt.childForFieldName('right')?.equals(list)) return null;
    const left = stmt.childForFieldName('left')?.namedChildren[index];
    return left ? { left, statement: stmt } : null;
  }
  if (stmt.type === 'var_spec') {
    const names = stmt.childrenForFieldName('name').filter((c): c is Node => c !== null);
    const left = names[index];
    return left ? { left, statement: stmt } : null;
  }
  return null;
}

/** `MessageUUID: v` in a struct literal: the keyed element and its composite literal. */
function keyedUuid(value: Node): { element: Node; composite: Node } | null {
  const literalElement = value.parent;
  const keyed = literalElement?.parent;
  if (literalElement?.type !== 'literal_element' || keyed?.type !== 'keyed_element') return null;
  const [key, val] = keyed.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  if (!key || !val?.equals(literalElement)) return null;
  const name = stringValue(key.namedChildren[0]) ?? key.text;
  if (!isMessageUuidName(name)) return null;
  // Message{…}, or an element of []Message{{…}}: up through the literal values
  let composite: Node | null = keyed.parent;
  while (composite && (composite.type === 'literal_value' || composite.type === 'literal_element'))
    composite = composite.parent;
  return composite?.type === 'composite_literal' ? { element: keyed, composite } : null;
}

/**
 * Where the UUID a factory makes ends up: a message field, a struct-literal key, or through one local variable to
 * either.
 */
export function goUuidTargets(factory: Node): GoUuidTarget[] {
  const value = producedValue(factory);
  const direct = targetOf(value);
  if (direct) return [direct];
  const assigned = assignedTo(value);
  if (assigned?.left.type !== 'identifier') return [];
  // id := uuid.NewString(); … msg.MessageUUID = id
  const variable = assigned.left.text;
  const scope = goScopeOf(value);
  if (!scope) return [];
  const out: GoUuidTarget[] = [];
  for (const n of descendants(scope)) {
    if (n.type !== 'identifier' || n.text !== variable || n.startIndex <= assigned.statement.endIndex) continue;
    const t = targetOf(n);
    if (t) out.push(t);
  }
  return out;
}

function targetOf(value: Node): GoUuidTarget | null {
  const assigned = assignedTo(value);
  if (assigned && (assigned.left.type === 'selector_expression' || assigned.left.type === 'index_expression')) {
    const name = fieldName(assigned.left);
    if (name && isMessageUuidName(name))
      return {
        kind: 'field',
        node: assigned.left,
        root: rootVariable(assigned.left),
        statement: assigned.statement,
        composite: null,
      };
    return null;
  }
  const keyed = keyedUuid(value);
  if (keyed) {
    const holder = storedIn(keyed.composite);
    return { kind: 'literal', node: keyed.element, root: holder, statement: null, composite: keyed.composite };
  }
  return null;
}

/** The variable a composite literal (or its address) is stored in: `m := Message{…}` → m. */
function storedIn(composite: Node): string | null {
  let v: Node = composite;
  if (v.parent?.type === 'unary_expression') v = v.parent;
  const assigned = assignedTo(v);
  return assigned?.left.type === 'identifier' ? assigned.left.text : null;
}

type Origin = 'incoming' | 'built' | 'unknown';

/**
 * Where a message variable comes from before `at`: a parameter or receiver, a range variable,
 * a copy of one, or a read from a queue or store is a message that already exists (`incoming`);
 * a composite literal, `new(T)` or a zero `var m T` is one built here.
 */
function originOf(variable: string, at: Node, depth = 0): Origin {
  const scope = goScopeOf(at);
  if (!scope || depth > 3) return 'unknown';
  for (const field of ['receiver', 'parameters']) {
    const list = scope.childForFieldName(field);
    for (const p of list?.namedChildren ?? []) {
      if (p?.type !== 'parameter_declaration' && p?.type !== 'variadic_parameter_declaration') continue;
      if (p.childrenForFieldName('name').some((n) => n?.text === variable)) return 'incoming';
    }
  }
  let origin: Origin | null = null;
  for (const n of descendants(scope)) {
    if (n.startIndex >= at.startIndex) break;
    if (n.type === 'range_clause') {
      const left = n.childForFieldName('left');
      if (left?.namedChildren.some((c) => c?.text === variable)) origin = 'incoming';
      continue;
    }
    if (n.type !== 'short_var_declaration' && n.type !== 'assignment_statement' && n.type !== 'var_spec') continue;
    const lefts =
      n.type === 'var_spec'
        ? n.childrenForFieldName('name').filter((c): c is Node => c !== null)
        : (n.childForFieldName('left')?.namedChildren ?? []).filter((c): c is Node => c !== null);
    const index = lefts.findIndex((l) => l.type === 'identifier' && l.text === variable);
    if (index < 0) continue;
    const rights =
      (n.type === 'var_spec' ? n.childForFieldName('value') : n.childForFieldName('right'))?.namedChildren.filter(
        (c): c is Node => c !== null,
      ) ?? [];
    // `m, err := q.Dequeue(ctx)`: one call on the right gives every left-hand value
    const right = rights.length === 1 && lefts.length > 1 ? rights[0] : rights[index];
    origin = right ? originOfValue(right, n, depth) : n.type === 'var_spec' ? 'built' : 'unknown';
  }
  return origin ?? 'unknown';
}

function originOfValue(value: Node, at: Node, depth: number): Origin {
  let v = value;
  while (
    (v.type === 'unary_expression' || v.type === 'parenthesized_expression') &&
    (v.childForFieldName('operand') ?? v.namedChildren[0])
  )
    v = (v.childForFieldName('operand') ?? v.namedChildren[0]) as Node;
  if (v.type === 'composite_literal') return 'built';
  const call = goCall(v);
  if (call) {
    if (call.name === 'new' || call.name === 'make') return 'built';
    return identifierWords(call.name).some((w) => READ_WORDS.has(w)) ? 'incoming' : 'unknown';
  }
  // a copy: retry := *msg, next := job.Message
  const root = rootVariable(v);
  return root ? (originOf(root, at, depth + 1) === 'incoming' ? 'incoming' : 'unknown') : 'unknown';
}

/** The first call after `from` in the function that sends or queues `variable` (`q.Enqueue(ctx, &retry)`). */
function sendAfter(scope: Node, from: Node, variable: string, names: readonly string[]): GoCall | null {
  for (const c of goCalls(rootOf(scope))) {
    if (c.node.startIndex < from.endIndex || !isInside(c.node, scope) || !nameIn(c.name, names)) continue;
    if (c.args.some((a) => rootVariable(a) === variable)) return c;
  }
  return null;
}

function rootOf(node: Node): Node {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

/**
 * Whether a Go UUID factory gives a message a new identity on its way out again: in a function
 * named for a retry (`requeue`, `retryFailed`), or written into a message that already
 * existed — or into a copy named for a retry — right before a call that sends or queues it.
 * `lineOf` turns a node into its document line for the message.
 */
export function goRetryPath(factory: Node, sendNames: readonly string[], lineOf: (n: Node) => number): GoRetry | null {
  const targets = goUuidTargets(factory);
  if (targets.length === 0) return null;
  const fn = goFunctionOf(factory);
  const fnName = fn?.childForFieldName('name')?.text ?? null;
  if (isRetryName(fnName)) return { construct: `${fnName}()` };
  const scope = goScopeOf(factory);
  if (!scope) return null;
  for (const t of targets) {
    if (t.kind !== 'field' || !t.root || !t.statement) continue;
    const again = isRetryName(t.root) || originOf(t.root, t.statement) === 'incoming';
    if (!again) continue;
    const send = sendAfter(scope, t.statement, t.root, sendNames);
    if (send)
      return {
        construct:
          `a re-send of ${t.root}, a message that already existed ` + `(${send.name}() at line ${lineOf(send.node)})`,
      };
  }
  return null;
}
