import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ruleInfos } from '../../src/formatters/rule-info.js';
import type { LintMessage, LintResult } from '../../src/engine/types.js';
import { escapeControl, escapeJsonText } from '../../src/formatters/escape.js';
import { formatters, type FormatContext } from '../../src/formatters/index.js';
import { json as rawJson } from '../../src/formatters/json.js';
import { sarif as rawSarif } from '../../src/formatters/sarif.js';
import { cliInProcess, tempRepo } from '../helpers/cli.js';

/**
 * "Trojan Source" and friends: a bidi override, a zero-width space, a C1 control (NEL), an
 * escape sequence and a bell from a runbook or a file name must never reach a reader raw.
 * Human formats show them (`\u202e`, `\u200b`, `\x85`, `\x1b`, `\x07`); JSON formats carry
 * them as \uXXXX escapes and parse back to the same strings.
 */
const HOSTILE = ['\u202E', '\u200B', '\u0085', '\u001B', '\u0007'] as const;
const SHOWN = ['\\u202e', '\\u200b', '\\x85', '\\x1b', '\\x07'] as const;
/** every character the formats must not print raw */
const ALL_INVISIBLE = [
  ...'\u0000\u0001\u0007\u0008\u000B\u000C\u001B\u001F\u007F\u0080\u0085\u009B\u009F',
  ...'\u061C\u200B\u200C\u200D\u200E\u200F\u2028\u2029\u202A\u202B\u202C\u202D\u202E',
  ...'\u2060\u2066\u2067\u2068\u2069\uFEFF',
];
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/;

const evil = (s: string): string => `${s}\u202E${s}\u200B${s}\u0085${s}\u001B[2J${s}\u0007${s}`;
const fileName = `docs/${evil('rb')}.md`;

function message(over: Partial<LintMessage> = {}): LintMessage {
  return {
    ruleId: 'dry-run-isolation',
    messageId: 'tableCell',
    severity: 2,
    message: `The mode table has the SHADOW row reach a provider ("${evil('sandbox')}").`,
    note: `why ${evil('n')}`,
    hint: `fix ${evil('h')} ${ALL_INVISIBLE.join('|')}`,
    line: 3,
    column: 4,
    endLine: 3,
    endColumn: 9,
    invariant: 1,
    ...over,
  };
}

function results(): LintResult[] {
  const m = message();
  const w = message({ severity: 1, ruleId: 'uuid-once', messageId: 'x', message: `warn ${ALL_INVISIBLE.join('')}` });
  return [
    {
      filePath: fileName,
      messages: [m, w],
      suppressedMessages: [],
      errorCount: 1,
      warningCount: 1,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
    },
  ];
}

function context(): FormatContext {
  return {
    color: false,
    hiddenWarnings: 0,
    maxWarnings: -1,
    tool: { name: 'runbook-lint', version: '0.0.0', informationUri: 'https://example.invalid' },
    rules: ruleInfos(rules),
    sources: new Map(),
    fingerprints: new Map(),
    cwd: process.cwd(),
    env: {},
  };
}

const HUMAN = ['stylish', 'github', 'junit'] as const;

describe('escapeControl', () => {
  it('shows every control, bidi and zero-width character; tab and line breaks become spaces', () => {
    expect(escapeControl(`a${HOSTILE.join('')}b`)).toBe(`a${SHOWN.join('')}b`);
    expect(escapeControl('a\tb\nc\r\nd')).toBe('a b c  d');
    const out = escapeControl(ALL_INVISIBLE.join(''));
    expect(out).not.toMatch(RAW);
    expect(out).toContain('\\u2066');
    expect(out).toContain('\\u2028');
    expect(out).toContain('\\ufeff');
    expect(out).toContain('\\x7f');
    expect(escapeControl('plain ü — ✔ 日本')).toBe('plain ü — ✔ 日本');
  });
});

describe('human formats show the characters, they never print them', () => {
  for (const format of HUMAN) {
    it(`${format}: finding message, note, hint and file name`, () => {
      const out = (formatters[format] as (typeof formatters)[string])(results(), context());
      for (const c of ALL_INVISIBLE)
        expect(out.includes(c), `${format}: raw U+${c.charCodeAt(0).toString(16)}`).toBe(false);
      // the message's and the file name's characters are there, in visible notation
      for (const s of SHOWN) expect(out).toContain(s);
      expect(out).toContain(`rb\\u202erb\\u200brb\\x85rb\\x1b[2Jrb\\x07rb`);
      expect(out).toContain(`sandbox\\u202esandbox\\u200bsandbox\\x85sandbox\\x1b[2Jsandbox\\x07sandbox`);
      if (format === 'junit') expect(XMLValidator.validate(out)).toBe(true);
      // one line per finding: no character from the text started a new one
      if (format === 'github') expect(out.trimEnd().split('\n')).toHaveLength(2);
    });
  }

  it('stylish with colour: the only escape sequences are its own colours', () => {
    const out = (formatters.stylish as (typeof formatters)[string])(results(), { ...context(), color: true });
    expect(out.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW);
  });
});

describe('JSON formats escape the characters and parse back to the same strings', () => {
  for (const [format, raw] of [
    ['json', rawJson],
    ['sarif', rawSarif],
  ] as const) {
    it(format, () => {
      const out = (formatters[format] as (typeof formatters)[string])(results(), context());
      for (const c of ALL_INVISIBLE)
        expect(out.includes(c), `${format}: raw U+${c.charCodeAt(0).toString(16)}`).toBe(false);
      expect(out).toContain('\\u202e');
      expect(out).toContain('\\u0085');
      expect(out).toContain('\\u001b');
      // valid JSON whose strings are exactly the unescaped output's
      expect(JSON.parse(out)).toEqual(JSON.parse(raw(results(), context())));
      const text = JSON.stringify(JSON.parse(out));
      expect(text).toContain(JSON.stringify(message().message).slice(1, -1));
    });
  }

  it('escapeJsonText: hostile strings and keys parse back unchanged, a literal backslash-u stays text', () => {
    const values = [
      ALL_INVISIBLE.join(''),
      `x${HOSTILE.join('y')}z`,
      { 'k\u202Eey': [`\u2028`, '\u0085', 1, null, true] },
      '\uD800 lone',
      '\\u202e literal',
    ];
    for (const v of values) {
      const s = escapeJsonText(JSON.stringify(v, null, 2));
      expect(s).not.toMatch(RAW);
      expect(JSON.parse(s)).toEqual(v);
    }
  });
});

/**
 * In-process, so it checks this source tree; the same checks pass through `bin/` over a fresh
 * `dist/` with the `cli` helper.
 */
describe('through the CLI: a runbook and a file name with the characters', () => {
  // a mode table whose SHADOW cell reaches a provider: the rule quotes the cell in its message
  const runbook = [
    '# PHASE A',
    '',
    '| Mode | Go dry_run | Provider |',
    '|---|---|---|',
    '| OFF | n/a | legacy |',
    `| SHADOW | true | ${evil('provider sandbox')} |`,
    '| ON | false | Go |',
    '',
  ].join('\n');
  const name = `${evil('rb')}.md`;
  const argv = (format: string) => ['--format', format, '--rule', 'invariants-section=off', '--', name];

  for (const format of [...HUMAN, 'json', 'sarif']) {
    it(format, async () => {
      const dir = tempRepo({ [name]: runbook });
      const r = await cliInProcess(argv(format), { cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('The mode table has the SHADOW row reach a provider');
      for (const c of HOSTILE)
        expect(r.stdout.includes(c), `${format}: raw U+${c.charCodeAt(0).toString(16)}`).toBe(false);
      if (format === 'json' || format === 'sarif') {
        const parsed = JSON.stringify(JSON.parse(r.stdout));
        // the cell text is in the message, exactly
        expect(parsed).toContain(JSON.stringify(evil('provider sandbox')).slice(1, -1));
        if (format === 'json') expect((JSON.parse(r.stdout) as { filePath: string }[])[0]?.filePath).toBe(name);
      } else {
        expect(r.stdout).toContain(
          'provider sandbox\\u202eprovider sandbox\\u200bprovider sandbox\\x85provider ' +
            'sandbox\\x1b[2Jprovider sandbox\\x07provider sandbox',
        );
        expect(r.stdout).toContain('rb\\u202erb\\u200brb\\x85rb\\x1b[2Jrb\\x07rb');
      }
    });
  }
});
