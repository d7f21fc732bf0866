import type { Node } from 'web-tree-sitter';
import { isReadOnlyExcerpt } from './excerpt.js';
import { lastSegment } from '../code/php.js';
import { ancestors, descendants, stringValue } from '../code/syntax.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Runbook } from '../document/index.js';

/** A string the analysis pinned down, and where it is written (for a finding or a fix). */
export interface StringValue {
  value: string;
  node: Node;
  parsed: ParsedBlock;
  /** written as a string literal at `node` (an edit there changes the value) */
  literal: boolean;
}

interface Declared {
  value: Node | null;
  parsed: ParsedBlock;
  /** an enum case: its value is not a list to edit, and a finding names the case where it is used */
  enumCase: boolean;
}

const MAX_DEPTH = 6;

/**
 * The runbook's PHP constants as values: class constants (`const COUNTED = ['accepted', …]`),
 * backed enum cases (`case Accepted = 'accepted'`), and local variables assigned once. A value
 * the runbook does not pin down is null: unknown never produces a finding.
 */
export class PhpValues {
  /** class, interface, trait or enum (lower-cased) → constant or case name → its value */
  private readonly constants = new Map<string, Map<string, Declared>>();

  private static readonly memo = new WeakMap<CodeIndex, PhpValues>();

  private constructor() {}

  static of(code: CodeIndex, runbook: Runbook): PhpValues {
    let v = PhpValues.memo.get(code);
    if (!v) {
      v = new PhpValues();
      for (const parsed of code.blocks('php')) if (!isReadOnlyExcerpt(parsed.block, runbook)) v.index(parsed);
      PhpValues.memo.set(code, v);
    }
    return v;
  }

  private index(parsed: ParsedBlock): void {
    for (const n of descendants(parsed.root)) {
      if (n.type === 'const_element') {
        const owner = enclosingTypeName(n);
        const name = n.namedChildren.find((c) => c?.type === 'name');
        const value =
          n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'name' && c.type !== 'comment').at(-1) ??
          null;
        if (owner && name) this.declare(owner, name.text, value, parsed, false);
      } else if (n.type === 'enum_case') {
        const owner = enclosingTypeName(n);
        const name = n.childForFieldName('name');
        // an unbacked case has no string to compare a status with: it stays unknown
        if (owner && name) this.declare(owner, name.text, n.childForFieldName('value'), parsed, true);
      }
    }
  }

  private declare(owner: string, name: string, value: Node | null, parsed: ParsedBlock, enumCase: boolean): void {
    const map = this.constants.get(owner.toLowerCase()) ?? new Map<string, Declared>();
    // declared twice (two versions of one class in two steps) with different values: unknown
    const before = map.get(name);
    if (before && before.value?.text !== value?.text) map.set(name, { value: null, parsed, enumCase });
    else map.set(name, { value, parsed, enumCase });
    this.constants.set(owner.toLowerCase(), map);
  }

  /** `self::X`, `Status::Accepted`: the declaration it names, when the runbook has one. */
  private constant(access: Node): Declared | null {
    const [scope, name] = access.namedChildren;
    if (!scope || !name || name.type !== 'name') return null;
    let owner: string | null;
    if (scope.type === 'relative_scope')
      owner = scope.text.toLowerCase() === 'parent' ? null : enclosingTypeName(access);
    else owner = scope.type === 'name' || scope.type === 'qualified_name' ? lastSegment(scope.text) : null;
    if (!owner) return null;
    return this.constants.get(owner.toLowerCase())?.get(name.text) ?? null;
  }

  /**
   * The string an expression stands for: a literal, a constant, an enum case (or its ->value), a variable assigned
   * once.
   */
  string(node: Node | null | undefined, parsed: ParsedBlock, depth = 0): StringValue | null {
    if (!node || depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'parenthesized_expression':
        return this.string(node.namedChildren[0], parsed, depth + 1);
      case 'string':
      case 'encapsed_string': {
        // "status_$x" is not a constant
        if (node.namedChildren.some((c) => c !== null && c.type !== 'string_content' && c.type !== 'escape_sequence'))
          return null;
        const value = stringValue(node);
        return value === null ? null : { value, node, parsed, literal: true };
      }
      case 'class_constant_access_expression': {
        const d = this.constant(node);
        if (!d?.value) return null;
        const v = this.string(d.value, d.parsed, depth + 1);
        if (!v) return null;
        // a constant's literal is where a fix edits it; an enum case is named where it is used
        return d.enumCase || !v.literal ? { ...v, node, parsed, literal: false } : v;
      }
      case 'member_access_expression': {
        // Status::Accepted->value
        const object = node.childForFieldName('object');
        if (node.childForFieldName('name')?.text === 'value' && object?.type === 'class_constant_access_expression')
          return this.string(object, parsed, depth + 1);
        return null;
      }
      case 'variable_name': {
        const rhs = soleAssignment(node.text, node);
        return rhs ? this.string(rhs, parsed, depth + 1) : null;
      }
      default:
        return null;
    }
  }

  /**
   * The strings a list stands for: `['accepted', 'duplicate']`, a constant or variable holding one, `collect([...])`.
   */
  strings(node: Node | null | undefined, parsed: ParsedBlock, depth = 0): StringValue[] | null {
    if (!node || depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'parenthesized_expression':
        return this.strings(node.namedChildren[0], parsed, depth + 1);
      case 'array_creation_expression': {
        const out: StringValue[] = [];
        for (const el of node.namedChildren) {
          if (!el || el.type === 'comment') continue;
          const parts = el.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
          // a keyed element or a spread: not a plain list of values
          if (el.type !== 'array_element_initializer' || parts.length !== 1) return null;
          const v = this.string(parts[0], parsed, depth + 1);
          if (!v) return null;
          out.push(v);
        }
        return out;
      }
      case 'class_constant_access_expression': {
        const d = this.constant(node);
        return d?.value ? this.strings(d.value, d.parsed, depth + 1) : null;
      }
      case 'variable_name': {
        const rhs = soleAssignment(node.text, node);
        return rhs ? this.strings(rhs, parsed, depth + 1) : null;
      }
      case 'function_call_expression': {
        if (node.childForFieldName('function')?.text.toLowerCase() !== 'collect') return null;
        const arg = node.childForFieldName('arguments')?.namedChildren.find((c) => c?.type === 'argument');
        return this.strings(arg?.namedChildren.at(-1), parsed, depth + 1);
      }
      default:
        return null;
    }
  }
}

function enclosingTypeName(node: Node): string | null {
  for (const a of ancestors(node)) {
    if (
      a.type === 'class_declaration' ||
      a.type === 'interface_declaration' ||
      a.type === 'trait_declaration' ||
      a.type === 'enum_declaration'
    )
      return a.childForFieldName('name')?.text ?? null;
  }
  return null;
}

const SCOPES = new Set([
  'method_declaration',
  'function_definition',
  'anonymous_function',
  'anonymous_function_creation_expression',
  'arrow_function',
]);

/** The function, method or closure whose body a node is in, or the block's root. */
export function phpScopeOf(node: Node): Node {
  let last = node;
  for (const a of ancestors(node)) {
    if (SCOPES.has(a.type)) return a;
    last = a;
  }
  return last;
}

/**
 * The expression a variable is given, when its scope assigns it exactly once and before `at`:
 * `$billable = in_array(…)`. Assigned twice, by reference, in a foreach or a list(): null. A
 * closure's `use ($x)` (or an arrow function) reads the enclosing scope's variable.
 */
export function soleAssignment(variable: string, at: Node, depth = 0): Node | null {
  if (depth > 4) return null;
  const scope = phpScopeOf(at);
  const found: Node[] = [];
  for (const n of descendants(scope)) {
    if (n.equals(scope)) continue;
    if (
      n.type === 'assignment_expression' ||
      n.type === 'augmented_assignment_expression' ||
      n.type === 'reference_assignment_expression'
    ) {
      const left = n.childForFieldName('left');
      if (left?.type === 'variable_name' && left.text === variable && phpScopeOf(n).equals(scope)) found.push(n);
      else if (
        left &&
        left.type !== 'variable_name' &&
        descendants(left).some((d) => d.type === 'variable_name' && d.text === variable) &&
        (left.type === 'list_literal' || left.type === 'array_creation_expression')
      )
        return null;
    } else if (n.type === 'foreach_statement' && phpScopeOf(n).equals(scope)) {
      const bound = n.namedChildren
        .slice(1)
        .filter((c): c is Node => c !== null && c.type !== 'compound_statement' && c.type !== 'colon_block');
      if (bound.some((b) => descendants(b).some((d) => d.type === 'variable_name' && d.text === variable))) return null;
    }
  }
  if (found.length === 0) {
    if (
      scope.type === 'arrow_function' ||
      scope.type === 'anonymous_function' ||
      scope.type === 'anonymous_function_creation_expression'
    ) {
      const params = scope.childForFieldName('parameters');
      if (params && descendants(params).some((d) => d.type === 'variable_name' && d.text === variable)) return null;
      if (scope.type !== 'arrow_function') {
        const use = scope.namedChildren.find((c) => c?.type === 'anonymous_function_use_clause');
        const captured = use?.namedChildren.some((c) => c?.type === 'variable_name' && c.text === variable);
        if (!captured) return null;
      }
      return soleAssignment(variable, scope, depth + 1);
    }
    return null;
  }
  const only = found[0] as Node;
  if (found.length !== 1 || only.type !== 'assignment_expression' || only.startIndex >= at.startIndex) return null;
  return only.childForFieldName('right');
}
