import {
  type CodeBlock,
  type CodeIndex,
  clauses,
  shellCommands,
  backsUp,
  defineRule,
  findTerm,
  isReadOnlyExcerpt,
  option,
  type Runbook,
  type Section,
  type SqlStatement,
  inRehearsal,
  runbookShellEnv,
  runbookSql,
  isNegated,
  textRange,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  backupTerms: option.strings(
    'words or phrases that show a backup was taken before (in prose or in a command)',
    ['backup*', 'back up', 'backed up', 'snapshot*', 'dump*', 'pg dump', 'mysqldump', 'restore point'],
    { minItems: 1 },
  ),
  checkTerms: option.strings(
    'verbs of a precondition check written in the prose before the statement, in its section',
    [
      'verify',
      'verif*',
      'check',
      'checks',
      'checked',
      'checking',
      'confirm*',
      'ensure*',
      'make sure',
      'assert*',
      'validat*',
    ],
    { minItems: 1 },
  ),
};

interface Danger {
  what: string;
  table: string;
  /** every table it destroys (`DROP TABLE a, b`) */
  tables: string[];
  start: number;
  end: number;
  drop: boolean;
}

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
    const { runbook, options, code } = context;
    const sql = runbookSql(runbook, code);
    if (!sql.some(({ statements }) => statements.some((s) => destructive(s) !== null))) return;
    const units = unitsOf(runbook);
    const temporary = temporaryTables(sql);
    const backups = backupMentions(runbook, code, options.backupTerms);
    for (const source of sql) {
      const { block, statements } = source;
      if (isReadOnlyExcerpt(block, runbook) || inAppendix(block.section)) continue;
      const unit = unitOf(block.section);
      statements.forEach((stmt, i) => {
        const danger = destructive(stmt);
        if (!danger) return;
        if (danger.drop && (inRollback(block.section) || underRollbackLabel(runbook, block))) return;
        if (/^(?:tmp|temp)_|_(?:tmp|temp)$|^#/i.test(danger.table) || temporary.has(danger.table.toLowerCase())) return;
        const before = statements.slice(0, i);
        if (before.some((s) => looksAt(s, danger.tables)) || inRehearsal(statements, i)) return;
        const at = block.toDoc(source.base + danger.start).offset;
        if (
          backups.some((b) => b.at < at && (b.unit === unit || !b.negated) && danger.tables.every((t) => b.covers(t)))
        )
          return;
        // a look at the table, or a copy of it, earlier in its step or in the step before: a
        // "Verify nothing reads the old table" step before the one that drops it
        const near = new Set([unit, units[units.indexOf(unit) - 1] ?? unit]);
        const looked = sql.some(
          (x) =>
            x.block.startLine < block.startLine &&
            near.has(unitOf(x.block.section)) &&
            x.statements.some((st) => looksAt(st, danger.tables)),
        );
        if (looked || checkedInSection(runbook, block, options.checkTerms)) return;
        context.report({
          messageId: 'unguarded',
          data: { what: danger.what, table: danger.table },
          loc: { range: textRange(block, source.base + danger.start, source.base + danger.end) },
        });
      });
    }
  },
});

/** Tables a statement of the runbook creates as TEMPORARY (or TEMP): they hold nothing to lose. */
function temporaryTables(sql: readonly { statements: SqlStatement[] }[]): Set<string> {
  const out = new Set<string>();
  for (const { statements } of sql)
    for (const stmt of statements) {
      const t = stmt.tokens;
      const w = (i: number): string => (t[i]?.type === 'word' ? (t[i]?.upper ?? '') : '');
      if (w(0) !== 'CREATE') continue;
      let i = 1;
      if (w(i) === 'GLOBAL' || w(i) === 'LOCAL') i++;
      if (w(i) !== 'TEMPORARY' && w(i) !== 'TEMP') continue;
      i++;
      if (w(i) !== 'TABLE') continue;
      i++;
      if (w(i) === 'IF' && w(i + 1) === 'NOT' && w(i + 2) === 'EXISTS') i += 3;
      const name = t[i];
      if (name && (name.type === 'word' || name.type === 'quoted')) out.add(name.value.toLowerCase());
    }
  return out;
}

/**
 * The step a block belongs to: its nearest `Step N` section, else the highest section under
 * the document's title (`## Unit 8 — …` holding `### Work units`). Null before any heading.
 */
function unitOf(section: Section | null): Section | null {
  let unit = section;
  for (let s = section; s; s = s.parent) {
    if (s.kind === 'step') return s;
    if (s.parent === null && s.depth === 1 && unit !== s) return unit;
    unit = s;
  }
  return unit;
}

function unitsOf(runbook: Runbook): (Section | null)[] {
  const out: (Section | null)[] = [];
  for (const section of runbook.sections) {
    const unit = unitOf(section);
    if (!out.includes(unit)) out.push(unit);
  }
  return out;
}

interface BackupMention {
  /** document offset */
  at: number;
  unit: Section | null;
  /** said in a negated clause ("no backup is needed"): it speaks for its own step only */
  negated: boolean;
  covers: (table: string) => boolean;
}

/**
 * Where the runbook takes or names a backup: a shell command that copies the data (`pg_dump`,
 * a snapshot, a backup job, read from the syntax tree; a dump of other tables or of the schema
 * only is none), a heading or a clause of the prose that names one of the terms, or a block the
 * parser cannot read (no language) that does.
 */
function backupMentions(runbook: Runbook, code: CodeIndex, backupTerms: readonly string[]): BackupMention[] {
  const out: BackupMention[] = [];
  const all = (): boolean => true;
  const env = runbookShellEnv(runbook, code);
  for (const p of runbook.prose) {
    const unit = unitOf(p.section);
    if (p.kind === 'heading') {
      if (mentions(p.text, backupTerms)) out.push({ at: p.docOffset(0), unit, negated: false, covers: all });
      continue;
    }
    for (const c of clauses(p))
      if (mentions(c.text, backupTerms)) out.push({ at: p.docOffset(c.start), unit, negated: c.negated, covers: all });
  }
  for (const block of runbook.codeBlocks) {
    const unit = unitOf(block.section);
    if (block.lang === 'bash') {
      const parsed = code.parse(block);
      if (!parsed) continue;
      for (const command of shellCommands(parsed.root, env))
        out.push({
          at: block.toDoc(command.start).offset,
          unit,
          negated: false,
          covers: (table) => backsUp(command, table),
        });
    } else if (block.lang === null && mentions(block.text, backupTerms)) {
      out.push({ at: block.range[0], unit, negated: false, covers: all });
    }
  }
  return out;
}

/**
 * DROP TABLE / DATABASE / SCHEMA, ALTER TABLE … DROP COLUMN or PARTITION, TRUNCATE, and a
 * DELETE or UPDATE (after a WITH, too) without a WHERE or a JOIN of its own.
 */
function destructive(stmt: SqlStatement): Danger | null {
  const t = stmt.tokens;
  const word = (i: number): string => (t[i]?.type === 'word' ? (t[i]?.upper ?? '') : '');
  const isComma = (i: number): boolean => t[i]?.type === 'punct' && t[i]?.value === ',';
  /** a possibly qualified name at i (after IF EXISTS / ONLY / TABLE / FROM): its last part, and where it ends */
  const nameAt = (i: number): { name: string; end: number; next: number } | null => {
    let j = i;
    if (word(j) === 'IF' && word(j + 1) === 'EXISTS') j += 2;
    // `TRUNCATE TABLE ONLY audit_log`, `DELETE FROM ONLY x`
    while (word(j) === 'ONLY' || word(j) === 'TABLE' || word(j) === 'FROM') j++;
    let last = null;
    while (t[j] && (t[j]?.type === 'word' || t[j]?.type === 'quoted')) {
      last = t[j];
      if (t[j + 1]?.type === 'punct' && t[j + 1]?.value === '.') j += 2;
      else {
        j++;
        break;
      }
    }
    return last ? { name: last.value, end: last.end, next: j } : null;
  };
  const first = t[0];
  if (!first) return null;
  const v0 = word(0);
  if (v0 === 'DROP' && ['TABLE', 'DATABASE', 'SCHEMA'].includes(word(1))) {
    // every table of `DROP TABLE a, b`
    const names: string[] = [];
    let at = nameAt(2);
    let end = first.end;
    while (at) {
      names.push(at.name);
      end = at.end;
      at = isComma(at.next) ? nameAt(at.next + 1) : null;
    }
    if (names.length === 0) return null;
    const list = names.join(', ');
    return {
      what: `DROP ${word(1)} ${list}`,
      table: names[0] as string,
      tables: names,
      start: first.start,
      end,
      drop: true,
    };
  }
  if (v0 === 'TRUNCATE') {
    const target = nameAt(1);
    if (!target) return null;
    return {
      what: `TRUNCATE ${target.name}`,
      table: target.name,
      tables: [target.name],
      start: first.start,
      end: target.end,
      drop: false,
    };
  }
  if (v0 === 'ALTER' && word(1) === 'TABLE') return alterDrop(t, nameAt, word, isComma);
  // WITH … DELETE / UPDATE: the statement is the first verb after the CTEs, outside their parentheses
  let verb = 0;
  if (v0 === 'WITH') {
    let depth = 0;
    verb = -1;
    for (let i = 1; i < t.length; i++) {
      const x = t[i];
      if (x?.type === 'punct' && x.value === '(') depth++;
      else if (x?.type === 'punct' && x.value === ')') depth--;
      else if (depth === 0 && ['DELETE', 'UPDATE', 'INSERT', 'SELECT', 'MERGE'].includes(word(i))) {
        verb = i;
        break;
      }
    }
    if (verb < 0) return null;
  }
  const v = word(verb);
  if ((v === 'DELETE' || v === 'UPDATE') && !hasTopLevel(stmt, 'WHERE') && !hasTopLevel(stmt, 'JOIN')) {
    const target = nameAt(verb + 1);
    if (!target) return null;
    const what = v === 'DELETE' ? `DELETE FROM ${target.name}` : `UPDATE ${target.name}`;
    const start = (t[verb] as { start: number }).start;
    return {
      what: `${what} without WHERE`,
      table: target.name,
      tables: [target.name],
      start,
      end: target.end,
      drop: false,
    };
  }
  return null;
}

/** What no row survives: DROP [COLUMN] and DROP PARTITION actions; not constraints, indexes, defaults or identities. */
const KEEPS_ROWS = new Set([
  'CLUSTERING',
  'PROJECTION',
  'STATISTICS',
  'CONSTRAINT',
  'INDEX',
  'KEY',
  'DEFAULT',
  'NOT',
  'PRIMARY',
  'FOREIGN',
  'TRIGGER',
  'IDENTITY',
  'EXPRESSION',
  'CHECK',
  'UNIQUE',
  'PERIOD',
  'SYSTEM',
]);

function alterDrop(
  t: SqlStatement['tokens'],
  nameAt: (i: number) => { name: string; end: number; next: number } | null,
  word: (i: number) => string,
  isComma: (i: number) => boolean,
): Danger | null {
  const first = t[0];
  const table = nameAt(2);
  if (!first || !table) return null;
  // the actions of ALTER TABLE, split on top-level commas: `ALTER COLUMN x DROP DEFAULT` is not a DROP action
  let depth = 0;
  for (let i = table.next; i < t.length; i++) {
    const x = t[i];
    if (x?.type === 'punct' && x.value === '(') depth++;
    else if (x?.type === 'punct' && x.value === ')') depth--;
    const actionStart = i === table.next || (depth === 0 && isComma(i - 1));
    if (!actionStart || word(i) !== 'DROP') continue;
    let j = i + 1;
    if (KEEPS_ROWS.has(word(j))) continue;
    const kind = word(j) === 'PARTITION' ? 'PARTITION' : 'COLUMN';
    if (word(j) === 'COLUMN' || word(j) === 'PARTITION') j++;
    const target = nameAt(j);
    if (!target) continue;
    return {
      what: `ALTER TABLE ${table.name} DROP ${kind} ${target.name}`,
      table: table.name,
      tables: [table.name],
      start: first.start,
      end: target.end,
      drop: true,
    };
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

/**
 * A statement that looks at or keeps what will go: a SELECT that reads one of the tables (a
 * count, a sample), or a copy of it — `COPY … TO`, `CREATE TABLE … AS SELECT`, `SELECT … INTO`.
 */
function looksAt(stmt: SqlStatement, tables: readonly string[]): boolean {
  const first = stmt.tokens[0]?.type === 'word' ? stmt.tokens[0].upper : '';
  const copies =
    first === 'SELECT' ||
    first === 'WITH' ||
    (first === 'COPY' && stmt.tokens.some((t) => t.type === 'word' && t.upper === 'TO')) ||
    (first === 'CREATE' && stmt.tokens.some((t) => t.type === 'word' && t.upper === 'AS'));
  if (!copies) return false;
  const names = new Set(tables.map((t) => t.toLowerCase()));
  // a catalog query names the table in a string: `WHERE relname = 'invoices_old'`
  return stmt.tokens.some(
    (t) => (t.type === 'word' || t.type === 'quoted' || t.type === 'string') && names.has(t.value.toLowerCase()),
  );
}

function mentions(text: string, terms: readonly string[]): boolean {
  if (text === '') return false;
  const ws = words(text);
  return terms.some((t) => findTerm(ws, t) >= 0);
}

/** A check in the prose of the statement's own section, before its block. */
function checkedInSection(runbook: Runbook, block: CodeBlock, checkTerms: readonly string[]): boolean {
  const section = block.section;
  if (!section) return false;
  for (const p of runbook.proseIn(section)) {
    if (p.line >= block.startLine) break;
    if (isCheck(words(p.text), checkTerms)) return true;
  }
  return false;
}

/** A check verb, not "check out" (a branch) or "check in" (a change). */
function isCheck(ws: readonly string[], terms: readonly string[]): boolean {
  return terms.some((term) => {
    for (let from = 0; from < ws.length; ) {
      const at = findTerm(ws.slice(from), term);
      if (at < 0) return false;
      const i = from + at;
      const next = ws[i + 1];
      if (!(ws[i]?.startsWith('check') && (next === 'out' || next === 'in'))) return true;
      from = i + 1;
    }
    return false;
  });
}

const ROLLBACK_TERMS = [
  'rollback',
  'roll back',
  'rolling back',
  'revert*',
  'undo*',
  'back out',
  'backout',
  'downgrad*',
  'restor*',
  'recover*',
];

/**
 * Under a heading about undoing: dropping what the migration added is what a rollback does. A
 * heading that denies one ("Drop the legacy tables (irreversible, no rollback)") is the
 * opposite.
 */
function inRollback(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) {
    const ws = words(s.title);
    const at = ROLLBACK_TERMS.map((t) => findTerm(ws, t)).filter((i) => i >= 0);
    if (at.length === 0) continue;
    if (isNegated(ws.slice(0, Math.min(...at)))) return false;
    return true;
  }
  return false;
}

/** After a label line of the block's own section that opens its way back (`**Rollback:**`, `Undo:`). */
function underRollbackLabel(runbook: Runbook, block: CodeBlock): boolean {
  const section = block.section;
  if (!section) return false;
  let last: boolean | null = null;
  for (const p of runbook.proseIn(section)) {
    if (p.line >= block.startLine) break;
    if (p.kind === 'heading') continue;
    const first = words(p.text.split('\n')[0] ?? '');
    const label = /^[^\p{L}]*[\p{L} -]{2,20}:/u.exec(p.text);
    if (!label) continue;
    last = ROLLBACK_TERMS.some((t) => findTerm(first.slice(0, 3), t) === 0);
  }
  return last === true;
}

function inAppendix(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) if (s.kind === 'appendix') return true;
  return false;
}
