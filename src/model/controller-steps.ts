import type { Node } from 'web-tree-sitter';
import { phpCall } from '../code/php.js';
import { isInside, ofType } from '../code/syntax.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Settings } from '../config/settings.js';
import type { Nodes } from 'mdast';
import type { Runbook, Section } from '../document/index.js';
import { controllerClassName, controllerUnits, type ChangeEvidence, type ControllerUnit } from './controller-change.js';
import { calledFunctions } from './keyed-maps.js';
import { PhpModel } from './php-model.js';
import { findIdentifier } from '../text/identifiers.js';
import { findModeDispatches, isModeExpression, roleOfLiteral, ROLES, type ModeRole } from './php-modes.js';

export interface ControllerStep {
  /** the step's section (for a checklist task, the section that holds it) */
  step: Section;
  /** where findings go: the step's heading or the task's list item */
  anchor: Nodes;
  /** the heading's text or the task's first line */
  title: string;
  blocks: ParsedBlock[];
  /** its heading says "(CANONICAL)" (or "Canonical controller change") */
  marked: boolean;
  /** how many modes its largest mode switch covers (in its code or the helpers it calls) */
  switchRoles: Set<string>;
  /** a mode reaches code the runbook does not show (`$this->router->send($mode, …)`): the switch may be there */
  modeDelegated: boolean;
  /** what shows that it changes the controller */
  evidence: ChangeEvidence[];
  /** it certainly changes the controller (the unsafe fix may delete it) */
  certain: boolean;
  unit: ControllerUnit;
}

export function controllerNames(settings: Settings): string[] {
  const path = settings.controllerPath;
  return [path, controllerClassName(settings)];
}

export function mentionsController(text: string, settings: Settings): boolean {
  return controllerNames(settings).some((n) => findIdentifier(text, n).length > 0 || text.includes(n));
}

/** Steps that change the controller (see src/model/controller-change.ts for what that means). */
export function controllerSteps(runbook: Runbook, code: CodeIndex, settings: Settings): ControllerStep[] {
  return controllerUnits(runbook, code, settings)
    .filter((u) => u.changes)
    .map((u) => toStep(u, runbook, code, settings));
}

/**
 * Steps that name the controller plainly and carry PHP, without saying they change it ("The
 * new flow of `SmsController::send()`:"). Never duplicates; one with a mode switch or a UUID
 * map stands in for the canonical step when no step says it changes the controller.
 */
export function possibleControllerSteps(runbook: Runbook, code: CodeIndex, settings: Settings): ControllerStep[] {
  return controllerUnits(runbook, code, settings)
    .filter((u) => u.possible)
    .map((u) => toStep(u, runbook, code, settings));
}

const stepMemo = new WeakMap<ControllerUnit, ControllerStep>();

function toStep(unit: ControllerUnit, runbook: Runbook, code: CodeIndex, settings: Settings): ControllerStep {
  const cached = stepMemo.get(unit);
  if (cached) return cached;
  const step = buildStep(unit, runbook, code, settings);
  stepMemo.set(unit, step);
  return step;
}

function buildStep(unit: ControllerUnit, runbook: Runbook, code: CodeIndex, settings: Settings): ControllerStep {
  const model = PhpModel.of(code, runbook, settings);
  const { roles, delegated } = switchRolesOf(unit.blocks, model, settings);
  const marked = isMarked(unit.title) || (unit.isTask && isMarked(unit.section.title));
  return {
    step: unit.section,
    anchor: unit.anchor,
    title: unit.title,
    blocks: unit.blocks,
    marked,
    switchRoles: roles,
    modeDelegated: delegated,
    evidence: unit.evidence,
    certain: unit.certain,
    unit,
  };
}

/**
 * "(CANONICAL)", "(canonical — …)", "Canonical controller change", "Canonical Controller
 * Integration", "the single controller change of this migration".
 */
function isMarked(title: string): boolean {
  return (
    /\(\s*canonical\b/i.test(title) ||
    /\bcanonical\s+(?:controller|step|task|change|integration)\b/i.test(title) ||
    /\b(?:single|only|sole)\s+controller\s+(?:change|step|task|release|integration)\b/i.test(title) ||
    /\b(?:single|only|sole)\s+(?:step|task|release)\s+that\s+(?:edits|changes|modifies|touches)\b/i.test(title)
  );
}

/** The step marked canonical, else the last one holding a mode switch, else the last one. */
export function canonicalOf(steps: ControllerStep[]): ControllerStep | null {
  return (
    steps.find((s) => s.marked) ??
    [...steps].reverse().find((s) => s.switchRoles.size >= 2) ??
    steps[steps.length - 1] ??
    null
  );
}

/**
 * The canonical controller step: among the steps that change the controller, else among
 * those that name it and carry a mode switch in code that declares no other class (a
 * stand-in, never a duplicate).
 */
export function canonicalStep(
  runbook: Runbook,
  code: CodeIndex,
  settings: Settings,
): { canonical: ControllerStep | null; steps: ControllerStep[] } {
  const steps = controllerSteps(runbook, code, settings);
  if (steps.length > 0) return { canonical: canonicalOf(steps), steps };
  // a step whose code declares another class (a job, a service) is that class, not the controller
  const className = controllerClassName(settings).toLowerCase();
  const fragmentOnly = (s: ControllerStep): boolean =>
    s.blocks.every((b) =>
      ofType(b.root, 'class_declaration').every((c) => c.childForFieldName('name')?.text.toLowerCase() === className),
    );
  const standIn =
    [...possibleControllerSteps(runbook, code, settings)]
      .reverse()
      .find((s) => s.switchRoles.size >= 2 && fragmentOnly(s)) ?? null;
  return { canonical: standIn, steps: [] };
}

/**
 * The modes the largest mode switch covers, in the step's code or in the helpers it calls:
 * string cases (`case 'ON':`, `'SHADOW' =>`) and enum cases (`SmsMode::Shadow =>`).
 */
function switchRolesOf(
  blocks: readonly ParsedBlock[],
  model: PhpModel,
  settings: Settings,
): { roles: Set<string>; delegated: boolean } {
  let best = new Set<string>();
  const consider = (roles: Set<ModeRole>): void => {
    if (roles.size > best.size) best = new Set(roles);
  };
  const seen = new Set<Node>();
  const visited: { parsed: ParsedBlock; container: Node }[] = [];
  let frontier: { parsed: ParsedBlock; container: Node }[] = blocks.map((b) => ({ parsed: b, container: b.root }));
  for (let depth = 0; depth <= 3 && frontier.length > 0 && best.size < ROLES.length; depth++) {
    const next: typeof frontier = [];
    for (const { parsed, container } of frontier) {
      visited.push({ parsed, container });
      for (const d of findModeDispatches(parsed.root, settings))
        if (isInside(d.node, container)) consider(new Set(d.branches.map((b) => b.role)));
      for (const roles of enumDispatches(parsed, container, settings)) consider(roles);
      if (best.size === ROLES.length) break;
      for (const fn of calledFunctions(parsed, container, model)) {
        if (seen.has(fn.node) || !fn.body) continue;
        seen.add(fn.node);
        next.push({ parsed: fn.parsed, container: fn.body });
      }
    }
    frontier = next;
  }
  const delegated = best.size === 0 && visited.some(({ parsed, container }) => passesModeOn(parsed, container, model));
  return { roles: best, delegated };
}

/** A switch or match on the mode whose cases are enum constants named after the modes. */
function enumDispatches(parsed: ParsedBlock, container: Node, settings: Settings): Set<ModeRole>[] {
  const out: Set<ModeRole>[] = [];
  // the block's root keeps its walk: ask it, then keep what lies in the container
  for (const n of ofType(parsed.root, 'switch_statement', 'match_expression')) {
    if (!isInside(n, container)) continue;
    if (!isModeExpression(n.childForFieldName('condition'))) continue;
    const roles = new Set<ModeRole>();
    for (const c of n.childForFieldName('body')?.namedChildren ?? []) {
      if (!c) continue;
      const labels =
        c.type === 'case_statement'
          ? [c.childForFieldName('value')]
          : c.type === 'match_conditional_expression'
            ? (c.childForFieldName('conditional_expressions')?.namedChildren ?? [])
            : [];
      for (const l of labels) {
        const role = roleOfLiteral(l, settings) ?? roleOfConstant(l, settings);
        if (role) roles.add(role);
      }
    }
    if (roles.size > 0) out.push(roles);
  }
  return out;
}

/** `SmsMode::Shadow`, `Mode::ON` → the role whose mode name it spells. */
function roleOfConstant(node: Node | null | undefined, settings: Settings): ModeRole | null {
  if (node?.type !== 'class_constant_access_expression') return null;
  const name = node.namedChildren.at(-1)?.text.toLowerCase() ?? '';
  for (const role of ROLES) if (settings.modes[role].toLowerCase() === name) return role;
  return null;
}

/** The mode passed as an argument to a call the runbook does not define: the dispatch is out of sight. */
function passesModeOn(parsed: ParsedBlock, container: Node, model: PhpModel): boolean {
  for (const n of ofType(parsed.root, 'argument')) {
    if (!isInside(n, container)) continue;
    const v = n.namedChildren.at(-1);
    if (v?.type !== 'variable_name' || !isModeExpression(v)) continue;
    const call = n.parent?.parent ? phpCall(n.parent.parent) : null;
    if (call && !model.resolve(call)) return true;
  }
  return false;
}
