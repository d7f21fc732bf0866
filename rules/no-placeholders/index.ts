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
  type Node,
  type Nodes,
  option,
  type ProseBlock,
  type Runbook,
  type ShellCommand,
  shellCommands,
  sentenceRange,
  sentences,
} from '../../src/rule-api.js';

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
 * A contact field of a template, never filled in: `[Phone]`, `[24/7 contact]`, `[Conference
 * number]`, `[Support hotline]`. Who to call is known before the cutover starts; `[Name]`
 * alone, or `[Reason]`, is a form the operator fills in when it happens, and stays.
 */
const CONTACT_WORDS = [
  'contacts?',
  'phone',
  'telephone',
  'mobile',
  'e-?mail',
  'pager',
  'hotline',
  'helpline',
  'helpdesk',
  'dial-in',
  'on-call',
  // "conference" alone is a button to press; its number or bridge is a contact
  String.raw`(?:conference|bridge|support|escalation|emergency|sms|call)\s+(?:number|line|bridge|link|id|no\.?)`,
  String.raw`slack\s+(?:handle|channel)`,
  String.raw`mailing\s+list`,
];
const CONTACT_FIELD = new RegExp(
  // not a footnote (`[^pager]`), not the wiki's `[email protected]` standing for an address
  String.raw`\[(?![\^\s])(?!email protected\])(?=[^[\]\n]{0,60}\b(?:${CONTACT_WORDS.join('|')})\b)[^[\]\n]{1,60}\]`,
  'gi',
);
/**
 * Fields of a record written when it happens: a contact beside them (`Paged: [Name] on [Phone]
 * at [Time]`) is part of that record, not a directory left blank.
 */
const WHEN_FIELD = /\[(?:time|date|timestamp|reason|duration|incident(?: id)?|ticket(?: id)?)\]/i;
/**
 * A comment that is nothing but a template's slot: `# [Specific restore commands for your
 * environment]` — words, from a letter on (`# [ -s key ]` is a test in a root prompt's session).
 */
const COMMENT_SLOT = /^\s*(?:#+|\/\/|--)\s*(\[[A-Za-z][^[\]\n]*\s+\S[^[\]\n]*\])\s*$/;
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
        const row = block.kind === 'tableCell' ? block.node.position?.start.line : undefined;
        if (row !== undefined) {
          if (rowsReported.has(row)) continue;
          rowsReported.add(row);
        }
        if (
          statuses.has(block.node) &&
          (block.kind === 'tableCell' || at.index >= (statusOf(block.text)?.index ?? Infinity))
        )
          continue;
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
    const answering = new Set(questions.filter((q) => q.inItem).map((q) => q.list));
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
  let lineStart = 0;
  for (const line of block.text.split('\n')) {
    const start = lineStart;
    lineStart += line.length + 1;
    const slot = COMMENT_SLOT.exec(line);
    if (slot?.[1] && !REGION_TAG.test(slot[1]) && block.node.lang?.toLowerCase() !== 'console') {
      const at = line.indexOf(slot[1]);
      const inAComment = comments === null || comments.some(([a, b]) => start + at >= a && start + at < b);
      // a slot stands where the commands should be: a label over a command (`# [optional: preview
      // first]`, a crontab legend) has its command under it
      if (inAComment && !commandFollows(block.text, lineStart, comments)) {
        out.push({ marker: slot[1], at: start + at, slot: true });
        continue;
      }
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
 * A contact field that is a gap, not a mention: not quoted (`type "[Email]"`), not a value the
 * reader is told to put in (`[Your email]`, as `<your-email>`), not a field of a record written
 * when it happens (a `[Time]` or `[Reason]` beside it).
 */
function unfilledContact(text: string, at: number, field: string, inProse = true): boolean {
  if (inProse && (quoted(text, at) || text.charAt(at - 1) === '"' || text.charAt(at - 1) === '“')) return false;
  if (/^\[your\b/i.test(field)) return false;
  return !WHEN_FIELD.test(text) && standsAsValue(text, at, field.length);
}

/**
 * Whether a field stands where a value goes rather than as the noun a sentence opens with
 * ("[Email] sent to the customer" in a checklist): a gap is written after its label or a word
 * that leads to it ("call [Hotline] first"), or alone.
 */
function standsAsValue(text: string, at: number, length: number): boolean {
  // a task's checkbox (`- [x] [Email] sent`) is no label
  const before = text
    .slice(0, at)
    .replace(/[*_\s]+$/, '')
    .replace(/^\[[ xX]\]$/, '');
  const after = text.slice(at + length).trimStart();
  return before !== '' || after === '' || !/^[A-Za-z]/.test(after);
}

/** Cells of a column headed as a legend of fields (Field, Placeholder, Token): names, not blanks. */
function legendCells(runbook: Runbook): ProseBlock[] {
  const out: ProseBlock[] = [];
  for (const table of runbook.tables)
    table.header.forEach((head, c) => {
      if (!/^(?:fields?|placeholders?|tokens?|variables?)$/i.test(head.text)) return;
      for (const row of table.rows) if (row[c]) out.push(row[c].prose);
    });
  return out;
}

/** Whether a line after `from`, before a blank line or the end, holds something that is no comment. */
function commandFollows(text: string, from: number, comments: [number, number][] | null): boolean {
  let at = from;
  for (const line of text.slice(from).split('\n')) {
    const start = at;
    at += line.length + 1;
    if (line.trim() === '') return false;
    const first = start + line.search(/\S/);
    const isComment = comments ? comments.some(([a, b]) => first >= a && first < b) : COMMENT_LINE.test(line);
    if (!isComment) return true;
  }
  return false;
}

/**
 * Contact fields in what a command prints for people (`echo "Join the bridge: [Conference
 * number]"`): the message sends them to a number nobody wrote. Elsewhere in code, brackets
 * around a contact word are the code's own (`${CONTACTS[phone]}`, `row["email"]`, `[pager]`
 * sections, T-SQL's `[Phone]` column).
 */
function printedContacts(root: Node, text: string): { marker: string; at: number }[] {
  const out: { marker: string; at: number }[] = [];
  for (const command of shellCommands(root)) {
    if (command.program === null || !PRINTERS.has(command.program)) continue;
    // the message's own text: not what an expansion (`${CONTACTS[phone]}`) or a command substitution reads
    const leaves = ofType(command.node, 'string_content', 'raw_string', 'word').filter((leaf) => !expanded(leaf));
    for (const leaf of leaves) {
      const value = text.slice(leaf.startIndex, leaf.endIndex);
      CONTACT_FIELD.lastIndex = 0;
      for (let m = CONTACT_FIELD.exec(value); m; m = CONTACT_FIELD.exec(value))
        if (/[A-Z\s]/.test(m[0].slice(1, -1)) && unfilledContact(value, m.index, m[0], false))
          out.push({ marker: m[0], at: leaf.startIndex + m.index });
    }
  }
  return out;
}

function expanded(leaf: Node): boolean {
  for (let n = leaf.parent; n && n.type !== 'command'; n = n.parent)
    if (n.type === 'expansion' || n.type === 'subscript' || n.type === 'command_substitution') return true;
  return false;
}

/** A URL whose host is an ellipsis: `"mongodb://..."`, `https://.../healthz`, `s|…|postgresql://…|`. */
const ELIDED_URL = /\b[a-z][a-z0-9+.-]*:\/\/(?:\.{3,}|…)(?![\w])/gi;
/** Programs that print their arguments: an elided URL in a message breaks nothing. */
const PRINTERS = new Set(['echo', 'printf']);

/** Each word or string of the block's commands that holds an elided URL (comments are not words). */
function elidedUrls(root: Node, text: string): { marker: string; at: number }[] {
  const out: { marker: string; at: number }[] = [];
  for (const leaf of ofType(root, 'word', 'string_content', 'raw_string')) {
    if (printed(leaf)) continue;
    // the tree was parsed from text with `...` blanked (blankPlaceholders): read the block's own
    const value = text.slice(leaf.startIndex, leaf.endIndex);
    ELIDED_URL.lastIndex = 0;
    for (let m = ELIDED_URL.exec(value); m; m = ELIDED_URL.exec(value))
      out.push({ marker: m[0], at: leaf.startIndex + m.index });
  }
  return out;
}

function printed(leaf: Node): boolean {
  for (let n = leaf.parent; n; n = n.parent) {
    if (n.type !== 'command') continue;
    const name = n.childForFieldName('name')?.text;
    return name !== undefined && PRINTERS.has(name);
  }
  return false;
}

/** A line of a here-document that stands for lines left out: `...`, `# ... (other variables)`, `// …`. */
const ELISION_LINE = /^[ \t]*(?:(?:#|\/\/|--|;)[ \t]*)?(?:\.{3}|…)(?:[ \t].*)?$/;
const COMMENTED = /^[ \t]*(?:#|\/\/|--|;)/;
/** Files where a line of `...` is content: Python's Ellipsis, the end of a YAML document. */
const DOTS_ARE_CONTENT = /\.(?:py|pyi|ya?ml)$/i;

/**
 * A here-document written over a file (`cat > .env <<EOF`, `tee app.conf <<EOF`) whose text
 * leaves lines out: the shell writes the elision as it stands, and the lines it stands for are
 * gone from the file.
 */
function elidedWrites(root: Node, text: string): { marker: string; at: number; file: string }[] {
  const out: { marker: string; at: number; file: string }[] = [];
  for (const statement of ofType(root, 'redirected_statement')) {
    const heredoc = statement.namedChildren.find((c) => c?.type === 'heredoc_redirect');
    const end = heredoc?.namedChildren.find((c) => c?.type === 'heredoc_end');
    const file = overwritten(statement, text);
    if (!heredoc || !end || file === null) continue;
    // from the line after `<<EOF` to its end marker: a body of nothing but `...` was blanked
    // for the parse, and the tree may give it no body node
    let at = text.indexOf('\n', heredoc.startIndex) + 1;
    if (at === 0 || at > end.startIndex) continue;
    for (const line of text.slice(at, end.startIndex).split('\n')) {
      if (ELISION_LINE.test(line) && (COMMENTED.test(line) || !DOTS_ARE_CONTENT.test(file))) {
        const marker = line.trim();
        out.push({ marker, at: at + line.indexOf(marker), file });
        break;
      }
      at += line.length + 1;
    }
  }
  return out;
}

/**
 * The file a statement writes from its start (`>`, `1>`, `>|`, `tee` without `-a`, or a `tee`
 * the here-document is piped into), if not a device.
 */
function overwritten(statement: Node, text: string): string | null {
  const heredoc = statement.namedChildren.find((c) => c?.type === 'heredoc_redirect');
  const redirects = [...statement.namedChildren, ...(heredoc?.namedChildren ?? [])].filter(
    (c): c is Node => c?.type === 'file_redirect',
  );
  for (const redirect of redirects) {
    const op = text.slice(redirect.startIndex, redirect.endIndex).trimStart();
    const target = redirect.namedChildren.at(-1);
    if (!target || !/^(?:1?>\|?|&>)(?!>)/.test(op)) continue;
    const file = text.slice(target.startIndex, target.endIndex);
    if (!file.startsWith('/dev/')) return file;
  }
  const command = statement.namedChildren.find((c) => c?.type === 'command');
  const [first] = command ? shellCommands(command) : [];
  const own = first ? teeTarget(first) : null;
  if (own !== null || first?.program === 'tee') return own;
  // `cat <<EOF | sudo tee /etc/app.conf`: the pipe that takes the here-document on
  const pipeline = heredoc?.namedChildren.find((c) => c?.type === 'pipeline');
  const [reader] = pipeline ? shellCommands(pipeline) : [];
  return reader ? teeTarget(reader) : null;
}

function teeTarget(command: ShellCommand): string | null {
  if (command.program !== 'tee' || command.args.some((a) => a.value === '-a' || a.value === '--append')) return null;
  const file = command.args.find((a) => a.value !== null && !a.value.startsWith('-'))?.value;
  return file && !file.startsWith('/dev/') ? file : null;
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

/** Between a pair of quotation marks before the end of the sentence: "TODO" as a word mentioned. */
function quoted(text: string, at: number): boolean {
  // ‘TBC’, 'TODO': right between single quotes
  const open = text.charAt(at - 1);
  if ((open === '‘' || open === "'") && /^[A-Z]+['’]/.test(text.slice(at))) return true;
  const before = text.slice(0, at);
  const opened = (before.match(/["“]/g) ?? []).length - (before.match(/”/g) ?? []).length;
  return opened % 2 === 1;
}

interface Question {
  node: Nodes;
  answered: boolean;
  /** answered inside its own list item, not by what follows the list */
  inItem: boolean;
  list: Nodes;
}

/**
 * The questions of a questionnaire (a template's list of `**Question?**` items, as in a
 * production-readiness review) and whether each is answered: by more content in its item, or,
 * for a list's last item, by what follows the list before the next heading or rule. Link
 * definitions are no answer.
 */
function questionnaire(root: Nodes, textOf: ReadonlyMap<Nodes, string>): Question[] {
  const out: Question[] = [];
  const stack: Nodes[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop() as Nodes;
    if (!('children' in parent)) continue;
    const siblings = parent.children as Nodes[];
    siblings.forEach((node, i) => {
      stack.push(node);
      if (node.type !== 'list') return;
      node.children.forEach((item, k) => {
        const [first, ...rest] = item.children;
        const question = first?.type === 'paragraph' ? first.children[0] : undefined;
        if (!first || question?.type !== 'strong') return;
        const asked = plainText(question);
        const text = (textOf.get(first) ?? '').trim();
        if (!asked.trim().endsWith('?') || !text.startsWith(asked.trim())) return;
        // "**Can it be rolled back?** Yes, …" answers on its own line or the next
        let answered = rest.length > 0 || text.length > asked.trim().length;
        if (!answered && k === node.children.length - 1) {
          const after = siblings.slice(i + 1);
          const end = after.findIndex((n) => n.type === 'heading' || n.type === 'thematicBreak');
          answered = (end < 0 ? after : after.slice(0, end)).some((n) => n.type !== 'definition' && n.type !== 'html');
        }
        out.push({ node: first, answered, inItem: rest.length > 0 || text.length > asked.trim().length, list: node });
      });
    });
  }
  return out;
}

function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  return 'children' in node ? (node.children as Nodes[]).map(plainText).join('') : '';
}
