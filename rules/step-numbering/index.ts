import {
  defineRule,
  type List,
  type Nodes,
  type Runbook,
  type Section,
  type Task,
  tasks,
  words,
} from '../../src/rule-api.js';

/**
 * Steps numbered so an operator can follow them: within one part of the runbook (the section
 * that holds them), no two steps share a number and the numbers go up. Numbering that starts
 * again in another phase is that phase's own.
 */
export default defineRule({
  meta: {
    id: 'step-numbering',
    description:
      'Step numbers and task ids are unique and in order, a numbered list counts as the page shows it, and no two ' +
      'sibling sections share a heading.',
    invariant: null,
    fixable: false,
    tagsProse: true,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      duplicate: '"{{title}}" has the number of "{{other}}" (line {{line}}): "Step {{number}}" names two steps.',
      order: '"{{title}}" comes after "{{other}}" (line {{line}}): the steps are out of order.',
      duplicateTask: '{{id}} is also the id of the task on line {{line}}: "{{id}}" names two tasks.',
      duplicateHeading:
        'This heading repeats "{{title}}" of line {{line}} under the same section: a link to it reaches only the ' +
        'first, and "see {{title}}" could mean either.',
      listGap:
        'This item is numbered {{number}} after {{previous}}: Markdown shows it as {{shown}}, so "step {{number}}" ' +
        'means one item in the source and another on the page.',
      listRestart:
        'This item is numbered {{number}} after {{previous}}, but it continues the same list: Markdown shows it as ' +
        '{{shown}}, a step of its own.',
    },
    rationale:
      'An operator follows the numbers: two steps called "Step 4" make "go back to Step 4" ambiguous, and a ' +
      'step numbered lower than the one before it is the sign of a step moved or inserted without renumbering — ' +
      'the order the runbook means is no longer the order it shows.',
    hints: {
      duplicate: 'Renumber one of them (and the references to it).',
      order: 'Move the step, or renumber the steps of this part (and the references to them).',
      duplicateTask: 'Give one of them the next free id (and update the references and dependencies that name it).',
      duplicateHeading: 'Name each for what sets it apart, or merge the two.',
      listGap: 'Renumber the list (and the references to its items), or put back the step that was left out.',
      listRestart: 'If it is a sub-step, indent it under the item above; else renumber it.',
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
    for (const [section, first] of repeatedHeadings(context.runbook))
      context.report({
        messageId: 'duplicateHeading',
        data: { title: first.title, line: first.line },
        loc: { node: section.heading },
      });
    for (const list of context.runbook.lists) {
      const jump = numberingBreak(list, context.runbook.text);
      if (!jump) continue;
      context.report({
        messageId: jump.number < jump.previous ? 'listRestart' : 'listGap',
        data: { number: jump.number, previous: jump.previous, shown: jump.shown },
        loc: { range: jump.range },
      });
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

/**
 * The first item of a numbered list whose number does not follow the one before it (`1. 2. 4.`,
 * or `1. 2. 3. 1. 2.` where sub-steps lost their indent). Markdown numbers a list from its
 * first item on, whatever the later items say, so the page and the source disagree from there.
 * A list numbered `1. 1. 1.` lets Markdown count, and is left alone; so is one whose items before
 * the break do not count up one by one from the first: its numbers may mean something else.
 */
function numberingBreak(
  list: List,
  text: string,
): { number: number; previous: number; shown: number; range: [number, number] } | null {
  if (!list.ordered || list.children.length < 3) return null;
  const numbers: { n: number; at: number; length: number }[] = [];
  for (const item of list.children) {
    const at = item.position?.start.offset;
    if (at === undefined) return null;
    const m = /^(\d{1,9})[.)]/.exec(text.slice(at, at + 11));
    if (!m?.[1]) return null;
    numbers.push({ n: Number(m[1]), at, length: m[1].length });
  }
  let run = 0;
  for (let i = 1; i < numbers.length; i++) {
    const { n, at, length } = numbers[i] as (typeof numbers)[number];
    const previous = (numbers[i - 1] as (typeof numbers)[number]).n;
    if (n === previous + 1) {
      run++;
      continue;
    }
    if (i < 2 || run !== i - 1) return null;
    const first = (numbers[0] as (typeof numbers)[number]).n;
    return { number: n, previous, shown: first + i, range: [at, at + length] };
  }
  return null;
}

/**
 * Sections whose heading gives the anchor a sibling's already gives (same parent, same level,
 * the same GitHub slug: "Rollback" and "Rollback:" alike), each with the first one. Left out:
 * a heading that is nothing but a link (`# [.NET](#tab/dotnet)`, a tab of docfx), which
 * repeats on purpose; one quoted in a blockquote; a numbered step, whose repeat `duplicate`
 * reports.
 */
function repeatedHeadings(runbook: Runbook): [Section, Section][] {
  const quoted = new Set(
    runbook.prose.filter((p) => p.kind === 'heading' && p.container === 'blockquote').map((p) => p.node),
  );
  const folded = detailsRegions(runbook.root);
  const out: [Section, Section][] = [];
  const seen = new Map<Section | null, Map<string, Section>>();
  for (const section of runbook.sections) {
    const [only, ...rest] = section.heading.children;
    if ((only?.type === 'link' && rest.length === 0) || quoted.has(section.heading)) continue;
    if (section.stepNumber !== null) continue;
    // the same words in another case, spacing or closing punctuation ("Rollback" and "Rollback:"),
    // not only the same slug: "C#", "C++" and "C" share one and are three headings
    const slug = sameWords(section.title);
    if (slug === '') continue;
    const siblings = seen.get(section.parent) ?? new Map<string, Section>();
    seen.set(section.parent, siblings);
    // one `<details>` block per platform may each have its own "Steps"
    const key = `${section.depth} ${folded.get(section.heading) ?? 0} ${slug}`;
    const first = siblings.get(key);
    if (first) out.push([section, first]);
    else siblings.set(key, section);
  }
  return out;
}

function sameWords(title: string): string {
  return title
    .trim()
    .replace(/[\s:.;,!?]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** For the headings folded in a `<details>` block (between its HTML tags), a number per block. */
function detailsRegions(root: Nodes): Map<Nodes, number> {
  const out = new Map<Nodes, number>();
  let depth = 0;
  let region = 0;
  if (!('children' in root)) return out;
  for (const node of root.children as Nodes[]) {
    if (node.type === 'html') {
      // tag by tag: `</details>` and the next `<details>` can be one HTML block
      for (const tag of node.value.matchAll(/<(\/?)details\b/gi)) {
        if (tag[1] === '/') depth = Math.max(0, depth - 1);
        else if (depth++ === 0) region++;
      }
    } else if (node.type === 'heading' && depth > 0) out.set(node, region);
  }
  return out;
}
