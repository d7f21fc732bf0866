import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { Runbook } from '../../src/document/index.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { decodeSource } from '../../src/io/read-source.js';
import { cli } from '../helpers/cli.js';

/**
 * Real Markdown written by others (../shared/corpus, beside the project: 52 runbooks of other
 * teams, the CommonMark and GFM spec examples, markdownlint's test files), linted in one
 * process: nothing may crash or hang, every finding has a position inside its file, and fix
 * is idempotent over all of it.
 */
const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const files: string[] = [];
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
const config = resolveConfig({}, rules as Rule<unknown>[], null);

/** Batches of files, each its own test, with a turn of the event loop after every file. */
const batches: string[][] = [];
for (let i = 0; i < files.length; i += 150) batches.push(files.slice(i, i + 150));
const label = (batch: string[]): string => `${relative(corpus, batch[0] as string)} … (${batch.length} files)`;
// a fix or lint is synchronous work: without a turn of the event loop between files, a batch
// would keep vitest's worker from answering its RPC for as long as the batch runs
const breathe = (): Promise<void> => new Promise((r) => setImmediate(r));

// CI always has shared/ beside the checkout: there a missing corpus is a broken set-up, not a skip
it.runIf(process.env.CI !== undefined && files.length === 0)('the shared corpus is there in CI', () => {
  expect(existsSync(corpus), `${corpus} is missing: CI lays shared/ beside the checkout`).toBe(true);
});

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

  it("other teams' runbooks get no finding at all: no rule fires on a migration it was not configured for", async () => {
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

  it('one run over the whole corpus: a result for every file, no refusal; an open fence is a finding on its own file', async () => {
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
