import { defineRule, labelledPart, option, type Section } from '../../src/rule-api.js';

const OPTIONS = {
  unitLabels: option.strings(
    'labels of the parts that make a section a work unit of a cutover plan',
    ['Work units', 'Deliverables'],
    { minItems: 1 },
  ),
  exitLabels: option.strings(
    'labels of the part that says when a unit is done',
    ['Exit criteria', 'Exit criterion', 'Done when', 'Definition of done', 'Acceptance criteria', 'Success criteria'],
    { minItems: 1 },
  ),
};

export default defineRule({
  meta: {
    id: 'exit-criteria',
    description: 'Each work unit of a cutover plan says when it is done (its exit criteria).',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      missing:
        '"{{unit}}" lists its work but no exit criteria: nothing says when it is done, ' +
        "as the plan's other units do.",
    },
    rationale:
      'A plan cut into units is run unit by unit, often by different people or agents; the exit criteria are ' +
      'what lets the next unit start on a known state, and a unit without them is done when someone says so.',
    hints: { missing: 'Add an "Exit criteria:" part: what can be checked when the unit is finished.' },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, options } = context;
    const units: Section[] = [];
    for (const section of runbook.sections) {
      const part = labelledPart(runbook, section, options.unitLabels, { alone: true });
      // the unit is the section that holds the label itself, not every section above it
      if (part && runbook.sectionAt(part.line) === section) units.push(section);
    }
    const exits = units.map((unit) => {
      const part = labelledPart(runbook, unit, options.exitLabels);
      if (!part) return false;
      const holder = runbook.sectionAt(part.line);
      // its own text, or a subsection titled for them ("### Exit criteria")
      return holder === unit || (part.kind === 'heading' && holder?.parent === unit);
    });
    // a plan whose units never state exit criteria has a shape of its own: say nothing there
    if (!exits.includes(true)) return;
    units.forEach((unit, i) => {
      if (!exits[i]) context.report({ messageId: 'missing', data: { unit: unit.title }, loc: { node: unit.heading } });
    });
  },
});
