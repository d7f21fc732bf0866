import { fromAndJoins, type SqlStatement, type SqlToken } from '../code/sql.js';

/** The four per-message conditions a reconciliation must check. */
export type MismatchKind = 'missing_in_new' | 'missing_in_legacy' | 'status' | 'provider_message_id';

export interface ReconciliationTables {
  legacyTable: string;
  newTable: string;
  joinKey: string;
}

const same = (a: string, b: string): boolean => a.replace(/[`"]/g, '').toLowerCase() === b.toLowerCase();

/**
 * The per-message conditions a SQL statement checks, read from its tokens: an outer join of the
 * two log tables with the join key of one side tested `IS NULL` (that side is missing the
 * message), `NOT EXISTS` / `NOT IN` over one table (missing there), and a column of one table
 * compared with the same column of the other (`<>`, `!=`, `IS DISTINCT FROM`, `NOT … <=> …`).
 * A statement that only aggregates (`COUNT(*)`, `SUM`) checks nothing per message.
 */
export function mismatchChecks(stmt: SqlStatement, t: ReconciliationTables): Set<MismatchKind> {
  const out = new Set<MismatchKind>();
  const { from, joins } = fromAndJoins(stmt);
  const side = new Map<string, 'legacy' | 'new'>();
  for (const ref of [...from, ...joins.map((j) => j.table)]) {
    const s = same(ref.name, t.legacyTable) ? 'legacy' : same(ref.name, t.newTable) ? 'new' : null;
    if (!s) continue;
    side.set(ref.name.toLowerCase(), s);
    if (ref.alias) side.set(ref.alias.toLowerCase(), s);
  }
  const tokens = stmt.tokens;
  const qualified = (i: number): { side: 'legacy' | 'new'; column: string; next: number } | null => {
    const a = tokens[i];
    const dot = tokens[i + 1];
    const col = tokens[i + 2];
    if (!a || !col || dot?.type !== 'punct' || dot.value !== '.' || (a.type !== 'word' && a.type !== 'quoted'))
      return null;
    const s = side.get(a.value.toLowerCase());
    return s ? { side: s, column: col.value, next: i + 3 } : null;
  };
  const both = side.size > 0 && new Set(side.values()).size === 2;
  for (let i = 0; i < tokens.length; i++) {
    const left = qualified(i);
    if (left) {
      // x.message_uuid IS NULL after an outer join: the message is missing on x's side
      if (
        both &&
        same(left.column, t.joinKey) &&
        tokens[left.next]?.upper === 'IS' &&
        tokens[left.next + 1]?.upper === 'NULL'
      ) {
        out.add(left.side === 'new' ? 'missing_in_new' : 'missing_in_legacy');
      }
      const op = comparison(tokens, left.next);
      if (both && op) {
        const right = qualified(op.next);
        if (right && right.side !== left.side && same(right.column, left.column)) {
          const kind = columnKind(left.column);
          if (kind) out.add(kind);
        }
      }
    }
    // NOT EXISTS (SELECT … FROM table …) / x NOT IN (SELECT … FROM table)
    if (
      tokens[i]?.upper === 'NOT' &&
      (tokens[i + 1]?.upper === 'EXISTS' || tokens[i + 1]?.upper === 'IN') &&
      tokens[i + 2]?.value === '('
    ) {
      const table = subqueryTable(tokens, i + 3);
      if (table && same(table, t.newTable)) out.add('missing_in_new');
      if (table && same(table, t.legacyTable)) out.add('missing_in_legacy');
    }
  }
  return out;
}

function columnKind(column: string): MismatchKind | null {
  const c = column.replace(/[`"]/g, '').toLowerCase();
  if (c === 'status') return 'status';
  if (c === 'provider_message_id' || c === 'provider_id' || c === 'provider_msg_id') return 'provider_message_id';
  return null;
}

/** An inequality at `i`: `<>`, `!=`, `IS DISTINCT FROM`; the index of what it compares with. */
function comparison(tokens: SqlToken[], i: number): { next: number } | null {
  const t = tokens[i];
  if (!t) return null;
  if (t.type === 'op' && (t.value === '<>' || t.value === '!=')) return { next: i + 1 };
  if (t.type === 'op' && t.value === '!' && tokens[i + 1]?.value === '=') return { next: i + 2 };
  if (t.type === 'op' && t.value === '<' && tokens[i + 1]?.value === '>') return { next: i + 2 };
  if (t.upper === 'IS' && tokens[i + 1]?.upper === 'DISTINCT' && tokens[i + 2]?.upper === 'FROM')
    return { next: i + 3 };
  return null;
}

/** The first table after FROM inside the parenthesis that starts at `i`. */
function subqueryTable(tokens: SqlToken[], i: number): string | null {
  let depth = 1;
  for (let j = i; j < tokens.length && depth > 0; j++) {
    const t = tokens[j] as SqlToken;
    if (t.value === '(' && t.type === 'punct') depth++;
    else if (t.value === ')' && t.type === 'punct') depth--;
    else if (depth === 1 && t.upper === 'FROM') {
      const name = tokens[j + 1];
      return name && (name.type === 'word' || name.type === 'quoted') ? name.value : null;
    }
  }
  return null;
}
