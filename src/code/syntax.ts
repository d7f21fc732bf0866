import type { Node } from 'web-tree-sitter';

interface Walk {
  nodes: Node[];
  /** nodes[i].type, read once: each read is a trip into wasm */
  types: string[];
}

const walked = new WeakMap<Node, Walk>();
const TYPE = Symbol('type');

/**
 * Makes `node.type` read the wasm tree once per node object: the rules ask the type of the
 * nodes of the shared walks again and again, and each read is a trip into wasm (at 20 copies
 * of the example ~200 ms of a check went to it). A node's type never changes, so the memo
 * cannot go stale. Kept on the node itself (a WeakMap cost more memory). Installed once, when
 * the runtime loads.
 */
export function memoizeNodeTypes(nodeClass: { prototype: object }): void {
  const own = Object.getOwnPropertyDescriptor(nodeClass.prototype, 'type');
  const read = own?.get;
  if (!own || !read) return;
  Object.defineProperty(nodeClass.prototype, 'type', {
    configurable: true,
    enumerable: own.enumerable ?? false,
    get(this: Node & { [TYPE]?: string }): string {
      let t = this[TYPE];
      if (t === undefined) {
        t = read.call(this) as string;
        this[TYPE] = t;
      }
      return t;
    },
  });
}

function walk(node: Node): Walk {
  const cached = walked.get(node);
  if (cached) return cached;
  const nodes: Node[] = [];
  const types: string[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    nodes.push(n);
    types.push(n.type);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  const result = { nodes, types };
  if (node.parent === null) walked.set(node, result);
  return result;
}

/**
 * Every named descendant (the node itself included), in source order. A walk from a block's
 * root — which every rule makes — is kept and shared (the CodeIndex hands all rules the same
 * root object).
 */
export function descendants(node: Node): Node[] {
  return walk(node).nodes;
}

export function ofType(node: Node, ...types: string[]): Node[] {
  const w = walk(node);
  const out: Node[] = [];
  for (let i = 0; i < w.nodes.length; i++) if (types.includes(w.types[i] as string)) out.push(w.nodes[i] as Node);
  return out;
}

/** Ancestors from the parent up to the root. */
export function* ancestors(node: Node): Generator<Node> {
  for (let p = node.parent; p; p = p.parent) yield p;
}

export function isInside(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** The text of a PHP or Go string literal without quotes; null for anything else. */
export function stringValue(node: Node | null | undefined): string | null {
  if (!node) return null;
  switch (node.type) {
    case 'string':
    case 'encapsed_string':
    case 'interpreted_string_literal':
    case 'raw_string_literal': {
      const t = node.text;
      if (t.length < 2) return '';
      const open = t[0] === "'" || t[0] === '"' || t[0] === '`' ? 1 : 0;
      return t.slice(open, t.length - open);
    }
    default:
      return null;
  }
}

/** Where a string literal's content starts in the code text (after the opening quote). */
export function stringContentStart(node: Node): number {
  const c = node.text[0];
  return node.startIndex + (c === "'" || c === '"' || c === '`' ? 1 : 0);
}

const STATEMENT_PARENTS = new Set([
  'compound_statement',
  'program',
  'case_statement',
  'default_statement',
  'statement_list',
  'block',
  'source_file',
  'declaration_list',
]);

/** The whole statement a node belongs to (the expression statement around a call, …). */
export function enclosingStatement(node: Node): Node | null {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.parent && STATEMENT_PARENTS.has(n.parent.type) && n.type !== 'comment') return n;
  }
  return null;
}
