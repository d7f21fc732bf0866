import {
  type CodeBlock,
  clauses,
  defineRule,
  findTerm,
  isReadOnlyExcerpt,
  option,
  type Runbook,
  type Section,
  type SqlStatement,
  sqlStatements,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  backupTerms: option.strings(
    'words or phrases that show a backup was taken before (in prose or in a command)',
    ['backup*', 'back up', 'backed up', 'snapshot*', 'dump*', 'pg dump', 'mysqldump', 'restore point', 'export*'],
    { minItems: 1 },
  ),
  checkTerms: option.strings(
    'verbs of a precondition check written in the prose before the statement, in its section',
    ['verify', 'verif*', 'check*', 'confirm*', 'ensure*', 'make sure', 'assert*', 'validat*'],
    { minItems: 1 },
  ),
};

type Danger = { what: string; table: string; start: number; end: number; drop: boolean };

export default defineRule({
  meta: {
    id: 'destructive-sql',
    description: 'A statement that destroys data comes after a backup or a check of what it will destroy.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      unguarded:
        '`{{what}}` destroys data in `{{table}}`, and nothing before it takes a backup or checks what it ' +
        'will remove.',
    },
    rationale:
      'A runbook is run under pressure, sometimes against the wrong database: a DROP, a TRUNCATE or a DELETE ' +
      'without WHERE that runs with no backup and no look at what it removes cannot be taken back.',
    hints: {
      unguarded:
        'Take a backup first (and say where it goes), or check the precondition right before it (a SELECT ' +
        'count(*) of what will go, a confirmation of which database is connected).',
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, options } = context;
    for (const block of runbook.codeBlocks) {
      if (block.lang !== 'sql' || isReadOnlyExcerpt(block, runbook)) continue;
      if (inAppendix(block.section)) continue;
      const statements = sqlStatements(block.text);
      statements.forEach((stmt, i) => {
        const danger = destructive(stmt);
        if (!danger) return;
        if (danger.drop && inRollback(block.section)) return;
        if (/^(?:tmp|temp)_|_(?:tmp|temp)$|^#/i.test(danger.table)) return;
        const before = statements.slice(0, i);
        if (before.some((s) => reads(s, danger.table)) || inDryRun(statements, i)) return;
        if (guardedBefore(runbook, block, danger.table, options.backupTerms, options.checkTerms)) return;
        context.report({
          messageId: 'unguarded',
          data: { what: danger.what, table: danger.table },
          loc: { range: [block.toDoc(danger.start).offset, block.toDoc(danger.end).offset] },
        });
      });
    }
  },
});

/**
 * DROP TABLE / DATABASE / SCHEMA, ALTER TABLE … DROP COLUMN, TRUNCATE, and a DELETE or UPDATE
 * without a WHERE of its own.
 */
function destructive(stmt: SqlStatement): Danger | null {
  const t = stmt.tokens;
  const word = (i: number): string => (t[i]?.type === 'word' ? (t[i]?.upper ?? '') : '');
  const nameAt = (i: number): { name: string; end: number } | null => {
    let j = i;
    if (word(j) === 'IF' && word(j + 1) === 'EXISTS') j += 2;
    if (word(j) === 'ONLY' || word(j) === 'TABLE' || word(j) === 'FROM') j++;
    let last = null;
    while (t[j] && (t[j]?.type === 'word' || t[j]?.type === 'quoted')) {
      last = t[j];
      if (t[j + 1]?.type === 'punct' && t[j + 1]?.value === '.') j += 2;
      else break;
    }
    return last ? { name: last.value, end: last.end } : null;
  };
  const first = t[0];
  if (!first) return null;
  const v0 = word(0);
  if (v0 === 'DROP' && ['TABLE', 'DATABASE', 'SCHEMA'].includes(word(1))) {
    const target = nameAt(2);
    if (!target) return null;
    return {
      what: `DROP ${word(1)} ${target.name}`,
      table: target.name,
      start: first.start,
      end: target.end,
      drop: true,
    };
  }
  if (v0 === 'TRUNCATE') {
    const target = nameAt(1);
    if (!target) return null;
    return { what: `TRUNCATE ${target.name}`, table: target.name, start: first.start, end: target.end, drop: false };
  }
  if (v0 === 'ALTER' && word(1) === 'TABLE') {
    const target = nameAt(2);
    const drop = t.findIndex((x) => x.type === 'word' && x.upper === 'DROP');
    if (!target || drop < 0) return null;
    const col = word(drop + 1) === 'COLUMN' ? drop + 2 : drop + 1;
    if (['CONSTRAINT', 'INDEX', 'KEY', 'DEFAULT', 'NOT', 'PRIMARY', 'FOREIGN', 'TRIGGER'].includes(word(col)))
      return null;
    const column = nameAt(col);
    if (!column) return null;
    return {
      what: `ALTER TABLE ${target.name} DROP COLUMN ${column.name}`,
      table: target.name,
      start: first.start,
      end: column.end,
      drop: true,
    };
  }
  if ((v0 === 'DELETE' || v0 === 'UPDATE') && !hasTopLevel(stmt, 'WHERE')) {
    const target = nameAt(1);
    if (!target) return null;
    const what = v0 === 'DELETE' ? `DELETE FROM ${target.name}` : `UPDATE ${target.name}`;
    return { what: `${what} without WHERE`, table: target.name, start: first.start, end: target.end, drop: false };
  }
  return null;
}

/** A keyword outside parentheses: a WHERE inside a subquery filters the subquery, not the statement. */
function hasTopLevel(stmt: SqlStatement, keyword: string): boolean {
  let depth = 0;
  for (const t of stmt.tokens) {
    if (t.type === 'punct' && t.value === '(') depth++;
    else if (t.type === 'punct' && t.value === ')') depth--;
    else if (depth === 0 && t.type === 'word' && t.upper === keyword) return true;
  }
  return false;
}

/** A SELECT that reads the table: a look at what will go. */
function reads(stmt: SqlStatement, table: string): boolean {
  if (stmt.kind !== 'select') return false;
  return stmt.tokens.some(
    (t) => (t.type === 'word' || t.type === 'quoted') && t.value.toLowerCase() === table.toLowerCase(),
  );
}

/** Between BEGIN and a ROLLBACK: a rehearsal that keeps nothing. */
function inDryRun(statements: SqlStatement[], i: number): boolean {
  const first = (s: SqlStatement): string => (s.tokens[0]?.type === 'word' ? (s.tokens[0]?.upper ?? '') : '');
  let open = -1;
  for (let j = i - 1; j >= 0; j--) {
    const w = first(statements[j] as SqlStatement);
    if (w === 'COMMIT' || w === 'ROLLBACK') break;
    if (w === 'BEGIN' || w === 'START') {
      open = j;
      break;
    }
  }
  if (open < 0) return false;
  for (let j = i + 1; j < statements.length; j++) {
    const w = first(statements[j] as SqlStatement);
    if (w === 'ROLLBACK') return true;
    if (w === 'COMMIT' || w === 'END') return false;
  }
  return false;
}

/**
 * A backup anywhere before the statement — in the prose, or a command of an earlier block — or
 * a check in the prose of its own section before its block: the runbook has thought about what
 * the statement removes. A mention in a negated clause counts too ("no backup is needed: the
 * next step recreates the table"): it was thought about, and saying nothing is the safe side.
 */
function guardedBefore(
  runbook: Runbook,
  block: CodeBlock,
  table: string,
  backupTerms: readonly string[],
  checkTerms: readonly string[],
): boolean {
  const has = (ws: readonly string[], terms: readonly string[]): boolean => terms.some((t) => findTerm(ws, t) >= 0);
  for (const p of runbook.prose) {
    if (p.line >= block.startLine) break;
    if (
      p.kind === 'heading' ? has(words(p.text), backupTerms) : clauses(p).some((c) => has(words(c.text), backupTerms))
    )
      return true;
  }
  for (const c of runbook.codeBlocks) {
    if (c.startLine >= block.startLine) break;
    if (has(words(c.text), backupTerms)) return true;
  }
  const section = block.section;
  if (section) {
    for (const p of runbook.proseIn(section)) {
      if (p.line >= block.startLine) break;
      if (has(words(p.text), checkTerms)) return true;
    }
    for (const c of runbook.codeIn(section)) {
      if (c.startLine >= block.startLine) break;
      if (c.lang === 'sql' && sqlStatements(c.text).some((s) => reads(s, table))) return true;
    }
  }
  return false;
}

const ROLLBACK_TERMS = ['rollback', 'roll back', 'revert*', 'undo*', 'back out', 'backout', 'downgrad*', 'restor*'];

/** Under a heading about undoing: dropping what the migration added is what a rollback does. */
function inRollback(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) {
    const ws = words(s.title);
    if (ROLLBACK_TERMS.some((t) => findTerm(ws, t) >= 0)) return true;
  }
  return false;
}

function inAppendix(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) if (s.kind === 'appendix') return true;
  return false;
}
