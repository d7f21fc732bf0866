import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
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

  it("other teams' runbooks get no finding at all: no rule fires on " +
    'a migration it was not configured for', async () => {
    const r = await cli(['check', join(corpus, 'runbooks'), '--format', 'json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; line: number; message: string }[];
    }[];
    expect(results.length).toBe(52);
    expect(results.flatMap((x) => x.messages.map((m) => `${x.filePath}:${m.line} ${m.ruleId}: ${m.message}`))).toEqual(
      [],
    );
  }, 120_000);
});
