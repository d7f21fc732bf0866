import { createRequire } from 'node:module';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import type { CodeBlock, Runbook } from '../document/index.js';
import { memoizeNodeTypes } from './syntax.js';

export type { Node, Tree } from 'web-tree-sitter';
export type CodeLanguage = 'php' | 'php_only' | 'go' | 'bash';

const require = createRequire(import.meta.url);
const GRAMMARS: Record<CodeLanguage, string> = {
  php: 'tree-sitter-php/tree-sitter-php.wasm',
  php_only: 'tree-sitter-php/tree-sitter-php_only.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  bash: 'tree-sitter-bash/tree-sitter-bash.wasm',
};

type TreeSitter = typeof import('web-tree-sitter');
let runtime: Promise<TreeSitter> | null = null;
let loadedRuntime: TreeSitter | null = null;
const languages = new Map<CodeLanguage, Promise<Language>>();
const loaded = new Map<CodeLanguage, Language>();

/**
 * Loads the runtime once per process — module and wasm — and each grammar only when a block
 * needs it: a runbook without PHP, Go or shell never pays for tree-sitter.
 */
async function language(lang: CodeLanguage): Promise<Language> {
  runtime ??= import('web-tree-sitter').then(async (ts) => {
    await ts.Parser.init();
    memoizeNodeTypes(ts.Node);
    loadedRuntime = ts;
    return ts;
  });
  const ts = await runtime;
  let pending = languages.get(lang);
  if (!pending) {
    pending = ts.Language.load(require.resolve(GRAMMARS[lang])).then((l) => {
      loaded.set(lang, l);
      return l;
    });
    languages.set(lang, pending);
  }
  return pending;
}

/** Which grammar reads a block: PHP snippets rarely open with <?php, so php_only by default. */
export function grammarFor(block: CodeBlock): CodeLanguage | null {
  if (block.lang === 'php') return /<\?php/.test(block.text) ? 'php' : 'php_only';
  if (block.lang === 'go') return 'go';
  if (block.lang === 'bash') return 'bash';
  return null;
}

/**
 * Runbook snippets are fragments: a line that is only "..." (or "// ..."), or "(...)" as an
 * argument list, stands for omitted code. They are blanked with spaces of the same length so
 * the parser recovers around them and every offset still maps to the document.
 */
export function blankPlaceholders(text: string): string {
  return (
    text
      // one blank run before and one after (a `;` between is mandatory): no run can be split two ways
      .replace(/^[ \t]*\.\.\.[ \t]*(?:;[ \t]*)?$/gm, (m) => ' '.repeat(m.length))
      .replace(/\((\s*)\.\.\.(\s*)\)/g, (m) => `(${' '.repeat(m.length - 2)})`)
  );
}

/**
 * The grammars end a line (a `//` or `#` comment, a Go statement) at \n only, while Markdown
 * also ends one at a lone \r (old Mac files): there, everything after the first `//` would be
 * one comment. Each lone \r becomes a \n — the same length, so every offset still maps.
 */
export function lineBreaksAsLf(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r(?!\n)/g, '\n');
}

/**
 * Snippets often stop halfway ("foreach (...) {" and no closing brace). Appending the missing
 * closers lets the parser keep the loop or function instead of folding it into an error node;
 * only text after the end is added, so offsets are unchanged. Strings and comments are
 * skipped so a brace inside them does not count.
 */
export function closeOpenDelimiters(text: string, grammar: CodeLanguage): string {
  const stack: string[] = [];
  const pairs: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '#' && grammar !== 'go') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\' && c !== '`') i++;
        if (text[i] === '\n' && c !== '`' && grammar === 'go') break;
        i++;
      }
      i++;
    } else {
      if (c in pairs) stack.push(pairs[c] as string);
      else if ((c === '}' || c === ')' || c === ']') && stack[stack.length - 1] === c) stack.pop();
      i++;
    }
  }
  if (stack.length === 0) return text;
  // the last non-blank character so far decides whether PHP needs a `;` before a `}`
  let k = text.length - 1;
  while (k >= 0 && /\s/.test(text[k] as string)) k--;
  let last = k >= 0 ? (text[k] as string) : '';
  let tail = '\n';
  while (stack.length > 0) {
    const closer = stack.pop() as string;
    if (closer === '}' && grammar !== 'go' && last !== ';' && last !== '{' && last !== '}') tail += ';';
    tail += closer;
    last = closer;
  }
  return text + tail;
}

/** What the parser reads: the block's text with the same length, so every offset maps back. */
function sourceFor(text: string, grammar: CodeLanguage): string {
  const lf = lineBreaksAsLf(text);
  if (grammar === 'bash') return blankSessionOutput(blankPlaceholders(lf));
  return closeOpenDelimiters(blankPlaceholders(lf), grammar);
}

const PROMPT = /^([ \t]*)\$ /;

/**
 * A shell block written as a session (`$ kubectl get pods` and what it printed) holds commands
 * only on its prompt lines and the lines a trailing backslash continues: the prompt and every
 * printed line are blanked, so the output is not read as commands.
 */
export function blankSessionOutput(text: string): string {
  const lines = text.split('\n');
  if (!lines.some((l) => PROMPT.test(l))) return text;
  let continued = false;
  let heredoc: string | null = null;
  return lines
    .map((line) => {
      // the body of a here-document a prompt line opened is input, not output
      if (heredoc !== null) {
        if (line.trim() === heredoc) heredoc = null;
        return line;
      }
      const prompt = PROMPT.exec(line);
      const keep = prompt !== null || continued;
      // a continued line pasted with the shell's second prompt (`> --dry-run=server`)
      const second = continued ? CONTINUATION.exec(line) : null;
      continued = keep && /\\$/.test(line);
      if (keep) heredoc = HEREDOC.exec(line)?.[1] ?? null;
      if (prompt) return `${prompt[1]}  ${line.slice(prompt[0].length)}`;
      if (second) return `${second[1]}  ${line.slice(second[0].length)}`;
      return keep ? line : ' '.repeat(line.length);
    })
    .join('\n');
}

const CONTINUATION = /^([ \t]*)> /;
const HEREDOC = /<<-?\s*['"]?([A-Za-z_]\w*)['"]?/;

export interface ParsedBlock {
  block: CodeBlock;
  grammar: CodeLanguage;
  tree: Tree;
  root: Node;
}

/**
 * Parses each PHP and Go block of a runbook once; rules share the trees. Trees live in wasm
 * memory, so `dispose()` frees them when the file is done.
 */
/**
 * Trees kept across lints of texts that share code blocks (the fixer's passes): a block whose
 * text did not change is not parsed again. The owner disposes it.
 */
export class TreeCache {
  /**
   * by grammar and block text; the root is kept with its tree because `tree.rootNode` makes a
   * new object each time, and the walks rules share are keyed by that object
   */
  readonly trees = new Map<string, { tree: Tree; root: Node }>();

  dispose(): void {
    for (const { tree: t } of this.trees.values()) t.delete();
    this.trees.clear();
  }
}

/**
 * A block tree-sitter cannot parse within this budget is left unanalysed (and reported as
 * such): error recovery is super-linear on some pathological input, e.g. a 300 KB line of
 * backticks in a PHP block, and a linter must end in seconds.
 */
export const PARSE_BUDGET_MS = 750;

export class CodeIndex {
  private readonly parsed = new Map<CodeBlock, ParsedBlock | null>();
  private parser: Parser | null = null;
  /** blocks whose parse ran out of budget */
  readonly unparsed: CodeBlock[] = [];

  private constructor(
    private readonly runbook: Runbook,
    private readonly shared: TreeCache | null,
  ) {}

  static async create(runbook: Runbook, shared: TreeCache | null = null): Promise<CodeIndex> {
    const needed = new Set<CodeLanguage>();
    for (const block of runbook.codeBlocks) {
      const g = grammarFor(block);
      if (g) needed.add(g);
    }
    await Promise.all([...needed].map(language));
    return new CodeIndex(runbook, shared);
  }

  /** The block's syntax tree, or null for languages without a grammar. */
  parse(block: CodeBlock): ParsedBlock | null {
    if (this.parsed.has(block)) return this.parsed.get(block) ?? null;
    const grammar = grammarFor(block);
    const lang = grammar ? loaded.get(grammar) : undefined;
    let result: ParsedBlock | null = null;
    if (grammar && lang) {
      const key = `${grammar}\u0000${block.text}`;
      const kept = this.shared?.trees.get(key);
      let tree = kept?.tree ?? null;
      let root = kept?.root ?? null;
      if (!tree) {
        this.parser ??= new (loadedRuntime as TreeSitter).Parser();
        this.parser.setLanguage(lang);
        const deadline = performance.now() + PARSE_BUDGET_MS;
        // returning true cancels the parse (the typings say void; the runtime reads the value)
        const progressCallback = (() => performance.now() > deadline) as unknown as () => void;
        tree = this.parser.parse(sourceFor(block.text, grammar), null, { progressCallback });
        if (!tree) {
          this.parser.reset();
          this.unparsed.push(block);
        }
        root = tree?.rootNode ?? null;
        if (tree && root && this.shared) this.shared.trees.set(key, { tree, root });
      }
      if (tree && root) result = { block, grammar, tree, root };
    }
    this.parsed.set(block, result);
    return result;
  }

  /** every parsed block of a language family, in document order */
  blocks(family: 'php' | 'go' | 'bash'): ParsedBlock[] {
    const out: ParsedBlock[] = [];
    for (const block of this.runbook.codeBlocks) {
      if (block.lang !== family) continue;
      const p = this.parse(block);
      if (p) out.push(p);
    }
    return out;
  }

  dispose(): void {
    if (!this.shared) for (const p of this.parsed.values()) p?.tree.delete();
    this.parsed.clear();
    this.parser?.delete();
    this.parser = null;
  }
}
