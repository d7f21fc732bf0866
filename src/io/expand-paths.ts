import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { describeIoError } from './read-source.js';

const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Absolute paths of the files to lint, in a stable order: a file argument as given (any extension), a directory
 * searched for Markdown recursively. A path that names nothing is an error, not a no-op:
 * a typo in a CI config must not pass silently.
 */
export function expandPaths(args: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(abs);
    } catch (e) {
      throw new UserError(`${arg}: ${describeIoError(e)}`);
    }
    if (stat.isDirectory()) {
      const found = walk(abs);
      if (found.length === 0) throw new UserError(`${arg}: no Markdown files (*.md, *.markdown) in this directory`);
      for (const f of found) add(f);
    } else add(abs);
  }
  return out;

  function add(p: string): void {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UserError(`${dir}: ${describeIoError(e)}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...walk(p));
    } else if (e.isFile() && MARKDOWN.test(e.name)) out.push(p);
  }
  return out;
}
