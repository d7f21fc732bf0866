import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { findRepoRoot } from './gitignore.js';
import { MARKDOWN } from './expand-paths.js';

/**
 * Markdown files changed since a git ref: modified, added or renamed in the working tree
 * against the ref, plus new files git does not ignore. Absolute paths.
 */
export function changedSince(ref: string, cwd: string): string[] {
  const root = findRepoRoot(cwd);
  if (!root) throw new UserError(`--changed-since ${ref}: not inside a git repository`);
  const git = (args: string[]): string[] => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\0').filter(Boolean);
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      const line = (err.stderr ?? err.message).trim().split('\n')[0];
      throw new UserError(`--changed-since ${ref}: git failed: ${line}`);
    }
  };
  const changed = git(['diff', '--name-only', '-z', '--diff-filter=ACMRT', ref, '--']);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z']);
  return [...new Set([...changed, ...untracked])]
    .filter((f) => MARKDOWN.test(f))
    .map((f) => resolve(root, f))
    .sort();
}
