import { words } from '../text/words.js';
import type { Table, TableCell } from '../document/index.js';
import { conditionsOf, type Condition } from './conditions.js';
import { tag } from './nlp.js';

/**
 * What a table cell says, read for meaning rather than compared as a string: "YES", "yes",
 * "✅" and "✔️" are all yes; "only on timeout / transport / breaker OPEN" is a yes that holds
 * only on those conditions; "-", "—", "n/a" and an empty cell say nothing; "`accepted`,
 * `duplicate`" is a set of statuses; `true` / `false` are literals.
 */
export type CellKind = 'yes' | 'no' | 'conditional' | 'na' | 'statuses' | 'literal' | 'text';

export interface CellMeaning {
  kind: CellKind;
  /** the literal's value (kind `literal`) */
  value: boolean | null;
  /**
   * The conditions the cell puts on its value: "only on timeout" → [timeout]; "YES (fallback
   * only)" → [fallback]. Empty when the cell names none; `other` for one not understood.
   */
  conditions: Condition[];
  /** "NO (fallback only)", "fallback only", "only as a fallback" */
  fallbackOnly: boolean;
  /** the statuses a `statuses` cell lists, as written */
  statuses: string[];
  /** what follows the leading value: "YES (dry run)" → "(dry run)" */
  qualifier: string;
  /** how the leading value is written ("YES", "yes", "✅", "`false`"), for fixes in the table's own words */
  surface: string | null;
  /** the surface was inside a code span */
  code: boolean;
}

/** Pairs of marks: each yes mark with the no mark a table using it would write. */
const MARK_PAIRS: readonly [string, string][] = [
  ['✅', '❌'],
  ['✔', '✖'],
  ['✓', '✗'],
  ['☑', '☒'],
  ['🟢', '🔴'],
  ['👍', '👎'],
];
const YES_MARKS = new Map(MARK_PAIRS.map(([y, n]) => [y, n]));
const NO_MARKS = new Map(MARK_PAIRS.map(([y, n]) => [n, y]));
for (const extra of ['❎', '⛔', '🚫', '✘']) NO_MARKS.set(extra, '✅');

const NOT_APPLICABLE = new Set(['-', '--', '–', '—', '―', '−', '·', '…', 'n/a', 'na', 'n.a.', 'not applicable']);
const DASHES = /^[-–—―−]+$/;

const memo = new WeakMap<TableCell, CellMeaning>();

export function cellMeaning(cell: TableCell): CellMeaning {
  const cached = memo.get(cell);
  if (cached) return cached;
  const m = classify(cell);
  memo.set(cell, m);
  return m;
}

function meaning(kind: CellKind, extra: Partial<CellMeaning> = {}): CellMeaning {
  return {
    kind,
    value: null,
    conditions: [],
    fallbackOnly: false,
    statuses: [],
    qualifier: '',
    surface: null,
    code: false,
    ...extra,
  };
}

function classify(cell: TableCell): CellMeaning {
  const raw = cell.text;
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (text.length === 0 || NOT_APPLICABLE.has(text.toLowerCase()) || DASHES.test(text)) return meaning('na');
  const codeAt = (i: number): boolean => cell.prose.isCodeAt(lead + i);

  // a leading mark: ✅ / ❌ and their kin, with or without the emoji variation selector
  const first = String.fromCodePoint(text.codePointAt(0) as number);
  if (YES_MARKS.has(first) || NO_MARKS.has(first)) {
    let surface = first;
    if (text.slice(first.length).startsWith('\uFE0F')) surface += '\uFE0F';
    const rest = text.slice(surface.length).trim();
    return qualified(YES_MARKS.has(first) ? 'yes' : 'no', surface, false, rest);
  }

  const ws = words(text);
  const head = ws[0] ?? '';
  const surfaceOf = (): string => text.slice(0, leadingWordLength(text));
  if (head === 'yes' || head === 'y' || head === 'always')
    return qualified('yes', surfaceOf(), codeAt(0), text.slice(leadingWordLength(text)).trim());
  if (head === 'no' || head === 'n' || head === 'never' || head === 'none' || (head === 'not' && ws.length <= 3)) {
    return qualified('no', surfaceOf(), codeAt(0), text.slice(leadingWordLength(text)).trim());
  }
  if (head === 'true' || head === 'false') {
    const m = qualified('literal', surfaceOf(), codeAt(0), text.slice(leadingWordLength(text)).trim());
    return { ...m, value: head === 'true' };
  }

  // "only on timeout / transport / breaker OPEN", "on timeout only", "fallback only", "when the breaker is open"
  const fallbackOnly = isFallbackOnly(ws);
  if (
    head === 'only' ||
    head === 'fallback' ||
    ['on', 'when', 'whenever', 'if', 'upon', 'after'].includes(head) ||
    ws[ws.length - 1] === 'only'
  ) {
    const conditions = conditionsIn(text);
    if (fallbackOnly && !conditions.includes('fallback')) conditions.push('fallback');
    if (conditions.length > 0) return meaning('conditional', { conditions, fallbackOnly, qualifier: text });
  }

  // `accepted`, `duplicate`: every word of the cell is in a code span
  const statuses = codeWords(cell, lead, text);
  if (statuses) return meaning('statuses', { statuses });
  return meaning('text', { qualifier: text, fallbackOnly });
}

/** A leading value with what follows it: conditions in a qualifier are kept ("YES (only on timeout)"). */
function qualified(kind: CellKind, surface: string, code: boolean, rest: string): CellMeaning {
  const qualifier = rest.replace(/^[\s,;:–—-]+/, '');
  const ws = words(qualifier);
  const fallbackOnly = isFallbackOnly(ws);
  let conditions: Condition[] = [];
  if (
    ws.length > 0 &&
    (fallbackOnly ||
      ws.includes('only') ||
      ['on', 'when', 'whenever', 'if', 'upon', 'after', 'unless'].includes(ws[0] as string))
  ) {
    conditions = conditionsIn(qualifier).filter((c) => c !== 'other');
    if (fallbackOnly && !conditions.includes('fallback')) conditions.push('fallback');
  }
  return meaning(kind, { surface, code, qualifier, conditions, fallbackOnly });
}

function isFallbackOnly(ws: readonly string[]): boolean {
  const at = ws.findIndex((w, i) => w === 'fallback' || w === 'fallbacks' || (w === 'fall' && ws[i + 1] === 'back'));
  return at >= 0 && (ws.includes('only') || ws.includes('as') || ws.length <= 2);
}

/** The conditions a cell's text lists, cut after its introducing words ("only on", "when"). */
function conditionsIn(text: string): Condition[] {
  const tokens = tag(text);
  if (!tokens) return ['other'];
  const body = tokens.filter(
    (t) =>
      ![
        'only',
        'on',
        'when',
        'whenever',
        'if',
        'upon',
        'after',
        'in',
        'case',
        'of',
        'the',
        'a',
        'an',
        'is',
        'are',
      ].includes(t.lower) || t.negated,
  );
  return conditionsOf(body);
}

function leadingWordLength(text: string): number {
  let i = 0;
  while (i < text.length && /[A-Za-z]/.test(text.charAt(i))) i++;
  return i;
}

/** The cell's words when each of them is inside a code span (`accepted`, `duplicate`), else null. */
function codeWords(cell: TableCell, lead: number, text: string): string[] | null {
  const separator = (c: string): boolean => /[\s,/|;]/.test(c);
  const list: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (separator(text.charAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && !separator(text.charAt(j))) j++;
    const w = text.slice(i, j);
    let code = true;
    for (let k = i; k < j && code; k++) code = cell.prose.isCodeAt(lead + k);
    if (code) {
      if (!/^[a-z][a-z0-9_]*$/.test(w)) return null;
      list.push(w);
    } else if (w !== 'or' && w !== 'and') return null;
    i = j;
  }
  return list.length > 0 ? list : null;
}

/**
 * How a table writes yes, no and the literals, read from its own cells, so a fix writes the
 * cell as its neighbours are written: ✅/❌ in a table of marks, "yes"/"no" in lower case,
 * `` `true` `` in code where the column uses code.
 */
export interface Vocabulary {
  yes: string;
  no: string;
  literal(value: boolean): string;
}

export function vocabularyOf(table: Table, column?: number): Vocabulary {
  const yes = new Map<string, number>();
  const no = new Map<string, number>();
  let literalCode = 0;
  let literalPlain = 0;
  let literalCase: 'lower' | 'upper' | 'title' = 'lower';
  for (const row of table.rows) {
    row.forEach((cell, i) => {
      const m = cellMeaning(cell);
      if (!m.surface) return;
      if (m.kind === 'yes') yes.set(m.surface, (yes.get(m.surface) ?? 0) + 1);
      else if (m.kind === 'no') no.set(m.surface, (no.get(m.surface) ?? 0) + 1);
      else if (m.kind === 'literal' && (column === undefined || i === column)) {
        if (m.code) literalCode++;
        else literalPlain++;
        literalCase = caseOf(m.surface);
      }
    });
  }
  const top = (m: Map<string, number>): string | null => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  let y = top(yes);
  let n = top(no);
  if (y && !n) n = counterpart(y, 'no');
  if (n && !y) y = counterpart(n, 'yes');
  const code = literalCode > literalPlain;
  return {
    yes: y ?? 'YES',
    no: n ?? 'NO',
    literal: (value) => {
      const word = inCase(value ? 'true' : 'false', literalCase);
      return code ? `\`${word}\`` : word;
    },
  };
}

function counterpart(surface: string, want: 'yes' | 'no'): string {
  const base = surface.replace('\uFE0F', '');
  const mark = want === 'no' ? YES_MARKS.get(base) : NO_MARKS.get(base);
  if (mark) return surface.endsWith('\uFE0F') && mark.length === 1 ? `${mark}\uFE0F` : mark;
  return inCase(want, caseOf(surface));
}

function caseOf(word: string): 'lower' | 'upper' | 'title' {
  if (word.length > 1 && word === word.toUpperCase()) return 'upper';
  if (word.charAt(0) === word.charAt(0).toUpperCase() && word.charAt(0) !== word.charAt(0).toLowerCase())
    return 'title';
  return 'lower';
}

function inCase(word: string, c: 'lower' | 'upper' | 'title'): string {
  if (c === 'upper') return word.toUpperCase();
  if (c === 'title') return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

/**
 * A cell's content in the document, markup included: from after the pipe before it to before
 * the pipe after it, without the surrounding spaces. A fix writes here, so `` `false` `` is
 * replaced whole rather than leaving a stray backtick.
 */
export function cellSourceRange(source: string, cell: TableCell): [number, number] {
  const pos = cell.prose.node.position;
  const start = pos?.start.offset ?? 0;
  const end = pos?.end.offset ?? start;
  let a = start;
  let b = end;
  if (source.charAt(a) === '|') a++;
  if (b > a && source.charAt(b - 1) === '|' && source.charAt(b - 2) !== '\\') b--;
  while (a < b && /\s/.test(source.charAt(a))) a++;
  while (b > a && /\s/.test(source.charAt(b - 1))) b--;
  return [a, b];
}

/** The replacement wrapped in the emphasis the whole cell had (`**NO**` stays bold). */
export function inCellMarkup(source: string, range: [number, number], text: string): string {
  const raw = source.slice(range[0], range[1]);
  for (const mark of ['**', '__'])
    if (raw.length > 4 && raw.startsWith(mark) && raw.endsWith(mark)) return `${mark}${text}${mark}`;
  return text;
}
