import { describe, expect, it } from 'vitest';
import { findIdentifier } from '../../src/text/identifiers.js';
import { words } from '../../src/text/words.js';
import { blankPlaceholders, closeOpenDelimiters } from '../../src/code/tree-sitter.js';
import { tokenizeSql } from '../../src/code/sql.js';
import { Runbook } from '../../src/document/index.js';
import { escapeControl } from '../../src/formatters/escape.js';
import { lint } from '../helpers/lint.js';

/**
 * Every regular expression that sees user text, fed the input that makes a backtracking
 * pattern quadratic: a megabyte of the character it repeats, then a mismatch. Linear code
 * finishes in well under a second; a quadratic one would run for minutes and hit the test
 * timeout. Sentences and clauses are in regex.slow.test.ts (npm run test:slow).
 */
const MB = 1 << 20;

describe('regular expressions on user text stay linear', () => {
  it('words, identifiers, control-character escaping', () => {
    expect(words(`${'aB'.repeat(MB / 2)}`).length).toBeGreaterThan(0);
    expect(findIdentifier('getRecipientByUuid'.repeat(MB / 16), 'getRecipientByUuid')).toEqual([]);
    expect(escapeControl('\u001b'.repeat(MB)).length).toBe(4 * MB);
  });

  it('code preparation: placeholders, open delimiters, the SQL tokenizer', () => {
    expect(blankPlaceholders(`(${' '.repeat(MB)}`).length).toBe(MB + 1);
    expect(blankPlaceholders(`${'('.repeat(MB / 2)}...`).length).toBe(MB / 2 + 3);
    expect(blankPlaceholders(`...${' \t'.repeat(MB / 2)}x`).length).toBe(MB + 4);
    expect(closeOpenDelimiters(`${'{'.repeat(MB / 4)}`, 'php').length).toBeGreaterThan(MB / 4);
    expect(closeOpenDelimiters(`'${'\\'.repeat(MB)}`, 'php').length).toBeGreaterThan(MB);
    expect(tokenizeSql(`${"'".repeat(MB)}`).length).toBeGreaterThan(0);
    expect(tokenizeSql(`/*${'*'.repeat(MB)}`)).toEqual([]);
  });

  it('the document: comment floods, fence lines, heading marks', () => {
    expect(new Runbook(`${'<!--'.repeat(MB / 4)}\n`).comments).toEqual([]);
    expect(new Runbook(`\`\`\`\n${'`'.repeat(MB)}x\n`).unclosedFences()).toHaveLength(1);
    expect(new Runbook(`\`\`\`\ncode\n\`\`\`${' '.repeat(MB)}x\n`).unclosedFences()).toHaveLength(1);
    expect(new Runbook(`# Title${' '.repeat(MB)}#x\n`).sections).toHaveLength(1);
  });

  it('every rule over long runs of the characters they look for', async () => {
    const text = [
      '# PHASE A: BASELINE',
      '',
      `In SHADOW mode ${'the Go result '.repeat(20_000)}is returned.`,
      '',
      `Logs to \`sms_logs\`; ${'quota '.repeat(20_000)}decrement.`,
      '',
      `| Mode | Go dry_run |\n|---|---|\n| SHADOW | ${'false '.repeat(20_000)} |\n| ON | false |`,
      '',
      `\`\`\`sql\nSELECT ${'a, '.repeat(50_000)} FROM sms_logs ` +
        `l JOIN go_sms_logs g ON ${'g.id = l.id AND '.repeat(20_000)} 1;\n\`\`\``,
      '',
    ].join('\n');
    const r = await lint(text);
    expect(r.messages.length).toBeGreaterThan(0);
  }, 60_000);

  it('the placeholder and numbering checks over long runs (a reviewer found these quadratic)', async () => {
    const recommended = { rules: { 'no-placeholders': 'warn', 'step-numbering': 'warn' } };
    const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body}\n\`\`\`\n`;
    const text = [
      '# Runbook',
      '',
      fence('bash', `# [a${' '.repeat(200_000)}x`),
      fence('sql', `-- [a${' '.repeat(200_000)}x`),
      fence('bash', `curl "${'a.'.repeat(100_000)}"`),
      `Call a${' '.repeat(100_000)}b: [Phone]`,
      '',
      fence('bash', '# [a b]\n'.repeat(4_000)),
      `${Array.from({ length: 5_000 }, (_, i) => `${i + 1}. step`).join('\n')}\n`,
    ].join('\n');
    const r = await lint(text, { config: recommended });
    expect(r.messages.filter((m) => m.messageId === 'slot').length).toBeGreaterThan(1000);
  }, 60_000);
});
