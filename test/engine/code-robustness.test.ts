import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { cli } from '../helpers/cli.js';
import { lint } from '../helpers/lint.js';
import { fence } from '../helpers/md.js';

/** Snippets as runbooks really carry them, and worse: nothing here may crash a rule. */
const BROKEN: [string, string][] = [
  ['php', 'foreach ($a as $b) {\n    ...\n    $client->sendBatch(1, $m'],
  ['php', "switch ($mode) {\n    case 'SHADOW':\n        $client->sendBatch(1, $m, null, false);\n"],
  ['php', '<?php\n<div><?= $x ?></div>\nfunction ( {'],
  ['php', '**Generate message_uuid before any send attempt:**\n$messageUuidMap = [];\n}}}}'],
  ['php', '$legacySend = function () use (...) {\n    // Existing provider switch/cases go here unchanged.\n};'],
  ['go', 'workers.Submit(func() {\n\tif req.DryRun {\n\t\treturn\n\tcred, err := h.loadCredentials('],
  ['go', 'func (h *Handler) SendBatch(c *gin.Context) {\n\tfor {\n\t\tuuid.NewString()\n'],
  ['go', '} } } )))) func func'],
  ['sql', "SELECT * FROM sms_logs l JOIN go_sms_logs g ON (g.id = l.id AND 'unterminated"],
  ['sql', '/* never closed\nUPDATE email_s_m_s_limit_rates SET sms = sms -'],
  ['php', '\u0000\u0001\u0002 binary-ish \uFFFD'],
  ['go', ''],
];

describe('rules on code that does not parse', () => {
  for (const [lang, code] of BROKEN) {
    it(`${lang}: ${JSON.stringify(code.slice(0, 40))}`, async () => {
      const text =
        `## Step 18: Integrate OFF/SHADOW/ON Modes in SmsController\n\nEdit ` +
        `\`app/Http/Controllers/SmsController.php\`:\n\n${fence(lang, code)}\n## ` +
        `Step 19: Reconciliation Gate\n\n${fence(lang, code)}`;
      const result = await lint(text);
      const lines = text.split('\n').length;
      for (const m of result.messages) {
        expect(m.line).toBeGreaterThanOrEqual(1);
        expect(m.line).toBeLessThanOrEqual(lines);
        expect(m.endLine).toBeGreaterThanOrEqual(m.line);
        expect(m.column).toBeGreaterThanOrEqual(1);
      }
    });
  }

  it('rules still use what the partial tree shows', async () => {
    const result = await lint(
      fence(
        'php',
        'foreach ($campaignSMSs as $sms) {\n    $uuid = (string) Str::uuid();\n    $client->sendBatch(1, [$uuid]\n',
      ),
      { only: 'uuid-once' },
    );
    expect(result.messages.map((m) => [m.messageId, m.line])).toEqual([['inLoop', 3]]);
  });
});

describe('suppression on code findings', () => {
  const block = fence(
    'php',
    'foreach ($list as $sms) {\n    $u = (string) Str::uuid();\n    $client->sendBatch(1, [$u]);\n}',
  );

  it('a directive before the fence silences findings inside the block', async () => {
    const r = await lint(`<!-- runbook-lint-disable-next-line uuid-once -- migration script, runs once -->\n${block}`, {
      only: 'uuid-once',
    });
    expect(r.messages).toEqual([]);
    expect(r.suppressedMessages.map((m) => [m.ruleId, m.line, m.suppressions[0]?.justification])).toEqual([
      ['uuid-once', 4, 'migration script, runs once'],
    ]);
  });

  it('without the directive the finding is reported', async () => {
    expect((await lint(block, { only: 'uuid-once' })).messages.map((m) => m.line)).toEqual([3]);
  });
});

describe('rules listing', () => {
  it('lists every rule of the registry with id, invariant, fixable, summary and docs path', async () => {
    const out = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as {
      id: string;
      invariant: number | null;
      fixable: unknown;
      description: string;
      docs: string;
    }[];
    expect(out.map((r) => r.id)).toEqual(rules.map((r) => r.meta.id));
    expect(Object.fromEntries(out.map((r) => [r.id, r.invariant]))).toMatchObject({
      'single-execution-authority': 1,
      'uuid-once': 2,
      'sole-log-writer': 3,
      'quota-safety': 4,
    });
    for (const r of out) expect(r.docs).toBe(`rules/${r.id}/README.md`);
    expect(out.length).toBe(rules.length);
  });
});
