import type { Node } from 'web-tree-sitter';
import { isReadOnlyExcerpt } from './excerpt.js';
import { findModeDispatches, isModeExpression, modesAt, modesOfCondition, ROLES, type ModeRole } from './php-modes.js';
import type { Settings } from '../config/settings.js';
import { enclosingFunctions, phpBoolean, phpCall, phpCalls, type PhpCall } from '../code/php.js';
import { ancestors, descendants, isInside, stringValue } from '../code/syntax.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Runbook } from '../document/index.js';
import { PhpModel, type PhpFunction } from './php-model.js';
import { PerRunbook } from './memo.js';
import { identifierWords } from './names.js';
import { PhpValues, phpScopeOf, soleAssignment, type StringValue } from './php-values.js';

/**
 * What must hold of a result's status where a piece of code runs:
 * - `any`: nothing the analysis read restricts it (no status test on the way);
 * - `in` / `notIn`: the status is (is not) one of these values;
 * - `unknown`: something tests the status in a way the analysis cannot read — say nothing.
 * An `in` set is `inexact` when a test the analysis cannot read narrows it further: the status
 * is one of these values, not necessarily any of them.
 */
export type StatusFact =
  | { kind: 'any' }
  | { kind: 'unknown' }
  | { kind: 'in'; values: Map<string, StringValue>; inexact?: true }
  | { kind: 'notIn'; values: Map<string, StringValue> };

/** What a condition (or the guards around a node) says: the modes it admits (null: any) and the status. */
export interface GuardFacts {
  modes: Set<ModeRole> | null;
  status: StatusFact;
}

/** One level of a path to a node: the node itself, then each call that reaches the function it is in. */
export interface GuardLevel {
  node: Node;
  parsed: ParsedBlock;
  /** the modes this level runs in: its own guards and the mode switch around it (null: any) */
  modes: Set<ModeRole> | null;
  /** the modes its explicit guards admit: if conditions and early exits, not the switch arm it sits in */
  explicit: Set<ModeRole> | null;
  status: StatusFact;
  /** the call at this level (levels after the first) */
  call: PhpCall | null;
}

/** A way the code reaches a node, innermost level first, and what all its guards together say. */
export interface GuardPath {
  /**
   * The modes the node is guarded to: the node's own guards and mode switch, and the explicit
   * guards at the calls on the way (a helper is not ON-only just because the ON arm calls it)
   */
  modes: Set<ModeRole> | null;
  /** the modes the node can run in, counting the mode switch arms the calls sit in */
  reach: Set<ModeRole> | null;
  status: StatusFact;
  levels: GuardLevel[];
}

const ANY: StatusFact = { kind: 'any' };
const UNKNOWN: StatusFact = { kind: 'unknown' };
const TOP: GuardFacts = { modes: null, status: ANY };

/** Words that make a boolean name (a method, a flag) read as a status test: isAccepted(), $billable. */
const STATUS_WORDS = new Set([
  'status',
  'accepted',
  'accept',
  'duplicate',
  'duplicated',
  'billable',
  'chargeable',
  'countable',
  'counted',
  'counts',
  'success',
  'successful',
  'succeeded',
  'delivered',
]);
const EXIT_TYPES = new Set(['return_statement', 'continue_statement', 'break_statement', 'exit_statement']);
const STATEMENT_LISTS = new Set([
  'compound_statement',
  'program',
  'colon_block',
  'case_statement',
  'default_statement',
]);
const FUNCTION_BOUNDARIES = new Set(['method_declaration', 'function_definition']);
const MAX_HELPER_DEPTH = 3;
const MAX_CALL_DEPTH = 4;
const MAX_PATHS = 16;

interface Scope {
  /** variables (with `$`) known to hold a status: a helper's parameter given `$r['status']` */
  statusVars: Set<string>;
  /** `$this` is the status (a method of a status enum called on a status) */
  thisIsStatus: boolean;
  depth: number;
  visiting: Set<Node>;
}

const ROOT_SCOPE = (): Scope => ({ statusVars: new Set(), thisIsStatus: false, depth: 0, visiting: new Set() });

/**
 * Reads the guards around PHP code: which modes and which result statuses a condition admits
 * (`$mode === 'ON' && in_array($r['status'], ['accepted', 'duplicate'], true)`, `===` joined by
 * ||, a negation, a switch or match on the status, a helper such as `->isBillable()` the runbook
 * defines, a local variable, a class constant or enum case), the early `continue` / `return`
 * before a node that excludes other modes or statuses, and the guards at the places that call
 * the function a node is in (through the PHP model).
 */
export class PhpGuards {
  private readonly callerMemo = new Map<Node, { call: PhpCall; parsed: ParsedBlock }[]>();
  private readonly blocks: ParsedBlock[];

  private static readonly memo = new PerRunbook<Settings, PhpGuards>();

  private constructor(
    private readonly settings: Settings,
    readonly model: PhpModel,
    readonly values: PhpValues,
    code: CodeIndex,
    runbook: Runbook,
  ) {
    this.blocks = code.blocks('php').filter((p) => !isReadOnlyExcerpt(p.block, runbook));
  }

  static of(code: CodeIndex, runbook: Runbook, settings: Settings): PhpGuards {
    return PhpGuards.memo.get(
      code,
      settings,
      () => new PhpGuards(settings, PhpModel.of(code, runbook, settings), PhpValues.of(code, runbook), code, runbook),
    );
  }

  // ---- conditions ------------------------------------------------------------------------

  /** What a condition says when it is true (`positive`) or false. */
  condition(
    cond: Node | null | undefined,
    positive: boolean,
    parsed: ParsedBlock,
    scope: Scope = ROOT_SCOPE(),
  ): GuardFacts {
    if (!cond) return TOP;
    const n = unparen(cond);
    if (n.type === 'unary_op_expression' && firstToken(n) === '!')
      return this.condition(n.namedChildren.at(-1), !positive, parsed, scope);
    if (n.type === 'binary_expression') {
      const op = operator(n);
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (op === '&&' || op === 'and' || op === '||' || op === 'or') {
        const l = this.condition(left, positive, parsed, scope);
        const r = this.condition(right, positive, parsed, scope);
        const conj = op === '&&' || op === 'and';
        // not (a and b) = not a or not b
        return conj === positive ? meet(l, r) : join(l, r);
      }
      if (op === '===' || op === '==' || op === '!==' || op === '!=' || op === '<>')
        return this.comparison(n, op, left, right, positive, parsed, scope);
    }
    return this.atom(n, positive, parsed, scope);
  }

  private comparison(
    n: Node,
    op: string,
    left: Node | null,
    right: Node | null,
    positive: boolean,
    parsed: ParsedBlock,
    scope: Scope,
  ): GuardFacts {
    if (!left || !right) return TOP;
    const equal = (op === '===' || op === '==') === positive;
    // `$r->isAccepted() === true`, `$billable == false`
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      const bool = phpBoolean(b);
      if (bool !== null) return this.condition(a, bool === equal, parsed, scope);
    }
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      if (isModeExpression(a)) {
        const role = this.roleOf(b, parsed);
        if (!role) return TOP;
        return { modes: equal ? new Set([role]) : new Set(ROLES.filter((r) => r !== role)), status: ANY };
      }
    }
    for (const [a, b] of [
      [left, right],
      [right, left],
    ] as const) {
      if (this.isStatusSubject(a, scope)) {
        const v = this.values.string(b, parsed);
        if (!v) return { modes: null, status: UNKNOWN };
        const values = new Map([[v.value, v]]);
        return { modes: null, status: equal ? { kind: 'in', values } : { kind: 'notIn', values } };
      }
    }
    return this.mentionsStatus(n, scope) ? { modes: null, status: UNKNOWN } : TOP;
  }

  /** A leaf of a condition: in_array, a call of a helper, a variable, a match on the status. */
  private atom(n: Node, positive: boolean, parsed: ParsedBlock, scope: Scope): GuardFacts {
    const call = phpCall(n);
    if (call) {
      if (call.kind === 'function' && call.name.toLowerCase() === 'in_array') {
        const needle = call.args[0]?.value;
        const hay = call.args[1]?.value;
        if (isModeExpression(needle)) {
          const modes = this.modesOfIn(n, parsed);
          if (!modes) return TOP;
          return { modes: positive ? modes : new Set(ROLES.filter((r) => !modes.has(r))), status: ANY };
        }
        if (this.isStatusSubject(needle, scope))
          return { modes: null, status: this.membership(this.values.strings(hay, parsed), positive) };
      }
      // collect(['accepted', 'duplicate'])->contains($r['status'])
      if (
        call.kind === 'member' &&
        ['contains', 'containsstrict'].includes(call.name.toLowerCase()) &&
        call.args.length === 1 &&
        this.isStatusSubject(call.args[0]?.value, scope)
      ) {
        const list = call.object ? this.values.strings(call.object, parsed) : null;
        return { modes: null, status: this.membership(list, positive) };
      }
      const helper = this.helperFor(call);
      if (helper) {
        const facts = this.helper(helper, call, positive, scope);
        if (facts) return facts;
      }
      return this.mentionsStatus(n, scope) || hasStatusWord(call.name) ? { modes: null, status: UNKNOWN } : TOP;
    }
    if (n.type === 'variable_name') {
      const rhs = scope.depth <= MAX_HELPER_DEPTH ? soleAssignment(n.text, n) : null;
      if (rhs && !scope.visiting.has(rhs)) {
        scope.visiting.add(rhs);
        const facts = this.condition(rhs, positive, parsed, { ...scope, depth: scope.depth + 1 });
        scope.visiting.delete(rhs);
        return facts;
      }
      return hasStatusWord(n.text) || this.isStatusSubject(n, scope) ? { modes: null, status: UNKNOWN } : TOP;
    }
    if (n.type === 'match_expression')
      return (
        this.matchCondition(n, positive, parsed, scope) ??
        (this.mentionsStatus(n, scope) ? { modes: null, status: UNKNOWN } : TOP)
      );
    if (phpBoolean(n) !== null) return TOP;
    return this.mentionsStatus(n, scope) ? { modes: null, status: UNKNOWN } : TOP;
  }

  private membership(list: StringValue[] | null, positive: boolean): StatusFact {
    if (!list) return UNKNOWN;
    const values = new Map(list.map((v) => [v.value, v] as const));
    return positive ? { kind: 'in', values } : { kind: 'notIn', values };
  }

  /** in_array($mode, [...]) with modes written as literals or constants. */
  private modesOfIn(n: Node, parsed: ParsedBlock): Set<ModeRole> | null {
    const literal = modesOfCondition(n, this.settings);
    if (literal && literal.size > 0) return literal;
    const call = phpCall(n);
    const list = this.values.strings(call?.args[1]?.value, parsed);
    if (!list) return null;
    const out = new Set<ModeRole>();
    for (const v of list) {
      const role = ROLES.find((r) => this.settings.modes[r].toLowerCase() === v.value.trim().toLowerCase());
      if (role) out.add(role);
    }
    return out;
  }

  private roleOf(node: Node, parsed: ParsedBlock): ModeRole | null {
    const v = this.values.string(node, parsed);
    if (!v) return null;
    return ROLES.find((r) => this.settings.modes[r].toLowerCase() === v.value.trim().toLowerCase()) ?? null;
  }

  /** The function a call in a condition runs: resolved by the model, else the one method of that name. */
  private helperFor(call: PhpCall): PhpFunction | null {
    const resolved = this.model.resolve(call);
    if (resolved) return resolved;
    if (call.kind !== 'member') return null;
    const methods = this.model.functionsNamed(call.name).filter((f) => f.kind === 'method');
    return methods.length === 1 ? (methods[0] as PhpFunction) : null;
  }

  /**
   * A helper used as a condition: what its one `return` says, with its parameters bound to
   * what the call passes (a parameter given `$r['status']` is a status) and, in a status
   * enum, `$this` as the status. Null when the body is not one readable return.
   */
  private helper(fn: PhpFunction, call: PhpCall, positive: boolean, scope: Scope): GuardFacts | null {
    if (!fn.body || scope.depth >= MAX_HELPER_DEPTH || scope.visiting.has(fn.node)) return null;
    let expr: Node | null;
    if (fn.node.type === 'arrow_function') expr = fn.body;
    else {
      const returns = descendants(fn.body).filter(
        (d) => d.type === 'return_statement' && phpScopeOf(d).equals(fn.node),
      );
      if (returns.length !== 1) return null;
      expr = (returns[0] as Node).namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
    }
    if (!expr) return null;
    const statusVars = new Set<string>();
    const positional = call.args.filter((a) => !a.label);
    for (const p of fn.params) {
      const given = call.args.find((a) => a.label === p.name) ?? positional[p.position];
      if (given && this.isStatusSubject(given.value, scope)) statusVars.add(`$${p.name}`);
    }
    const thisIsStatus =
      this.model.isEnumMethod(fn) && (call.kind === 'member' ? this.isStatusSubject(call.object, scope) : false);
    const inner: Scope = { statusVars, thisIsStatus, depth: scope.depth + 1, visiting: scope.visiting };
    scope.visiting.add(fn.node);
    const facts =
      expr.type === 'match_expression'
        ? this.matchCondition(expr, positive, fn.parsed, inner)
        : this.condition(expr, positive, fn.parsed, inner);
    scope.visiting.delete(fn.node);
    return facts;
  }

  /**
   * `match ($status) { 'accepted', 'duplicate' => true, default => false }` as a condition:
   * the arms that give true. Null when an arm gives something other than a boolean.
   */
  private matchCondition(m: Node, positive: boolean, parsed: ParsedBlock, scope: Scope): GuardFacts | null {
    const subject = m.childForFieldName('condition');
    if (!this.isStatusSubject(subject, scope)) return null;
    const yes: StringValue[] = [];
    const no: StringValue[] = [];
    let fallback: boolean | null = null;
    for (const arm of m.childForFieldName('body')?.namedChildren ?? []) {
      if (!arm || arm.type === 'comment') continue;
      const result = phpBoolean(arm.childForFieldName('return_expression'));
      if (result === null) return null;
      if (arm.type === 'match_default_expression') {
        fallback = result;
        continue;
      }
      for (const lit of arm.childForFieldName('conditional_expressions')?.namedChildren ?? []) {
        if (!lit || lit.type === 'comment') continue;
        const v = this.values.string(lit, parsed);
        if (!v) return { modes: null, status: UNKNOWN };
        (result ? yes : no).push(v);
      }
    }
    const map = (xs: StringValue[]): Map<string, StringValue> => new Map(xs.map((v) => [v.value, v] as const));
    // true for the arms listed (no default: any other status throws) …
    if (fallback !== true)
      return {
        modes: null,
        status: positive
          ? { kind: 'in', values: map(yes) }
          : fallback === false
            ? { kind: 'notIn', values: map(yes) }
            : { kind: 'in', values: map(no) },
      };
    // … or true for everything but the arms that give false
    return { modes: null, status: positive ? { kind: 'notIn', values: map(no) } : { kind: 'in', values: map(no) } };
  }

  /**
   * An expression that holds a result's status: `$r['status']`, `$r->status`, `$r->getStatus()`,
   * `$status`, `$r['status'] ?? ''`, `strtolower(…)`, `$r->status->value`, a variable assigned one.
   */
  isStatusSubject(node: Node | null | undefined, scope: Scope = ROOT_SCOPE(), depth = 0): boolean {
    if (!node || depth > 6) return false;
    const n = unparen(node);
    switch (n.type) {
      case 'cast_expression':
        return this.isStatusSubject(n.childForFieldName('value'), scope, depth + 1);
      case 'binary_expression': {
        const op = operator(n);
        return (op === '??' || op === '?:') && this.isStatusSubject(n.childForFieldName('left'), scope, depth + 1);
      }
      case 'conditional_expression':
        // $r['status'] ?: ''
        return !n.childForFieldName('body') && this.isStatusSubject(n.childForFieldName('condition'), scope, depth + 1);
      case 'subscript_expression': {
        const key = stringValue(n.namedChildren[1]);
        return key !== null && identifierWords(key).includes('status');
      }
      case 'member_access_expression':
      case 'nullsafe_member_access_expression': {
        const name = n.childForFieldName('name')?.text ?? '';
        if (name === 'value') return this.isStatusSubject(n.childForFieldName('object'), scope, depth + 1);
        return identifierWords(name).includes('status');
      }
      case 'member_call_expression':
      case 'nullsafe_member_call_expression': {
        const c = phpCall(n);
        return !!c && c.args.length === 0 && identifierWords(c.name).includes('status');
      }
      case 'function_call_expression': {
        const c = phpCall(n);
        if (!c) return false;
        if (['strtolower', 'strtoupper', 'trim', 'strval', 'mb_strtolower'].includes(c.name.toLowerCase()))
          return this.isStatusSubject(c.args[0]?.value, scope, depth + 1);
        return false;
      }
      case 'variable_name': {
        if (n.text === '$this') return scope.thisIsStatus;
        if (scope.statusVars.has(n.text) || identifierWords(n.text).includes('status')) return true;
        const rhs = soleAssignment(n.text, n);
        return !!rhs && this.isStatusSubject(rhs, scope, depth + 1);
      }
      default:
        return false;
    }
  }

  private mentionsStatus(n: Node, scope: Scope): boolean {
    for (const d of descendants(n)) {
      if (
        (d.type === 'subscript_expression' ||
          d.type === 'member_access_expression' ||
          d.type === 'variable_name' ||
          d.type === 'member_call_expression') &&
        this.isStatusSubject(d, scope)
      )
        return true;
    }
    return false;
  }

  // ---- where a node runs -----------------------------------------------------------------

  /**
   * The guards around a node inside its block, up to its function or method: the status that
   * if / elseif / else conditions, a ternary, `&&`, a switch or match on the status and early
   * exits before it admit; `modes`, the modes that early exits and if conditions on the way
   * leave (the mode switch itself is `modesAt`'s).
   */
  local(node: Node, parsed: ParsedBlock): GuardFacts {
    let status: StatusFact = ANY;
    let modes: Set<ModeRole> | null = null;
    const add = (f: GuardFacts, withModes: boolean): void => {
      status = andStatus(status, f.status);
      if (withModes) modes = meetModes(modes, f.modes);
    };
    let child = node;
    for (const a of ancestors(node)) {
      if (FUNCTION_BOUNDARIES.has(a.type)) break;
      switch (a.type) {
        case 'if_statement':
          if (a.childForFieldName('body')?.equals(child))
            add(this.condition(a.childForFieldName('condition'), true, parsed), true);
          break;
        case 'else_if_clause': {
          if (!a.childForFieldName('body')?.equals(child)) break;
          add(this.condition(a.childForFieldName('condition'), true, parsed), true);
          for (const prior of priorConditions(a)) add(this.condition(prior, false, parsed), false);
          break;
        }
        case 'else_clause': {
          if (!a.childForFieldName('body')?.equals(child)) break;
          for (const prior of priorConditions(a)) add(this.condition(prior, false, parsed), false);
          break;
        }
        case 'conditional_expression': {
          const cond = a.childForFieldName('condition');
          if (a.childForFieldName('body')?.equals(child)) add(this.condition(cond, true, parsed), true);
          else if (a.childForFieldName('alternative')?.equals(child)) add(this.condition(cond, false, parsed), false);
          break;
        }
        case 'binary_expression': {
          const op = operator(a);
          if (!a.childForFieldName('right')?.equals(child)) break;
          if (op === '&&' || op === 'and') add(this.condition(a.childForFieldName('left'), true, parsed), true);
          else if (op === '||' || op === 'or') add(this.condition(a.childForFieldName('left'), false, parsed), true);
          break;
        }
        case 'match_conditional_expression':
        case 'match_default_expression':
          if (a.childForFieldName('return_expression')?.equals(child))
            add({ modes: null, status: this.matchArm(a, parsed) }, false);
          break;
        default:
          break;
      }
      if (
        (a.type === 'case_statement' || a.type === 'default_statement') &&
        !child.equals(a.childForFieldName('value') ?? a)
      )
        add({ modes: null, status: this.switchCase(a, parsed) }, false);
      if (STATEMENT_LISTS.has(a.type)) {
        // if (…) { continue; } before the node: past it, the condition is false
        for (const s of a.namedChildren) {
          if (!s || s.startIndex >= child.startIndex) break;
          if (s.type !== 'if_statement') continue;
          const body = s.childForFieldName('body');
          if (body && alwaysExits(body)) add(this.condition(s.childForFieldName('condition'), false, parsed), true);
        }
      }
      child = a;
    }
    return { modes, status };
  }

  /** The status a case of a `switch ($r['status'])` runs for, falling through from the cases before it. */
  private switchCase(c: Node, parsed: ParsedBlock): StatusFact {
    const block = c.parent;
    const sw = block?.parent;
    if (sw?.type !== 'switch_statement' || !this.isStatusSubject(sw.childForFieldName('condition'))) return ANY;
    const cases = (block?.namedChildren ?? []).filter(
      (x): x is Node => x !== null && (x.type === 'case_statement' || x.type === 'default_statement'),
    );
    const at = cases.findIndex((x) => x.equals(c));
    const chain = [c];
    for (let j = at - 1; j >= 0; j--) {
      const prev = cases[j] as Node;
      const stmts = prev.namedChildren.filter(
        (x): x is Node => x !== null && x.type !== 'comment' && !x.equals(prev.childForFieldName('value') ?? prev),
      );
      if (stmts.length > 0 && alwaysExits(stmts.at(-1) as Node)) break;
      chain.unshift(prev);
    }
    const label = (x: Node): StringValue | null => this.values.string(x.childForFieldName('value'), parsed);
    if (chain.some((x) => x.type === 'default_statement')) {
      const others: StringValue[] = [];
      for (const x of cases) {
        if (x.type !== 'case_statement' || chain.some((y) => y.equals(x))) continue;
        const v = label(x);
        if (!v) return UNKNOWN;
        others.push(v);
      }
      return { kind: 'notIn', values: new Map(others.map((v) => [v.value, v] as const)) };
    }
    const values: StringValue[] = [];
    for (const x of chain) {
      const v = label(x);
      if (!v) return UNKNOWN;
      values.push(v);
    }
    return { kind: 'in', values: new Map(values.map((v) => [v.value, v] as const)) };
  }

  /** The status an arm of a `match ($r['status'])` runs for. */
  private matchArm(arm: Node, parsed: ParsedBlock): StatusFact {
    const m = arm.parent?.parent;
    if (m?.type !== 'match_expression' || !this.isStatusSubject(m.childForFieldName('condition'))) return ANY;
    const valuesOf = (a: Node): StringValue[] | null => {
      const out: StringValue[] = [];
      for (const lit of a.childForFieldName('conditional_expressions')?.namedChildren ?? []) {
        if (!lit || lit.type === 'comment') continue;
        const v = this.values.string(lit, parsed);
        if (!v) return null;
        out.push(v);
      }
      return out;
    };
    if (arm.type === 'match_conditional_expression') {
      const vs = valuesOf(arm);
      return vs ? { kind: 'in', values: new Map(vs.map((v) => [v.value, v] as const)) } : UNKNOWN;
    }
    const others: StringValue[] = [];
    for (const a of arm.parent?.namedChildren ?? []) {
      if (a?.type !== 'match_conditional_expression') continue;
      const vs = valuesOf(a);
      if (!vs) return UNKNOWN;
      others.push(...vs);
    }
    return { kind: 'notIn', values: new Map(others.map((v) => [v.value, v] as const)) };
  }

  /**
   * Every way the code reaches a node: its own guards (with the mode switch around it), and,
   * when it sits in a function the runbook calls, the guards at each call, followed outwards
   * through callers (bounded depth, cycles cut). A function nobody calls is judged on its own.
   */
  paths(node: Node, parsed: ParsedBlock): GuardPath[] {
    return this.pathsAt(node, parsed, 0, new Set());
  }

  private pathsAt(
    node: Node,
    parsed: ParsedBlock,
    depth: number,
    visiting: Set<Node>,
    call: PhpCall | null = null,
  ): GuardPath[] {
    const own = this.local(node, parsed);
    const modes = meetModes(modesAt(node, this.settings, findModeDispatches(parsed.root, this.settings)), own.modes);
    const level: GuardLevel = { node, parsed, modes, explicit: own.modes, status: own.status, call };
    const alone: GuardPath[] = [{ modes, reach: modes, status: own.status, levels: [level] }];
    const fn = this.functionAround(node);
    if (!fn || depth >= MAX_CALL_DEPTH || visiting.has(fn.node)) return alone;
    const callers = this.callers(fn);
    if (callers.length === 0) return alone;
    const out: GuardPath[] = [];
    visiting.add(fn.node);
    for (const c of callers) {
      for (const p of this.pathsAt(c.call.node, c.parsed, depth + 1, visiting, c.call)) {
        // the guards at the call: explicit ones guard; the switch arm it is in only says where it runs
        const explicit = p.levels.reduce<Set<ModeRole> | null>((acc, l) => meetModes(acc, l.explicit), null);
        out.push({
          modes: meetModes(modes, explicit),
          reach: meetModes(modes, p.reach),
          status: andStatus(own.status, p.status),
          levels: [level, ...p.levels],
        });
        if (out.length >= MAX_PATHS) break;
      }
      if (out.length >= MAX_PATHS) break;
    }
    visiting.delete(fn.node);
    return out;
  }

  /** The innermost function, method or bound closure the model indexes that contains a node. */
  functionAround(node: Node): PhpFunction | null {
    for (const f of enclosingFunctions(node)) {
      const fn = this.model.functionOf(f);
      if (fn) return fn;
    }
    return null;
  }

  /** The calls the runbook makes to a function (resolved by the model), in every block that is not an excerpt. */
  callers(fn: PhpFunction): { call: PhpCall; parsed: ParsedBlock }[] {
    const cached = this.callerMemo.get(fn.node);
    if (cached) return cached;
    const out: { call: PhpCall; parsed: ParsedBlock }[] = [];
    const name = fn.name.toLowerCase();
    for (const parsed of this.blocks) {
      for (const call of phpCalls(parsed.root)) {
        if (call.name.replace(/^\$/, '').toLowerCase() !== name || isInside(call.node, fn.node)) continue;
        if (this.model.resolve(call)?.node.equals(fn.node)) out.push({ call, parsed });
      }
    }
    this.callerMemo.set(fn.node, out);
    return out;
  }

  /**
   * A closure's condition: `fn ($r) => …` or `function ($r) { return …; }`, null when it is not one readable return.
   */
  closureCondition(closure: Node, positive: boolean, parsed: ParsedBlock): GuardFacts | null {
    let expr: Node | null = null;
    if (closure.type === 'arrow_function') expr = closure.childForFieldName('body');
    else {
      const body = closure.childForFieldName('body');
      const returns = body
        ? descendants(body).filter((d) => d.type === 'return_statement' && phpScopeOf(d).equals(closure))
        : [];
      if (returns.length !== 1) return null;
      expr = (returns[0] as Node).namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
    }
    return expr ? this.condition(expr, positive, parsed) : null;
  }
}

// ---- the algebra -----------------------------------------------------------------------------

export function andStatus(a: StatusFact, b: StatusFact): StatusFact {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  if (a.kind === 'unknown' && b.kind === 'unknown') return UNKNOWN;
  // "in these, and something unreadable": still in these, perhaps fewer
  if (a.kind === 'unknown') return b.kind === 'in' ? { kind: 'in', values: b.values, inexact: true } : UNKNOWN;
  if (b.kind === 'unknown') return andStatus(b, a);
  if (a.kind === 'in' && b.kind === 'in')
    return inSet(new Map([...a.values].filter(([k]) => b.values.has(k))), !!(a.inexact || b.inexact));
  if (a.kind === 'in' && b.kind === 'notIn')
    return inSet(new Map([...a.values].filter(([k]) => !b.values.has(k))), !!a.inexact);
  if (a.kind === 'notIn' && b.kind === 'in') return andStatus(b, a);
  return { kind: 'notIn', values: new Map([...a.values, ...b.values]) };
}

function inSet(values: Map<string, StringValue>, inexact: boolean): StatusFact {
  return inexact ? { kind: 'in', values, inexact: true } : { kind: 'in', values };
}

export function orStatus(a: StatusFact, b: StatusFact): StatusFact {
  if (a.kind === 'any' && b.kind === 'any') return ANY;
  // "status is accepted, or something else entirely": nothing the analysis can count on
  if (a.kind === 'any' || b.kind === 'any' || a.kind === 'unknown' || b.kind === 'unknown') return UNKNOWN;
  if (a.kind === 'in' && b.kind === 'in') return inSet(new Map([...a.values, ...b.values]), !!(a.inexact || b.inexact));
  if (a.kind === 'in' && b.kind === 'notIn')
    return { kind: 'notIn', values: new Map([...b.values].filter(([k]) => !a.values.has(k))) };
  if (a.kind === 'notIn' && b.kind === 'in') return orStatus(b, a);
  return { kind: 'notIn', values: new Map([...a.values].filter(([k]) => b.values.has(k))) };
}

export function meetModes(a: Set<ModeRole> | null, b: Set<ModeRole> | null): Set<ModeRole> | null {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((r) => b.has(r)));
}

function joinModes(a: Set<ModeRole> | null, b: Set<ModeRole> | null): Set<ModeRole> | null {
  return a && b ? new Set([...a, ...b]) : null;
}

function meet(a: GuardFacts, b: GuardFacts): GuardFacts {
  return { modes: meetModes(a.modes, b.modes), status: andStatus(a.status, b.status) };
}

function join(a: GuardFacts, b: GuardFacts): GuardFacts {
  return { modes: joinModes(a.modes, b.modes), status: orStatus(a.status, b.status) };
}

// ---- syntax helpers --------------------------------------------------------------------------

function unparen(n: Node): Node {
  let cur = n;
  while (cur.type === 'parenthesized_expression' && cur.namedChildren[0]) cur = cur.namedChildren[0] as Node;
  return cur;
}

function operator(n: Node): string {
  return (
    n.childForFieldName('operator')?.text ??
    n.children.find((c) => c !== null && !c.isNamed)?.text ??
    ''
  ).toLowerCase();
}

function firstToken(n: Node): string {
  return n.children.find((c) => c !== null && !c.isNamed)?.text ?? '';
}

function hasStatusWord(name: string): boolean {
  return identifierWords(name).some((w) => STATUS_WORDS.has(w));
}

/** The conditions of the if and elseif clauses before an elseif or else clause. */
function priorConditions(clause: Node): Node[] {
  const ifs = clause.parent;
  if (ifs?.type !== 'if_statement') return [];
  const out: Node[] = [];
  const first = ifs.childForFieldName('condition');
  if (first) out.push(first);
  for (const alt of ifs.childrenForFieldName('alternative')) {
    if (!alt || alt.startIndex >= clause.startIndex) break;
    if (alt.type === 'else_if_clause') {
      const c = alt.childForFieldName('condition');
      if (c) out.push(c);
    }
  }
  return out;
}

/** A statement that never falls through: return, continue, break, throw, exit, or a block ending in one. */
export function alwaysExits(stmt: Node): boolean {
  if (EXIT_TYPES.has(stmt.type)) return true;
  if (stmt.type === 'expression_statement') return stmt.namedChildren[0]?.type === 'throw_expression';
  if (stmt.type === 'compound_statement' || stmt.type === 'colon_block') {
    const last = stmt.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment').at(-1);
    return !!last && alwaysExits(last);
  }
  return false;
}
