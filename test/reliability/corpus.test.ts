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

describe.runIf(files.length > 0)('the shared corpus', () => {
  it('has the files it promises', () => {
    expect(files.length).toBeGreaterThan(1500);
  });

  it('lints every file without a crash, positions inside the file; unclosed fences are recognised', async () => {
    let unclosed = 0;
    for (const file of files) {
      const { body } = decodeSource(file, readFileSync(file));
      const { result, runbook } = await lintText({ text: body, filePath: file, config, rules });
      if (runbook.unclosedFences().length > 0) unclosed++;
      for (const m of result.messages) {
        expect(m.line, relative(corpus, file)).toBeGreaterThanOrEqual(1);
        expect(m.line, relative(corpus, file)).toBeLessThanOrEqual(runbook.lines.lineCount);
        expect(m.column).toBeGreaterThanOrEqual(1);
      }
    }
    expect(unclosed).toBeGreaterThan(0);
  }, 300_000);

  it('fix (unsafe, the most it can do) is idempotent over every file, also with a migration preamble that makes rules fire', async () => {
    // the preamble brings the file into the migration's scope: Section 0 gets inserted, the
    // lookup sentence deleted, and every other fix runs against the foreign text around them
    const preamble = '# PHASE A: Baseline\n\nThe client writes `sms_logs` and calls getRecipientByUuid.\n\n';
    let fixed = 0;
    for (const file of files) {
      const { body } = decodeSource(file, readFileSync(file));
      for (const text of [body, preamble + body]) {
        const once = await fixToFixedPoint({ text, filePath: file, config, rules, unsafe: true });
        expect(once.cycle, relative(corpus, file)).toBe(false);
        expect(once.ineffective, relative(corpus, file)).toEqual([]);
        if (once.applied.length === 0) continue;
        fixed++;
        const twice = await fixToFixedPoint({ text: once.output, filePath: file, config, rules, unsafe: true });
        expect(twice.output, relative(corpus, file)).toBe(once.output);
        expect(() => new Runbook(once.output)).not.toThrow();
      }
    }
    expect(fixed).toBeGreaterThan(1000);
  }, 300_000);

  it("other teams' runbooks get no finding at all: no rule fires on a migration it was not configured for", async () => {
    const r = await cli(['check', join(corpus, 'runbooks'), '--format', 'json']);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; message: string }[] }[];
    expect(results.length).toBe(52);
    expect(results.flatMap((x) => x.messages.map((m) => `${x.filePath}:${m.line} ${m.ruleId}: ${m.message}`))).toEqual([]);
  }, 120_000);

  it('the CLI refuses a corpus file with an unclosed fence in one line, and lints the rest in one run', async () => {
    const spec = join(corpus, 'commonmark', 'examples');
    const r = await cli(['check', join(corpus, 'markdownlint'), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/code fence is never closed/);
    const closed = files.filter((f) => f.startsWith(spec) && new Runbook(decodeSource(f, readFileSync(f)).body).unclosedFences().length === 0).slice(0, 400);
    const all = await cli(['check', '--format', 'json', ...closed]);
    expect([0, 1]).toContain(all.code);
    expect((JSON.parse(all.stdout) as unknown[]).length).toBe(closed.length);
  }, 120_000);
});
