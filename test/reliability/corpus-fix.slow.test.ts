import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { Runbook } from '../../src/document/index.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { decodeSource } from '../../src/io/read-source.js';
import { cli } from '../helpers/cli.js';
import { batches, breathe, corpus, corpusRequiredInCI, countUnclosed, files, label } from '../helpers/corpus.js';

/**
 * The slow half of corpus.test.ts (npm run test:slow): fix is idempotent over the whole shared
 * corpus, and one CLI run over all of it gives a result for every file.
 */
const config = resolveConfig({}, rules as Rule<unknown>[], null);

corpusRequiredInCI();

describe.runIf(files.length > 0)('the shared corpus', () => {
  // corpus.test.ts counts the open fences while it lints; here parsing alone is enough
  let unclosed = 0;
  beforeAll(async () => {
    unclosed = await countUnclosed();
  }, 120_000);

  let fixed = 0;
  it.each(batches.map((b) => [label(b), b] as const))(
    'fix (unsafe, the most it can do) is idempotent over %s, also with a migration preamble that makes rules fire',
    async (_name, batch) => {
      // the preamble brings the file into the migration's scope: Section 0 gets inserted, the
      // lookup sentence deleted, and every other fix runs against the foreign text around them
      const preamble = '# PHASE A: Baseline\n\nThe client writes `sms_logs` and calls getRecipientByUuid.\n\n';
      for (const file of batch) {
        const { body } = decodeSource(file, readFileSync(file));
        for (const text of [body, preamble + body]) {
          const once = await fixToFixedPoint({ text, filePath: file, config, rules, unsafe: true });
          expect(once.cycle, relative(corpus, file)).toBe(false);
          expect(once.ineffective, relative(corpus, file)).toEqual([]);
          await breathe();
          if (once.applied.length === 0) continue;
          fixed++;
          const twice = await fixToFixedPoint({ text: once.output, filePath: file, config, rules, unsafe: true });
          expect(twice.output, relative(corpus, file)).toBe(once.output);
          expect(() => new Runbook(once.output)).not.toThrow();
          await breathe();
        }
      }
    },
    300_000,
  );

  it('fix had work to do on most of them', () => {
    expect(fixed).toBeGreaterThan(1000);
  });

  it('one run over the whole corpus: a result for every file, no refusal; ' +
    'an open fence is a finding on its own file', async () => {
    const r = await cli(['check', corpus, '--format', 'json'], { timeoutMs: 600_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; fatal?: boolean; message: string }[];
    }[];
    expect(results.map((x) => x.filePath).sort()).toEqual(files.map((f) => relative(process.cwd(), f)).sort());
    expect(results.flatMap((x) => x.messages.filter((m) => m.fatal))).toEqual([]);
    const open = results.filter((x) =>
      x.messages.some((m) => m.ruleId === null && m.message.startsWith('This code fence is never closed')),
    );
    expect(open.length).toBe(unclosed);
  }, 600_000);
});
