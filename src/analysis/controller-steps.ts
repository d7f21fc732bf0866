import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Settings } from '../config/settings.js';
import type { Runbook, Section } from '../document/index.js';
import { isReadOnlyExcerpt } from './excerpt.js';
import { findIdentifier } from './identifiers.js';
import { findModeDispatches } from './php-modes.js';

export interface ControllerStep {
  step: Section;
  blocks: ParsedBlock[];
  /** its heading says "(CANONICAL)" */
  marked: boolean;
  /** how many modes its largest mode switch covers */
  switchRoles: Set<string>;
}

export function controllerNames(settings: Settings): string[] {
  const path = settings.controllerPath;
  return [path, path.split('/').pop()?.replace(/\.php$/i, '') ?? path];
}

export function mentionsController(text: string, settings: Settings): boolean {
  return controllerNames(settings).some((n) => findIdentifier(text, n).length > 0 || text.includes(n));
}

/** Steps whose own prose names the controller and which carry PHP that is not a read-only excerpt. */
export function controllerSteps(runbook: Runbook, code: CodeIndex, settings: Settings): ControllerStep[] {
  const out: ControllerStep[] = [];
  for (const step of runbook.steps()) {
    const own = runbook.proseIn(step).filter((p) => p.kind !== 'tableCell');
    if (!own.some((p) => mentionsController(p.text, settings))) continue;
    const blocks = runbook
      .codeIn(step)
      .filter((b) => b.lang === 'php' && !isReadOnlyExcerpt(b, runbook))
      .map((b) => code.parse(b))
      .filter((p): p is ParsedBlock => p !== null);
    if (blocks.length === 0) continue;
    const switchRoles = new Set<string>();
    for (const b of blocks) {
      for (const d of findModeDispatches(b.root, settings)) {
        const own = new Set(d.branches.map((x) => x.role));
        if (own.size > switchRoles.size) {
          switchRoles.clear();
          for (const r of own) switchRoles.add(r);
        }
      }
    }
    out.push({ step, blocks, marked: /\(canonical\)/i.test(step.title), switchRoles });
  }
  return out;
}

/** The step marked (CANONICAL), else the last one holding a mode switch, else the last one. */
export function canonicalOf(steps: ControllerStep[]): ControllerStep | null {
  return steps.find((s) => s.marked) ?? [...steps].reverse().find((s) => s.switchRoles.size >= 2) ?? steps[steps.length - 1] ?? null;
}
