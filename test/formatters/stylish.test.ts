import { describe, expect, it } from 'vitest';
import type { LintMessage, LintResult } from '../../src/engine/types.js';
import type { FormatContext } from '../../src/formatters/index.js';
import { stylish, wrap } from '../../src/formatters/stylish.js';
import { cliInProcess, tempRepo } from '../helpers/cli.js';

/** Stylish like ESLint's (issue 17, item 3): a header per file, columns aligned, explanations once per run. */
const message = (line: number, ruleId: string, text: string, extra: Partial<LintMessage> = {}): LintMessage => ({
  ruleId,
  severity: 2,
  invariant: null,
  message: text,
  line,
  column: 1,
  endLine: line,
  endColumn: 2,
  note: `why ${ruleId} exists`,
  hint: `do this for ${ruleId}`,
  ...extra,
});

const result = (filePath: string, messages: LintMessage[]): LintResult => ({
  filePath,
  messages,
  suppressedMessages: [],
  errorCount: messages.filter((m) => m.severity === 2).length,
  warningCount: messages.filter((m) => m.severity === 1).length,
  fixableErrorCount: 0,
  fixableWarningCount: 0,
});

const ctx = (extra: Partial<FormatContext> = {}): FormatContext => ({
  color: false,
  hiddenWarnings: 0,
  maxWarnings: -1,
  tool: { name: 'runbook-lint', version: '0.0.0', informationUri: 'https://example.invalid' },
  rules: [
    {
      id: 'rule-a',
      description: '',
      rationale: '',
      invariant: null,
      fixable: false,
      defaultSeverity: 'error',
      helpUri: 'https://example.invalid/rule-a',
    },
  ],
  sources: new Map(),
  fingerprints: new Map(),
  ...extra,
});

const two = [
  result('a.md', [message(9, 'rule-a', 'First.'), message(120, 'rule-b', 'Second.', { severity: 1 })]),
  result('docs/b.md', [message(3, 'rule-a', 'Third.')]),
];

describe('stylish', () => {
  it('groups by file under a header, aligns the columns, explains each rule once per run', () => {
    expect(stylish(two, ctx())).toBe(
      [
        'a.md',
        '  a.md:9:1    error  First.  rule-a',
        '    why: why rule-a exists',
        '    docs: https://example.invalid/rule-a',
        '    fix: do this for rule-a',
        '  a.md:120:1  warn   Second.  rule-b',
        '    why: why rule-b exists',
        '    fix: do this for rule-b',
        '',
        'docs/b.md',
        '  docs/b.md:3:1  error  Third.  rule-a',
        '',
        '✖ 3 problems (2 errors, 1 warning) in 2 files',
        '  `runbook-lint rules <rule-id>` prints a rule’s documentation; --no-explain leaves out the why.',
        '',
      ].join('\n'),
    );
  });

  it('--no-explain leaves the findings and the summary only', () => {
    const out = stylish(two, ctx({ explain: false }));
    expect(out).not.toMatch(/why:|docs:|fix:/);
    expect(out.split('\n').filter((l) => / (error|warn) /.test(l))).toHaveLength(3);
  });

  it('on a terminal, wraps long messages under their own column and keeps the rule id', () => {
    const long = 'word '.repeat(40).trim();
    const out = stylish([result('a.md', [message(9, 'rule-a', long)])], ctx({ width: 80 }));
    const lines = out.split('\n');
    const column = '  a.md:9:1  error  '.length;
    const body = lines.slice(1, lines.indexOf('', 1));
    for (const l of body) expect(l.length).toBeLessThanOrEqual(80);
    const messageLines = body.filter((l) => /^ {2}a\.md|^ +word/.test(l));
    expect(messageLines.length).toBeGreaterThan(2);
    for (const l of messageLines.slice(1)) expect(l.indexOf('word')).toBe(column);
    expect(messageLines.join(' ').replace(/\s+/g, ' ')).toContain(`${long} rule-a`);
  });

  it('wraps on spaces only: a word longer than the room stays whole', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('x https://example.invalid/a/very/long/path y', 10)).toEqual([
      'x',
      'https://example.invalid/a/very/long/path',
      'y',
    ]);
    expect(wrap('short', undefined)).toEqual(['short']);
  });

  it('through the CLI: --no-explain is an option of check, and a pipe gets one line per finding', async () => {
    const dir = tempRepo({ 'notes.md': 'Laravel writes `sms_logs`.\n\n`getRecipientByUuid` is called here.\n' });
    const withWhy = await cliInProcess(['check', 'notes.md'], { cwd: dir });
    const without = await cliInProcess(['check', 'notes.md', '--no-explain'], { cwd: dir });
    expect(withWhy.stdout).toMatch(/\n {4}why: /);
    expect(without.stdout).not.toMatch(/why: /);
    const finding = without.stdout.split('\n').find((l) => l.endsWith('no-recipient-lookup'));
    expect(finding).toMatch(/^ {2}notes\.md:3:\d+ +error {2}\S.+ {2}no-recipient-lookup$/);
  });
});
