import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { lineBreaksAsLf } from '../../src/code/tree-sitter.js';
import { resolveConfig } from '../../src/config/load.js';
import { Runbook } from '../../src/document/index.js';
import type { Rule } from '../../src/engine/types.js';
import { fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { cliInProcess, tempRepo } from '../helpers/cli.js';
import { lint } from '../helpers/lint.js';

/**
 * CommonMark ends a line at \n, \r\n or a lone \r (old Mac files). The same runbook with any
 * of the three must give the same findings at the same places, and `fix` must write the same
 * text in the file's own line ending.
 */
const EOLS = { lf: '\n', crlf: '\r\n', cr: '\r' } as const;
type Eol = keyof typeof EOLS;

const toLf = (text: string): string => text.replace(/\r\n?/g, '\n');
const withEol = (text: string, eol: Eol): string => toLf(text).replace(/\n/g, EOLS[eol]);
const positions = (r: Awaited<ReturnType<typeof lint>>): string[] =>
  r.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
const config = resolveConfig({}, rules as Rule<unknown>[], null);
const fix = (text: string, unsafe = false) => fixToFixedPoint({ text, filePath: 'RUNBOOK.md', config, rules, unsafe });

const fixture = toLf(readFileSync(new URL('../../fixtures/MIGRATION_RUNBOOK.md', import.meta.url), 'utf8'));

describe('line endings: the example runbook as LF, CRLF and CR-only', () => {
  it('gives the same findings (rule, line, column, end) whatever the line ending', async () => {
    const lf = positions(await lint(withEol(fixture, 'lf')));
    expect(lf.length).toBeGreaterThan(0);
    // before the fix CR-only lost the three findings in Go blocks after a `//` comment
    expect(positions(await lint(withEol(fixture, 'crlf')))).toEqual(lf);
    expect(positions(await lint(withEol(fixture, 'cr')))).toEqual(lf);
  });

  it('fix output keeps the file’s line ending and is the LF output once normalised', async () => {
    const lf = await fix(withEol(fixture, 'lf'), true);
    expect(lf.output).not.toBe(lf.input);
    for (const eol of ['crlf', 'cr'] as const) {
      const out = await fix(withEol(fixture, eol), true);
      expect(
        out.applied.map((a) => `${a.ruleId}/${a.messageId}`),
        eol,
      ).toEqual(lf.applied.map((a) => `${a.ruleId}/${a.messageId}`));
      expect(toLf(out.output), eol).toBe(lf.output);
      // every line ending of the output is the file's own: none of the others crept in
      expect(out.output, eol).toBe(withEol(out.output, eol));
      expect(positions(out.remaining), eol).toEqual(positions(lf.remaining));
    }
  });
});

/**
 * Each rule's own fixtures, with that rule on (opt-in rules included): a fix written for LF
 * text that eats a \r, or adds a \n in a CRLF file, shows here whichever rule it belongs to.
 */
describe('line endings: every rule’s fixtures, fixed as LF, CRLF and CR-only', () => {
  const root = new URL('../../rules/', import.meta.url);
  for (const rule of rules) {
    const id = rule.meta.id;
    if (rule.meta.fixable === false) continue;
    const dir = new URL(`${id}/fixtures/`, root);
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.md'));
    } catch {
      continue;
    }
    const only = resolveConfig({ rules: { [id]: 'warn' } }, rules as Rule<unknown>[], null);
    for (const file of files)
      it(`${id}/${file}`, async () => {
        const text = toLf(readFileSync(new URL(file, dir), 'utf8'));
        const run = (t: string) =>
          fixToFixedPoint({ text: t, filePath: 'RUNBOOK.md', config: only, rules, unsafe: true });
        const lf = await run(text);
        for (const eol of ['crlf', 'cr'] as const) {
          const out = await run(withEol(text, eol));
          expect(toLf(out.output), eol).toBe(lf.output);
          expect(out.output, eol).toBe(withEol(out.output, eol));
        }
      });
  }
});

describe('line endings: the CLI', () => {
  it('`check --format json` and `fix --stdin --write` agree for LF, CRLF and CR-only', async () => {
    const dir = tempRepo({});
    const run = async (eol: Eol) => {
      const text = withEol(fixture, eol);
      const check = await cliInProcess(['--stdin', '--format', 'json'], { cwd: dir, stdin: text });
      const fixed = await cliInProcess(['fix', '--stdin', '--write', '--unsafe'], { cwd: dir, stdin: text });
      const [result] = JSON.parse(check.stdout) as { messages: { ruleId: string; line: number; column: number }[] }[];
      return {
        findings: result?.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}`) ?? [],
        output: fixed.stdout,
        codes: [check.code, fixed.code],
      };
    };
    const lf = await run('lf');
    expect(lf.findings.length).toBeGreaterThan(0);
    expect(lf.output.length).toBeGreaterThan(0);
    expect(lf.output).not.toBe(fixture);
    for (const eol of ['crlf', 'cr'] as const) {
      const other = await run(eol);
      expect(other.findings, eol).toEqual(lf.findings);
      expect(other.codes, eol).toEqual(lf.codes);
      expect(other.output, eol).toBe(withEol(other.output, eol));
      expect(toLf(other.output), eol).toBe(lf.output);
    }
  });
});

describe('line endings: a rule inside a Go block', () => {
  // a `//` comment first: with a lone \r the grammar saw the rest of the block as that comment
  const doc = [
    '# Step 3: Go handler',
    '',
    '```go',
    '// internal/handlers/send.go',
    'func (h *Handler) SendBatch(c *gin.Context) {',
    '\tif req.DryRun {',
    '\t\treturn',
    '\t}',
    '\tcred, err := h.loadCredentials(req.TenantID, msg.Provider)',
    '}',
    '```',
    '',
  ].join('\n');

  it('reports dry-run-isolation guardNoLog at the same place for LF, CRLF and CR', async () => {
    for (const eol of Object.keys(EOLS) as Eol[]) {
      const r = await lint(withEol(doc, eol), { only: 'dry-run-isolation' });
      expect(
        r.messages.map((m) => [m.messageId, m.line, m.column, m.endLine, m.endColumn]),
        eol,
      ).toEqual([['guardNoLog', 6, 5, 6, 15]]);
    }
  });

  it('inserts the log line with the file’s own line ending (\\r in a CR-only file)', async () => {
    const inserted = '\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL")';
    for (const eol of Object.keys(EOLS) as Eol[]) {
      const out = await fix(withEol(doc, eol));
      const lines = toLf(doc).split('\n');
      lines.splice(6, 0, inserted);
      expect(out.output, eol).toBe(withEol(lines.join('\n'), eol));
      expect(out.output.includes(`${inserted}${EOLS[eol]}\t\treturn`), eol).toBe(true);
      expect(out.remaining.messages, eol).toEqual([]);
    }
  });

  it('maps code offsets to the same document line and column for every line ending', () => {
    for (const eol of Object.keys(EOLS) as Eol[]) {
      const runbook = new Runbook(withEol(doc, eol));
      const block = runbook.codeBlocks[0];
      if (!block) throw new Error('no block');
      const at = block.text.indexOf('cred, err');
      const p = block.toDoc(at);
      expect([p.line, p.column], eol).toEqual([9, 2]);
      expect(runbook.text.slice(p.offset, p.offset + 9)).toBe('cred, err');
    }
  });

  it('hands the grammar a lone \\r as \\n, same length, CRLF untouched', () => {
    expect(lineBreaksAsLf('a\rb\r\nc\n\r')).toBe('a\nb\r\nc\n\n');
    expect(lineBreaksAsLf('a\rb').length).toBe(3);
  });
});
