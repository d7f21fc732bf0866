import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodeIndex, type Node } from '../code/tree-sitter.js';
import { enclosingStatement } from '../code/syntax.js';
import type { CodeBlock } from '../document/index.js';
import { Runbook } from '../document/index.js';
import type { LintMessage } from '../engine/types.js';
import { blockFile } from '../model/block-file.js';
import { asFilePath } from '../model/file-paths.js';
import { fenceFor } from './repo-code.js';

export const DRIFT = 'verify/drift';

/** A function as the syntax tree has it: its name, its tokens, where it starts. */
interface Fn {
  name: string;
  node: Node;
  /** the leaves of its tree, comments left out: the same code formatted otherwise is the same */
  tokens: Node[];
}

const FUNCTION_TYPES = new Set(['method_declaration', 'function_definition', 'function_declaration']);

/**
 * A runbook block that belongs to a file, compared with that file by structure: each function
 * the block defines against the function of the same name in the file, token by token from
 * their syntax trees (tree-sitter), so comments, spacing and line breaks are no difference.
 * The first token where they part is reported on the file's line, with the runbook's line and
 * both statements. A function the runbook writes with placeholders ("...") shows only part of
 * itself and is not compared; a name defined twice on either side is ambiguous and neither.
 */
export async function driftFindings(opts: {
  runbook: Runbook;
  runbookDisplay: string;
  root: string;
}): Promise<{ file: string; message: LintMessage }[]> {
  const { runbook } = opts;
  const code = await CodeIndex.create(runbook);
  const out: { file: string; message: LintMessage }[] = [];
  try {
    for (const block of runbook.codeBlocks) {
      if (block.lang !== 'php' && block.lang !== 'go') continue;
      const file = fileOf(runbook, block);
      if (!file || !existsSync(join(opts.root, file))) continue;
      const parsed = code.parse(block);
      if (!parsed) continue;
      const ours = functions(parsed.root, block.text);
      if (ours.size === 0) continue;
      const theirs = await fileFunctions(join(opts.root, file), block.lang);
      for (const [name, fn] of ours) {
        const other = theirs.get(name);
        if (!other) continue;
        const at = firstDifference(fn.tokens, other.tokens);
        if (at < 0) continue;
        const mine = fn.tokens[Math.min(at, fn.tokens.length - 1)] as Node;
        const yours = other.tokens[Math.min(at, other.tokens.length - 1)] as Node;
        const runbookLine = block.toDoc(mine.startIndex).line;
        const line = yours.startPosition.row + 1;
        out.push({
          file,
          message: {
            ruleId: DRIFT,
            severity: 1,
            invariant: null,
            message:
              `${name}() differs from the runbook's (${opts.runbookDisplay}:${runbookLine}): the runbook has ` +
              `\`${statement(mine)}\`, the file \`${statement(yours)}\`.`,
            hint: 'Bring the code back to the runbook, or change the runbook (and its review) to what the code does.',
            line,
            column: yours.startPosition.column + 1,
            endLine: line,
            endColumn: yours.startPosition.column + 1 + Math.max(1, Math.min(yours.text.length, 200)),
          },
        });
      }
    }
  } finally {
    code.dispose();
  }
  return out;
}

/** The file a block belongs to: its caption or first comment, else the one path of its language in its step's title. */
function fileOf(runbook: Runbook, block: CodeBlock): string | null {
  const own = blockFile(runbook, block);
  if (own) return own;
  const heading = block.section?.heading;
  if (!heading || !block.section) return null;
  const ext = block.lang === 'go' ? '.go' : '.php';
  const paths: string[] = [];
  for (const word of block.section.title.match(/[\w./-]+/g) ?? []) {
    const path = asFilePath(word);
    if (path?.endsWith(ext)) paths.push(path);
  }
  return paths.length === 1 ? (paths[0] as string) : null;
}

async function fileFunctions(path: string, lang: 'php' | 'go'): Promise<Map<string, Fn>> {
  const text = readFileSync(path, 'utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n');
  const fence = fenceFor(text);
  const doc = new Runbook(`${fence}${lang}\n${text}\n${fence}\n`);
  const code = await CodeIndex.create(doc);
  try {
    const block = doc.codeBlocks[0];
    const parsed = block ? code.parse(block) : null;
    // the trees outlive the index: the tokens are read before dispose, into plain values
    return parsed ? detach(functions(parsed.root, block?.text ?? '')) : new Map();
  } finally {
    code.dispose();
  }
}

/**
 * Functions keep Node objects, which die with their tree; a file's are copied into plain
 * objects that keep what the comparison reads (text, type, positions).
 */
function detach(fns: Map<string, Fn>): Map<string, Fn> {
  const plain = (n: Node): Node => {
    const stmt = enclosingStatement(n);
    return {
      text: n.text,
      type: n.type,
      startIndex: n.startIndex,
      startPosition: n.startPosition,
      statementText: stmt?.text ?? n.text,
    } as unknown as Node;
  };
  const out = new Map<string, Fn>();
  for (const [name, fn] of fns) out.set(name, { name, node: plain(fn.node), tokens: fn.tokens.map(plain) });
  return out;
}

function functions(root: Node, source: string): Map<string, Fn> {
  const found = new Map<string, Fn | null>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (FUNCTION_TYPES.has(n.type)) {
      const name = n.childForFieldName('name')?.text;
      const body = n.childForFieldName('body');
      if (name && body) {
        const elided = /^\s*(?:\/\/\s*)?\.\.\.\s*;?\s*$|\(\s*\.\.\.\s*\)/m.test(source.slice(n.startIndex, n.endIndex));
        // a name defined twice is ambiguous: compared with neither
        found.set(name, found.has(name) || elided ? null : { name, node: n, tokens: leaves(body) });
      }
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  const out = new Map<string, Fn>();
  for (const [name, fn] of found) if (fn) out.set(name, fn);
  return out;
}

function leaves(node: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.type === 'comment') continue;
    if (n.childCount === 0) {
      if (n.text.trim() !== '') out.push(n);
      continue;
    }
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
  return out;
}

function firstDifference(a: readonly Node[], b: readonly Node[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if ((a[i] as Node).text !== (b[i] as Node).text) return i;
  return a.length === b.length ? -1 : n;
}

/** The statement a token is in, on one line, shortened: what a reader compares. */
function statement(token: Node): string {
  const own = (token as unknown as { statementText?: string }).statementText;
  const text = own ?? enclosingStatement(token)?.text ?? token.text;
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 90 ? `${line.slice(0, 87)}…` : line;
}
