import type { Node } from 'web-tree-sitter';
import { isReadOnlyExcerpt } from './excerpt.js';
import { findIdentifier } from '../text/identifiers.js';
import { ofType } from '../code/syntax.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Settings } from '../config/settings.js';
import type { Nodes } from 'mdast';
import type { CodeBlock, ProseBlock, Runbook, Section } from '../document/index.js';
import { controllerMentions, type ControllerMention } from './controller-prose.js';

/**
 * Which steps change the controller, read from what they do rather than from whether they
 * name it. A step changes it when its code defines the controller class (a PHP block that
 * declares `class SmsController`, a block labelled with the controller's path, a diff of that
 * path), or when its procedure says to change the file — an instruction or statement that
 * names it by path, file name or class name ("Edit `app/…/SmsController.php`", "Wire … into
 * SmsController", "In `SmsController::send()`, wrap …") — and the step carries the code.
 * A mention that is negated ("is not touched", "stays as it is"), historical, hypothetical,
 * about another step, or a read-only excerpt is not a change, and the code it introduces is
 * not the step's change either.
 */

export type EvidenceKind = 'defines' | 'pathComment' | 'diff' | 'instruction';

export interface ChangeEvidence {
  kind: EvidenceKind;
  /** 1-based document line */
  line: number;
}

export interface ControllerUnit {
  /** the step's section, or for a task of a checklist the section that holds the list */
  section: Section;
  /** where findings about the unit go: the step's heading, or the task's list item */
  anchor: Nodes;
  /** the heading's text, or the task's first line */
  title: string;
  /** a `Step N` / `Task N` heading: its section can be deleted as a whole */
  isStep: boolean;
  /** a task of a checklist (`- [ ] T021 …`), not a section */
  isTask: boolean;
  mentions: ControllerMention[];
  evidence: ChangeEvidence[];
  /** the step's PHP that is its own change (not an excerpt, not introduced as untouched) */
  blocks: ParsedBlock[];
  /** the step changes the controller */
  changes: boolean;
  /** it does not say it changes the controller, but names it plainly and carries PHP */
  possible: boolean;
  /**
   * it certainly changes the controller: evidence of a change and no negated mention of the
   * controller anywhere in it, in a step whose whole section can be deleted
   */
  certain: boolean;
}

export function controllerClassName(settings: Settings): string {
  const path = settings.controllerPath;
  return (
    path
      .split('/')
      .pop()
      ?.replace(/\.php$/i, '') ?? path
  );
}

interface Unit {
  section: Section;
  anchor: Nodes;
  title: string;
  isStep: boolean;
  isTask: boolean;
  prose: ProseBlock[];
  code: CodeBlock[];
}

/**
 * The units a runbook's procedure is made of: its `Step N` / `Task N` sections, or — in a
 * runbook that numbers its sections otherwise (`C.4`, `C-04`, `4.2`, phases of tasks) — its
 * sections without subsections, appendices left out. A checklist of tasks with ids
 * (`- [ ] T021 …`) inside one of them makes each task a unit of its own; what the section
 * says outside its tasks stays the section's.
 */
function procedureUnits(runbook: Runbook): Unit[] {
  const steps = runbook.steps();
  const sections =
    steps.length > 0
      ? steps
      : runbook.sections.filter((s) => s.children.length === 0 && s.kind !== 'appendix' && !inAppendix(s));
  const tasks = taskItems(runbook);
  const out: Unit[] = [];
  for (const section of sections) {
    const isStep = steps.length > 0;
    const prose = runbook.proseIn(section).filter((p) => p.kind !== 'tableCell');
    const code = runbook.codeIn(section);
    const own = tasks.filter((t) => t.line >= section.line && t.endLine <= section.endLine);
    const inTask = (line: number): boolean => own.some((t) => line >= t.line && line <= t.endLine);
    for (const t of own) {
      out.push({
        section,
        anchor: t.anchor,
        title: t.title,
        isStep: false,
        isTask: true,
        prose: prose.filter((p) => p.line >= t.line && p.line <= t.endLine),
        code: code.filter((c) => c.startLine >= t.line && c.endLine <= t.endLine),
      });
    }
    out.push({
      section,
      anchor: section.heading,
      title: section.title,
      isStep,
      isTask: false,
      prose: prose.filter((p) => !inTask(p.line)),
      code: code.filter((c) => !inTask(c.startLine)),
    });
  }
  return out;
}

const ROLLBACK = /\broll ?back\b|\brevert|\bundo\b/i;

const TASK_ID = /^(?:\[[ xX]\]\s*)?([A-Z]{1,3}-?\d{2,4})\b/;

/** List items that open with a task id (`[ ] T021 …`, `T021 …`), outermost only. */
function taskItems(runbook: Runbook): { anchor: Nodes; line: number; endLine: number; title: string }[] {
  const paragraphs = new Map<Nodes, ProseBlock>();
  for (const p of runbook.prose) if (p.kind === 'paragraph') paragraphs.set(p.node, p);
  const out: { anchor: Nodes; line: number; endLine: number; title: string }[] = [];
  const stack: Nodes[] = [runbook.root];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if (n.type === 'listItem') {
      const first = n.children[0];
      const prose = first ? paragraphs.get(first) : undefined;
      if (prose && TASK_ID.test(prose.text)) {
        const line = n.position?.start.line ?? 1;
        // findings sit on the task's first paragraph, not on its whole item with the code
        out.push({ anchor: prose.node, line, endLine: n.position?.end.line ?? line, title: taskTitle(prose.text) });
        continue;
      }
    }
    if ('children' in n) for (const c of n.children as Nodes[]) stack.push(c);
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The ids a step answers to in its own text: "18" for Step 18, "C.4", "C-04", "4.2", "T021". */
export function selfIds(unit: { section: Section; title: string; isTask: boolean }): string[] {
  const ids: string[] = [];
  if (!unit.isTask && unit.section.stepNumber !== null) ids.push(String(unit.section.stepNumber));
  const m = /^(?:\[[ xX]\]\s*)?(?:(?:step|task|phase|stage)\s+)?#?([A-Za-z]{0,3}[-.]?\d+(?:[.-]\d+)*)/i.exec(
    unit.title.trim(),
  );
  if (m?.[1]) ids.push(m[1]);
  return ids;
}

const memo = new WeakMap<Runbook, WeakMap<Settings, ControllerUnit[]>>();

/** Every procedure unit that names the controller or carries its code, analysed. */
export function controllerUnits(runbook: Runbook, code: CodeIndex, settings: Settings): ControllerUnit[] {
  let bySettings = memo.get(runbook);
  const cached = bySettings?.get(settings);
  if (cached) return cached;
  const className = controllerClassName(settings);
  const out: ControllerUnit[] = [];
  // a runbook that never names the controller has no step about it
  const units = findIdentifier(runbook.text, className).length > 0 ? procedureUnits(runbook) : [];
  for (const u of units) {
    const unit = analyse(runbook, code, settings, className, u);
    if (unit) out.push(unit);
  }
  bySettings ??= new WeakMap();
  bySettings.set(settings, out);
  memo.set(runbook, bySettings);
  return out;
}

function analyse(
  runbook: Runbook,
  code: CodeIndex,
  settings: Settings,
  className: string,
  u: Unit,
): ControllerUnit | null {
  const ids = selfIds(u);
  const { prose, code: codeBlocks, section, isStep } = u;
  // what a Rollback section says undoes the step's change; it is no change of its own
  const mentions = prose.flatMap((p) =>
    controllerMentions(p, className, ids).map((m) =>
      m.status === 'change' && p.section && ROLLBACK.test(p.section.title)
        ? { ...m, status: 'mention' as const, verb: null }
        : m,
    ),
  );
  const names = (text: string): boolean => findIdentifier(text, className).length > 0;
  if (mentions.length === 0 && !codeBlocks.some((b) => names(b.text))) return null;
  const evidence: ChangeEvidence[] = [];
  const blocks: ParsedBlock[] = [];
  for (const block of codeBlocks) {
    if (isReadOnlyExcerpt(block, runbook) || setAside(block, runbook, prose, className, ids)) continue;
    // a Rollback section's code undoes the change
    if (block.section && block.section !== section && ROLLBACK.test(block.section.title)) continue;
    if (isDiff(block)) {
      if (diffOfController(block, settings, className)) evidence.push({ kind: 'diff', line: block.startLine });
      continue;
    }
    if (block.lang !== 'php') continue;
    const parsed = code.parse(block);
    if (!parsed) continue;
    blocks.push(parsed);
    const defines = definesClass(parsed.root, className);
    if (defines) evidence.push({ kind: 'defines', line: block.toDoc(defines.startIndex).line });
    else if (labelledWithPath(block, settings, className))
      evidence.push({ kind: 'pathComment', line: block.contentStartLine });
  }
  for (const m of mentions)
    if (m.status === 'change')
      evidence.push({ kind: 'instruction', line: runbook.lines.pointAt(m.block.docOffset(m.start)).line });
  const coded = evidence.some((e) => e.kind !== 'instruction');
  const instructed = evidence.some((e) => e.kind === 'instruction');
  const changes = coded || (instructed && blocks.length > 0);
  const possible = !changes && blocks.length > 0 && mentions.some((m) => m.status === 'mention');
  const certain = changes && isStep && !mentions.some((m) => m.status === 'negated');
  return {
    section,
    anchor: u.anchor,
    title: u.title,
    isStep,
    isTask: u.isTask,
    mentions,
    evidence,
    blocks,
    changes,
    possible,
    certain,
  };
}

/**
 * A block its introducing paragraph sets aside: the paragraph right before it names the
 * controller only as untouched, as it was, as an excerpt, or as another step's.
 */
function setAside(block: CodeBlock, runbook: Runbook, prose: ProseBlock[], className: string, ids: string[]): boolean {
  const intro = runbook
    .proseBefore(block.startLine, 4)
    .filter((p) => p.kind === 'paragraph' && prose.includes(p))
    .at(-1);
  if (!intro) return false;
  const ms = controllerMentions(intro, className, ids);
  return ms.length > 0 && !ms.some((m) => m.status === 'change' || m.status === 'mention');
}

function definesClass(root: Node, className: string): Node | null {
  for (const n of ofType(root, 'class_declaration')) {
    if (n.childForFieldName('name')?.text.toLowerCase() === className.toLowerCase()) return n;
  }
  return null;
}

/** `// app/Http/Controllers/SmsController.php` as the block's first comment: the block is that file. */
function labelledWithPath(block: CodeBlock, settings: Settings, className: string): boolean {
  const lines = block.text.split(/\r\n|\r|\n/).slice(0, 3);
  for (const line of lines) {
    const t = line.trim();
    if (t === '' || t === '<?php') continue;
    const comment = /^(?:\/\/|#|\/\*+)\s*(.*?)\s*(?:\*\/)?$/.exec(t);
    if (!comment) return false;
    const body = comment[1] ?? '';
    const file = `${className}.php`;
    if (
      !(body.includes(settings.controllerPath) || (findIdentifier(body, className).length > 0 && body.includes(file)))
    )
      return false;
    // "(excerpt, current production code)", "before the change", "for reference"
    return !/\b(?:excerpt|current|before|old|original|unchanged|untouched|reference|context|read[- ]only)\b/i.test(
      body,
    );
  }
  return false;
}

function isDiff(block: CodeBlock): boolean {
  return (
    block.lang === 'diff' ||
    block.lang === 'patch' ||
    /^(?:diff --git |--- a\/|\+\+\+ b\/)/m.test(block.text.slice(0, 400))
  );
}

/** A diff whose file header names the controller and that adds or removes lines. */
function diffOfController(block: CodeBlock, settings: Settings, className: string): boolean {
  const lines = block.text.split(/\r\n|\r|\n/);
  const file = `${className}.php`;
  const header = lines.some(
    (l) => /^(?:diff --git |--- |\+\+\+ |Index: )/.test(l) && (l.includes(settings.controllerPath) || l.includes(file)),
  );
  const changed = lines.some((l) => /^[+-](?![+-]{2}\s)/.test(l) && !/^(?:--- |\+\+\+ )/.test(l));
  return header && changed;
}

function inAppendix(s: Section): boolean {
  for (let p: Section | null = s; p; p = p.parent) if (p.kind === 'appendix') return true;
  return false;
}

/**
 * "[ ] T021 Rewrite `SmsController` in … (canonical task …):" → "T021 Rewrite SmsController in …", at most 80
 * characters.
 */
function taskTitle(text: string): string {
  const first = (text.split(/\r\n|\r|\n/)[0] ?? '')
    .replace(/^\[[ xX]\]\s*/, '')
    .replace(/:\s*$/, '')
    .trim();
  return first.length <= 80 ? first : `${first.slice(0, 79).trimEnd()}…`;
}
