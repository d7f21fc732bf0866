import {
  anchorsOf,
  defineRule,
  fragmentLinks,
  describeNumbers,
  type StepReferenceItem,
  stepNumbers,
  stepReferences,
  taskReferences,
  tasks,
} from '../../src/rule-api.js';

export default defineRule({
  meta: {
    id: 'step-references',
    description: 'Every "Step N" the prose refers to, and every `#anchor` link, is a heading of the runbook.',
    invariant: null,
    fixable: false,
    tagsProse: true,
    defaultSeverity: 'warn',
    messages: {
      missing: '"{{reference}}" refers to a step this runbook does not have (its steps: {{steps}}).',
      missingRange: '"{{reference}}" refers to steps this runbook does not have (its steps: {{steps}}).',
      anchor: 'The link to "#{{fragment}}" leads nowhere: no heading or anchor of this runbook has that id.',
      task: '"{{id}}" refers to a task this list does not have.',
    },
    rationale:
      'A reviewer or an agent follows "Step 17" to a step that is not there: the prerequisite it names ' +
      'is never checked, or the wrong step is run in its place. Deleting a duplicate step (fix --unsafe) ' +
      'leaves such references behind.',
    hints: {
      task: 'Point it at the task that holds this work now, or drop it.',
      missing:
        'Point the reference at the step that holds this work now, or drop it; a step gone on purpose ' +
        'can be said so ("Step 17, since merged into Step 18").',
      missingRange: 'Renumber the range to steps the runbook has, or drop it.',
      anchor:
        'Point the link at the heading that holds this part now ' +
        '(its id is the title in lower case, spaces as hyphens).',
    },
  },
  check(context) {
    const { runbook } = context;
    const links = fragmentLinks(runbook);
    if (links.length > 0) {
      const anchors = anchorsOf(runbook);
      for (const link of links) {
        if (anchors.has(normalFragment(link.fragment))) continue;
        context.report({ messageId: 'anchor', data: { fragment: link.fragment }, loc: { range: link.range } });
      }
    }
    const list = tasks(runbook);
    if (list.length > 0) {
      const ids = new Set(list.map((t) => t.id));
      for (const ref of taskReferences(runbook, new Set(list.map((t) => t.prose))))
        if (!ids.has(ref.id)) context.report({ messageId: 'task', data: { id: ref.id }, loc: { range: ref.range } });
    }
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

/** `#Caf%C3%A9-Setup` as the id it names: decoded, in lower case (renderers lower-case their slugs). */
function normalFragment(fragment: string): string {
  let decoded = fragment;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    // a lone % is its own character
  }
  return decoded.toLowerCase();
}
