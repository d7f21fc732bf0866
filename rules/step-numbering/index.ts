import { defineRule, type Section, type Task, tasks, words } from '../../src/rule-api.js';

/**
 * Steps numbered so an operator can follow them: within one part of the runbook (the section
 * that holds them), no two steps share a number and the numbers go up. Numbering that starts
 * again in another phase is that phase's own.
 */
export default defineRule({
  meta: {
    id: 'step-numbering',
    description: 'Step numbers are unique and in order within the part of the runbook that holds them.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      duplicate: '"{{title}}" has the number of "{{other}}" (line {{line}}): "Step {{number}}" names two steps.',
      order: '"{{title}}" comes after "{{other}}" (line {{line}}): the steps are out of order.',
      duplicateTask: '{{id}} is also the id of the task on line {{line}}: "{{id}}" names two tasks.',
    },
    rationale:
      'An operator follows the numbers: two steps called "Step 4" make "go back to Step 4" ambiguous, and a ' +
      'step numbered lower than the one before it is the sign of a step moved or inserted without renumbering — ' +
      'the order the runbook means is no longer the order it shows.',
    hints: {
      duplicate: 'Renumber one of them (and the references to it).',
      order: 'Move the step, or renumber the steps of this part (and the references to them).',
      duplicateTask: 'Give one of them the next free id (and update the references and dependencies that name it).',
    },
  },
  check(context) {
    const groups = new Map<Section | null, Section[]>();
    for (const step of context.runbook.steps()) {
      // "Task 3" is another numbering than "Step 3"
      if (step.stepNumber === null || !words(step.title).includes('step')) continue;
      const list = groups.get(step.parent) ?? [];
      list.push(step);
      groups.set(step.parent, list);
    }
    for (const steps of groups.values()) {
      const seen = new Map<number, Section>();
      let previous: Section | null = null;
      for (const step of steps) {
        const n = step.stepNumber as number;
        const same = seen.get(n);
        if (same) {
          context.report({
            messageId: 'duplicate',
            data: { title: step.title, other: same.title, line: same.line, number: n },
            loc: { node: step.heading },
          });
        } else if (previous && n < (previous.stepNumber as number)) {
          context.report({
            messageId: 'order',
            data: { title: step.title, other: previous.title, line: previous.line },
            loc: { node: step.heading },
          });
        }
        if (!same) seen.set(n, step);
        previous = step;
      }
    }
    // a task list's ids name its tasks across phases: dependencies ("T012 after T009") rely on them
    const ids = new Map<string, Task>();
    const all = tasks(context.runbook);
    // where tasks are ticked off, a list item that opens with an id but has no checkbox is a
    // note about the tasks ("T020 after T017"), not a task
    const ticked = all.some((t) => t.checkbox);
    for (const task of all) {
      // a task list quoted from another team (a blockquote) has ids of its own
      if ((ticked && !task.checkbox) || task.quoted) continue;
      const first = ids.get(task.id);
      if (!first) {
        ids.set(task.id, task);
        continue;
      }
      const at = task.prose.text.indexOf(task.id);
      context.report({
        messageId: 'duplicateTask',
        data: { id: task.id, line: first.prose.line },
        loc: { range: [task.prose.docOffset(at), task.prose.docOffset(at + task.id.length, 'end')] },
      });
    }
  },
});
