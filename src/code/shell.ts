import type { Node } from 'web-tree-sitter';
import { ofType } from './syntax.js';

/**
 * One word of a shell command as the shell hands it to the program: quotes removed, escapes
 * resolved. `value` is null when an expansion (`$DB`, `$(date)`) makes it unknown before run
 * time. `payload` is the text between the quotes (or the bare word) as it stands in the block,
 * offsets and all: what a program reads as a script (`psql -c "…"`) is located through it.
 */
export interface ShellWord {
  value: string | null;
  payload: { text: string; start: number };
  start: number;
  end: number;
}

export interface ShellCommand {
  node: Node;
  /** the program run after wrappers (`sudo`, `env X=1`, `kubectl exec … --`): `psql`, `kubectl` */
  program: string | null;
  /** the words after the program, in order */
  args: ShellWord[];
  /** every word of the command as written, wrappers included */
  words: ShellWord[];
  start: number;
  end: number;
}

/**
 * Variables the runbook's shell blocks set to a fixed text (`export CAT="mysql -h db catalog"`,
 * `NS=payments`), by name: a later block that runs `$CAT` runs what it holds. The last
 * assignment in document order wins; one whose first word is not fixed (`DB=$(…)`) unsets it.
 */
export type ShellEnv = ReadonlyMap<string, string>;

export function shellAssignments(roots: readonly Node[]): ShellEnv {
  const env = new Map<string, string>();
  for (const root of roots)
    for (const assignment of ofType(root, 'variable_assignment')) {
      const name = assignment.childForFieldName('name')?.text;
      const value = assignment.childForFieldName('value');
      if (!name) continue;
      // `"mysql --defaults-extra-file=$HOME/.my.cnf catalog"`: what runs is known from its first word
      const word = value ? readWord(value) : null;
      const text = word ? (word.value ?? word.payload.text) : '';
      if (/[$`]/.test(text.trim().split(/\s+/)[0] ?? '')) env.delete(name);
      else env.set(name, text);
    }
  return env;
}

/** Every simple command of a parsed shell block, those inside `$( … )`, pipelines and lists included. */
export function shellCommands(root: Node, env: ShellEnv = NO_ENV): ShellCommand[] {
  // read once per tree for the rules that ask without variables (the tree's root object is shared)
  if (env !== NO_ENV) return ofType(root, 'command').map((node) => readCommand(node, env));
  let commands = read.get(root);
  if (!commands) {
    commands = ofType(root, 'command').map((node) => readCommand(node, env));
    read.set(root, commands);
  }
  return commands;
}

const read = new WeakMap<Node, ShellCommand[]>();

const NO_ENV: ShellEnv = new Map();

function readCommand(node: Node, env: ShellEnv): ShellCommand {
  const words: ShellWord[] = [];
  const name = node.childForFieldName('name');
  for (const child of node.namedChildren) {
    if (!child) continue;
    // `DB=prod psql …`: the assignment is the command's environment, not a word
    if (child.type === 'variable_assignment' || child.type === 'file_redirect' || child.type === 'herestring_redirect')
      continue;
    const target = child.type === 'command_name' ? child.namedChildren[0] : child;
    if (!target) continue;
    words.push(readWord(target));
  }
  expandProgram(words, env);
  const at = programIndex(words);
  return {
    node,
    program: at < words.length ? basename(words[at]?.value ?? null) : null,
    args: words.slice(at + 1),
    words,
    start: (name ?? node).startIndex,
    end: node.endIndex,
  };
}

/** `$CAT -e "…"` with CAT set to `mysql -h db catalog`: the words the shell runs, in place of `$CAT`. */
function expandProgram(words: ShellWord[], env: ShellEnv): void {
  const first = words[0];
  const name = first ? /^\$\{?(\w+)\}?$/.exec(first.payload.text)?.[1] : undefined;
  const value = name === undefined ? undefined : env.get(name);
  if (!first || value === undefined) return;
  const parts = value.split(/\s+/).filter((p) => p !== '');
  words.splice(0, 1, ...parts.map((part) => ({ ...first, value: part })));
}

export function readWord(node: Node): ShellWord {
  const base = { start: node.startIndex, end: node.endIndex };
  switch (node.type) {
    case 'raw_string': {
      const inner = node.text.slice(1, -1);
      return { ...base, value: inner, payload: { text: inner, start: node.startIndex + 1 } };
    }
    case 'string': {
      const inner = node.text.slice(1, -1);
      const dynamic = node.namedChildren.some((c) => c !== null && c.type !== 'string_content');
      return {
        ...base,
        value: dynamic ? null : inner.replace(/\\([$`"\\\n])/g, '$1'),
        payload: { text: inner, start: node.startIndex + 1 },
      };
    }
    case 'ansi_c_string': {
      const inner = node.text.slice(2, -1);
      return {
        ...base,
        value: inner.includes('\\') ? null : inner,
        payload: { text: inner, start: node.startIndex + 2 },
      };
    }
    case 'word':
    case 'number': {
      const text = node.text;
      return { ...base, value: text.replace(/\\(.)/g, '$1'), payload: { text, start: node.startIndex } };
    }
    case 'concatenation': {
      const parts = node.namedChildren.filter((c): c is Node => c !== null).map(readWord);
      const value = parts.every((p) => p.value !== null) ? parts.map((p) => p.value).join('') : null;
      // `--command="DROP …"`: what the option carries is the part after the `=`
      const last = parts.at(-1);
      const payload =
        parts.length === 2 && parts[0]?.value?.endsWith('=') && last
          ? last.payload
          : { text: node.text, start: node.startIndex };
      return { ...base, value, payload };
    }
    default:
      return { ...base, value: null, payload: { text: node.text, start: node.startIndex } };
  }
}

/**
 * Commands that run the next words as a command of their own, and how many option values
 * they take: `sudo -u postgres psql`, `env -i PATH=… psql`, `timeout 30s psql`.
 */
const WRAPPERS: Record<string, { withValue: readonly string[]; positional?: number }> = {
  sudo: { withValue: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U'] },
  doas: { withValue: ['-u', '-C'] },
  env: { withValue: ['-u', '-C', '-S'] },
  time: { withValue: ['-f', '-o'] },
  nohup: { withValue: [] },
  exec: { withValue: ['-a'] },
  command: { withValue: [] },
  nice: { withValue: ['-n'] },
  ionice: { withValue: ['-c', '-n', '-p'] },
  timeout: { withValue: ['-k', '-s', '--kill-after', '--signal'], positional: 1 },
  watch: { withValue: ['-n', '-d', '--interval'] },
};

/** Where the program run sits among the words: past wrappers and `… exec … --`. */
function programIndex(words: readonly ShellWord[]): number {
  let i = 0;
  for (let guard = 0; guard < 8 && i < words.length; guard++) {
    const name = basename(words[i]?.value ?? null);
    const wrapper = name ? WRAPPERS[name] : undefined;
    if (wrapper) {
      i++;
      let positional = wrapper.positional ?? 0;
      while (i < words.length) {
        const v = words[i]?.value ?? '';
        if (v === '--') {
          i++;
          break;
        }
        if (v.startsWith('-')) i += takesValue(v, wrapper.withValue) ? 2 : 1;
        else if (name === 'env' && /^\w+=/.test(v)) i++;
        else if (positional > 0) {
          positional--;
          i++;
        } else break;
      }
      continue;
    }
    // `kubectl exec -it pod -- psql …`: the command after `--`
    const dashes = words.findIndex((w, k) => k > i && w.value === '--');
    if (
      (name === 'kubectl' || name === 'oc') &&
      dashes > 0 &&
      words.slice(i + 1, dashes).some((w) => w.value === 'exec')
    ) {
      i = dashes + 1;
      continue;
    }
    // `docker exec -it db psql …`, `docker compose exec -T app php artisan migrate`: after the container
    const container = containerCommandAt(words, i, name);
    if (container > i) {
      i = container;
      continue;
    }
    break;
  }
  return i;
}

const EXEC_OPTIONS_WITH_VALUE = ['-u', '--user', '-e', '--env', '-w', '--workdir', '--index', '--env-file'];

/** Where the command run inside a container starts, or -1: `docker [compose] exec [options] <container> …`. */
function containerCommandAt(words: readonly ShellWord[], i: number, name: string | null): number {
  if (name !== 'docker-compose' && name !== 'docker' && name !== 'podman') return -1;
  let k = i + 1;
  // global options before the subcommand: `docker compose -f prod.yml --env-file .env exec …`
  const skipOptions = (): void => {
    while (k < words.length && (words[k]?.value ?? '').startsWith('-')) {
      const v = words[k]?.value ?? '';
      k += takesValue(v, GLOBAL_OPTIONS_WITH_VALUE) ? 2 : 1;
    }
  };
  skipOptions();
  if (name !== 'docker-compose' && words[k]?.value === 'compose') {
    k++;
    skipOptions();
  }
  if (words[k]?.value !== 'exec') return -1;
  k++;
  while (k < words.length && (words[k]?.value ?? '').startsWith('-')) {
    const v = words[k]?.value ?? '';
    k += takesValue(v, EXEC_OPTIONS_WITH_VALUE) ? 2 : 1;
  }
  // the container, then the command; a container name that is an expansion is still one word
  return k + 1 < words.length ? k + 1 : -1;
}

const GLOBAL_OPTIONS_WITH_VALUE = [
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--env-file',
  '-H',
  '--host',
  '-c',
  '--context',
];

/**
 * Whether an option word consumes the next word: `-u` of sudo, and `-iu` too — short flags run
 * together, the last one taking the value.
 */
function takesValue(word: string, withValue: readonly string[]): boolean {
  if (withValue.includes(word)) return true;
  if (!/^-[A-Za-z]{2,}$/.test(word)) return false;
  return withValue.includes(`-${word.at(-1)}`);
}

function basename(value: string | null): string | null {
  if (value === null) return null;
  const slash = value.lastIndexOf('/');
  return slash >= 0 ? value.slice(slash + 1) : value;
}

/** A script a shell command hands to another program, located in the block's text. */
export interface EmbeddedScript {
  text: string;
  /** offset of `text` in the block's text */
  start: number;
  command: ShellCommand;
}

/**
 * Clients that run SQL, and the options that carry it: `psql -c`, `mysql -e`, `sqlcmd -Q`. A
 * client named among the words of a command counts too (`docker exec db mysql -e …`).
 */
const SQL_CLIENTS: Record<string, readonly string[]> = {
  psql: ['-c', '--command'],
  mysql: ['-e', '--execute'],
  mariadb: ['-e', '--execute'],
  sqlcmd: ['-Q', '-q', '--query'],
  'clickhouse-client': ['-q', '--query'],
  cockroach: ['-e', '--execute'],
  cqlsh: ['-e', '--execute'],
  sqlite3: [],
  duckdb: ['-c'],
};

const CLIENT_MENTION = new RegExp(`(?:^|[^\\w-])(?:${Object.keys(SQL_CLIENTS).join('|')})(?![\\w-])`);

/**
 * Whether a shell block's text names a SQL client at all: a block that does not cannot run SQL,
 * and need not be parsed to find out. Only a shortcut — what runs is read from the tree.
 */
export function mayRunSql(text: string): boolean {
  return CLIENT_MENTION.test(text);
}

/**
 * The SQL a shell block runs: the value of a SQL client's option (`psql "$URL" -c "DROP …"`),
 * `sqlite3 app.db "DELETE …"`, a here-document fed to a client (`psql <<SQL`, `cat <<EOF |
 * mysql`), and a string echoed into one (`echo "TRUNCATE t;" | psql`).
 */
export function embeddedSql(root: Node, env: ShellEnv = NO_ENV): EmbeddedScript[] {
  const out: EmbeddedScript[] = [];
  for (const command of shellCommands(root, env)) {
    const at = command.words.findIndex((w) => {
      const name = basename(w.value);
      return name !== null && name in SQL_CLIENTS;
    });
    if (at < 0) continue;
    const client = basename(command.words[at]?.value ?? null) as string;
    const options = SQL_CLIENTS[client] ?? [];
    const rest = command.words.slice(at + 1);
    rest.forEach((w, k) => {
      const v = w.value ?? '';
      const inline = options.find((o) => o.startsWith('--') && v.startsWith(`${o}=`));
      if (inline) out.push({ ...w.payload, command });
      else if (options.includes(v) || endsCombined(v, options)) {
        const next = rest[k + 1];
        if (next) out.push({ ...next.payload, command });
      }
    });
    if (client === 'sqlite3') {
      const positional = rest.filter((w) => !(w.value ?? '').startsWith('-'));
      const sql = positional[1];
      if (sql) out.push({ ...sql.payload, command });
    }
  }
  for (const heredoc of ofType(root, 'heredoc_redirect')) {
    const body = heredoc.namedChildren.find((c) => c?.type === 'heredoc_body');
    if (!body) continue;
    const consumer = heredocConsumer(heredoc, env);
    if (consumer) out.push({ text: body.text, start: body.startIndex, command: consumer });
  }
  for (const pipeline of ofType(root, 'pipeline')) {
    const [first, second] = pipeline.namedChildren;
    if (first?.type !== 'command' || second?.type !== 'command') continue;
    const left = readCommand(first, env);
    const right = readCommand(second, env);
    if (!right.program || !(right.program in SQL_CLIENTS)) continue;
    if (left.program !== 'echo' && left.program !== 'printf') continue;
    const arg = left.args.find((w) => !(w.value ?? '').startsWith('-'));
    if (arg) out.push({ ...arg.payload, command: right });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** `-Atc`: single-letter flags run together, the last one taking the next word (`psql -Atc "SELECT …"`). */
function endsCombined(word: string, options: readonly string[]): boolean {
  if (!/^-[A-Za-z]{2,}$/.test(word)) return false;
  return options.some((o) => o.length === 2 && word.endsWith(o[1] as string));
}

/**
 * The SQL client a here-document goes to: the command it redirects, or the next in its pipeline
 * (`cat <<EOF | psql`).
 */
function heredocConsumer(heredoc: Node, env: ShellEnv): ShellCommand | null {
  const statement = heredoc.parent;
  if (statement?.type !== 'redirected_statement') return null;
  const body = statement.childForFieldName('body');
  const candidates: Node[] = [];
  if (body?.type === 'command') candidates.push(body);
  for (const c of heredoc.namedChildren) {
    if (c?.type === 'pipeline') for (const k of c.namedChildren) if (k?.type === 'command') candidates.push(k);
    if (c?.type === 'command') candidates.push(c);
  }
  for (const node of candidates) {
    const command = readCommand(node, env);
    if (command.words.some((w) => basename(w.value) !== null && (basename(w.value) as string) in SQL_CLIENTS))
      return command;
  }
  return null;
}
