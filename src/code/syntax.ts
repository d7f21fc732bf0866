import type { Node, Tree } from 'web-tree-sitter';

/** A tree's named nodes in source order (pre-order), with what the rules ask of each. */
interface Walk {
  nodes: Node[];
  /** nodes[i].type, read once: each read is a trip into wasm */
  types: string[];
  /** nodes[i]'s subtree is nodes[i .. ends[i]) */
  ends: Int32Array;
  /** a node's place in `nodes`, by its id (unique within its tree) */
  at: Map<number, number>;
}

const walked = new WeakMap<Tree, Walk>();
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

/** The walk of the whole tree, made once: a subtree's walk is a range of it. */
function treeWalk(tree: Tree): Walk {
  const cached = walked.get(tree);
  if (cached) return cached;
  const nodes: Node[] = [];
  const types: string[] = [];
  const parents: number[] = [];
  const stack: Node[] = [tree.rootNode];
  const stackParents: number[] = [-1];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    const index = nodes.length;
    nodes.push(n);
    types.push(n.type);
    parents.push(stackParents.pop() as number);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) {
        stack.push(k);
        stackParents.push(index);
      }
    }
  }
  // pre-order: a subtree is its root and the subtrees after it, so sizes add up from the end
  const sizes = new Int32Array(nodes.length).fill(1);
  for (let i = nodes.length - 1; i > 0; i--) {
    const parent = parents[i] as number;
    sizes[parent] = (sizes[parent] as number) + (sizes[i] as number);
  }
  const ends = sizes.map((size, i) => i + size);
  const at = new Map<number, number>();
  for (let i = 0; i < nodes.length; i++) at.set((nodes[i] as Node).id, i);
  const result = { nodes, types, ends, at };
  walked.set(tree, result);
  return result;
}

/**
 * Where a node's named subtree lies in its tree's walk, or null for a node outside it (an anonymous node:
 * `namedChildren` never yields one). Rules walk the same subtrees again and again (a function's body for each
 * variable asked about); each walk from the node itself crossed into wasm for every child list.
 */
function rangeOf(node: Node): { walk: Walk; from: number; to: number } | null {
  const w = treeWalk(node.tree);
  const from = w.at.get(node.id);
  if (from === undefined || (w.nodes[from] as Node).startIndex !== node.startIndex) return null;
  return { walk: w, from, to: w.ends[from] as number };
}

function ownWalk(node: Node): Node[] {
  const nodes: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    nodes.push(n);
    const kids = n.namedChildren;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k) stack.push(k);
    }
  }
  return nodes;
}

/**
 * Every named descendant (the node itself included), in source order: a range of its tree's walk, which is made
 * once and shared by every rule (the same node objects, their types already read).
 */
export function descendants(node: Node): Node[] {
  const r = rangeOf(node);
  return r ? r.walk.nodes.slice(r.from, r.to) : ownWalk(node);
}

export function ofType(node: Node, ...types: string[]): Node[] {
  const r = rangeOf(node);
  if (!r) return ownWalk(node).filter((n) => types.includes(n.type));
  const out: Node[] = [];
  const { nodes, types: typeOf } = r.walk;
  for (let i = r.from; i < r.to; i++) if (types.includes(typeOf[i] as string)) out.push(nodes[i] as Node);
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
