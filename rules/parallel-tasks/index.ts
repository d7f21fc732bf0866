import { defineRule, option, type Task, tasks } from '../../src/rule-api.js';

const OPTIONS = {
  changeVerbs: option.strings(
    'verbs (lemmas) that open a task which changes the files it names',
    [
      'add',
      'create',
      'update',
      'extend',
      'refactor',
      'modify',
      'edit',
      'change',
      'rewrite',
      'remove',
      'delete',
      'rename',
      'move',
      'replace',
      'implement',
      'introduce',
      'fix',
      'write',
      'normalize',
      'migrate',
      'convert',
      'split',
      'merge',
      'refresh',
      'document',
      'configure',
      'set',
      'stop',
      'skip',
      'drop',
      'register',
      'enable',
      'disable',
      'wire',
      'guard',
      'throttle',
      'handle',
      'emit',
      'return',
      'call',
      'send',
      'route',
      'switch',
      'point',
      'store',
      'cache',
      'bump',
      'pin',
      'expose',
      'apply',
      'patch',
      'clean',
      'extract',
      'wrap',
      'inline',
    ],
    { minItems: 1 },
  ),
};

export default defineRule({
  meta: {
    id: 'parallel-tasks',
    description: 'Two [P] tasks of one phase do not change the same file.',
    invariant: null,
    fixable: false,
    tagsProse: true,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      sameFile:
        '{{task}} [P] changes `{{file}}`, which {{other}} [P] of the same phase changes too: ' +
        'run side by side, one overwrites the other.',
    },
    rationale:
      '[P] says a task can run at the same time as the other [P] tasks of its phase, by another person or agent; ' +
      'two of them editing one file conflict, and the list no longer says which change wins.',
    hints: { sameFile: 'Drop [P] from one of the two, or split the work so each task owns its files.' },
    options: OPTIONS,
  },
  check(context) {
    const verbs = new Set(context.options.changeVerbs.map((v) => v.toLowerCase()));
    const changes = (t: Task): boolean => t.verb !== null && verbs.has(t.verb);
    // by the innermost section of a phase: [P] promises nothing across phases, which run one
    // after another, nor across a phase's groups ("Tests for US1" come before "Implementation")
    const earlier = new Map<unknown, Map<string, Task>>();
    for (const task of tasks(context.runbook)) {
      if (!task.parallel || !task.phase || !changes(task)) continue;
      const group = context.runbook.sectionAt(task.prose.line) ?? task.phase;
      let owners = earlier.get(group);
      if (!owners) earlier.set(group, (owners = new Map()));
      const clash = task.changed.find((f) => owners.has(f));
      if (clash !== undefined) {
        const other = owners.get(clash) as Task;
        context.report({
          messageId: 'sameFile',
          data: { task: task.id, other: other.id, file: clash },
          loc: { range: task.tagRange },
        });
      }
      for (const f of task.changed) if (!owners.has(f)) owners.set(f, task);
    }
  },
});
