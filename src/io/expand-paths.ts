import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { GitIgnore } from './gitignore.js';
import { describeIoError } from './read-source.js';

export const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i;
const GLOB_CHARS = /[*?[\]{}!]/;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * Absolute paths of the files to lint, in a stable order: a file argument as given (any
 * extension, even if ignored: naming it is asking for it), a directory searched for Markdown
 * recursively, a glob expanded; in directories and globs, node_modules, .git and what
 * .gitignore ignores are skipped. An argument that names nothing is an error, not a no-op: a
 * typo in a CI config must not pass silently.
 */
export async function expandPaths(args: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const gitignore = new GitIgnore(cwd);
  const add = (p: string): void => {
    if (!seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && GLOB_CHARS.test(arg)) {
        // the glob library is loaded only when a pattern is given
        const { globSync } = await import('tinyglobby');
        const found = globSync(arg, { cwd, absolute: true, onlyFiles: true, dot: false, ignore: ['**/node_modules/**', '**/.git/**'] })
          .filter((f) => MARKDOWN.test(f) && !gitignore.ignores(f))
          .sort();
        if (found.length === 0) throw new UserError(`${arg}: no Markdown files match this pattern`);
        for (const f of found) add(resolve(f));
        continue;
      }
      throw new UserError(`${arg}: ${describeIoError(e)}`);
    }
    if (stat.isDirectory()) {
      const found = walk(abs, gitignore);
      if (found.length === 0) throw new UserError(`${arg}: no Markdown files (*.md, *.markdown) in this directory`);
      for (const f of found) add(f);
    } else add(abs);
  }
  return out;
}

function walk(dir: string, gitignore: GitIgnore): string[] {
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
      if (!SKIP_DIRS.has(e.name) && !gitignore.ignores(p, true)) out.push(...walk(p, gitignore));
    } else if (e.isFile() && MARKDOWN.test(e.name) && !gitignore.ignores(p)) out.push(p);
  }
  return out;
}
