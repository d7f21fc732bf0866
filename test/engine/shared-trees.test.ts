import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';

// Blocks of the same text share one tree in a lint (and the walks and models made from it): each copy must still get
// the findings, places and evidence it gets when every block is parsed for itself.
const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const example = read('fixtures/MIGRATION_RUNBOOK.md');
// the second copy a part of its own, its steps and phases renumbered: the code repeats as written
const second = example
  .replace(/^# SMS Sending Migration Runbook.*$/m, '# Part 2')
  .replace(/^(#+ (?:Step|Phase) )([\w.]+)/gim, (_, head, n) => `${head}${n}.1`);
const documents: [string, string][] = [
  ['the example twice', `${example}\n${second}`],
  ...readdirSync(join(root, 'eval'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md' && !f.includes('.violations-'))
    .map((f): [string, string] => [f, read(`eval/${f}`)]),
];
const config = resolveConfig({}, rules as Rule<unknown>[], null);

describe('blocks of the same text share one tree', () => {
  it('the example twice repeats its blocks', () => {
    const fences = (text: string) => text.match(/^```(?:php|go)$/gm)?.length ?? 0;
    expect(fences(documents[0]?.[1] ?? '')).toBe(2 * fences(example));
    expect(fences(example)).toBeGreaterThan(5);
  });

  it.each(documents)('%s: the same findings and evidence as with every block parsed for itself', async (_, text) => {
    const input = { text, filePath: 'RUNBOOK.md', config, rules };
    const shared = await lintText(input);
    const own = await lintText({ ...input, trees: null });
    expect(shared.result.messages).toEqual(own.result.messages);
    expect(shared.evidence).toEqual(own.evidence);
  });
});
