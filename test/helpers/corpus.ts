import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { Runbook } from '../../src/document/index.js';
import { decodeSource } from '../../src/io/read-source.js';

/**
 * Real Markdown written by others (../shared/corpus, beside the project: 52 runbooks of other
 * teams, the CommonMark and GFM spec examples, markdownlint's test files), shared by
 * test/reliability/corpus.test.ts (lint) and corpus-fix.slow.test.ts (fix).
 */
export const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');

/** Every Markdown file of the corpus, in a stable order; empty when the corpus is not there. */
export const files: string[] = [];
if (existsSync(corpus)) {
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|markdown)$/i.test(e)) files.push(p);
    }
  };
  walk(corpus);
}

/** Batches of files, each its own test, with a turn of the event loop after every file. */
export const batches: string[][] = [];
for (let i = 0; i < files.length; i += 150) batches.push(files.slice(i, i + 150));
export const label = (batch: string[]): string => `${relative(corpus, batch[0] as string)} … (${batch.length} files)`;
// a fix or lint is synchronous work: without a turn of the event loop between files, a batch
// would keep vitest's worker from answering its RPC for as long as the batch runs
export const breathe = (): Promise<void> => new Promise((r) => setImmediate(r));

/** How many files of the corpus end in an open code fence (parsing only, no rules). */
export async function countUnclosed(): Promise<number> {
  let unclosed = 0;
  for (const file of files) {
    const { body } = decodeSource(file, readFileSync(file));
    if (new Runbook(body).unclosedFences().length > 0) unclosed++;
    await breathe();
  }
  return unclosed;
}

/**
 * CI always has shared/ beside the checkout: there a missing corpus is a broken set-up, not a
 * skip. Registers the test that fails then; every file that reads the corpus calls it.
 */
export function corpusRequiredInCI(): void {
  it.runIf(process.env.CI !== undefined && files.length === 0)('the shared corpus is there in CI', () => {
    expect(existsSync(corpus), `${corpus} is missing: CI lays shared/ beside the checkout`).toBe(true);
  });
}
