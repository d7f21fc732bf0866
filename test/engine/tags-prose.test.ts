import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { tagRequests } from '../../src/model/nlp.js';
import { lint } from '../helpers/lint.js';

// the example and every runbook of the eval sets as written (their seeded copies add no prose kind)
const root = join(import.meta.dirname, '../..');
const documents = [
  'fixtures/MIGRATION_RUNBOOK.md',
  ...['eval', 'eval/ops', 'eval/ops2'].flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.md') && !f.includes('.violations-') && f !== 'README.md' && !f.includes('review'))
      .map((f) => `${dir}/${f}`),
  ),
];

describe('meta.tagsProse', () => {
  it('reads a dozen runbooks or more', () => {
    expect(documents.length).toBeGreaterThanOrEqual(12);
  });

  // each rule alone on a fresh parse: a rule that reads claims another rule tagged first still counts
  it.each(rules.map((r) => [r.meta.id, r] as const))('%s says whether it asks the tagger', async (_, rule) => {
    let asked = 0;
    for (const doc of documents) {
      const before = tagRequests();
      await lint(readFileSync(join(root, doc), 'utf8'), { only: rule.meta.id, filePath: doc });
      asked += tagRequests() - before;
    }
    expect({ rule: rule.meta.id, tags: asked > 0 }).toEqual({ rule: rule.meta.id, tags: rule.meta.tagsProse === true });
  });
});
