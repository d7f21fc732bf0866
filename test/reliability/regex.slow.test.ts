import { describe, expect, it } from 'vitest';
import { Runbook, sentences } from '../../src/document/index.js';
import { clauses } from '../../src/text/clauses.js';

/**
 * The slow part of regex.test.ts (npm run test:slow): the sentence and clause readers over a
 * megabyte of the characters they split on, then a mismatch.
 */
const MB = 1 << 20;
// a paragraph (not an indented code block): a word, then the run, then a mismatch
const spaces = `a${' '.repeat(MB)}x`;

describe('regular expressions on user text stay linear', () => {
  it('sentences and clauses over a megabyte of spaces, commas and conjunctions', () => {
    for (const text of [spaces, `a${', '.repeat(MB / 2)}b`, `${'but '.repeat(MB / 4)}.`, `${'; '.repeat(MB / 2)}x`]) {
      const [block] = new Runbook(`${text}\n`).prose;
      expect(block).toBeDefined();
      expect(sentences(block!).length).toBeGreaterThan(0);
      expect(clauses(block!).length).toBeGreaterThanOrEqual(0);
    }
  });
});
