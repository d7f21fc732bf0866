import { shellCommands } from '../code/shell.js';
import { inRehearsal, type SqlStatement, sqlStatements } from '../code/sql.js';
import type { CodeIndex } from '../code/tree-sitter.js';
import type { CodeBlock, Runbook, Section } from '../document/index.js';
import { isReadOnlyExcerpt } from './excerpt.js';
import { runbookSqlOf } from './runbook-sql.js';
import { stateChange } from './shell-effects.js';

/**
 * The steps of a procedure: the `Step N` / `Task N` sections; in a runbook without them, the
 * headings numbered in outline style (`## 3. Restore the snapshot`) that have a numbered
 * sibling — a lone "1. Overview" is a chapter, not a step.
 */
export function procedureSteps(runbook: Runbook): Section[] {
  const named = runbook.steps();
  if (named.length > 0) return named;
  const numbered = runbook.sections.filter((s) => /^\d{1,3}[.)]?\s+\S/.test(s.title.trim()));
  return numbered.filter((s) => numbered.some((o) => o !== s && o.parent === s.parent && o.depth === s.depth));
}

/** A change a step makes: where it sits and what names it (`` `kubectl apply` ``, `` `DROP TABLE` ``, a PHP block). */
export interface StateChange {
  what: string;
  block: CodeBlock;
  /** offsets in the block's text */
  start: number;
  end: number;
}

/**
 * The first change of state the blocks make: a shell command the effects table knows as a
 * change (through tree-sitter-bash), or a SQL statement that writes or changes the schema — in
 * a SQL block or handed to a SQL client by a shell command — or code the step writes (a block
 * of a programming language that is not an excerpt of code as it is). Configuration and data
 * blocks (a YAML manifest, JSON) say nothing here: what they do depends on how they are applied.
 */
export function firstStateChange(blocks: readonly CodeBlock[], code: CodeIndex, runbook: Runbook): StateChange | null {
  for (const block of blocks) {
    if (block.lang !== null && PROGRAM_LANGS.has(block.lang) && block.text.trim() !== '') {
      if (!isReadOnlyExcerpt(block, runbook)) return { what: `${block.lang} code`, block, start: 0, end: 0 };
    } else if (block.lang === 'sql') {
      const hit = sqlWrite(sqlStatements(block.text));
      if (hit) return { what: `\`${hit.what}\``, block, start: hit.start, end: hit.end };
    } else if (block.lang === 'bash') {
      const parsed = code.parse(block);
      if (!parsed) continue;
      const changes: StateChange[] = [];
      for (const command of shellCommands(parsed.root)) {
        const what = stateChange(command);
        if (what) changes.push({ what: `\`${what}\``, block, start: command.start, end: command.end });
      }
      for (const source of runbookSqlOf(runbook, code, block)) {
        const hit = sqlWrite(source.statements);
        if (hit) {
          const at = source.base;
          changes.push({ what: `\`${hit.what}\``, block, start: at + hit.start, end: at + hit.end });
        }
      }
      const first = changes.sort((a, b) => a.start - b.start)[0];
      if (first) return first;
    }
  }
  return null;
}

/** Languages of application code: a block of one is code the step adds or changes. */
const PROGRAM_LANGS = new Set([
  'php',
  'go',
  'python',
  'py',
  'javascript',
  'js',
  'typescript',
  'ts',
  'java',
  'kotlin',
  'ruby',
  'rb',
  'rust',
  'csharp',
  'cs',
  'scala',
  'elixir',
]);

const WRITES = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'TRUNCATE',
  'REPLACE',
  'CREATE',
  'ALTER',
  'DROP',
  'GRANT',
  'REVOKE',
  'RENAME',
]);

function sqlWrite(statements: readonly SqlStatement[]): { what: string; start: number; end: number } | null {
  for (const [i, stmt] of statements.entries()) {
    // `BEGIN; DELETE …; ROLLBACK;` rehearses the change and keeps nothing
    if (inRehearsal(statements, i)) continue;
    const first = stmt.tokens[0];
    if (first?.type !== 'word' || !WRITES.has(first.upper)) continue;
    const second = stmt.tokens[1];
    const what = second?.type === 'word' ? `${first.upper} ${second.upper}` : first.upper;
    return { what, start: first.start, end: (second ?? first).end };
  }
  return null;
}
