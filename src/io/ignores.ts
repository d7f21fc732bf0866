import { relative, sep } from 'node:path';
import { UserError } from '../errors.js';

/** Glob patterns, each relative to its own folder (the working directory, or a config file's). */
export interface IgnorePattern {
  pattern: string;
  base: string;
  /** where it came from, for messages */
  from: string;
}

type Matcher = (path: string) => boolean;

/**
 * Files left out of a run, as ESLint's `ignores` and markdownlint-cli2's `ignores` leave them:
 * a pattern matches a file's path relative to the pattern's folder, or one of its parent
 * folders (`drafts` and `drafts/**` both leave out everything under drafts/). A leading `!`
 * brings back what an earlier pattern left out. Files named on the command line are left out
 * too: a pre-commit hook names every staged file, and an ignored one must stay ignored.
 */
export class Ignores {
  private constructor(private readonly compiled: { match: Matcher; negated: boolean; base: string }[]) {}

  static async compile(patterns: readonly IgnorePattern[]): Promise<Ignores> {
    if (patterns.length === 0) return new Ignores([]);
    // loaded only when a run has patterns
    const { default: picomatch } = await import('picomatch');
    return new Ignores(
      patterns.map(({ pattern, base, from }) => {
        const negated = pattern.startsWith('!');
        const body = (negated ? pattern.slice(1) : pattern).replace(/\/+$/, '');
        if (body === '' || body.length > 1000)
          throw new UserError(
            `${from}: ignore pattern ${JSON.stringify(pattern)} is ${body === '' ? 'empty' : 'too long'}`,
          );
        return { match: picomatch(body, { dot: true }), negated, base };
      }),
    );
  }

  get empty(): boolean {
    return this.compiled.length === 0;
  }

  ignores(absPath: string): boolean {
    let ignored = false;
    for (const { match, negated, base } of this.compiled) {
      const rel = relative(base, absPath);
      if (rel === '' || rel.startsWith('..') || rel.startsWith(sep) || /^[a-zA-Z]:/.test(rel)) continue;
      const parts = rel.split(sep);
      let hit = false;
      for (let i = 1; i <= parts.length && !hit; i++) hit = match(parts.slice(0, i).join('/'));
      if (hit) ignored = !negated;
    }
    return ignored;
  }
}
