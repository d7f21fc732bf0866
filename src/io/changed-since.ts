import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { findRepoRoot } from './gitignore.js';
import { MARKDOWN } from './expand-paths.js';

/**
 * Markdown files changed since a git ref: modified, added or renamed in the working tree
 * against the ref, plus new files git does not ignore. Absolute paths, and the repository
 * root they were found in.
 *
 * The ref is the user's text, so it never reaches git where it could be read as an option:
 * it is resolved to a commit id after `--end-of-options`, and only that id goes further.
 */
export function changedSince(ref: string, cwd: string): { root: string; files: string[] } {
  const root = findRepoRoot(cwd);
  if (!root) throw new UserError(`--changed-since ${ref}: not inside a git repository`);
  const git = (args: string[]): string =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const fail = (e: unknown): never => {
    const err = e as { stderr?: string; message: string };
    const line = (err.stderr ?? err.message).trim().split('\n')[0];
    throw new UserError(`--changed-since ${ref}: git failed: ${line}`);
  };
  if (ref === '' || ref.startsWith('-'))
    throw new UserError(`--changed-since ${JSON.stringify(ref)}: not a git ref (a ref cannot start with "-")`);
  let commit: string;
  try {
    commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  } catch {
    throw new UserError(`--changed-since ${ref}: no such commit in this repository${shallowHint(git)}`);
  }
  if (!/^[0-9a-f]{40,64}$/.test(commit))
    throw new UserError(`--changed-since ${ref}: git did not resolve it to a commit`);
  let changed: string[] = [];
  let untracked: string[] = [];
  try {
    changed = git(['diff', '--name-only', '-z', '--diff-filter=ACMRT', commit, '--']).split('\0').filter(Boolean);
    untracked = git(['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean);
  } catch (e) {
    fail(e);
  }
  const files = [...new Set([...changed, ...untracked])]
    .filter((f) => MARKDOWN.test(f))
    .map((f) => resolve(root, f))
    .sort();
  return { root, files };
}

function shallowHint(git: (args: string[]) => string): string {
  try {
    if (git(['rev-parse', '--is-shallow-repository']).trim() === 'true') {
      return (
        ' (this clone is shallow: fetch the history first, e.g. `git ' +
        'fetch --unshallow origin`, or set `fetch-depth: 0` on actions/checkout)'
      );
    }
  } catch {
    // not worth a second error
  }
  return ' (fetch it first, e.g. `git fetch origin main`; on actions/checkout set `fetch-depth: 0`)';
}
