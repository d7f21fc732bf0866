import {
  defineRule,
  describeNumbers,
  type StepReferenceItem,
  stepNumbers,
  stepReferences,
} from '../../src/rule-api.js';

export default defineRule({
  meta: {
    id: 'step-references',
    description: 'Every "Step N" the prose refers to is a step heading of the runbook.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    messages: {
      missing: '"{{reference}}" refers to a step this runbook does not have (its steps: {{steps}}).',
      missingRange: '"{{reference}}" refers to steps this runbook does not have (its steps: {{steps}}).',
    },
    rationale:
      'A reviewer or an agent follows "Step 17" to a step that is not there: the prerequisite it names ' +
      'is never checked, or the wrong step is run in its place. Deleting a duplicate step (fix --unsafe) ' +
      'leaves such references behind.',
    hints: {
      missing:
        'Point the reference at the step that holds this work now, or drop it; a step gone on purpose ' +
        'can be said so ("Step 17, since merged into Step 18").',
      missingRange: 'Renumber the range to steps the runbook has, or drop it.',
    },
  },
  check(context) {
    const { runbook } = context;
    const numbers = stepNumbers(runbook);
    // a runbook without "Step N" headings numbers its steps otherwise, or not at all
    if (numbers.size === 0) return;
    const steps = describeNumbers(numbers);
    const missing = (item: StepReferenceItem): boolean =>
      item.to === item.from ? !numbers.has(item.from) : !anyIn(numbers, item.from, item.to);
    for (const ref of stepReferences(runbook, missing)) {
      const single = ref.items.length === 1;
      for (const item of ref.selected) {
        const start = single ? ref.start : item.start;
        const range: [number, number] = [ref.block.docOffset(start), ref.block.docOffset(item.end, 'end')];
        const reference = item.to === item.from ? `Step ${item.from}` : `Steps ${item.from}–${item.to}`;
        context.report({
          messageId: item.to === item.from ? 'missing' : 'missingRange',
          data: { reference, steps },
          loc: { range },
        });
      }
    }
  },
});

function anyIn(numbers: Set<number>, from: number, to: number): boolean {
  for (const n of numbers) if (n >= from && n <= to) return true;
  return false;
}
