import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWink } from '../../src/model/nlp.js';

// the lean model (built here for the pipe asked) against wink-eng-lite-web-model's own loader, on every line of
// the example, the eval runbooks and the seeds: a model built wrong tags some word otherwise, and the line says which
const root = join(import.meta.dirname, '../..');
const folders = ['fixtures', 'eval', 'eval/ops', 'eval/ops2', '../shared/seeds'];
const lines = [
  ...new Set(
    folders.flatMap((dir) => {
      let names: string[];
      try {
        names = readdirSync(join(root, dir)).filter((f) => f.endsWith('.md'));
      } catch {
        // the seeds sit beside the project, not in it: a checkout of the project alone still has the rest
        names = [];
      }
      return names.flatMap((f) => readFileSync(join(root, dir, f), 'utf8').split(/\r?\n/));
    }),
  ),
]
  .map((l) => l.trim())
  .filter((l) => l.length > 0 && l.length <= 2000);

interface Wink {
  readDoc(text: string): { tokens(): { out(f?: unknown): unknown[] } };
  its: Record<string, unknown>;
}

function columns(nlp: Wink, text: string): unknown[][] {
  const tokens = nlp.readDoc(text).tokens();
  const { pos, lemma, negationFlag } = nlp.its;
  return [tokens.out(), tokens.out(pos), tokens.out(lemma), tokens.out(negationFlag)];
}

describe('the tagger’s model', () => {
  const requireHere = createRequire(import.meta.url);
  const lean = loadWink(requireHere, true);
  const stock = loadWink(requireHere, false);

  it('is built here, not by the package’s loader', () => {
    expect([lean.loader, stock.loader]).toEqual(['lean', 'package']);
  });

  it('reads thousands of lines', () => {
    expect(lines.length).toBeGreaterThan(3000);
  });

  it('tags every line as the package’s loader does', () => {
    const differ: string[] = [];
    for (const line of lines) {
      const a = JSON.stringify(columns(lean.nlp as Wink, line));
      const b = JSON.stringify(columns(stock.nlp as Wink, line));
      if (a !== b) differ.push(`${line}\n  lean:    ${a}\n  package: ${b}`);
    }
    expect(differ.slice(0, 3)).toEqual([]);
  });

  // the tagger's worker reads a few sentences before its first question, and check's pool hands a worker
  // whichever file comes next: a text's tags must not depend on what the tagger read before it
  it('tags a line the same whatever it read before', () => {
    const fresh = loadWink(requireHere, true).nlp as Wink;
    const sample = lines.filter((_, i) => i % 97 === 0);
    const forwards = sample.map((l) => JSON.stringify(columns(lean.nlp as Wink, l)));
    const backwards = [...sample].reverse().map((l) => JSON.stringify(columns(fresh, l)));
    expect(sample.length).toBeGreaterThan(30);
    expect(backwards.reverse()).toEqual(forwards);
  });

  it('tags a sentence the claims are read from', () => {
    const [words, pos, , negated] = columns(lean.nlp as Wink, 'The Go service never writes sms_logs.');
    expect(words?.slice(0, 5)).toEqual(['The', 'Go', 'service', 'never', 'writes']);
    expect(pos?.slice(0, 5)).toEqual(['DET', 'ADJ', 'NOUN', 'ADV', 'VERB']);
    expect(negated?.[4]).toBe(true);
  });
});
