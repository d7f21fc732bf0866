/**
 * A SQL tokenizer for the statements runbooks show: enough to tell a write from a read, the
 * table a statement touches and the columns a join compares, with comments and string
 * contents out of the way so they can never be mistaken for SQL.
 */
export type SqlTokenType = 'word' | 'quoted' | 'string' | 'number' | 'op' | 'punct' | 'param';

export interface SqlToken {
  type: SqlTokenType;
  /** the token's text; for quoted identifiers and strings, without the quotes */
  value: string;
  /** upper-cased value for words, for keyword comparison */
  upper: string;
  start: number;
  end: number;
}

export function tokenizeSql(text: string): SqlToken[] {
  const out: SqlToken[] = [];
  const n = text.length;
  let i = 0;
  const push = (type: SqlTokenType, value: string, start: number, end: number): void => {
    out.push({ type, value, upper: type === 'word' ? value.toUpperCase() : value, start, end });
  };
  while (i < n) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
    } else if ((c === '-' && next === '-') || c === '#') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '\\' && atLineStart(text, i)) {
      // a psql meta-command (`\set ON_ERROR_STOP on`, `\c billing`) is a line of its own: it ends
      // the statement before it, and nothing in it is SQL
      const start = i;
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      push('punct', ';', start, i);
    } else if (c === '$' && dollarTag(text, i) !== null) {
      // a dollar-quoted body ($$ … $$, $fn$ … $fn$): a function's statements run when it is
      // called, not here, and their `;` do not end the statement that defines it
      const tag = dollarTag(text, i) as string;
      const start = i;
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? n : close + tag.length;
      push('string', text.slice(start + tag.length, close < 0 ? n : close), start, i);
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i;
      let value = '';
      i++;
      while (i < n) {
        const d = text[i] as string;
        if (d === '\\' && c !== '`' && i + 1 < n) {
          value += text[i + 1];
          i += 2;
        } else if (d === c && text[i + 1] === c) {
          value += c;
          i += 2;
        } else if (d === c) {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      push(c === "'" ? 'string' : 'quoted', value, start, i);
    } else if (isDigit(c)) {
      const start = i;
      while (i < n && (isDigit(text[i] as string) || text[i] === '.')) i++;
      push('number', text.slice(start, i), start, i);
    } else if (isWordStart(c)) {
      const start = i;
      while (i < n && isWordPart(text[i] as string)) i++;
      push('word', text.slice(start, i), start, i);
    } else if (c === '?' || c === ':' || c === '$') {
      const start = i;
      i++;
      while (i < n && isWordPart(text[i] as string)) i++;
      push('param', text.slice(start, i), start, i);
    } else if ('=<>!|&+-*/%^~'.includes(c)) {
      const start = i;
      while (i < n && '=<>!|&'.includes(text[i] as string) && i - start < 2) i++;
      if (i === start) i++;
      push('op', text.slice(start, i), start, i);
    } else {
      push('punct', c, i, i + 1);
      i++;
    }
  }
  return out;
}

function atLineStart(text: string, at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const d = text[k];
    if (d === '\n' || d === '\r') return true;
    if (d !== ' ' && d !== '\t') return false;
  }
  return true;
}

/** `$$` or `$tag$` opening a dollar-quoted string at `at`, or null (`$1` is a parameter). */
function dollarTag(text: string, at: number): string | null {
  const m = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(at, at + 66));
  return m ? m[0] : null;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\u007f';
}
function isWordPart(c: string): boolean {
  return isWordStart(c) || isDigit(c);
}

export type SqlStatementKind = 'select' | 'insert' | 'update' | 'delete' | 'replace' | 'merge' | 'truncate' | 'other';

export interface SqlStatement {
  tokens: SqlToken[];
  kind: SqlStatementKind;
  start: number;
  end: number;
}

/** Splits tokens into statements on `;`. */
export function sqlStatements(text: string): SqlStatement[] {
  const tokens = tokenizeSql(text);
  const out: SqlStatement[] = [];
  let cur: SqlToken[] = [];
  const flush = (): void => {
    if (cur.length === 0) return;
    out.push({
      tokens: cur,
      kind: statementKind(cur),
      start: (cur[0] as SqlToken).start,
      end: (cur[cur.length - 1] as SqlToken).end,
    });
    cur = [];
  };
  for (const t of tokens) {
    if (t.type === 'punct' && t.value === ';') flush();
    else cur.push(t);
  }
  flush();
  return out;
}

function statementKind(tokens: SqlToken[]): SqlStatementKind {
  for (const t of tokens) {
    if (t.type !== 'word') continue;
    switch (t.upper) {
      case 'SELECT':
        return 'select';
      case 'INSERT':
        return 'insert';
      case 'UPDATE':
        return 'update';
      case 'DELETE':
        return 'delete';
      case 'REPLACE':
        return 'replace';
      case 'MERGE':
        return 'merge';
      case 'TRUNCATE':
        return 'truncate';
      case 'WITH':
        continue;
      default:
        return 'other';
    }
  }
  return 'other';
}

const MODIFIERS = new Set([
  'IGNORE',
  'LOW_PRIORITY',
  'DELAYED',
  'HIGH_PRIORITY',
  'QUICK',
  'INTO',
  'FROM',
  'TABLE',
  'ONLY',
  'OR',
]);

/** Reads a possibly qualified table name at `i`: schema.table → table. */
function tableAt(tokens: SqlToken[], i: number): { name: string; token: SqlToken; next: number } | null {
  let j = i;
  let last: SqlToken | null = null;
  while (j < tokens.length) {
    const t = tokens[j] as SqlToken;
    if (t.type !== 'word' && t.type !== 'quoted') break;
    last = t;
    if (tokens[j + 1]?.type === 'punct' && tokens[j + 1]?.value === '.') j += 2;
    else {
      j++;
      break;
    }
  }
  return last ? { name: last.value, token: last, next: j } : null;
}

/** The table an INSERT / UPDATE / DELETE / REPLACE / MERGE / TRUNCATE writes, or null. */
export function writeTarget(stmt: SqlStatement): { name: string; token: SqlToken } | null {
  if (stmt.kind === 'select' || stmt.kind === 'other') return null;
  const tokens = stmt.tokens;
  const verb = tokens.findIndex(
    (t) => t.type === 'word' && ['INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'TRUNCATE'].includes(t.upper),
  );
  let i = verb + 1;
  while (i < tokens.length && tokens[i]?.type === 'word' && MODIFIERS.has((tokens[i] as SqlToken).upper)) i++;
  const t = tableAt(tokens, i);
  return t ? { name: t.name, token: t.token } : null;
}

export interface SqlTableRef {
  name: string;
  alias: string | null;
  token: SqlToken;
}

export interface SqlJoin {
  table: SqlTableRef;
  /** tokens of the ON condition (empty for USING or a comma join) */
  on: SqlToken[];
  /** columns named in USING (…) */
  using: string[];
}

const CLAUSE_END = new Set([
  'WHERE',
  'GROUP',
  'ORDER',
  'LIMIT',
  'HAVING',
  'UNION',
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'FULL',
  'CROSS',
  'OUTER',
  'NATURAL',
  'ON',
  'USING',
  'SET',
  'VALUES',
  'WINDOW',
]);

/** Tables after FROM and JOIN, with aliases, and the join conditions. */
export function fromAndJoins(stmt: SqlStatement): { from: SqlTableRef[]; joins: SqlJoin[] } {
  const tokens = stmt.tokens;
  const from: SqlTableRef[] = [];
  const joins: SqlJoin[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as SqlToken;
    if (t.type !== 'word' || (t.upper !== 'FROM' && t.upper !== 'JOIN')) continue;
    if (tokens[i + 1]?.type === 'punct' && tokens[i + 1]?.value === '(') continue;
    const ref = tableAt(tokens, i + 1);
    if (!ref) continue;
    let j = ref.next;
    let alias: string | null = null;
    if (tokens[j]?.upper === 'AS') j++;
    const a = tokens[j];
    if (a && (a.type === 'word' || a.type === 'quoted') && !CLAUSE_END.has(a.upper)) {
      alias = a.value;
      j++;
    }
    const table = { name: ref.name, alias, token: ref.token };
    if (t.upper === 'FROM') {
      from.push(table);
      continue;
    }
    const on: SqlToken[] = [];
    const using: string[] = [];
    if (tokens[j]?.upper === 'ON') {
      j++;
      let depth = 0;
      while (j < tokens.length) {
        const u = tokens[j] as SqlToken;
        if (u.type === 'punct' && u.value === '(') depth++;
        if (u.type === 'punct' && u.value === ')') depth--;
        if (depth <= 0 && u.type === 'word' && CLAUSE_END.has(u.upper) && u.upper !== 'ON') break;
        on.push(u);
        j++;
      }
    } else if (tokens[j]?.upper === 'USING') {
      for (j++; j < tokens.length && !(tokens[j]?.type === 'punct' && tokens[j]?.value === ')'); j++) {
        const u = tokens[j] as SqlToken;
        if (u.type === 'word' || u.type === 'quoted') using.push(u.value);
      }
    }
    joins.push({ table, on, using });
  }
  return { from, joins };
}

/** `a.col = b.col` pairs in a join condition: the column names compared. */
export function equalityColumns(on: SqlToken[]): { left: string; right: string; start: number; end: number }[] {
  const out: { left: string; right: string; start: number; end: number }[] = [];
  const column = (i: number, dir: 1 | -1): { name: string; edge: number } | null => {
    const t = on[i];
    if (!t || (t.type !== 'word' && t.type !== 'quoted')) return null;
    if (dir === -1) return { name: t.value, edge: t.start };
    const dot = on[i + 1];
    if (dot?.type === 'punct' && dot.value === '.') {
      const col = on[i + 2];
      return col && (col.type === 'word' || col.type === 'quoted') ? { name: col.value, edge: col.end } : null;
    }
    return { name: t.value, edge: t.end };
  };
  for (let i = 0; i < on.length; i++) {
    const t = on[i] as SqlToken;
    if (t.type !== 'op' || t.value !== '=') continue;
    const left = column(i - 1, -1);
    const right = column(i + 1, 1);
    if (!left || !right) continue;
    let leftStart = left.edge;
    if (on[i - 2]?.value === '.' && on[i - 3]) leftStart = (on[i - 3] as SqlToken).start;
    out.push({ left: left.name, right: right.name, start: leftStart, end: right.edge });
  }
  return out;
}

/** The select list's tokens (between SELECT and its FROM). */
export function selectList(stmt: SqlStatement): SqlToken[] {
  const tokens = stmt.tokens;
  const s = tokens.findIndex((t) => t.upper === 'SELECT');
  if (s < 0) return [];
  const out: SqlToken[] = [];
  for (let i = s + 1; i < tokens.length && tokens[i]?.upper !== 'FROM'; i++) out.push(tokens[i] as SqlToken);
  return out;
}

/** Between BEGIN and a ROLLBACK: a rehearsal that keeps nothing. */
export function inRehearsal(statements: readonly SqlStatement[], i: number): boolean {
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
