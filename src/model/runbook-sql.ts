import { embeddedSql, mayRunSql, type ShellEnv, shellAssignments } from '../code/shell.js';
import { type SqlStatement, sqlStatements } from '../code/sql.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { CodeBlock, Runbook } from '../document/index.js';

/** SQL the runbook runs, with where its text starts in its block. */
export interface SqlSource {
  block: CodeBlock;
  statements: SqlStatement[];
  /** offset of the SQL text in the block's text: the statements' offsets are relative to it */
  base: number;
}

const memo = new WeakMap<Runbook, SqlSource[]>();
const byBlockMemo = new WeakMap<Runbook, Map<CodeBlock, SqlSource[]>>();

/** The same SQL, by the block that holds it: for rules that read it block by block. */
export function runbookSqlOf(runbook: Runbook, code: CodeIndex, block: CodeBlock): readonly SqlSource[] {
  let byBlock = byBlockMemo.get(runbook);
  if (!byBlock) {
    byBlock = new Map();
    for (const source of runbookSql(runbook, code)) {
      const list = byBlock.get(source.block) ?? [];
      list.push(source);
      byBlock.set(source.block, list);
    }
    byBlockMemo.set(runbook, byBlock);
  }
  return byBlock.get(block) ?? [];
}

/**
 * The SQL the runbook runs, in document order: each `sql` block whole, and what a shell block
 * hands a SQL client (`psql -c "…"`, a here-document, `echo … | mysql`), read from its syntax
 * tree — the client named directly or through a variable an earlier block set
 * (`export CAT="mysql catalog"` … `$CAT <<'SQL'`). A psql `\copy` is read as the COPY it runs.
 */
export function runbookSql(runbook: Runbook, code: CodeIndex): SqlSource[] {
  let found = memo.get(runbook);
  if (!found) {
    found = collect(runbook, code);
    memo.set(runbook, found);
  }
  return found;
}

function collect(runbook: Runbook, code: CodeIndex): SqlSource[] {
  const shell = runbook.codeBlocks.filter((b) => b.lang === 'bash');
  // a block can run SQL only by naming a client, or a variable that holds one
  const naming = parsedAll(
    shell.filter((b) => mayRunSql(b.text)),
    code,
  );
  const env = shellAssignments(naming.map((p) => p.root));
  const holders = [...env].filter(([, value]) => mayRunSql(value)).map(([name]) => name);
  const reads = new Set(naming.map((p) => p.block));
  for (const b of shell)
    if (!reads.has(b) && holders.some((n) => b.text.includes(`$${n}`) || b.text.includes(`\${${n}}`))) reads.add(b);
  const out: SqlSource[] = [];
  for (const block of runbook.codeBlocks) {
    if (block.lang === 'sql') out.push({ block, statements: sqlStatements(block.text), base: 0 });
    else if (reads.has(block)) {
      const parsed = code.parse(block);
      if (parsed) out.push(...fromShell(block, parsed, env));
    }
  }
  return out;
}

const envMemo = new WeakMap<Runbook, ShellEnv>();

/** The variables every shell block of the runbook sets (all of them parsed, once per runbook). */
export function runbookShellEnv(runbook: Runbook, code: CodeIndex): ShellEnv {
  let env = envMemo.get(runbook);
  if (!env) {
    const shell = runbook.codeBlocks.filter((b) => b.lang === 'bash');
    env = shellAssignments(parsedAll(shell, code).map((p) => p.root));
    envMemo.set(runbook, env);
  }
  return env;
}

function parsedAll(blocks: readonly CodeBlock[], code: CodeIndex): ParsedBlock[] {
  const out: ParsedBlock[] = [];
  for (const b of blocks) {
    const p = code.parse(b);
    if (p) out.push(p);
  }
  return out;
}

function fromShell(block: CodeBlock, parsed: ParsedBlock, env: ShellEnv): SqlSource[] {
  return embeddedSql(parsed.root, env).map((script) => {
    // `\copy (SELECT …) TO 'x.csv'` is psql's client-side COPY: the tokenizer reads it without the backslash
    const meta = /^\s*\\(?=copy\b)/i.exec(script.text);
    const skip = meta ? meta[0].length : 0;
    return { block, statements: sqlStatements(script.text.slice(skip)), base: script.start + skip };
  });
}
