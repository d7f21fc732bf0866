import type { ListItem, Nodes, Paragraph } from 'mdast';
import type { ProseBlock, Runbook, Section } from '../document/index.js';
import { asFilePath } from './file-paths.js';
import { tag } from './nlp.js';

/**
 * The tasks of a spec-kit style task list: list items that open with a task id (`T001`,
 * `T005A`), after an optional checkbox, then bracketed tags (`[P]` may run in parallel,
 * `[US1]` the story it serves), then an imperative sentence that names the files it touches in
 * inline code.
 */
export interface Task {
  id: string;
  /** opens with a checkbox (`- [ ] T012 …`): a task to tick, not a line that names one */
  checkbox: boolean;
  /** inside a blockquote: another team's list, quoted */
  quoted: boolean;
  /** marked `[P]`: may run beside the other `[P]` tasks of its phase */
  parallel: boolean;
  /** document offsets of the `[P]` tag, or of the id when there is none */
  tagRange: [number, number];
  /** the lemma of the sentence's first word (its imperative verb), or null when the tagger cannot say */
  verb: string | null;
  /** the paths the task names in inline code, as written (a leading `./` dropped) */
  files: string[];
  /**
   * those it changes: all but the ones a word before them marks as read — "following `base.ts`",
   * "for `parser.ts`", "like `sync.ts` does", "so `test_users.py` passes"
   */
  changed: string[];
  prose: ProseBlock;
  /** the phase section that holds it, or null outside any phase */
  phase: Section | null;
}

const TASK = /^(?:\[[ xX]\]\s+)?(T\d{2,4}[A-Za-z]?)((?:[ \t]+\[[^\]\n]{1,12}\])*)(?=[\s:])/;

/** Every task of the runbook, in document order; memoised per runbook. */
export function tasks(runbook: Runbook): Task[] {
  let found = memo.get(runbook);
  if (!found) {
    found = collect(runbook);
    memo.set(runbook, found);
  }
  return found;
}

const memo = new WeakMap<Runbook, Task[]>();

function collect(runbook: Runbook): Task[] {
  const proseOf = new Map<Nodes, ProseBlock>(runbook.prose.map((p) => [p.node, p]));
  const out: Task[] = [];
  const stack: [Nodes, boolean][] = [[runbook.root, false]];
  while (stack.length > 0) {
    const [node, quoted] = stack.pop() as [Nodes, boolean];
    if (node.type === 'listItem') {
      const task = readTask(node, proseOf, runbook, quoted);
      if (task) out.push(task);
    }
    if ('children' in node) {
      const kids = node.children as Nodes[];
      const inQuote = quoted || node.type === 'blockquote';
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i] as Nodes, inQuote]);
    }
  }
  return out;
}

function readTask(
  item: ListItem,
  proseOf: ReadonlyMap<Nodes, ProseBlock>,
  runbook: Runbook,
  quoted: boolean,
): Task | null {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return null;
  const prose = proseOf.get(first);
  if (!prose) return null;
  const m = TASK.exec(prose.text);
  if (!m) return null;
  const id = m[1] as string;
  const tags = m[2] ?? '';
  const idAt = m[0].indexOf(id);
  // `T006` in inline code is a task named, in a note about the tasks, not a task
  if (prose.isCodeAt(idAt)) return null;
  const pAt = /\[P\]/.exec(tags);
  const tagStart = pAt ? m[0].length - tags.length + pAt.index : idAt;
  const tagEnd = pAt ? tagStart + 3 : idAt + id.length;
  const rest = prose.text.slice(m[0].length).trimStart();
  const files = namedFiles(first);
  return {
    id,
    checkbox: m[0].startsWith('['),
    quoted,
    parallel: pAt !== null,
    tagRange: [prose.docOffset(tagStart), prose.docOffset(tagEnd, 'end')],
    verb: leadingVerb(rest),
    files,
    changed: changedFiles(prose.text, m[0].length, files),
    prose,
    phase: phaseOf(runbook.sectionAt(prose.line)),
  };
}

/** The outermost phase above the task: "### Part A: Tests" inside "## Phase 2" is part of Phase 2. */
function phaseOf(section: Section | null): Section | null {
  let phase: Section | null = null;
  for (let s = section; s; s = s.parent) if (s.kind === 'phase') phase = s;
  return phase;
}

/** The lemma of the first word: "Adds" and "Added" are "add". Null without the tagger. */
function leadingVerb(sentence: string): string | null {
  const firstClause = sentence.slice(0, 200);
  const tokens = tag(firstClause);
  const head = tokens?.find((t) => t.pos !== 'PUNCT');
  return head ? head.lemma : null;
}

/** A word among the few before a path that makes it something read, not written. */
const READS = new Set([
  'for',
  'like',
  'following',
  'per',
  'against',
  'describing',
  'documenting',
  'covering',
  'mirroring',
  'using',
  'via',
  'than',
  'so',
  'see',
  'matching',
  'based',
]);
/** how many words before a path are read for a marker: "following the pattern in `base.ts`" */
const READ_WINDOW = 4;

function changedFiles(text: string, from: number, files: readonly string[]): string[] {
  const out: string[] = [];
  let cursor = from;
  for (const file of files) {
    const at = text.indexOf(file, cursor);
    if (at < 0) continue;
    const before =
      text
        .slice(cursor, at)
        .toLowerCase()
        .match(/[a-z]+/g) ?? [];
    cursor = at + file.length;
    if (before.slice(-READ_WINDOW).some((w) => READS.has(w))) continue;
    out.push(file);
  }
  return out;
}

/**
 * Inline code that is a path: a name with an extension or a path with a slash, nothing a
 * shell would expand (`{a,b}.md`, `*.php`) — a pattern names many files or none, and the
 * analysis does not guess which.
 */
function namedFiles(paragraph: Paragraph): string[] {
  const out: string[] = [];
  const stack: Nodes[] = [paragraph];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if (n.type === 'inlineCode') {
      const path = asFilePath(n.value);
      if (path && !out.includes(path)) out.push(path);
    } else if ('children' in n) {
      const kids = n.children as Nodes[];
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Nodes);
    }
  }
  return out;
}

/**
 * A labelled part of a section: a paragraph, line, table cell or heading that opens with one of
 * the labels, any case, after a checkbox or a symbol ("✅", "[ ]"), in the singular or plural,
 * numbered or not, then a colon, a dash, a full stop, a parenthesis or nothing —
 * "**Checkpoint**: …", "Checkpoint 2 —", "Exit criteria:", "### Gate". A heading may also end in
 * the label ("### Phase 1 checkpoint"). With `alone`, the label must be all its line says (the
 * list under it is the part): "Deliverables: a warehouse…" is a sentence, not a part.
 */
export function labelledPart(
  runbook: Runbook,
  section: Section,
  labels: readonly string[],
  opts: { alone?: boolean; headingPrefix?: boolean } = {},
): ProseBlock | null {
  const wanted = labels.map((l) => l.toLowerCase());
  for (const p of runbook.proseIn(section)) {
    if (p.line === section.line) continue;
    // a label line written right under a list, with no blank line, continues the last item's
    // paragraph (a lazy continuation): it still opens a line of its own
    for (const text of labelLines(p)) {
      for (const label of wanted) {
        if (text.startsWith(label) && endsLabel(text.slice(label.length), opts.alone === true)) return p;
        if (p.kind === 'heading' && opts.alone !== true && text.endsWith(label)) return p;
        // `### Verifying the rollout`, `### Rollback of the schema change`
        if (p.kind === 'heading' && opts.headingPrefix === true && text.startsWith(`${label} `)) return p;
      }
    }
  }
  return null;
}

const labelLinesOf = new WeakMap<ProseBlock, string[]>();

/** A block's lines, lower case, without the bullet, box or emphasis before their first word: read by many rules. */
function labelLines(p: ProseBlock): string[] {
  let lines = labelLinesOf.get(p);
  if (!lines) {
    lines = p.text
      .toLowerCase()
      .split('\n')
      .map((line) => line.replace(/^[^\p{L}\p{N}]*(?:\[[ x]\]\s*)?[^\p{L}\p{N}]*/u, ''));
    labelLinesOf.set(p, lines);
  }
  return lines;
}

function endsLabel(after: string, alone: boolean): boolean {
  const rest = after.replace(/^s?(?:\s+(?:\d+|[a-z])\b)?\s*/, '');
  if (alone) return /^(?::\s*)?$/.test(rest);
  return rest === '' || /^[:—–.(]/.test(rest);
}
