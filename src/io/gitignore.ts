import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * `.gitignore` semantics (the `ignore` package, as ESLint uses it): the files in the
 * repository root and in every folder down to a path apply to it, each relative to its own
 * folder. Outside a repository nothing is ignored.
 */
export class GitIgnore {
  private readonly root: string | null;
  private readonly byDir = new Map<string, Ignore | null>();

  constructor(start: string) {
    this.root = findRepoRoot(start);
  }

  ignores(absPath: string, isDir = false): boolean {
    if (!this.root) return false;
    const rel = relative(this.root, absPath);
    if (rel === '' || rel.startsWith('..')) return false;
    let dir = this.root;
    const parts = rel.split(sep);
    for (let i = 0; i < parts.length; i++) {
      const matcher = this.matcherFor(dir);
      const sub = parts.slice(i).join('/') + (isDir ? '/' : '');
      if (matcher?.ignores(sub)) return true;
      dir = join(dir, parts[i] as string);
    }
    return false;
  }

  private matcherFor(dir: string): Ignore | null {
    if (!this.byDir.has(dir)) {
      const file = join(dir, '.gitignore');
      this.byDir.set(dir, existsSync(file) ? ignore().add(readFileSync(file, 'utf8')) : null);
    }
    return this.byDir.get(dir) ?? null;
  }
}

export function findRepoRoot(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}
