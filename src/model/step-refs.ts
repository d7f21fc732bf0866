import { type ProseBlock, type Runbook, type Section, sentences } from '../document/index.js';
import { clauses, hasAny } from '../text/clauses.js';
import { words } from '../text/words.js';

/**
 * "Step N" references in a runbook's prose, read word by word with their places: one number,
 * a range ("Steps 11–14"), a list ("Steps 7, 8 and 15"). A reference *stands* when it points
 * at one of this runbook's steps: not negated, not history ("Step 17, since merged into Step
 * 18"), not another document's step, not an item number of a numbered list, not code. The
 * step-references rule reports standing references to missing steps; the fixer's deletion of a
 * duplicate step rewrites the ones to the step it deletes.
 */

/** One standing reference, and those of its numbers that `select` kept. */
export interface StepReference {
  block: ProseBlock;
  /** text indices in the block: the step word, and the end of the last number */
  start: number;
  end: number;
  items: Item[];
  selected: Item[];
  /** "Step 17's …" */
  possessive: boolean;
}

/**
 * The standing references that have a number `select` keeps (checked before the costlier reading
 * of the sentence, since most references name a step that exists).
 */
export function stepReferences(runbook: Runbook, select: (item: Item) => boolean): StepReference[] {
  const out: StepReference[] = [];
  for (const { block, ref } of candidates(runbook)) {
    const selected = ref.items.filter(select);
    if (selected.length === 0 || block.isCodeAt(ref.head.start) || !stands(ref)) continue;
    const kept = selected.filter((item) => !block.isCodeAt(item.start) && !isListItemNumber(runbook, block, item));
    if (kept.length === 0) continue;
    const after = ref.sentence.tokens[ref.last + 1];
    const possessive =
      after?.word === 's' && /^['’]$/.test(gap(block.text, ref.sentence.tokens[ref.last] as Token, after));
    out.push({
      block,
      start: ref.head.start,
      end: (ref.sentence.tokens[ref.last] as Token).end,
      items: ref.items,
      selected: kept,
      possessive,
    });
  }
  return out;
}

const candidateMemo = new WeakMap<Runbook, { block: ProseBlock; ref: Reference }[]>();

/**
 * Every "Step N" of the prose outside history sections, read once per runbook: the fixer asks
 * for the references of each step it deletes, and a long runbook has many.
 */
function candidates(runbook: Runbook): { block: ProseBlock; ref: Reference }[] {
  let out = candidateMemo.get(runbook);
  if (out) return out;
  out = [];
  for (const block of runbook.prose) {
    if (inHistory(block.section)) continue;
    for (const ref of references(block)) out.push({ block, ref });
  }
  candidateMemo.set(runbook, out);
  return out;
}

/** The item numbers an ordered list shows ("1." to "9."), and the line it starts on. */
interface NumberedList {
  line: number;
  from: number;
  to: number;
}

/** The mdast nodes the walk reads: any node, its list fields when it is a list. */
interface TreeNode {
  type: string;
  ordered?: boolean | null;
  start?: number | null;
  children?: TreeNode[];
  position?: { start: { line: number } };
}

const listMemo = new WeakMap<Runbook, NumberedList[]>();

function numberedLists(runbook: Runbook): NumberedList[] {
  let out = listMemo.get(runbook);
  if (out) return out;
  out = [];
  // explicit stack: lists nest deeper than the call stack allows
  const stack: TreeNode[] = [runbook.root as TreeNode];
  while (stack.length > 0) {
    const n = stack.pop() as TreeNode;
    if (n.type === 'list' && n.ordered && n.children) {
      const from = n.start ?? 1;
      out.push({ line: n.position?.start.line ?? 1, from, to: from + n.children.length - 1 });
    }
    if (n.children) for (const c of n.children) stack.push(c);
  }
  listMemo.set(runbook, out);
  return out;
}

/**
 * "Repeat step 3 until green" in a step whose procedure is a numbered list: the list's third
 * item, not a "Step 3" heading. The scope is the step that holds the sentence (its subsections
 * included), else the sentence's own section.
 */
function isListItemNumber(runbook: Runbook, block: ProseBlock, item: Item): boolean {
  let scope = block.section;
  for (let s = block.section; s; s = s.parent) {
    if (s.kind === 'step') {
      scope = s;
      break;
    }
  }
  const first = scope?.line ?? 1;
  const last = scope?.endLine ?? runbook.lines.lineCount;
  return numberedLists(runbook).some(
    (l) => l.line >= first && l.line <= last && item.from >= l.from && item.to <= l.to,
  );
}

/** A word of a block's text with where it stands: `words()`, with offsets. */
interface Token {
  word: string;
  start: number;
  end: number;
}

/** One number or a range ("11–14") of a reference, with its place in the block's text. */
export interface Item {
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
  sentence: SentenceWords;
}

/** A sentence's words and its clauses, shared by the references in it. */
interface SentenceWords {
  block: ProseBlock;
  tokens: Token[];
  clauses: ClauseSpan[];
}

/** A clause of the block (`clauses()`), as a span of its text; whether it names another document, once asked. */
interface ClauseSpan {
  start: number;
  end: number;
  negated: boolean;
  otherDocument?: boolean;
}

const LABELS = new Set(['step', 'task']);

/**
 * The numbers of the runbook's `Step N` headings: the sections the document model classifies as
 * steps, with the number it reads from the heading (`stepNumber`), labelled "Step" (not "Task").
 */
export function stepNumbers(runbook: Runbook): Set<number> {
  const out = new Set<number>();
  for (const s of runbook.steps()) {
    if (s.stepNumber === null) continue;
    if (words(s.title).find((w) => LABELS.has(w)) === 'step') out.add(s.stepNumber);
  }
  return out;
}

/** 1–16, 18–21 */
export function describeNumbers(numbers: Set<number>): string {
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

/** A task id named in the prose of a task list, where it is not the id that opens a task. */
export interface TaskReference {
  id: string;
  /** document offsets */
  range: [number, number];
}

const TASK_ID = /(?<![\w/.#-])T\d{2,4}[A-Za-z]?(?![\w/-])/g;

/**
 * Every mention of a task id in the runbook's prose (“after T024 has landed”, “T014–T016”),
 * the ids that open the tasks themselves left out, and those in a change log or a negated
 * clause (“T031 is gone”: history; “no T031”) too.
 */
export function taskReferences(runbook: Runbook, opening: ReadonlySet<ProseBlock>): TaskReference[] {
  const out: TaskReference[] = [];
  for (const block of runbook.prose) {
    if (inHistory(block.section)) continue;
    const skipFirst = opening.has(block);
    TASK_ID.lastIndex = 0;
    let first = true;
    for (let m = TASK_ID.exec(block.text); m; m = TASK_ID.exec(block.text)) {
      const isOpening = first && skipFirst;
      first = false;
      if (isOpening) continue;
      const clause = clauses(block).find((c) => m.index >= c.start && m.index < c.start + c.text.length);
      if (clause?.negated) continue;
      // "T031 in [the platform plan](../platform/tasks.md)": another list's task
      const after = /^\s+(?:of|in|from)\s+/.exec(block.text.slice(m.index + m[0].length));
      const at = m.index + m[0].length + (after?.[0].length ?? 0);
      if (after && [0, 4, 8, 12].some((k) => inOtherDocumentLink(block, at + k))) continue;
      out.push({ id: m[0], range: [block.docOffset(m.index), block.docOffset(m.index + m[0].length, 'end')] });
    }
  }
  return out;
}

const HISTORY_SECTIONS = ['changelog', 'change log', 'revision history', 'version history', 'history', 'release notes'];

const historyMemo = new WeakMap<Section, boolean>();

/** A change log records what was: "Step 17 drafted" there is history, not a reference to follow. */
function inHistory(section: Section | null): boolean {
  if (!section) return false;
  let known = historyMemo.get(section);
  if (known === undefined) {
    known = hasAny(words(section.title), HISTORY_SECTIONS) || inHistory(section.parent);
    historyMemo.set(section, known);
  }
  return known;
}

/** Characters that make "step" part of a URL, a path, an anchor or an identifier. */
const GLUED = new Set(['/', '\\', '-', '_', '.', '#', '=', '@', '~', ':', '&', '?', '%', '+']);

function isAlnum(c: string | undefined): boolean {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 48 && k <= 57) || (k >= 65 && k <= 90) || (k >= 97 && k <= 122);
}

function isUpper(c: string | undefined): boolean {
  const k = c === undefined ? 0 : c.charCodeAt(0);
  return k >= 65 && k <= 90;
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
    const camel = alnum && start >= 0 && isUpper(c) && !isUpper(text[i - 1]);
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

const referenceMemo = new WeakMap<ProseBlock, Reference[]>();

/** Every step reference of the block, sentence by sentence (read once per block: the rule and each deletion ask). */
function references(block: ProseBlock): Reference[] {
  let known = referenceMemo.get(block);
  if (!known) {
    known = readReferences(block);
    referenceMemo.set(block, known);
  }
  return known;
}

function readReferences(block: ProseBlock): Reference[] {
  const out: Reference[] = [];
  const text = block.text;
  let spans: ClauseSpan[] | null = null;
  for (const sentence of sentences(block)) {
    if (!sentence.text.toLowerCase().includes('step')) continue;
    const end = sentence.start + sentence.text.length;
    spans ??= clauses(block).map((c) => ({ start: c.start, end: c.start + c.text.length, negated: c.negated }));
    const context: SentenceWords = {
      block,
      tokens: tokenize(text, sentence.start, end),
      clauses: spans.slice(
        firstWhere(spans, (c) => c.end > sentence.start),
        firstWhere(spans, (c) => c.start >= end),
      ),
    };
    const { tokens } = context;
    for (let i = 0; i < tokens.length; i++) {
      const head = tokens[i] as Token;
      if (head.word !== 'step' && head.word !== 'steps') continue;
      const before = text[head.start - 1];
      if (isAlnum(before) || (before !== undefined && GLUED.has(before))) continue;
      const ref = referenceAt(context, i);
      if (ref) {
        out.push(ref);
        i = ref.last;
      }
    }
  }
  return out;
}

/** Index of the first item for which `test` holds, in a sorted list where it holds from some index on. */
function firstWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The numbers after the step word at `i`: one, a range, or (after "Steps") a list. */
function referenceAt(sentence: SentenceWords, i: number): Reference | null {
  const { block, tokens } = sentence;
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
    if (head.word === 'steps' && after && sep === '&') {
      // "Steps 7 & 8": the ampersand is not a word; the number right after it closes the list
      const final = itemAt(block, tokens, last + 1);
      if (final) {
        pending.push(final.item);
        last = final.last;
        items.push(...pending);
        pending = [];
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
  return { head, items, first: i, last, sentence };
}

/** A number at token `j` ("17", "#17"), or a range "11–14", "8 to 16"; not "2.1". */
function itemAt(block: ProseBlock, tokens: Token[], j: number): { item: Item; last: number } | null {
  const text = block.text;
  const t = tokens[j];
  if (!t || !NUMBER.test(t.word)) return null;
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
  'remov*',
  'delet*',
  'dropped',
  'gone',
  'merg* into',
  'fold* into',
  'absorb*',
  'supersed*',
  'replac*',
  'renumber*',
  'renamed',
  'moved',
  'retir*',
  'obsolete',
  'former*',
  'previous*',
  'used to',
  'no longer',
  'old',
  'instead of',
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
  'checklist',
  'spec',
  'specification',
  'rfc',
  'adr',
  'readme',
  'wiki',
  'manual',
  'tutorial',
];

/** Nouns that name a document only right after "of"/"in": "Step 3 of the deploy plan". */
const DOCUMENTS_AFTER_OF = [...DOCUMENTS, 'plan', 'procedure', 'page'];

/**
 * Things with steps of their own that are never this runbook: "step 4 of the installer", "the
 * restore wizard, step 3 asks …" — "the" before them does not make them this document.
 */
const OTHER_STEPPERS = ['wizard', 'installer', 'dialog', 'dialogue', 'assistant'];

/** Words before a document noun that keep it this document: "this runbook", "the runbook". */
const SELF = new Set(['this', 'the', 'our', 'present', 'current', 'same', 'above', 'below']);

const POSSESSIVES = new Set(['its', 'their', 'his', 'her']);

/**
 * Whether the reference stands as a reference to one of this runbook's steps: not negated, not
 * history, not a step of another document, not "step 1 of 3".
 */
function stands(ref: Reference): boolean {
  const { block, tokens, clauses: spans } = ref.sentence;
  const text = block.text;
  const start = ref.head.start;
  const end = (tokens[ref.last] as Token).end;
  // the clauses the reference stands in (a list can run over a clause break: "Steps 7, 8, and 9")
  const around = spans.slice(
    firstWhere(spans, (c) => c.end > start),
    firstWhere(spans, (c) => c.start >= end),
  );
  // a negated clause: "there is no Step 17 any more", "nothing references it until Step 17"
  if (around.some((c) => c.negated)) return false;
  const from = around[0]?.start ?? 0;
  const to = around[around.length - 1]?.end ?? text.length;
  const inClause = (t: Token): boolean => t.start >= from && t.end <= to;
  // history within four words of the reference, in its clause: "Step 17 (merged into Step 18)"
  const nearby = tokens.slice(Math.max(0, ref.first - 4), ref.last + 5).filter(inClause);
  if (
    hasAny(
      nearby.map((t) => t.word),
      HISTORY,
    )
  )
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
    const noun = ws.findIndex((w) => DOCUMENTS_AFTER_OF.includes(w));
    if (noun >= 0 && !ws.slice(0, noun).every((w) => SELF.has(w))) return false;
    if (ws.some((w) => OTHER_STEPPERS.includes(w))) return false;
  }
  // "as the Go runbook says, run Step 4": the clause names another document
  return !around.some((c) => namesOtherDocument(c, tokens));
}

/** A document noun after a word that is not "this", "the", "our": "the Go runbook", "the team's guide". */
function namesOtherDocument(clause: ClauseSpan, tokens: Token[]): boolean {
  if (clause.otherDocument !== undefined) return clause.otherDocument;
  let other = false;
  const first = firstWhere(tokens, (t) => t.start >= clause.start);
  for (let k = first + 1; k < tokens.length && (tokens[k] as Token).end <= clause.end; k++) {
    const t = tokens[k] as Token;
    if (OTHER_STEPPERS.includes(t.word) || (DOCUMENTS.includes(t.word) && !SELF.has((tokens[k - 1] as Token).word))) {
      other = true;
      break;
    }
  }
  clause.otherDocument = other;
  return other;
}

const linkMemo = new WeakMap<ProseBlock, [number, number][]>();

/** Whether the text index falls in a link to another file (not an anchor of this one). */
function inOtherDocumentLink(block: ProseBlock, index: number): boolean {
  let links = linkMemo.get(block);
  if (!links) {
    links = [];
    const stack = [block.node];
    while (stack.length > 0) {
      const n = stack.pop() as ProseBlock['node'];
      if (n.type === 'link' && !n.url.startsWith('#'))
        links.push([n.position?.start.offset ?? -1, n.position?.end.offset ?? -1]);
      // links do not nest: what is inside one is its text
      else if ('children' in n) for (const c of n.children) stack.push(c as ProseBlock['node']);
    }
    links.sort((x, y) => x[0] - y[0]);
    linkMemo.set(block, links);
  }
  const at = block.docOffset(index);
  const link = links[firstWhere(links, (l) => l[1] > at)];
  return link !== undefined && at >= link[0];
}
