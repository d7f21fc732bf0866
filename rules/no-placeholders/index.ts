import {
  type CodeBlock,
  type CodeIndex,
  type Html,
  clauses,
  defineRule,
  isNegated,
  ofType,
  textRange,
  tokenizeSql,
  words,
  type Nodes,
  option,
  type ProseBlock,
  type Runbook,
  type ShellCommand,
  shellCommands,
  sentenceRange,
  sentences,
} from '../../src/rule-api.js';
import { CONTACT_FIELD, legendCells, quoted, unfilledContact } from './contact-fields.js';
import { answeringLists, questionnaire } from './questionnaire.js';
import { elidedUrls, elidedWrites, printedContacts } from './shell-placeholders.js';

const OPTIONS = {
  markers: option.strings(
    'words, written in capitals, that mark text as unfinished',
    ['TODO', 'TBD', 'TBC', 'FIXME', 'XXX'],
    {
      minItems: 1,
    },
  ),
};

/** A command line that is a comment: what it says explains, it does not run. */
const COMMENT_LINE = /^\s*(?:#|\/\/|--|;|\/\*|\*|<!--|rem\b)/i;
/**
 * A template's field left as it came: `[Insert 24/7 contact]`, `[Add the restore command]`,
 * `[To be confirmed]` — brackets around an instruction to whoever fills the template in.
 */
const FILL_VERBS = [
  'insert',
  'add',
  'enter',
  'fill in',
  'specify',
  'provide',
  'replace with',
  'to be (?:added|confirmed|decided|defined|filled)',
];
// the instruction says what to fill in: `[Enter]` alone is a key to press
const FILL_FIELD = new RegExp(String.raw`\[(?:${FILL_VERBS.join('|')})\s+[^[\]\n]{1,60}\]`, 'gi');
/** `<fill me>`, `<fill in the bucket>`, `<to be filled>`: a value nobody wrote yet. */
const FILL_ME = /<\s*(?:fill\b[^<>\n]{0,60}|to be filled[^<>\n]{0,40})>/i;
/**
 * A comment that is nothing but a template's slot: `# [Specific restore commands for your
 * environment]` — words, from a letter on (`# [ -s key ]` is a test in a root prompt's session).
 */
const COMMENT_SLOT = /^\s*(?:#+|\/\/|--)\s*(\[[A-Za-z][^[\]\n]*\])\s*$/;
/** Region markers of a snippet tool around real commands: `# [START deploy]`, `# [END deploy]`. */
const REGION_TAG = /^\[(?:START|END)\b/;

export default defineRule({
  meta: {
    id: 'no-placeholders',
    description: 'No step of the runbook is left unfinished: TODO, TBD, FIXME or `<fill me>` in its text or commands.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      unfinished: 'This sentence is marked unfinished ("{{marker}}"): finish it before the runbook is run.',
      command: 'This command still holds a placeholder ("{{marker}}"): an operator would run it as written.',
      unanswered:
        'This question has no answer, where the {{answered}} other questions of the runbook have theirs: ' +
        'a part nobody wrote.',
      slot: 'This block holds a template\'s slot ("{{marker}}") where its commands should be: there is nothing to run.',
      elidedWrite:
        'This command overwrites `{{file}}` with text that leaves lines out ("{{marker}}"): ' +
        'run as written, the lines it leaves out are lost.',
    },
    rationale:
      'An operator, or an agent, runs the runbook as written: a step still marked TODO is a step nobody has ' +
      'checked, and a command with <fill me> in it fails halfway through the cutover, or does something else.',
    hints: {
      unfinished: 'Write the step out, or move it to the open questions outside the procedure.',
      command: 'Put the real value in, or name the variable the operator sets before (and say where it comes from).',
      unanswered: 'Answer it, or say why it does not apply (“Not applicable: …”).',
      slot: 'Write the commands in, or say in the prose that this option does not apply here.',
      elidedWrite:
        'Change only the lines that change (`>>`, or `sed -i` on the one line), or write the whole file out.',
    },
    options: OPTIONS,
  },
  check(context) {
    const markers = context.options.markers;
    const textOf = new Map<Nodes, string>(context.runbook.prose.map((p) => [p.node, p.text]));
    const statuses = statusMarkers(context.runbook.root, markers, textOf);
    for (const cell of statusCells(context.runbook, markers)) statuses.add(cell.node);
    const legend = new Set(legendCells(context.runbook).map((cell) => cell.node));
    // a contact table's row with a `[Phone]` and an `[Email]` is one gap, not two
    const rowsReported = new Set<number>();
    for (const block of context.runbook.prose) {
      // a quotation shows someone else's text; a table cell or heading is text like any other
      if (block.container === 'blockquote') continue;
      for (const sentence of sentences(block)) {
        const at = markerAt(block, sentence.start, sentence.text, markers, legend.has(block.node));
        if (at === null) continue;
        if (
          statuses.has(block.node) &&
          (block.kind === 'tableCell' || at.index >= (statusOf(block.text)?.index ?? Infinity))
        )
          continue;
        const row = block.kind === 'tableCell' ? block.node.position?.start.line : undefined;
        if (row !== undefined) {
          if (rowsReported.has(row)) continue;
          rowsReported.add(row);
        }
        context.report({
          messageId: 'unfinished',
          data: { marker: at.marker },
          loc: { range: sentenceRange(sentence) },
        });
      }
    }
    // `<fill me>` in a sentence is parsed as an HTML tag, and so is not in the prose's text
    for (const block of context.runbook.prose) {
      if (block.container === 'blockquote') continue;
      for (const html of inlineHtml(block.node)) {
        const m = FILL_ME.exec(html.value);
        const start = html.position?.start.offset;
        if (!m || start === undefined) continue;
        context.report({
          messageId: 'unfinished',
          data: { marker: m[0] },
          loc: { range: [start + m.index, start + m.index + m[0].length] },
        });
      }
    }
    const questions = questionnaire(context.runbook.root, textOf);
    const answered = questions.filter((q) => q.answered).length;
    // a questionnaire is a convention of the runbook: three answered questions make one
    // and a list is part of it when it answers a question inside an item: a list of questions
    // to ask a caller, or two answered together after the list, is no blank in it
    const answering = answeringLists(questions);
    if (answered >= 3)
      for (const q of questions)
        if (!q.answered && answering.has(q.list))
          context.report({ messageId: 'unanswered', data: { answered }, loc: { node: q.node } });
    for (const block of context.runbook.codeBlocks) {
      const comments = commentRanges(block, context.code);
      for (const hit of codeMarkers(block, markers, comments)) {
        const range = textRange(block, hit.at, hit.at + hit.marker.length);
        context.report({ messageId: hit.slot ? 'slot' : 'command', data: { marker: hit.marker }, loc: { range } });
      }
      const parsed = block.lang === 'bash' ? context.code.parse(block) : null;
      if (!parsed) continue;
      for (const hit of [...printedContacts(parsed.root, block.text), ...elidedUrls(parsed.root, block.text)]) {
        const range = textRange(block, hit.at, hit.at + hit.marker.length);
        context.report({ messageId: 'command', data: { marker: hit.marker }, loc: { range } });
      }
      for (const hit of elidedWrites(parsed.root, block.text)) {
        const range = textRange(block, hit.at, hit.at + hit.marker.length);
        context.report({ messageId: 'elidedWrite', data: { marker: hit.marker, file: hit.file }, loc: { range } });
      }
    }
  },
});

/**
 * Where a block's comments are: from its syntax tree for shell, PHP and Go (a `--flag` at the
 * start of a continued shell line is no comment), from the tokens for SQL (whatever lies
 * between them is a comment or space), else null — then a line that opens like a comment, and
 * a trailing ` # …`, are taken for one.
 */
function commentRanges(block: CodeBlock, code: CodeIndex): [number, number][] | null {
  const parsed = code.parse(block);
  if (parsed) {
    const out: [number, number][] = ofType(parsed.root, 'comment').map((c) => [c.startIndex, c.endIndex]);
    // `grep -rnw TODO docs/`, `sed -i 's/TBD//'`: the marker is what the command looks for
    if (block.lang === 'bash')
      for (const command of shellCommands(parsed.root))
        if (searchesText(command)) for (const w of command.args) out.push([w.start, w.end]);
    return out;
  }
  if (block.lang !== 'sql') return null;
  const out: [number, number][] = [];
  let at = 0;
  for (const t of tokenizeSql(block.text)) {
    if (t.start > at) out.push([at, t.start]);
    at = Math.max(at, t.end);
  }
  if (at < block.text.length) out.push([at, block.text.length]);
  return out;
}

function inlineHtml(node: Nodes): Html[] {
  const out: Html[] = [];
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Nodes;
    if (n.type === 'html') out.push(n);
    else if ('children' in n) for (const c of n.children as Nodes[]) stack.push(c);
  }
  return out;
}

const SEARCHERS = new Set(['grep', 'egrep', 'fgrep', 'rg', 'ag', 'ack', 'sed', 'awk', 'perl']);

function searchesText(command: ShellCommand): boolean {
  const program = command.program;
  if (program === 'git') return command.args[0]?.value === 'grep';
  return program !== null && SEARCHERS.has(program);
}

function codeMarkers(
  block: CodeBlock,
  markers: readonly string[],
  comments: [number, number][] | null,
): { marker: string; at: number; slot?: true }[] {
  const out: { marker: string; at: number; slot?: true }[] = [];
  const slots = slotsOf(block, comments);
  let lineStart = 0;
  for (const line of block.text.split('\n')) {
    const start = lineStart;
    lineStart += line.length + 1;
    const slot = slots.get(start);
    if (slot) {
      out.push({ marker: slot.marker, at: slot.at, slot: true });
      continue;
    }
    let body = line;
    if (comments === null) {
      if (COMMENT_LINE.test(line)) continue;
      body = line.replace(/\s#\s.*$/, '');
    }
    const inComment = (i: number): boolean => comments?.some(([a, b]) => start + i >= a && start + i < b) ?? false;
    const fill = FILL_ME.exec(body);
    if (fill && !inComment(fill.index)) {
      out.push({ marker: fill[0], at: start + fill.index });
      continue;
    }
    for (const marker of markers) {
      const i = wordIndex(body, marker, (k) => !inComment(k));
      if (i >= 0) {
        out.push({ marker, at: start + i });
        break;
      }
    }
  }
  return out;
}

/**
 * Table cells that hold nothing but a marker in a column of states or of markers: a progress
 * table (`TODO` beside `Done` and `In progress`), or a table that lists the markers and what
 * they mean. A blank in any other column (a region `TBC` in an inventory) is still a gap.
 */
function statusCells(runbook: Runbook, markers: readonly string[]): ProseBlock[] {
  const out: ProseBlock[] = [];
  for (const table of runbook.tables) {
    const width = Math.max(0, ...table.rows.map((r) => r.length));
    for (let c = 0; c < width; c++) {
      const cells = table.rows.map((r) => r[c]).filter((x): x is NonNullable<typeof x> => x !== undefined);
      const value = (t: string): string => t.trim().replace(/[.!]$/, '');
      const isMarker = (t: string): boolean => markers.includes(value(t));
      const marked = cells.filter((x) => isMarker(x.text));
      if (marked.length === 0) continue;
      const states = cells.filter((x) => DONE.test(value(x.text))).length;
      if (states > 0 || marked.length >= 2) out.push(...marked.map((x) => x.prose));
    }
  }
  return out;
}

/** What a list item says of its task after a dash or a colon at its end: "— done (prototype).", ": in progress". */
const STATUS_SUFFIX = /(?:\s[—–-]\s+|:\s+)([^—–:]{1,40}?)\s*(?:\([^()]{0,40}\))?\s*[.!]?\s*$/;
const DONE = /^(?:done|complete|completed|finished|shipped|merged|in progress|wip|started|ongoing|blocked|✅|✔️?)$/i;

/**
 * The paragraphs whose marker is a task's status in a progress list, not a gap in the text: a
 * list whose items end in a status after a dash or colon, at least one of them a state other
 * than a marker ("Add contract tests — TODO." beside "Implement the shim — done."). The TODO
 * there says the task is not done yet, which is what a plan lists, not a step left unwritten.
 */
function statusMarkers(root: Nodes, markers: readonly string[], textOf: ReadonlyMap<Nodes, string>): Set<Nodes> {
  const out = new Set<Nodes>();
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Nodes;
    if (!('children' in node)) continue;
    for (const c of node.children as Nodes[]) stack.push(c);
    if (node.type !== 'list') continue;
    const items = node.children.map((item) => {
      const first = item.children[0];
      const text = first ? textOf.get(first) : undefined;
      const status = text === undefined ? null : statusOf(text);
      return { first, status };
    });
    if (!items.some(({ status }) => status !== null && DONE.test(status.word))) continue;
    for (const { first, status } of items) if (first && status && markers.includes(status.word)) out.add(first);
  }
  return out;
}

/** The status word at the end of an item's text, and where it starts in that text. */
function statusOf(text: string): { word: string; index: number } | null {
  const m = STATUS_SUFFIX.exec(text);
  if (!m?.[1]) return null;
  const word = m[1].trim();
  return { word, index: text.indexOf(word, m.index) };
}

/**
 * The first marker the sentence holds as a word of its own, written in capitals, outside inline
 * code and quotation marks, in a clause that is not negated ("no TODO may be left").
 */
function markerAt(
  block: ProseBlock,
  start: number,
  text: string,
  markers: readonly string[],
  namesFields = false,
): { marker: string; index: number } | null {
  for (const marker of markers) {
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
      const index = start + i;
      if (!isWordAt(text, i, marker.length) || block.isCodeAt(index) || quoted(text, i)) continue;
      const clause = clauses(block).find((c) => index >= c.start && index < c.start + c.text.length);
      // "no TODO may be left": the negation governs the marker; "FIXME: legal has not confirmed
      // it" is a marker whose own note is negated
      if (clause?.negated && negatedBefore(clause.text.slice(0, index - clause.start))) continue;
      return { marker, index };
    }
  }
  for (const field of [FILL_FIELD, CONTACT_FIELD]) {
    field.lastIndex = 0;
    for (let m = field.exec(text); m; m = field.exec(text)) {
      const index = start + m.index;
      // `[Insert contact](#contacts)` is a link; in inline code the brackets are shown, not filled
      if (block.isCodeAt(index) || text[m.index + m[0].length] === '(') continue;
      if (field === CONTACT_FIELD && (namesFields || !unfilledContact(text, m.index, m[0]))) continue;
      return { marker: m[0], index };
    }
  }
  return null;
}

/**
 * The comment lines of a block that are a template's slot, by the offset of their line: a
 * bracketed phrase of two words or more (`# [Specific restore commands for your environment]`)
 * with no command after it before the next slot or the block's end. A label over its command
 * (`# [optional: preview first]`, a crontab legend) has one, a blank line between or not. One
 * pass from the end, each line's comment found by binary search.
 */
function slotsOf(block: CodeBlock, comments: [number, number][] | null): Map<number, { marker: string; at: number }> {
  const out = new Map<number, { marker: string; at: number }>();
  if (block.node.lang?.toLowerCase() === 'console') return out;
  const lines: { text: string; start: number }[] = [];
  let at = 0;
  for (const text of block.text.split('\n')) {
    lines.push({ text, start: at });
    at += text.length + 1;
  }
  const inComment = (offset: number): boolean => (comments === null ? true : covers(comments, offset));
  let commandAfter = false;
  for (let i = lines.length - 1; i >= 0; i--) {
    const { text, start } = lines[i] as (typeof lines)[number];
    const slot = COMMENT_SLOT.exec(text)?.[1];
    const first = text.search(/\S/);
    if (slot && /\S\s+\S/.test(slot) && !REGION_TAG.test(slot) && inComment(start + text.indexOf(slot))) {
      if (!commandAfter) out.set(start, { marker: slot, at: start + text.indexOf(slot) });
      commandAfter = false;
      continue;
    }
    if (first < 0) continue;
    const isComment = comments ? covers(comments, start + first) : COMMENT_LINE.test(text);
    if (!isComment) commandAfter = true;
  }
  return out;
}

/** Whether one of the ranges, sorted by start and not overlapping, holds the offset. */
function covers(ranges: readonly [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid] as [number, number];
    if (offset < a) hi = mid - 1;
    else if (offset >= b) lo = mid + 1;
    else return true;
  }
  return false;
}

function negatedBefore(text: string): boolean {
  return isNegated(words(text));
}

/**
 * A word of its own: not inside a longer word, a file name (`TODO.md`) or a mask joined by
 * hyphens (`XXX-XXX-1234`).
 */
function isWordAt(text: string, at: number, length: number): boolean {
  const before = text.charAt(at - 1);
  const after = text.charAt(at + length);
  if (/[A-Za-z0-9_]/.test(before) || /[A-Za-z0-9_]/.test(after)) return false;
  if (/[.-]/.test(after) && /[A-Za-z0-9]/.test(text.charAt(at + length + 1))) return false;
  return !(before === '-' && /[A-Za-z0-9]/.test(text.charAt(at - 2)));
}

function wordIndex(line: string, word: string, keep: (i: number) => boolean = () => true): number {
  for (let i = line.indexOf(word); i >= 0; i = line.indexOf(word, i + 1))
    if (isWordAt(line, i, word.length) && keep(i)) return i;
  return -1;
}
