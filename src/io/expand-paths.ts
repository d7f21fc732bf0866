import { readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { GitIgnore, findRepoRoot } from './gitignore.js';
import { inside } from './write-atomic.js';
import { describeIoError } from './read-source.js';

export const MARKDOWN = /\.(md|markdown|mdown|mkd)$/i;
const GLOB_CHARS = /[*?[\]{}!]/;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * A file to lint and the tree it was found in (a write may not leave that tree), or, with an
 * error, something found that cannot be linted: the run reports it and goes on with the rest.
 */
export interface FoundFile {
  path: string;
  root: string;
  error?: string;
}

/**
 * Absolute paths of the files to lint, in a stable order: a file argument as given (any
 * extension, even if ignored: naming it is asking for it), a directory searched for Markdown
 * recursively, a glob expanded; in directories and globs, node_modules, .git and what
 * .gitignore ignores are skipped. An argument that names nothing is an error, not a no-op: a
 * typo in a CI config must not pass silently. A folder that cannot be read, or a name that is
 * not UTF-8, is reported for itself and does not stop the rest.
 */
export async function expandPaths(args: readonly string[], cwd: string): Promise<FoundFile[]> {
  const files: FoundFile[] = [];
  const cwdRepo = findRepoRoot(cwd);
  const seen = new Set<string>();
  const gitignore = new GitIgnore(cwd);
  const add = (path: string, root: string): void => {
    if (!seen.has(path)) {
      seen.add(path);
      files.push({ path, root });
    }
  };
  for (const arg of args) {
    const abs = resolve(cwd, arg);
    let stat: Stats;
    try {
      stat = statSync(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && GLOB_CHARS.test(arg)) {
        // the glob library is loaded only when a pattern is given
        const { globSync } = await import('tinyglobby');
        const found = globSync(arg, {
          cwd,
          absolute: true,
          onlyFiles: true,
          dot: false,
          ignore: ['**/node_modules/**', '**/.git/**'],
        })
          .filter((f) => MARKDOWN.test(f) && !gitignore.ignores(f))
          .sort();
        if (found.length === 0) throw new UserError(`${arg}: no Markdown files match this pattern`);
        const root = globBase(arg, cwd);
        for (const f of found) add(resolve(f), root);
        continue;
      }
      throw new UserError(`${arg}: ${describeIoError(e)}`);
    }
    if (stat.isDirectory()) {
      const before = files.length;
      walk(abs, gitignore, (p, error) =>
        error === undefined ? add(p, abs) : files.push({ path: p, root: abs, error }),
      );
      if (files.length === before)
        throw new UserError(`${arg}: no Markdown files (*.md, *.markdown) in this directory`);
    } else add(abs, cwdRepo && inside(abs, cwdRepo) ? cwdRepo : dirname(abs));
  }
  return files;
}

/** The folder a glob starts in: its leading segments without pattern characters. */
export function globBase(pattern: string, cwd: string): string {
  const parts = pattern.split('/');
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (GLOB_CHARS.test(part)) break;
    fixed.push(part);
  }
  return resolve(cwd, fixed.join('/') || '.');
}

function walk(dir: string, gitignore: GitIgnore, add: (path: string, error?: string) => void): void {
  let entries: Dirent<Buffer>[];
  try {
    entries = readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (e) {
    add(dir, `folder cannot be read (${describeIoError(e)}); its files were not linted`);
    return;
  }
  const named = entries.map((e) => ({ e, name: e.name.toString('utf8') }));
  named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const { e, name } of named) {
    const p = join(dir, name);
    if (!Buffer.from(name, 'utf8').equals(e.name)) {
      // Node cannot open such a name through a string path; say so instead of skipping it
      if (e.isDirectory())
        add(join(dir, visibleName(e.name)), 'folder name is not valid UTF-8; its files were not linted (rename it)');
      else if (e.isFile() && MARKDOWN.test(name))
        add(join(dir, visibleName(e.name)), 'file name is not valid UTF-8; rename it to lint it');
      continue;
    }
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(name) && !gitignore.ignores(p, true)) walk(p, gitignore, add);
    } else if (e.isFile() && MARKDOWN.test(name) && !gitignore.ignores(p)) add(p);
  }
}

/** A byte name shown with its bad bytes as \xNN, so the message names the file exactly. */
function visibleName(name: Buffer): string {
  let out = '';
  let i = 0;
  while (i < name.length) {
    const c = name[i] as number;
    if (c < 0x80) {
      out += String.fromCharCode(c);
      i++;
      continue;
    }
    const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    const chunk = name.subarray(i, i + len);
    const text = chunk.toString('utf8');
    if (len > 1 && chunk.length === len && Buffer.from(text, 'utf8').equals(chunk)) {
      out += text;
      i += len;
    } else {
      out += `\\x${c.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}
