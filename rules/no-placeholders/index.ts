import {
  clauses,
  defineRule,
  type Nodes,
  option,
  type ProseBlock,
  sentenceRange,
  sentences,
} from '../../src/rule-api.js';

const OPTIONS = {
  markers: option.strings('words, written in capitals, that mark text as unfinished', ['TODO', 'TBD', 'FIXME', 'XXX'], {
    minItems: 1,
  }),
};

/** A command line that is a comment: what it says explains, it does not run. */
const COMMENT_LINE = /^\s*(?:#|\/\/|--|;|\/\*|\*|<!--|rem\b)/i;
/** `<fill me>`, `<fill in the bucket>`, `<to be filled>`: a value nobody wrote yet. */
const FILL_ME = /<\s*(?:fill\b[^<>\n]{0,60}|to be filled[^<>\n]{0,40})>/i;

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
    },
    rationale:
      'An operator, or an agent, runs the runbook as written: a step still marked TODO is a step nobody has ' +
      'checked, and a command with <fill me> in it fails halfway through the cutover, or does something else.',
    hints: {
      unfinished: 'Write the step out, or move it to the open questions outside the procedure.',
      command: 'Put the real value in, or name the variable the operator sets before (and say where it comes from).',
    },
    options: OPTIONS,
  },
  check(context) {
    const markers = context.options.markers;
    const textOf = new Map<Nodes, string>(context.runbook.prose.map((p) => [p.node, p.text]));
    const statuses = statusMarkers(context.runbook.root, markers, textOf);
    for (const block of context.runbook.prose) {
      // a quotation shows someone else's text; a table cell or heading is text like any other
      if (block.container === 'blockquote') continue;
      for (const sentence of sentences(block)) {
        const at = markerAt(block, sentence.start, sentence.text, markers);
        if (at === null || (statuses.has(block.node) && at.index >= (statusOf(block.text)?.index ?? Infinity)))
          continue;
        context.report({
          messageId: 'unfinished',
          data: { marker: at.marker },
          loc: { range: sentenceRange(sentence) },
        });
      }
    }
    for (const code of context.runbook.codeBlocks) {
      let lineStart = 0;
      for (const line of code.text.split('\n')) {
        const start = lineStart;
        lineStart += line.length + 1;
        if (COMMENT_LINE.test(line)) continue;
        const body = line.replace(/\s#\s.*$/, '');
        const fill = FILL_ME.exec(body);
        const word = fill ? null : markers.find((m) => wordIndex(body, m) >= 0);
        const at = fill ? fill.index : word ? wordIndex(body, word) : -1;
        const marker = fill?.[0] ?? word;
        if (!marker || at < 0) continue;
        const range: [number, number] = [code.toDoc(start + at).offset, code.toDoc(start + at + marker.length).offset];
        context.report({ messageId: 'command', data: { marker }, loc: { range } });
      }
    }
  },
});

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
): { marker: string; index: number } | null {
  for (const marker of markers) {
    for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) {
      const index = start + i;
      if (!isWordAt(text, i, marker.length) || block.isCodeAt(index) || quoted(text, i)) continue;
      const clause = clauses(block).find((c) => index >= c.start && index < c.start + c.text.length);
      if (clause?.negated) continue;
      return { marker, index };
    }
  }
  return null;
}

function isWordAt(text: string, at: number, length: number): boolean {
  const before = text.charAt(at - 1);
  const after = text.charAt(at + length);
  return !/[A-Za-z0-9_]/.test(before) && !/[A-Za-z0-9_]/.test(after);
}

function wordIndex(line: string, word: string): number {
  for (let i = line.indexOf(word); i >= 0; i = line.indexOf(word, i + 1)) if (isWordAt(line, i, word.length)) return i;
  return -1;
}

/** Between a pair of quotation marks before the end of the sentence: "TODO" as a word mentioned. */
function quoted(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const open = (before.match(/["“]/g) ?? []).length - (before.match(/”/g) ?? []).length;
  return open % 2 === 1;
}
