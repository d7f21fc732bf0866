import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Runbook } from '../../src/document/index.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');

/** Every top-level block of the project's fixtures, as source text: realistic pieces to shuffle. */
function fragments(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.md')) files.push(p);
    }
  };
  walk(fixtures);
  const out: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const rb = new Runbook(text);
    for (const node of rb.root.children) {
      const s = node.position?.start.offset;
      const e = node.position?.end.offset;
      if (s !== undefined && e !== undefined) out.push(text.slice(s, e));
    }
  }
  return [...new Set(out)];
}

const pool = fragments();
const vocabulary = [
  'SHADOW',
  'ON',
  'OFF',
  'mode',
  'quota',
  'decrement',
  'sms_logs',
  'go_sms_logs',
  'Go',
  'Laravel',
  'writes',
  'not',
  'never',
  'dry_run',
  'provider',
  'sandbox',
  'getRecipientByUuid',
  'message_uuid',
  'UUID',
  'once',
  'retry',
  'fallback',
  'timeout',
  'because',
  'but',
  'and',
  'the',
  'is',
  'calls',
  'Step',
  'reconciliation',
];

const word = fc.constantFrom(...vocabulary);
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => `${ws.join(' ')}.`);
const codeLine = fc.oneof(
  fc.constantFrom(
    '$uuid = (string) Str::uuid();',
    '$client->sendBatch($t, $m, null, false);',
    "if (empty($m['message_uuid'])) {",
    '}',
    'foreach ($list as $sms) {',
    'retry(3, function () {',
    "EmailSMSLimitRate::where('owner_id', $t)->decrement('sms', 1);",
    '...',
    'h.db.Table("sms_logs").Create(&e)',
    'if req.DryRun {',
    'return',
    'SELECT * FROM sms_logs l JOIN go_sms_logs g ON g.id = l.id;',
  ),
  fc.string({ maxLength: 30 }),
);
const generated = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.array(word, { minLength: 1, maxLength: 6 }))
    .map(([d, ws]) => `${'#'.repeat(d)} ${ws.join(' ')}`),
  fc.array(sentence, { minLength: 1, maxLength: 4 }).map((ss) => ss.join(' ')),
  fc
    .tuple(fc.constantFrom('php', 'go', 'sql', 'bash', ''), fc.array(codeLine, { maxLength: 8 }))
    .map(([lang, lines]) => `\`\`\`${lang}\n${lines.join('\n')}\n\`\`\``),
  fc.constantFrom(
    '<!-- runbook-lint-disable-next-line uuid-once -->',
    '<!-- runbook-lint-disable -->',
    '<!-- runbook-lint-enable -->',
    '<!-- runbook-lint-disable-next-line nope -->',
    '| Mode | Go dry_run | Quota |\n|---|---|---|\n| OFF | n/a | YES |\n| SHADOW | false | YES |\n| ON | false | YES |',
  ),
);

/** Nesting a block in a list item or a blockquote, as runbooks do. */
const wrap = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => s,
  (s) =>
    s
      .split('\n')
      .map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`))
      .join('\n'),
  (s) =>
    s
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
  (s) =>
    s
      .split('\n')
      .map((l, i) => (i === 0 ? `1. ${l}` : `   ${l}`))
      .join('\n'),
);

const block = fc.tuple(fc.oneof(fc.constantFrom(...pool), generated), wrap).map(([b, w]) => w(b));

export const eolStyle = fc.constantFrom<'\n' | '\r\n' | '\r' | 'mixed'>('\n', '\n', '\r\n', '\r\n', '\r', 'mixed');

/** A runbook: blocks from the fixtures and generated ones, nested at random, in one line-ending style. */
export const arbitraryRunbook = fc
  .tuple(fc.array(block, { minLength: 1, maxLength: 14 }), eolStyle, fc.boolean())
  .map(([blocks, eol, trailing]) => {
    const text = `${blocks.join('\n\n')}${trailing ? '\n' : ''}`;
    if (eol === 'mixed')
      return text
        .split('\n')
        .map((l, i) => l + (i % 3 === 0 ? '\r\n' : '\n'))
        .join('')
        .replace(/\n$/, trailing ? '\n' : '');
    return text.replace(/\n/g, eol);
  });
