import {
  clauses,
  defineRule,
  hasAny,
  isAboutMigration,
  type ProseBlock,
  type Runbook,
  type Section,
  sentences,
  words,
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
    const { runbook, settings } = context;
    const numbers = stepNumbers(runbook);
    // a runbook without "Step N" headings numbers its steps otherwise, or not at all
    if (numbers.size === 0) return;
    if (!isAboutMigration(runbook, settings)) return;
    const steps = describeNumbers(numbers);
    for (const block of runbook.prose) {
      if (inHistory(block.section)) continue;
      const label = ownLabel(block);
      for (const ref of references(block)) {
        if (ref.head.start === label) continue;
        if (!stands(block, ref)) continue;
        const single = ref.items.length === 1;
        for (const item of ref.items) {
          const missing = item.to === item.from ? !numbers.has(item.from) : !anyIn(numbers, item.from, item.to);
          if (!missing) continue;
          const start = single ? ref.head.start : item.start;
          const range: [number, number] = [block.docOffset(start), block.docOffset(item.end, 'end')];
          const reference =
            item.to === item.from ? `Step ${item.from}` : `Steps ${item.from}–${item.to}`;
          context.report({
            messageId: item.to === item.from ? 'missing' : 'missingRange',
            data: { reference, steps },
            loc: { range },
          });
        }
      }
    }
  },
});

/** A word of a block's text with where it stands: `words()`, with offsets. */
interface Token {
  word: string;
  start: number;
  end: number;
}

/** One number or a range ("11–14") of a reference, with its place in the block's text. */
interface Item {
  from: number;
  to: number;
  start: number;
  end: number;
}

/** "Step 17", "Steps 7, 8, 15 and 16": the step word and the numbers that follow it. */
interface Reference {
  head: Token;
  items: Item[];
  /** token indices in the sentence: the step word, the last number */
  first: number;
  last: number;
  tokens: Token[];
}

const LABELS = new Set(['step', 'task']);

/**
 * The numbers of the runbook's `Step N` headings: the sections the document model classifies as
 * steps, with the number it reads from the heading (`stepNumber`), labelled "Step" (not "Task").
 */
function stepNumbers(runbook: Runbook): Set<number> {
  const out = new Set<number>();
  for (const s of runbook.steps()) {
    if (s.stepNumber === null) continue;
    if (words(s.title).find((w) => LABELS.has(w)) === 'step') out.add(s.stepNumber);
  }
  return out;
}

function anyIn(numbers: Set<number>, from: number, to: number): boolean {
  for (const n of numbers) if (n >= from && n <= to) return true;
  return false;
}

/** 1–16, 18–21 */
function describeNumbers(numbers: Set<number>): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    runs.push(j === i ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

const HISTORY_SECTIONS = ['changelog', 'change log', 'revision history', 'version history', 'history', 'release notes'];

/** A change log records what was: "Step 17 drafted" there is history, not a reference to follow. */
function inHistory(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) if (hasAny(words(s.title), HISTORY_SECTIONS)) return true;
  return false;
}

/** In a step's own heading, where its label ("Step 17" of "## Step 17: …") starts; else -1. */
function ownLabel(block: ProseBlock): number {
  const section = block.section;
  if (block.kind !== 'heading' || section?.kind !== 'step' || section.heading !== block.node) return -1;
  return tokenize(block.text, 0, block.text.length).find((t) => LABELS.has(t.word))?.start ?? -1;
}

/** Characters that make "step" part of a URL, a path, an anchor or an identifier. */
const GLUED = new Set(['/', '\\', '-', '_', '.', '#', '=', '@', '~', ':', '&', '?', '%', '+']);

function isAlnum(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9]/.test(c);
}

/**
 * The block's words between `from` and `to`, with offsets, split as `words()` splits them:
 * runs of ASCII letters and digits, a camelCase boundary starting a new word.
 */
function tokenize(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  let start = -1;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text[i] : undefined;
    const alnum = isAlnum(c);
    const camel = alnum && start >= 0 && /[A-Z]/.test(c as string) && /[a-z0-9]/.test(text[i - 1] as string);
    if (start >= 0 && (!alnum || camel)) {
      out.push({ word: text.slice(start, i).toLowerCase(), start, end: i });
      start = -1;
    }
    if (alnum && start < 0) start = i;
  }
  return out;
}

const NUMBER = /^\d{1,4}$/;

/** What stands between two tokens, spaces collapsed: "", ",", "–", "#", "'". */
function gap(text: string, a: Token, b: Token): string {
  return text.slice(a.end, b.start).replace(/[\s\u00a0]+/g, '');
}

/** Every step reference of the block, sentence by sentence. */
function references(block: ProseBlock): Reference[] {
  const out: Reference[] = [];
  const text = block.text;
  for (const sentence of sentences(block)) {
    const tokens = tokenize(text, sentence.start, sentence.start + sentence.text.length);
    for (let i = 0; i < tokens.length; i++) {
      const head = tokens[i] as Token;
      if (head.word !== 'step' && head.word !== 'steps') continue;
      const before = text[head.start - 1];
      if (isAlnum(before) || (before !== undefined && GLUED.has(before))) continue;
      if (block.isCodeAt(head.start)) continue;
      const ref = referenceAt(block, tokens, i);
      if (ref) out.push(ref);
    }
  }
  return out;
}

/** The numbers after the step word at `i`: one, a range, or (after "Steps") a list. */
function referenceAt(block: ProseBlock, tokens: Token[], i: number): Reference | null {
  const text = block.text;
  const head = tokens[i] as Token;
  const items: Item[] = [];
  let j = i + 1;
  const next = tokens[j];
  if (!next || !/^#?$/.test(gap(text, head, next))) return null;
  let last = i;
  // comma items wait for an "and"/"or" item or the end of the phrase: "Steps 7, 8 deployed" is Step 7
  let pending: Item[] = [];
  for (;;) {
    const item = itemAt(block, tokens, j);
    if (!item) break;
    pending.push(item.item);
    last = item.last;
    const after = tokens[last + 1];
    const sep = after ? gap(text, tokens[last] as Token, after) : '';
    if (head.word === 'steps' && after && sep === ',' && NUMBER.test(after.word)) {
      j = last + 1;
      continue;
    }
    if (head.word === 'steps' && after && (after.word === 'and' || after.word === 'or') && /^,?$/.test(sep)) {
      const final = itemAt(block, tokens, last + 2);
      if (final && gap(text, after, tokens[last + 2] as Token) === '') {
        pending.push(final.item);
        last = final.last;
      }
      items.push(...pending);
      pending = [];
      break;
    }
    if (head.word === 'steps' && after && /^&$/.test(sep)) {
      // "Steps 7 & 8": the ampersand is not a word; the number right after it closes the list
      const final = itemAt(block, tokens, last + 1);
      if (final) {
        pending.push(final.item);
        last = final.last;
      }
    }
    break;
  }
  if (pending.length > 0) {
    const after = tokens[last + 1];
    // a list left open ends in punctuation or the sentence's end; else only its first item stands
    const closed = !after || gap(text, tokens[last] as Token, after) !== '';
    items.push(...(closed || items.length > 0 ? pending : pending.slice(0, 1)));
  }
  if (items.length === 0) return null;
  return { head, items, first: i, last, tokens };
}

/** A number at token `j` ("17", "#17"), or a range "11–14", "8 to 16"; not "2.1", not code. */
function itemAt(block: ProseBlock, tokens: Token[], j: number): { item: Item; last: number } | null {
  const text = block.text;
  const t = tokens[j];
  if (!t || !NUMBER.test(t.word) || block.isCodeAt(t.start)) return null;
  if (subNumbered(text, t.end)) return null;
  const from = Number(t.word);
  const next = tokens[j + 1];
  if (next) {
    const sep = gap(text, t, next);
    if (/^[-–—]$/.test(sep) && NUMBER.test(next.word) && !subNumbered(text, next.end)) {
      const to = Number(next.word);
      if (to > from) return { item: { from, to, start: t.start, end: next.end }, last: j + 1 };
    }
    const toWord = next.word === 'to' || next.word === 'through' || next.word === 'thru';
    const end = tokens[j + 2];
    if (toWord && sep === '' && end && NUMBER.test(end.word) && gap(text, next, end) === '') {
      const to = Number(end.word);
      if (to > from && !subNumbered(text, end.end))
        return { item: { from, to, start: t.start, end: end.end }, last: j + 2 };
    }
    // "Step 3-b", "step_3_x": part of a name
    if (/^[-_/]$/.test(sep) && text[t.end] === sep) return null;
  }
  return { item: { from, to: from, start: t.start, end: t.end }, last: j };
}

/** "2.1", "3.4.1": a sub-step the heading model does not number */
function subNumbered(text: string, end: number): boolean {
  return text[end] === '.' && /[0-9]/.test(text[end + 1] ?? '');
}

/** Words that put a mention in the past: the step was removed, merged, renumbered. */
const HISTORY = [
  'removed',
  'deleted',
  'dropped',
  'merged into',
  'folded into',
  'absorbed',
  'superseded',
  'replaced',
  'renumbered',
  'retired',
  'obsolete',
  'former',
  'formerly',
  'previously',
  'used to',
  'no longer',
  'old',
];

/** Nouns that name a document: a step "of the Go team's runbook" is that runbook's step. */
const DOCUMENTS = [
  'runbook',
  'runbooks',
  'document',
  'doc',
  'docs',
  'documentation',
  'guide',
  'playbook',
  'plan',
  'checklist',
  'spec',
  'specification',
  'rfc',
  'adr',
  'readme',
  'wiki',
  'manual',
  'procedure',
  'tutorial',
  'page',
];

/** Words that leave the document this one: "of this runbook", "in the runbook". */
const SELF = new Set(['this', 'the', 'our', 'present', 'current', 'same', 'above', 'below']);

const POSSESSIVES = new Set(['its', 'their', 'his', 'her']);

/**
 * Whether the reference stands as a reference to one of this runbook's steps: not negated, not
 * history, not a step of another document, not "step 1 of 3".
 */
function stands(block: ProseBlock, ref: Reference): boolean {
  const { tokens } = ref;
  const text = block.text;
  const start = ref.head.start;
  const end = (tokens[ref.last] as Token).end;
  const around = clauses(block).filter((c) => c.start < end && c.start + c.text.length > start);
  // a negated clause: "there is no Step 17 any more", "nothing references it until Step 17"
  if (around.some((c) => c.negated)) return false;
  const inClause = (t: Token): boolean =>
    around.length === 0 || around.some((c) => t.start >= c.start && t.end <= c.start + c.text.length);
  // history within four words of the reference, in its clause: "Step 17 (merged into Step 18)"
  const window = tokens.slice(Math.max(0, ref.first - 4), ref.last + 5).filter(inClause);
  if (hasAny(
    window.map((t) => t.word),
    HISTORY,
  ))
    return false;
  const after = tokens[ref.last + 1];
  const possessive = after?.word === 's' && /^['’]$/.test(gap(text, tokens[ref.last] as Token, after));
  const follow = possessive ? ref.last + 2 : ref.last + 1;
  // "Step 17 was the SHADOW wiring": the step as the subject of a sentence in the past
  const verb = tokens[follow];
  if (verb && (verb.word === 'was' || verb.word === 'were')) return false;
  // "the Go team's Step 4", "its Step 2": somebody else's step
  const prev = tokens[ref.first - 1];
  if (prev && POSSESSIVES.has(prev.word)) return false;
  if (prev?.word === 's' && /^['’]$/.test(text[prev.start - 1] ?? '')) return false;
  // "Step 3 of the Go service's runbook", "Step 4 in [the deploy guide](deploy.md)", "step 1 of 3"
  const prep = tokens[follow];
  if (prep && (prep.word === 'of' || prep.word === 'in' || prep.word === 'from')) {
    const rest = tokens.slice(follow + 1, follow + 7).filter(inClause);
    if (rest[0] && NUMBER.test(rest[0].word)) return false;
    if (rest.slice(0, 3).some((t) => inOtherDocumentLink(block, t.start))) return false;
    const ws = rest.map((t) => t.word);
    const noun = ws.findIndex((w) => DOCUMENTS.includes(w));
    if (noun >= 0 && !ws.slice(0, noun).every((w) => SELF.has(w))) return false;
  }
  return true;
}

/** Whether the text index falls in a link to another file (not an anchor of this one). */
function inOtherDocumentLink(block: ProseBlock, index: number): boolean {
  const at = block.docOffset(index);
  const stack = [block.node];
  while (stack.length > 0) {
    const n = stack.pop() as ProseBlock['node'];
    if (n.type === 'link' && !n.url.startsWith('#')) {
      const s = n.position?.start.offset ?? -1;
      const e = n.position?.end.offset ?? -1;
      if (at >= s && at < e) return true;
    }
    if ('children' in n) for (const c of n.children) stack.push(c as ProseBlock['node']);
  }
  return false;
}
