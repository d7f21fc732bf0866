import type { Node } from 'web-tree-sitter';
import type { Settings } from '../config/settings.js';
import { ofType, stringValue } from '../code/syntax.js';

export type ModeRole = 'off' | 'shadow' | 'on';
export const ROLES: readonly ModeRole[] = ['off', 'shadow', 'on'];

export interface ModeBranch {
  role: ModeRole;
  /** the statements (or expression) that run in this mode */
  body: Node;
  /** where the branch is named: the case label, the match arm, the if condition */
  label: Node;
  /**
   * The cases a switch case runs on into because it does not end in break, return, throw or
   * continue (`case 'SHADOW': …` with its break lost runs the ON case too); empty otherwise.
   */
  fallsInto?: Node[];
}

export interface ModeDispatch {
  node: Node;
  kind: 'switch' | 'match' | 'if';
  branches: ModeBranch[];
}

/**
 * The role a mode value names: a string literal ('SHADOW' → shadow), or an enum case whose name
 * is the mode's (`SmsMode::Shadow`, `Mode::ON`), as runbooks with `enum SmsMode: string` write it.
 */
export function roleOfLiteral(node: Node | null | undefined, settings: Settings): ModeRole | null {
  if (node?.type === 'class_constant_access_expression') {
    const name = node.namedChildren.at(-1)?.text ?? '';
    for (const role of ROLES) if (settings.modes[role].toLowerCase() === name.toLowerCase()) return role;
    return null;
  }
  const v = stringValue(node);
  if (v === null) return null;
  for (const role of ROLES) if (settings.modes[role].toLowerCase() === v.trim().toLowerCase()) return role;
  return null;
}

/** `$mode`, `$this->mode`, `$executionMode`, `FeatureFlag::modeFor($t)`. */
export function isModeExpression(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'parenthesized_expression') return isModeExpression(node.namedChildren[0]);
  return (
    [
      'variable_name',
      'member_access_expression',
      'scoped_call_expression',
      'member_call_expression',
      'function_call_expression',
    ].includes(node.type) && /mode/i.test(node.text)
  );
}

/**
 * The modes a condition admits, when it is made of comparisons of the mode with literals
 * (`$mode === 'ON'`, `'ON' == $mode`, `in_array($mode, ['ON'])`, joined by || or &&).
 * Null when the condition says nothing about the mode.
 */
export function modesOfCondition(cond: Node | null | undefined, settings: Settings): Set<ModeRole> | null {
  if (!cond) return null;
  if (cond.type === 'parenthesized_expression') return modesOfCondition(cond.namedChildren[0], settings);
  if (cond.type === 'binary_expression') {
    const op = cond.childForFieldName('operator')?.text ?? cond.children.find((c) => c && !c.isNamed)?.text ?? '';
    const left = cond.childForFieldName('left');
    const right = cond.childForFieldName('right');
    if (op === '===' || op === '==' || op === '!==' || op === '!=') {
      const role = isModeExpression(left)
        ? roleOfLiteral(right, settings)
        : isModeExpression(right)
          ? roleOfLiteral(left, settings)
          : null;
      if (!role) return null;
      return op.startsWith('!') ? new Set(ROLES.filter((r) => r !== role)) : new Set([role]);
    }
    const l = modesOfCondition(left, settings);
    const r = modesOfCondition(right, settings);
    if (op === '||' || op === 'or') return l && r ? new Set([...l, ...r]) : null;
    if (op === '&&' || op === 'and') {
      if (l && r) return new Set([...l].filter((x) => r.has(x)));
      return l ?? r;
    }
    return null;
  }
  if (cond.type === 'function_call_expression' && cond.childForFieldName('function')?.text === 'in_array') {
    const args = cond.childForFieldName('arguments')?.namedChildren.filter((a): a is Node => a !== null) ?? [];
    const needle = args[0]?.namedChildren.at(-1);
    const hay = args[1]?.namedChildren.at(-1);
    if (!isModeExpression(needle) || hay?.type !== 'array_creation_expression') return null;
    const roles = new Set<ModeRole>();
    for (const el of hay.namedChildren) {
      const role = roleOfLiteral(el?.namedChildren[0], settings);
      if (role) roles.add(role);
    }
    return roles;
  }
  if (cond.type === 'unary_op_expression' && cond.text.trim().startsWith('!')) {
    const inner = modesOfCondition(cond.namedChildren.at(-1), settings);
    return inner ? new Set(ROLES.filter((r) => !inner.has(r))) : null;
  }
  return null;
}

const dispatchMemo = new WeakMap<Node, WeakMap<Settings, ModeDispatch[]>>();

/** Every switch, match or if/elseif chain that dispatches on the mode (memoized per block). */
export function findModeDispatches(root: Node, settings: Settings): ModeDispatch[] {
  const bySettings = dispatchMemo.get(root);
  const cached = bySettings?.get(settings);
  if (cached) return cached;
  const out: ModeDispatch[] = [];
  for (const n of ofType(root, 'switch_statement', 'match_expression', 'if_statement')) {
    const d = dispatchAt(n, settings);
    if (d) out.push(d);
  }
  if (root.parent === null) {
    const map = bySettings ?? new WeakMap<Settings, ModeDispatch[]>();
    map.set(settings, out);
    dispatchMemo.set(root, map);
  }
  return out;
}

const CASE_ENDS = new Set(['break_statement', 'return_statement', 'continue_statement', 'goto_statement']);

/** Whether a switch case's last statement leaves the switch (break, return, throw, continue, exit). */
function endsCase(c: Node): boolean {
  const statements = c.namedChildren.filter(
    (x): x is Node => x !== null && !x.equals(c.childForFieldName('value') ?? c),
  );
  const last = statements.filter((x) => x.type !== 'comment').at(-1);
  if (!last) return false;
  if (CASE_ENDS.has(last.type)) return true;
  const inner = last.type === 'expression_statement' ? last.namedChildren[0] : last;
  if (inner?.type === 'throw_expression' || inner?.type === 'exit_statement') return true;
  if (last.type === 'compound_statement') return endsCase(last);
  return (
    inner?.type === 'function_call_expression' &&
    /^(exit|die|abort)$/.test(inner.childForFieldName('function')?.text ?? '')
  );
}

function dispatchAt(n: Node, settings: Settings): ModeDispatch | null {
  if (n.type === 'switch_statement' && isModeExpression(n.childForFieldName('condition'))) {
    const branches: ModeBranch[] = [];
    const cases = (n.childForFieldName('body')?.namedChildren ?? []).filter(
      (c): c is Node => c?.type === 'case_statement' || c?.type === 'default_statement',
    );
    cases.forEach((c, i) => {
      if (c.type !== 'case_statement') return;
      const role = roleOfLiteral(c.childForFieldName('value'), settings);
      if (!role) return;
      const fallsInto: Node[] = [];
      for (let k = i; k < cases.length - 1 && !endsCase(cases[k] as Node); k++) fallsInto.push(cases[k + 1] as Node);
      branches.push({ role, body: c, label: c.childForFieldName('value') ?? c, fallsInto });
    });
    return branches.length > 0 ? { node: n, kind: 'switch', branches } : null;
  }
  if (n.type === 'match_expression' && isModeExpression(n.childForFieldName('condition'))) {
    const branches: ModeBranch[] = [];
    for (const arm of n.childForFieldName('body')?.namedChildren ?? []) {
      if (arm?.type !== 'match_conditional_expression') continue;
      const body = arm.childForFieldName('return_expression');
      const list = arm.childForFieldName('conditional_expressions');
      for (const lit of list?.namedChildren ?? []) {
        const role = roleOfLiteral(lit, settings);
        if (role && body && lit) branches.push({ role, body, label: lit });
      }
    }
    return branches.length > 0 ? { node: n, kind: 'match', branches } : null;
  }
  if (n.type === 'if_statement' && n.parent?.type !== 'else_clause') {
    const branches = ifChain(n, settings);
    return branches && branches.length > 0 ? { node: n, kind: 'if', branches } : null;
  }
  return null;
}

/** Branches of `if (mode…) {} elseif (mode…) {} else {}`; the else takes the modes left over. */
function ifChain(first: Node, settings: Settings): ModeBranch[] | null {
  const branches: ModeBranch[] = [];
  const covered = new Set<ModeRole>();
  let sawMode = false;
  let cur: Node | null = first;
  while (cur) {
    const cond = cur.childForFieldName('condition');
    const roles = modesOfCondition(cond, settings);
    const body = cur.childForFieldName('body');
    if (roles && body && cond) {
      sawMode = true;
      for (const role of roles) {
        branches.push({ role, body, label: cond });
        covered.add(role);
      }
    } else if (cur !== first || !roles) {
      if (!sawMode) return null;
    }
    let next: Node | null = null;
    for (const alt of cur.type === 'if_statement' ? cur.childrenForFieldName('alternative') : []) {
      if (!alt) continue;
      if (alt.type === 'else_if_clause') {
        const c = alt.childForFieldName('condition');
        const r = modesOfCondition(c, settings);
        const b = alt.childForFieldName('body');
        if (r && b && c) {
          sawMode = true;
          for (const role of r) {
            branches.push({ role, body: b, label: c });
            covered.add(role);
          }
        }
      } else if (alt.type === 'else_clause') {
        const b = alt.childForFieldName('body');
        if (b?.type === 'if_statement') next = b;
        else if (b && sawMode) {
          const left = ROLES.filter((r) => !covered.has(r));
          if (left.length === 1) branches.push({ role: left[0] as ModeRole, body: b, label: alt });
        }
      }
    }
    cur = next;
  }
  return sawMode ? branches : null;
}

/**
 * The modes under which a node runs, as far as the enclosing guards say (if conditions,
 * switch cases, match arms on the mode); null when nothing constrains it.
 */
export function modesAt(node: Node, settings: Settings, dispatches: ModeDispatch[]): Set<ModeRole> | null {
  let result: Set<ModeRole> | null = null;
  const narrow = (roles: Set<ModeRole>): void => {
    result = result ? new Set([...result].filter((r) => roles.has(r))) : new Set(roles);
  };
  for (const d of dispatches) {
    if (node.startIndex < d.node.startIndex || node.endIndex > d.node.endIndex) continue;
    const roles = new Set<ModeRole>();
    for (const b of d.branches)
      if (node.startIndex >= b.body.startIndex && node.endIndex <= b.body.endIndex) roles.add(b.role);
    if (roles.size > 0) narrow(roles);
  }
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const body = p.childForFieldName('body');
    if (!body || node.startIndex < body.startIndex || node.endIndex > body.endIndex) continue;
    if (dispatches.some((d) => d.node.equals(p))) continue;
    const roles = modesOfCondition(p.childForFieldName('condition'), settings);
    if (roles) narrow(roles);
  }
  return result;
}
