import type { Settings } from '../config/settings.js';
import type { Runbook, Table, TableCell } from '../document/index.js';
import type { ModeRole } from './php-modes.js';
import { ROLES } from './php-modes.js';
import { findTerm, words } from '../text/words.js';

export interface ModeRow {
  role: ModeRole;
  cells: TableCell[];
}

export interface ModeTable {
  table: Table;
  header: string[][];
  rows: ModeRow[];
}

/** GFM tables whose first column names the modes (OFF / SHADOW / ON rows). */
export function modeTables(runbook: Runbook, settings: Settings): ModeTable[] {
  const out: ModeTable[] = [];
  for (const table of runbook.tables) {
    const rows: ModeRow[] = [];
    for (const row of table.rows) {
      const first = row[0]?.text.replace(/[*_`]/g, '').trim().toLowerCase() ?? '';
      const role = ROLES.find((r) => settings.modes[r].toLowerCase() === first);
      if (role) rows.push({ role, cells: row });
    }
    if (rows.length >= 2) out.push({ table, header: table.header.map((h) => words(h.text)), rows });
  }
  return out;
}

/** Index of the first column whose header has every term of one of the alternatives. */
export function columnIndex(t: ModeTable, alternatives: string[][]): number {
  return t.header.findIndex((ws) => alternatives.some((terms) => terms.every((term) => findTerm(ws, term) >= 0)));
}

/** The cell's text in the document (GFM cell nodes start at the pipe before it). */
export function cellRange(cell: TableCell): [number, number] {
  const p = cell.prose;
  if (p.text.trim().length === 0) {
    const start = cell.prose.node.position?.start.offset ?? 0;
    return [start, start];
  }
  const lead = p.text.length - p.text.trimStart().length;
  return [p.docOffset(lead), p.docOffset(p.text.trimEnd().length, 'end')];
}
