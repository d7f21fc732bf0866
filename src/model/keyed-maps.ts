import type { Node } from 'web-tree-sitter';
import { phpCalls, type PhpCall } from '../code/php.js';
import { descendants, isInside, ofType } from '../code/syntax.js';
import type { ParsedBlock } from '../code/tree-sitter.js';
import type { PhpFunction, PhpModel } from './php-model.js';

/**
 * Where PHP code fills a variable that holds a map: `$map[$key] = …` (in a loop or not),
 * `$map = collect(…)->mapWithKeys(fn … => [$k => $v])`, `->pluck($v, $k)`, `->keyBy(…)`,
 * `array_column($rows, $v, $k)`, `array_combine($keys, $values)`, `$map += [$k => $v]`,
 * `[$uuids, $recipients] = $this->maps(…)`, or any other non-empty assignment to it.
 */
export interface MapFill {
  /** the variable or property filled, as written: `$recipientMap`, `$this->recipientMap` */
  variable: string;
  node: Node;
  /** what goes in: the element for `$map[$k] = v` and mapWithKeys, else the whole right side */
  value: Node | null;
  /** a key is given: `$map[$k] = …`, a keyed builder; false for `$list[] = …` and plain assignments */
  keyed: boolean;
  form: 'subscript' | 'builder' | 'assignment' | 'list';
  parsed: ParsedBlock;
}

const BUILDERS = new Set([
  'mapwithkeys',
  'pluck',
  'keyby',
  'array_column',
  'array_combine',
  'array_fill_keys',
  'combine',
  'flip',
]);

/** The map fills in a piece of code (a block's root or a function's body). */
export function mapFills(parsed: ParsedBlock, container: Node = parsed.root): MapFill[] {
  const out: MapFill[] = [];
  for (const n of ofType(parsed.root, 'assignment_expression', 'augmented_assignment_expression')) {
    if (!isInside(n, container)) continue;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'subscript_expression') {
      const base = subscriptBase(left);
      out.push({
        variable: base.text,
        node: n,
        value: right,
        keyed: left.namedChildren.length >= 2,
        form: 'subscript',
        parsed,
      });
      continue;
    }
    if (left.type === 'list_literal' || left.type === 'array_creation_expression') {
      for (const d of descendants(left)) {
        if (d.type === 'variable_name' && d.parent?.type !== 'subscript_expression')
          out.push({ variable: d.text, node: n, value: null, keyed: false, form: 'list', parsed });
      }
      continue;
    }
    if (left.type !== 'variable_name' && left.type !== 'member_access_expression') continue;
    if (isEmpty(right)) continue;
    if (n.type === 'augmented_assignment_expression' && right.type === 'array_creation_expression') {
      const el = right.namedChildren.find(
        (c) => c?.type === 'array_element_initializer' && c.namedChildren.length >= 2,
      );
      out.push({
        variable: left.text,
        node: n,
        value: el?.namedChildren.at(-1) ?? right,
        keyed: el !== undefined,
        form: 'builder',
        parsed,
      });
      continue;
    }
    const builder = builderIn(parsed, right);
    if (builder) {
      out.push({ variable: left.text, node: n, value: builder.value ?? right, keyed: true, form: 'builder', parsed });
      continue;
    }
    out.push({ variable: left.text, node: n, value: right, keyed: false, form: 'assignment', parsed });
  }
  return out;
}

/**
 * The fills in a step's code and in the functions it calls that the runbook defines elsewhere
 * (`$this->buildMaps()` in another step's block), followed through the model, bounded.
 */
export function mapFillsReachable(blocks: readonly ParsedBlock[], model: PhpModel, depth = 3): MapFill[] {
  const out: MapFill[] = [];
  const seen = new Set<Node>();
  let frontier: { parsed: ParsedBlock; container: Node }[] = blocks.map((b) => ({ parsed: b, container: b.root }));
  for (let d = 0; d <= depth && frontier.length > 0; d++) {
    const next: { parsed: ParsedBlock; container: Node }[] = [];
    for (const { parsed, container } of frontier) {
      out.push(...mapFills(parsed, container));
      for (const fn of calledFunctions(parsed, container, model)) {
        if (seen.has(fn.node) || !fn.body || blocks.some((b) => b === fn.parsed && isInside(fn.node, container)))
          continue;
        seen.add(fn.node);
        next.push({ parsed: fn.parsed, container: fn.body });
      }
    }
    frontier = next;
  }
  return out;
}

/** The functions the runbook defines that calls in a piece of code run. */
export function calledFunctions(parsed: ParsedBlock, container: Node, model: PhpModel): PhpFunction[] {
  const out: PhpFunction[] = [];
  for (const call of phpCalls(parsed.root)) {
    if (!isInside(call.node, container)) continue;
    const fn = model.resolve(call);
    if (fn && !out.includes(fn)) out.push(fn);
  }
  return out;
}

/** `$map[$a][$b]` → `$map` */
function subscriptBase(node: Node): Node {
  let n = node;
  while (n.type === 'subscript_expression' && n.namedChildren[0]) n = n.namedChildren[0] as Node;
  return n;
}

function isEmpty(node: Node): boolean {
  const t = node.text.replace(/\s+/g, '').toLowerCase();
  return t === '[]' || t === 'array()' || t === 'null' || t === 'collect()' || t === "''" || t === '""';
}

/** A keyed builder in an expression's call chain, with the element value when a closure returns `[$k => $v]`. */
function builderIn(parsed: ParsedBlock, expr: Node): { call: PhpCall; value: Node | null } | null {
  // the chain and the calls nested in it (array_filter(array_column(…))), from the block's memoized calls
  const calls = phpCalls(parsed.root).filter((c) => isInside(c.node, expr));
  for (const call of calls) {
    const name = call.name.toLowerCase();
    if (!BUILDERS.has(name)) continue;
    if (name === 'pluck' && call.args.length < 2) continue;
    if (name === 'array_column' && call.args.length < 3) continue;
    return { call, value: name === 'mapwithkeys' ? closureValue(call) : null };
  }
  return null;
}

/** The value of the `[$k => $v]` a mapWithKeys closure returns. */
function closureValue(call: PhpCall): Node | null {
  const fn = call.args[0]?.value;
  if (!fn) return null;
  for (const d of descendants(fn)) {
    if (d.type !== 'array_creation_expression') continue;
    const el = d.namedChildren.find((c) => c?.type === 'array_element_initializer' && c.namedChildren.length >= 2);
    if (el) return el.namedChildren.at(-1) ?? null;
  }
  return null;
}
