import { type CodeBlock, defineRule, type Edit, type Node, ofType, shellCommands } from '../../src/rule-api.js';

/** An option word: `--execute`, `--checkpoint-seconds=60`, `-n` — not a lone `-` (a bullet of pasted text). */
const OPTION = /^--?[A-Za-z][\w.-]*(?:=.*)?$/;

export default defineRule({
  meta: {
    id: 'shell-line-continuation',
    description: 'A line of a shell command that starts with an option continues the line above it (`\\`).',
    invariant: null,
    fixable: 'safe',
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      lost:
        'This line starts with the option `{{option}}`, but the line above does not end with `\\`: the shell ' +
        'runs the command above without it, then fails on `{{option}}` as a command of its own.',
    },
    rationale:
      'A multi-line command that loses one trailing backslash splits in two: the first half runs on its own — ' +
      'without the options after the break, often the very one that makes it safe or makes it act — and the rest ' +
      'fails as "command not found". An operator pasting the block sees the error only after the first half ran.',
    hints: { lost: 'End the line above with ` \\` (no space after it), as the other lines of the command do.' },
    fixes: { lost: { description: 'ends the line above with ` \\`, joining the option to its command' } },
  },
  check(context) {
    const { runbook, code } = context;
    for (const block of runbook.codeBlocks) {
      if (block.lang !== 'bash') continue;
      const parsed = code.parse(block);
      if (!parsed) continue;
      const notes = comments(parsed.root);
      for (const lost of lostOptions(parsed.root)) {
        // the command the option belongs to: on the line right above, not a comment and not blank
        const above = lineAbove(block, lost.start, notes);
        context.report({
          messageId: 'lost',
          data: { option: lost.option },
          loc: { range: [block.toDoc(lost.start).offset, block.toDoc(lost.end).offset] },
          ...(above ? { fix: () => continueLine(block, above) } : {}),
        });
      }
    }
  },
});

/**
 * Options standing as commands of their own: a command whose program is an option
 * (`--execute`), and `--alter=…` at the start of a line, which the parser reads as an
 * assignment to a variable named after it.
 */
function lostOptions(root: Node): { option: string; start: number; end: number }[] {
  const out: { option: string; start: number; end: number }[] = [];
  for (const command of shellCommands(root)) {
    // `--alter="…" \ --execute`: the parser takes the first option for an assignment before the command
    const lead = command.node.namedChildren[0];
    if (lead?.type === 'variable_assignment' && OPTION.test(lead.text)) {
      out.push({ option: lead.text.split('=')[0] as string, start: lead.startIndex, end: lead.endIndex });
      continue;
    }
    const first = command.words[0];
    if (first?.value && OPTION.test(first.value))
      out.push({ option: first.value.split('=')[0] as string, start: first.start, end: first.end });
  }
  for (const node of ofType(root, 'variable_assignment')) {
    const parent = node.parent?.type;
    if (node.text.startsWith('-') && OPTION.test(node.text) && (parent === 'program' || parent === 'list'))
      out.push({ option: node.text.split('=')[0] as string, start: node.startIndex, end: node.endIndex });
  }
  return out.sort((a, b) => a.start - b.start);
}

function comments(root: Node): [number, number][] {
  return ofType(root, 'comment').map((c) => [c.startIndex, c.endIndex]);
}

/**
 * The code line before the one holding `offset`, when a command's text is on it (not blank, not
 * a comment of its own): the line the option belongs to, so the only one a fix can join it to.
 * Lines end at \n, \r\n or a lone \r, as in the Markdown around the block; `end` is before the
 * line ending.
 */
function lineAbove(block: CodeBlock, offset: number, notes: [number, number][]): { start: number; end: number } | null {
  const lines: { start: number; end: number }[] = [];
  const breaks = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = breaks.exec(block.text); m; m = breaks.exec(block.text)) {
    lines.push({ start, end: m.index });
    start = m.index + m[0].length;
  }
  lines.push({ start, end: block.text.length });
  const at = lines.findIndex((l) => offset >= l.start && offset <= l.end);
  const line = at > 0 ? lines[at - 1] : undefined;
  if (!line) return null;
  const text = block.text.slice(line.start, line.end);
  const first = line.start + text.length - text.trimStart().length;
  if (text.trim() === '' || notes.some(([a, b]) => first >= a && first < b)) return null;
  return line;
}

/**
 * ` \` right after the line's last character, in place of any trailing space (after a
 * backslash, a space would be what gets escaped, and the line would still end there).
 */
function continueLine(block: CodeBlock, line: { start: number; end: number }): Edit | null {
  const kept = block.text.slice(line.start, line.end).trimEnd();
  // a line that already ends in a backslash: what is missing is not clear
  if (kept.endsWith('\\')) return null;
  const content = line.start + kept.length;
  return { range: [block.toDoc(content).offset, block.toDoc(line.end).offset], text: ' \\' };
}
