import { readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { PRESETS } from '../../src/config/extends.js';
import { resolveConfig } from '../../src/config/load.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';
import { decodeSource } from '../../src/io/read-source.js';
import { cli } from '../helpers/cli.js';
import { batches, breathe, corpus, corpusRequiredInCI, files, label } from '../helpers/corpus.js';

/**
 * Real Markdown written by others (../shared/corpus, see test/helpers/corpus.ts), linted in one
 * process: nothing may crash or hang, and every finding has a position inside its file. That fix
 * is idempotent over all of it, and one CLI run over the whole corpus, are in
 * corpus-fix.slow.test.ts (npm run test:slow).
 */
const config = resolveConfig({}, rules as Rule<unknown>[], null);

corpusRequiredInCI();

describe.runIf(files.length > 0)('the shared corpus', () => {
  it('has the files it promises', () => {
    expect(files.length).toBeGreaterThan(1500);
  });

  let unclosed = 0;
  it.each(batches.map((b) => [label(b), b] as const))(
    'lints %s without a crash, positions inside the file',
    async (_name, batch) => {
      for (const file of batch) {
        const { body } = decodeSource(file, readFileSync(file));
        const { result, runbook } = await lintText({ text: body, filePath: file, config, rules });
        if (runbook.unclosedFences().length > 0) unclosed++;
        for (const m of result.messages) {
          expect(m.line, relative(corpus, file)).toBeGreaterThanOrEqual(1);
          expect(m.line, relative(corpus, file)).toBeLessThanOrEqual(runbook.lines.lineCount);
          expect(m.column).toBeGreaterThanOrEqual(1);
        }
        await breathe();
      }
    },
    300_000,
  );

  it('recognises the open fences some files end in', () => {
    expect(unclosed).toBeGreaterThan(0);
  });

  it("other teams' runbooks get the recommended rules only, each finding one of eval/corpus-review.md", async () => {
    const r = await cli(['check', join(corpus, 'runbooks'), '--format', 'json']);
    const results = JSON.parse(r.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; line: number; message: string }[];
    }[];
    expect(results.length).toBe(52);
    const found = results.flatMap((x) => x.messages.map((m) => `${basename(x.filePath)}:${m.line} ${m.ruleId}`));
    // the SMS rules say nothing about a migration they were not configured for
    for (const f of found) expect(PRESETS['runbook-lint:recommended'], f).toContain(f.split(' ')[1]);
    const reviewed = reviewRows();
    expect(found.sort()).toEqual(reviewed.map((row) => `${row.file}:${row.line} ${row.rule}`).sort());
    // the bar: at least 40 findings read, 90 % of them true
    expect(reviewed.length).toBeGreaterThanOrEqual(40);
    const precision = reviewed.filter((row) => row.verdict === 'true').length / Math.max(1, reviewed.length);
    expect(precision).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});

/** The rows of the review table in eval/corpus-review.md, between its markers. */
function reviewRows(): { file: string; line: number; rule: string; verdict: string }[] {
  const text = readFileSync(join(import.meta.dirname, '..', '..', 'eval', 'corpus-review.md'), 'utf8');
  const table = text.slice(text.indexOf('<!-- review:start -->'), text.indexOf('<!-- review:end -->'));
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| file '))
    .map((l) => {
      const [file = '', line = '', rule = '', verdict = ''] = l
        .split('|')
        .slice(1)
        .map((c) => c.trim());
      return { file, line: Number(line), rule, verdict };
    });
}
