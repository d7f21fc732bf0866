import { defineRule, labelledPart, option, type Section, tasks } from '../../src/rule-api.js';

const OPTIONS = {
  labels: option.strings(
    'labels that open the paragraph or heading saying what must hold when a phase is done',
    ['Checkpoint', 'Gate', 'Exit criteria', 'Done when'],
    { minItems: 1 },
  ),
};

export default defineRule({
  meta: {
    id: 'phase-checkpoints',
    description: 'Each phase of a task list that another phase follows ends in a checkpoint.',
    invariant: null,
    fixable: false,
    tagsProse: true,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      missing:
        '"{{phase}}" has tasks but no checkpoint: nothing says what must hold before "{{next}}" starts, ' +
        'as the other phases of this list do.',
    },
    rationale:
      'A checkpoint is where whoever runs the tasks stops and checks that the phase did what it promised; ' +
      'without one, the next phase starts on whatever state the last task left.',
    hints: { missing: 'Add a "**Checkpoint**: …" paragraph saying what is true when the phase is done.' },
    options: OPTIONS,
  },
  check(context) {
    const { runbook } = context;
    const phases: Section[] = [];
    for (const task of tasks(runbook)) if (task.phase && !phases.includes(task.phase)) phases.push(task.phase);
    const checked = phases.map((phase) => labelledPart(runbook, phase, context.options.labels) !== null);
    // a list that never uses checkpoints has a convention of its own, and the phases before the
    // first checkpoint are set-up (spec-kit's own template has none there): the rule speaks from
    // the first checkpointed phase on, where the list shows what a phase ends in
    const from = checked.indexOf(true);
    if (from < 0) return;
    for (let i = from + 1; i + 1 < phases.length; i++) {
      if (checked[i]) continue;
      const phase = phases[i] as Section;
      const next = phases[i + 1] as Section;
      context.report({
        messageId: 'missing',
        data: { phase: phase.title, next: next.title },
        loc: { node: phase.heading },
      });
    }
  },
});
