import { type Node, ofType, type ShellCommand, shellCommands } from '../../src/rule-api.js';
import { CONTACT_FIELD, unfilledContact } from './contact-fields.js';

// What a shell block writes or prints that still holds a placeholder, read from its syntax tree.

/**
 * Contact fields in what a command prints for people (`echo "Join the bridge: [Conference
 * number]"`): the message sends them to a number nobody wrote. Elsewhere in code, brackets
 * around a contact word are the code's own (`${CONTACTS[phone]}`, `row["email"]`, `[pager]`
 * sections, T-SQL's `[Phone]` column).
 */
export function printedContacts(root: Node, text: string): { marker: string; at: number }[] {
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
// the scheme bounded, and started only where no scheme character precedes: linear on `a.a.a.…`
const ELIDED_URL = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/(?:\.{3,}|…)(?![\w])/gi;
/** Programs that print their arguments: an elided URL in a message breaks nothing. */
const PRINTERS = new Set(['echo', 'printf']);

/** Each word or string of the block's commands that holds an elided URL (comments are not words). */
export function elidedUrls(root: Node, text: string): { marker: string; at: number }[] {
  const out: { marker: string; at: number }[] = [];
  // each word's command is the innermost one that holds it (`echo "$(curl https://...)"`: curl's),
  // found among the commands already read rather than by a walk up from every word, each step
  // of which is a trip into wasm
  const commands = shellCommands(root).map((c) => ({
    start: c.node.startIndex,
    end: c.node.endIndex,
    prints: c.program !== null && PRINTERS.has(c.program),
  }));
  for (const leaf of ofType(root, 'word', 'string_content', 'raw_string')) {
    let own: (typeof commands)[number] | undefined;
    for (const c of commands)
      if (leaf.startIndex >= c.start && leaf.endIndex <= c.end && (!own || c.start >= own.start)) own = c;
    if (own?.prints) continue;
    // the tree was parsed from text with `...` blanked (blankPlaceholders): read the block's own
    const value = text.slice(leaf.startIndex, leaf.endIndex);
    ELIDED_URL.lastIndex = 0;
    for (let m = ELIDED_URL.exec(value); m; m = ELIDED_URL.exec(value))
      out.push({ marker: m[0], at: leaf.startIndex + m.index });
  }
  return out;
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
export function elidedWrites(root: Node, text: string): { marker: string; at: number; file: string }[] {
  const out: { marker: string; at: number; file: string }[] = [];
  for (const statement of ofType(root, 'redirected_statement')) {
    const heredoc = statement.namedChildren.find((c) => c?.type === 'heredoc_redirect');
    const start = heredoc?.namedChildren.find((c) => c?.type === 'heredoc_start');
    const file = overwritten(statement, text);
    if (!heredoc || !start || file === null) continue;
    // the body, from the line after `<<EOF` to the line that ends it, read from the text: a body
    // of nothing but `...` was blanked for the parse, and in a CRLF block the tree does not see
    // `EOF\r` end it
    const delimiter = text.slice(start.startIndex, start.endIndex).replace(/^-|['"]/g, '');
    let at = text.indexOf('\n', heredoc.startIndex) + 1;
    if (at === 0) continue;
    for (const raw of text.slice(at).split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.replace(/^\t+/, '') === delimiter) break;
      if (ELISION_LINE.test(line) && (COMMENTED.test(line) || !DOTS_ARE_CONTENT.test(file))) {
        const marker = line.trim();
        out.push({ marker, at: at + line.indexOf(marker), file });
        break;
      }
      at += raw.length + 1;
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
  const command = statement.namedChildren.find((c) => c?.type === 'command');
  const [first] = command ? shellCommands(command) : [];
  // `python3 - <<'PY' > report.txt`: the here-document is the program's input, not the file's
  // text; only `cat` writes it out as it stands
  for (const redirect of first?.program === 'cat' ? redirects : []) {
    const op = text.slice(redirect.startIndex, redirect.endIndex).trimStart();
    const target = redirect.namedChildren.at(-1);
    if (!target || !/^(?:1?>\|?|&>)(?!>)/.test(op)) continue;
    const file = text.slice(target.startIndex, target.endIndex);
    if (!file.startsWith('/dev/')) return file;
  }
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
