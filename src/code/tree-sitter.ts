import { createRequire } from 'node:module';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import type { CodeBlock, Runbook } from '../document/index.js';

export type { Node, Tree } from 'web-tree-sitter';
export type CodeLanguage = 'php' | 'php_only' | 'go';

const require = createRequire(import.meta.url);
const GRAMMARS: Record<CodeLanguage, string> = {
  php: 'tree-sitter-php/tree-sitter-php.wasm',
  php_only: 'tree-sitter-php/tree-sitter-php_only.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
};

let init: Promise<void> | null = null;
const languages = new Map<CodeLanguage, Promise<Language>>();
const loaded = new Map<CodeLanguage, Language>();

/** Loads the runtime once per process and each grammar only when a block needs it. */
async function language(lang: CodeLanguage): Promise<Language> {
  init ??= Parser.init();
  await init;
  let pending = languages.get(lang);
  if (!pending) {
    pending = Language.load(require.resolve(GRAMMARS[lang])).then((l) => {
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
  return null;
}

/**
 * Runbook snippets are fragments: a line that is only "..." (or "// ..."), or "(...)" as an
 * argument list, stands for omitted code. They are blanked with spaces of the same length so
 * the parser recovers around them and every offset still maps to the document.
 */
export function blankPlaceholders(text: string): string {
  return text
    .replace(/^([ \t]*)\.\.\.[ \t]*;?[ \t]*$/gm, (m) => ' '.repeat(m.length))
    .replace(/\((\s*)\.\.\.(\s*)\)/g, (m) => `(${' '.repeat(m.length - 2)})`);
}

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
export class CodeIndex {
  private readonly parsed = new Map<CodeBlock, ParsedBlock | null>();
  private parser: Parser | null = null;

  private constructor(private readonly runbook: Runbook) {}

  static async create(runbook: Runbook): Promise<CodeIndex> {
    const needed = new Set<CodeLanguage>();
    for (const block of runbook.codeBlocks) {
      const g = grammarFor(block);
      if (g) needed.add(g);
    }
    await Promise.all([...needed].map(language));
    return new CodeIndex(runbook);
  }

  /** The block's syntax tree, or null for languages without a grammar. */
  parse(block: CodeBlock): ParsedBlock | null {
    if (this.parsed.has(block)) return this.parsed.get(block) ?? null;
    const grammar = grammarFor(block);
    const lang = grammar ? loaded.get(grammar) : undefined;
    let result: ParsedBlock | null = null;
    if (grammar && lang) {
      this.parser ??= new Parser();
      this.parser.setLanguage(lang);
      const tree = this.parser.parse(blankPlaceholders(block.text));
      if (tree) result = { block, grammar, tree, root: tree.rootNode };
    }
    this.parsed.set(block, result);
    return result;
  }

  /** every parsed block of a language family, in document order */
  blocks(family: 'php' | 'go'): ParsedBlock[] {
    const out: ParsedBlock[] = [];
    for (const block of this.runbook.codeBlocks) {
      if (block.lang !== family) continue;
      const p = this.parse(block);
      if (p) out.push(p);
    }
    return out;
  }

  dispose(): void {
    for (const p of this.parsed.values()) p?.tree.delete();
    this.parsed.clear();
    this.parser?.delete();
    this.parser = null;
  }
}
