import {
  type CodeBlock,
  type CodeIndex,
  clauses,
  defineRule,
  findTerm,
  firstStateChange,
  labelledPart,
  ofType,
  type OptionsOf,
  option,
  procedureSteps,
  type ProseBlock,
  type Runbook,
  type Section,
  type StateChange,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  verificationLabels: option.strings(
    'names of the part of a step that checks it worked (a subsection title or a label line)',
    [
      'Verification',
      'Verification gate',
      'Verify',
      'Verifying',
      'Validation',
      'Validate',
      'Check',
      'Health check',
      'Smoke test',
      'Post-check',
      'Post-checks',
      'Expected output',
      'Expected result',
      'Success criteria',
    ],
    { minItems: 1 },
  ),
  rollbackLabels: option.strings(
    'names of the part of a step that undoes it',
    ['Rollback', 'Roll back', 'Rolling back', 'Back-out', 'Backout', 'Back out', 'Revert', 'Undo', 'Recovery'],
    { minItems: 1 },
  ),
  checkVerbs: option.strings(
    'verbs that open a sentence checking the step worked, when it has no part of that name',
    ['verify', 'check', 'confirm', 'validate', 'ensure', 'make sure', 'wait until', 'wait for'],
    { minItems: 1 },
  ),
  undoTerms: option.strings(
    'words that say how to undo the step, when it has no part of that name',
    ['rollback', 'roll back', 'revert*', 'undo*', 'back out', 'backout', 'restor*', 'downgrad*', 'recover*'],
    { minItems: 1 },
  ),
  everyStep: option.boolean(
    'require both parts in every state-changing step, not only where the runbook’s other steps have them',
    false,
  ),
};

type Options = OptionsOf<typeof OPTIONS>;

interface StepShape {
  step: Section;
  change: StateChange;
  /** a part named for it: a subsection or a label line */
  labelled: { verification: boolean; rollback: boolean };
  /** said in any form: a part, a check sentence, a word about undoing */
  has: { verification: boolean; rollback: boolean };
}

export default defineRule({
  meta: {
    id: 'step-structure',
    description: 'A step that changes state says how to check it worked and how to undo it.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      noVerification:
        '"{{step}}" changes state ({{what}}) but does not say how to check it worked; ' +
        '{{labelled}} of the runbook’s {{total}} steps that change state have a {{part}} part.',
      noRollback:
        '"{{step}}" changes state ({{what}}) but does not say how to undo it; ' +
        '{{labelled}} of the runbook’s {{total}} steps that change state have a {{part}} part.',
      requiredVerification:
        '"{{step}}" changes state ({{what}}) but does not say how to check it worked, and this ' +
        'configuration asks every such step for a {{part}} part.',
      requiredRollback:
        '"{{step}}" changes state ({{what}}) but does not say how to undo it, and this ' +
        'configuration asks every such step for a {{part}} part.',
    },
    rationale:
      'A step is run, then the next one starts on what it left. Without a check, a half-applied change is found ' +
      'steps later, far from its cause; without a way back, the person on call improvises one under pressure.',
    hints: {
      noVerification:
        'Add the part the other steps have: a command that shows the change took effect and what it prints ' +
        'when it did.',
      noRollback: 'Add the part the other steps have: the commands that put things back as they were before the step.',
      requiredVerification: 'Add a part that shows the change took effect: a command and what it prints when it did.',
      requiredRollback: 'Add a part with the commands that put things back as they were before the step.',
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, code } = context;
    const options: Options = context.options;
    const shapes: StepShape[] = [];
    for (const step of procedureSteps(runbook)) {
      const parts = partsOf(runbook, step, options);
      const change = firstStateChange(changeBlocks(runbook, step, parts), code, runbook);
      if (!change) continue;
      shapes.push({
        step,
        change,
        labelled: { verification: parts.verification !== null, rollback: parts.rollback !== null },
        has: {
          verification: parts.verification !== null || checksInText(runbook, code, step, change, options),
          rollback: parts.rollback !== null || saysUndo(runbook, step, options),
        },
      });
    }
    for (const part of ['verification', 'rollback'] as const) {
      const labelled = shapes.filter((s) => s.labelled[part]).length;
      // the runbook's own convention: most of its changing steps name the part, so one that does
      // not is a gap, not a style
      const convention = labelled >= 2 && labelled * 2 >= shapes.length;
      if (!convention && !options.everyStep) continue;
      const label = (part === 'verification' ? options.verificationLabels : options.rollbackLabels)[0] as string;
      for (const shape of shapes) {
        if (shape.has[part]) continue;
        const id = part === 'verification' ? 'Verification' : 'Rollback';
        context.report({
          messageId: convention ? `no${id}` : `required${id}`,
          data: {
            step: shape.step.title,
            what: shape.change.what,
            labelled: String(labelled),
            total: String(shapes.length),
            part: label,
          },
          loc: { node: shape.step.heading },
        });
      }
    }
  },
});

interface Parts {
  verification: ProseBlock | null;
  rollback: ProseBlock | null;
  /** subsections that are those parts: their code checks or undoes, it is not the step's change */
  sections: Section[];
}

/** The parts the step names, as subsections or label lines of its own text. */
function partsOf(runbook: Runbook, step: Section, options: Options): Parts {
  const find = (labels: readonly string[]): ProseBlock | null => {
    const part = labelledPart(runbook, step, labels, { headingPrefix: true });
    if (!part) return null;
    const holder = runbook.sectionAt(part.line);
    // its own text, or a subsection titled for it; not a part of a nested step
    return holder === step || (part.kind === 'heading' && holder?.parent === step) ? part : null;
  };
  const verification = find(options.verificationLabels);
  const rollback = find(options.rollbackLabels);
  const sections: Section[] = [];
  for (const part of [verification, rollback]) {
    if (part?.kind !== 'heading') continue;
    const s = runbook.sectionAt(part.line);
    if (s && s !== step) sections.push(s);
  }
  return { verification, rollback, sections };
}

/**
 * The blocks that carry the step's own change: before its first part's label line, outside
 * the subsections that are its parts and outside nested steps.
 */
function changeBlocks(runbook: Runbook, step: Section, parts: Parts): CodeBlock[] {
  const labelLines = [parts.verification, parts.rollback]
    .filter((p): p is ProseBlock => p !== null && p.kind !== 'heading')
    .map((p) => p.line);
  const stop = labelLines.length > 0 ? Math.min(...labelLines) : Number.POSITIVE_INFINITY;
  return runbook.codeIn(step).filter((block) => {
    if (block.startLine > stop) return false;
    for (let s = block.section; s && s !== step; s = s.parent) {
      if (parts.sections.includes(s) || s.kind === 'step') return false;
    }
    return true;
  });
}

/**
 * A check written without a part's name: a sentence after the change that opens with a check
 * verb (“Confirm the pods are Running”), or an expected result in prose or in a shell
 * comment of a block from the change on (`# expect: 3 Ready`).
 */
function checksInText(
  runbook: Runbook,
  code: CodeIndex,
  step: Section,
  change: StateChange,
  options: Options,
): boolean {
  const after = change.block.startLine;
  for (const p of runbook.proseIn(step)) {
    if (p.line === step.line) continue;
    for (const clause of clauses(p)) {
      const ws = words(clause.text);
      const start = /^\d+$/.test(ws[0] ?? '') ? 1 : 0;
      if (options.checkVerbs.some((v) => findTerm(ws, v) === start)) return true;
      if (p.line > after && (findTerm(ws, 'expect*') >= 0 || findTerm(ws, 'should see') >= 0)) return true;
    }
  }
  return runbook.codeIn(step).some((block) => block.startLine >= after && commentsSayCheck(block, code, options));
}

function commentsSayCheck(block: CodeBlock, code: CodeIndex, options: Options): boolean {
  if (block.lang !== 'bash') return false;
  const parsed = code.parse(block);
  if (!parsed) return false;
  return ofType(parsed.root, 'comment').some((comment) => {
    const ws = words(comment.text);
    return (
      findTerm(ws, 'expect*') >= 0 ||
      findTerm(ws, 'should') >= 0 ||
      options.checkVerbs.some((v) => findTerm(ws, v) >= 0)
    );
  });
}

/** Undoing said in any form: “to undo, run …”, “restore the snapshot”, “if it fails, …”. */
function saysUndo(runbook: Runbook, step: Section, options: Options): boolean {
  for (const p of runbook.proseIn(step)) {
    for (const clause of clauses(p)) {
      const ws = words(clause.text);
      if (options.undoTerms.some((t) => findTerm(ws, t) >= 0)) return true;
      if (ws.includes('if') && findTerm(ws, 'fail*') >= 0) return true;
    }
  }
  return false;
}
