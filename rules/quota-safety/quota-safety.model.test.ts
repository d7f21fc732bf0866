import { describe, expect, it } from 'vitest';
import { rules } from '../index.js';
import { resolveConfig } from '../../src/config/load.js';
import { lintText } from '../../src/engine/lint.js';
import type { Rule } from '../../src/engine/types.js';
import { php } from '../../test/helpers/md.js';
import { ruleTester } from '../../test/helpers/rule-tester.js';

/**
 * Class 11 of issue 11: a decrement is judged by what the guards around it mean — the mode
 * condition and the status filter together, early exits, a switch or match on the status,
 * helpers the runbook defines, local variables and constants — and, inside a helper, by the
 * guards at the places that call it.
 */
const loop = (body: string[]): string =>
  php(["foreach ($response['results'] ?? [] as $row) {", ...body.map((l) => `    ${l}`), '}'].join('\n'));
const charge = "EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', 1);";

/** A billing service whose ON path counts each result through a private helper. */
const service = (guard: string, extra: string[] = []): string =>
  php(
    [
      'final class QuotaLedger', // 2
      '{', // 3
      '    public function settle(string $mode, int $tenantId, array $rows): void', // 4
      '    {', // 5
      '        foreach ($rows as $row) {', // 6
      `            if (${guard}) {`, // 7
      '                $this->chargeOne($tenantId);', // 8
      '            }', // 9
      '        }', // 10
      ...extra,
      '    }', //
      '',
      '    private function chargeOne(int $tenantId): void',
      '    {',
      `        ${charge}`,
      '    }',
      '}',
    ].join('\n'),
  );

const acceptedOnly = loop([
  "if ($mode === 'ON' && in_array($row['status'], ['accepted'], true)) {",
  `    ${charge}`,
  '}',
]);
const acceptedOrQueued = loop([
  "if ($mode === 'ON' && ($row['status'] === 'accepted' || $row['status'] === 'queued')) {",
  `    ${charge}`,
  '}',
]);
const shadowHelper = service("$mode === 'SHADOW' && in_array($row['status'], ['accepted', 'duplicate'], true)");
const alsoRejected = loop([
  "if ($mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate', 'rejected'], true)) {",
  `    ${charge}`,
  '}',
]);

ruleTester('quota-safety', {
  valid: [
    {
      name: 'class 11: the mode test and in_array on a literal list, together, inside the loop over results',
      code: loop([
        "if ($executionMode === 'ON' && in_array($row['status'], ['accepted', 'duplicate'], true)) {",
        `    ${charge}`,
        '}',
      ]),
    },
    {
      name: 'class 11: two === comparisons joined by ||, next to the mode test',
      code: loop([
        "if ($mode === 'ON' && ($row['status'] === 'accepted' || $row['status'] === 'duplicate')) {",
        `    ${charge}`,
        '}',
      ]),
    },
    {
      name: 'class 11: an early continue that leaves only ON and the two counted statuses',
      code: loop([
        "if ($mode !== 'ON' || !in_array($row['status'] ?? '', ['accepted', 'duplicate'], true)) {",
        '    continue;',
        '}',
        charge,
      ]),
    },
    {
      name: 'class 11: a match on the status after an early continue on the mode',
      code: loop([
        "if ($mode !== 'ON') {",
        '    continue;',
        '}',
        "match ($row['status']) {",
        `    'accepted', 'duplicate' => ${charge.slice(0, -1)},`,
        '    default => null,',
        '};',
      ]),
    },
    {
      name: 'class 11: a switch on the status, the first case falling through to the second',
      code: loop([
        'switch ($row->status) {',
        "    case 'accepted':",
        "    case 'duplicate':",
        "        if ($mode === 'ON') {",
        `            ${charge}`,
        '        }',
        '        break;',
        '    default:',
        '        break;',
        '}',
      ]),
    },
    {
      name: 'class 11: the status test held in a local variable, the list in a class constant',
      code:
        php(['final class Billing', '{', "    public const COUNTED = ['accepted', 'duplicate'];", '}'].join('\n')) +
        `\n${loop([
          "$counts = in_array($row['status'], Billing::COUNTED, true);",
          "if ($mode === 'ON' && $counts) {",
          `    ${charge}`,
          '}',
        ])}`,
    },
    {
      name: 'class 11: an isBillable() method the runbook defines on the result class',
      code: `${php(
        [
          'final class DeliveryResult',
          '{',
          "    private const BILLABLE = ['accepted', 'duplicate'];",
          '    public function __construct(public readonly string $status) {}',
          '    public function isBillable(): bool',
          '    {',
          '        return in_array($this->status, self::BILLABLE, true);',
          '    }',
          '}',
        ].join('\n'),
      )}\n${php(
        [
          'foreach ($results as $result) {',
          "    if ($mode === 'ON' && $result->isBillable()) {",
          `        ${charge}`,
          '    }',
          '}',
        ].join('\n'),
      )}`,
    },
    {
      name: 'class 11: a status enum whose method matches the counted cases',
      code: php(
        [
          'enum DeliveryStatus: string',
          '{',
          "    case Accepted = 'accepted';",
          "    case Duplicate = 'duplicate';",
          "    case Rejected = 'rejected';",
          '    public function usesQuota(): bool',
          '    {',
          '        return match ($this) { self::Accepted, self::Duplicate => true, default => false };',
          '    }',
          '}',
          'foreach ($items as $item) {',
          "    if ($mode === 'ON' && $item->status->usesQuota()) {",
          `        ${charge}`,
          '    }',
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'class 11: the decrement is in a private helper, called only from the guarded place',
      code: service("$mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate'], true)"),
    },
    {
      name: 'class 11: the amount counted up under the status test, decremented under the mode test',
      code: php(
        [
          '$billable = 0;',
          "foreach ($response['results'] as $row) {",
          "    if (in_array($row['status'], ['accepted', 'duplicate'], true)) {",
          '        $billable++;',
          '    }',
          '}',
          "if ($mode === 'ON' && $billable > 0) {",
          "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', $billable);",
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'class 11: the method returns early unless ON; the filter is a helper closure',
      code: php(
        [
          'function settleQuota(string $mode, int $tenantId, array $results): void',
          '{',
          "    if ($mode !== 'ON') {",
          '        return;',
          '    }',
          "    $billed = array_filter($results, fn ($r) => isCounted($r['status']));",
          "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', count($billed));",
          '}',
          'function isCounted(string $s): bool',
          '{',
          "    return $s === 'accepted' || $s === 'duplicate';",
          '}',
        ].join('\n'),
      ),
    },
    {
      name: 'class 11: accepted and duplicate charged by two branches of one if / elseif in the loop',
      code: loop([
        "if ($mode === 'ON' && $row['status'] === 'accepted') {",
        `    ${charge}`,
        "} elseif ($mode === 'ON' && $row['status'] === 'duplicate') {",
        `    ${charge}`,
        '}',
      ]),
    },
    {
      name: 'a guard the analysis cannot read (a method the runbook does not define) is not reported',
      code: loop(["if ($mode === 'ON' && $row->wasAccepted()) {", `    ${charge}`, '}']),
    },
  ],
  invalid: [
    {
      name: 'class 11 counterpart: inside the loop the guard tests the mode only',
      code: loop(["if ($mode === 'ON') {", `    ${charge}`, '}']),
      errors: [{ messageId: 'noStatusFilter', line: 4, column: 9, endLine: 4, endColumn: 77, suggestions: [] }],
      output: null,
    },
    {
      name: "class 11 counterpart: in_array over a list without 'duplicate'",
      code: acceptedOnly,
      errors: [
        {
          messageId: 'dropsDuplicate',
          line: 3,
          column: 53,
          endLine: 3,
          endColumn: 63,
          suggestions: [{ output: acceptedOnly.replace("['accepted'], true", "['accepted', 'duplicate'], true") }],
        },
      ],
      output: null,
    },
    {
      name: 'class 11 counterpart: a || chain of === that names accepted and queued',
      code: acceptedOrQueued,
      errors: [
        {
          messageId: 'dropsDuplicate',
          line: 3,
          column: 47,
          endLine: 3,
          endColumn: 57,
          suggestions: [
            {
              output: acceptedOrQueued.replace(
                "$row['status'] === 'accepted'",
                "in_array($row['status'], ['accepted', 'duplicate'], true)",
              ),
            },
          ],
        },
        {
          messageId: 'countsOtherStatus',
          line: 3,
          column: 80,
          endLine: 3,
          endColumn: 88,
          includes: ["'queued'"],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: 'class 11 counterpart: the early continue tests the status but not the mode',
      code: loop(["if (!in_array($row['status'], ['accepted', 'duplicate'], true)) {", '    continue;', '}', charge]),
      errors: [{ messageId: 'noModeGuard', line: 6, column: 5, endLine: 6, endColumn: 73, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 11 counterpart: the enum method counts Accepted only',
      code: php(
        [
          'enum DeliveryStatus: string',
          '{',
          "    case Accepted = 'accepted';",
          "    case Duplicate = 'duplicate';",
          '    public function usesQuota(): bool',
          '    {',
          '        return match ($this) { self::Accepted => true, default => false };',
          '    }',
          '}',
          'foreach ($items as $item) {',
          "    if ($mode === 'ON' && $item->status->usesQuota()) {",
          `        ${charge}`,
          '    }',
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'dropsDuplicate', line: 8, column: 32, endLine: 8, endColumn: 46, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 11 counterpart: the helper is called from the guarded loop and again with no guard',
      code: service("$mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate'], true)", [
        '        $this->chargeOne($tenantId);',
      ]),
      errors: [
        {
          messageId: 'noModeGuard',
          line: 16,
          column: 9,
          endLine: 16,
          endColumn: 77,
          includes: ['OFF and SHADOW'],
          suggestions: [],
        },
        { messageId: 'noStatusFilter', line: 16, column: 9, endLine: 16, endColumn: 77, suggestions: [] },
      ],
      output: null,
    },
    {
      name: 'class 11 counterpart: the helper is only called under a SHADOW guard — the decrement itself is in SHADOW',
      code: shadowHelper,
      errors: [
        {
          messageId: 'inShadow',
          line: 15,
          column: 9,
          endLine: 15,
          endColumn: 77,
          suggestions: [{ output: shadowHelper.replace(`        ${charge}\n`, '') }],
        },
      ],
      output: null,
    },
    {
      name:
        'class 11 counterpart: the helper is called under the ON guard ' +
        'and in a SHADOW case — the finding sits on the SHADOW call',
      code: service("$mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate'], true)", [
        '        switch ($mode) {',
        "            case 'SHADOW':",
        '                $this->chargeOne($tenantId);',
        '                break;',
        '        }',
      ]),
      errors: [{ messageId: 'inShadow', line: 13, column: 17, endLine: 13, endColumn: 44, suggestions: [] }],
      output: null,
    },
    {
      name: 'class 11 counterpart: the ON arm of a match calls the helper, which filters on status but tests no mode',
      code: php(
        [
          'final class Dispatcher',
          '{',
          '    public function run(string $mode, int $tenantId, array $items): void',
          '    {',
          '        match ($mode) {',
          "            'OFF', 'SHADOW' => $this->legacyOnly($items),",
          "            'ON' => $this->viaService($tenantId, $items),",
          '        };',
          '    }',
          '    private function viaService(int $tenantId, array $items): void',
          '    {',
          "        foreach ($this->client->sendBatch($items)['results'] as $r) {",
          "            if (in_array($r['status'], ['accepted', 'duplicate'], true)) {",
          `                ${charge}`,
          '            }',
          '        }',
          '    }',
          '}',
        ].join('\n'),
      ),
      errors: [
        {
          messageId: 'noModeGuard',
          line: 15,
          column: 17,
          endLine: 15,
          endColumn: 85,
          includes: ['any mode a new caller runs it in'],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: "class 11 counterpart: the in_array list also names 'rejected'",
      code: alsoRejected,
      errors: [
        {
          messageId: 'countsOtherStatus',
          line: 3,
          column: 78,
          endLine: 3,
          endColumn: 88,
          includes: ["'rejected'"],
          suggestions: [
            { output: alsoRejected.replace("['accepted', 'duplicate', 'rejected']", "['accepted', 'duplicate']") },
          ],
        },
      ],
      output: null,
    },
    {
      name: 'class 11 counterpart: the amount is counted up with no status test',
      code: php(
        [
          '$billable = 0;',
          "foreach ($response['results'] as $row) {",
          '    $billable++;',
          '}',
          "if ($mode === 'ON' && $billable > 0) {",
          "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', $billable);",
          '}',
        ].join('\n'),
      ),
      errors: [{ messageId: 'noStatusFilter', line: 7, column: 5, endLine: 7, endColumn: 81, suggestions: [] }],
      output: null,
    },
  ],
});

describe('quota-safety: the fix for a guard that drops duplicate', () => {
  const config = resolveConfig({}, rules as Rule<unknown>[], null);
  const rule = rules.find((r) => r.meta.id === 'quota-safety') as Rule<unknown>;
  const fixOnce = async (text: string): Promise<string> => {
    const { result } = await lintText({ text, filePath: 'RUNBOOK.md', config, rules: [rule] });
    const edit = result.messages.find((m) => m.messageId === 'dropsDuplicate')?.suggestions?.[0]?.fix;
    expect(edit).toBeDefined();
    const { range, text: replacement } = edit as { range: [number, number]; text: string };
    return text.slice(0, range[0]) + replacement + text.slice(range[1]);
  };
  const lintsClean = async (text: string): Promise<void> => {
    const { result } = await lintText({ text, filePath: 'RUNBOOK.md', config, rules: [rule] });
    expect(result.messages).toEqual([]);
  };

  it('widens the in_array list in the guard, and the result lints clean', async () => {
    const fixed = await fixOnce(
      loop(["if ($mode === 'ON' && in_array($row['status'], ['accepted'], true)) {", `    ${charge}`, '}']),
    );
    expect(fixed).toContain("in_array($row['status'], ['accepted', 'duplicate'], true)");
    await lintsClean(fixed);
  });

  it('turns the === comparison in the guard into in_array, and the result lints clean', async () => {
    const fixed = await fixOnce(loop(["if ($mode === 'ON' && $row['status'] === 'accepted') {", `    ${charge}`, '}']));
    expect(fixed).toContain("if ($mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate'], true)) {");
    await lintsClean(fixed);
  });

  it("narrows an in_array list that also names 'rejected', and the result lints clean", async () => {
    const { result } = await lintText({
      text: loop([
        "if ($mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate', 'rejected'], true)) {",
        `    ${charge}`,
        '}',
      ]),
      filePath: 'RUNBOOK.md',
      config,
      rules: [rule],
    });
    const edit = result.messages.find((m) => m.messageId === 'countsOtherStatus')?.suggestions?.[0]?.fix;
    expect(edit?.text).toBe("['accepted', 'duplicate']");
    const text = loop([
      "if ($mode === 'ON' && in_array($row['status'], ['accepted', 'duplicate', 'rejected'], true)) {",
      `    ${charge}`,
      '}',
    ]);
    const fixed = text.slice(0, edit?.range[0]) + (edit?.text ?? '') + text.slice(edit?.range[1]);
    await lintsClean(fixed);
  });

  it('widens the class constant the guard reads', async () => {
    const text =
      php(['final class Billing', '{', "    public const COUNTED = ['accepted'];", '}'].join('\n')) +
      `\n${loop([
        "if ($mode === 'ON' && in_array($row['status'], Billing::COUNTED, " + 'true)) {',
        `    ${charge}`,
        '}',
      ])}`;
    const fixed = await fixOnce(text);
    expect(fixed).toContain("public const COUNTED = ['accepted', 'duplicate'];");
    await lintsClean(fixed);
  });
});

/** A guard that excludes statuses instead of naming the counted ones (line 3). */
const excluding = (condition: string): string => loop([`if ($mode === 'ON' && ${condition}) {`, `    ${charge}`, '}']);

ruleTester('quota-safety', {
  valid: [
    {
      name: 'a guard that excludes every status that never uses quota',
      code: excluding("$row['status'] !== 'rejected' && $row['status'] !== 'failed'"),
    },
  ],
  invalid: [
    {
      // 'rejected' and 'failed' are both results the service returns: skipping one bills the other
      name: "an early continue that only skips 'failed' lets 'rejected' through",
      code: loop(["if ($mode !== 'ON' || $row['status'] === 'failed') {", '    continue;', '}', charge]),
      errors: [
        {
          messageId: 'countsOtherStatus',
          line: 3,
          column: 46,
          endLine: 3,
          endColumn: 54,
          includes: ["'rejected'"],
          suggestions: [],
        },
      ],
      output: null,
    },
    {
      name: "a guard that only excludes 'rejected' lets 'failed' through",
      code: excluding("$row['status'] !== 'rejected'"),
      errors: [
        {
          messageId: 'countsOtherStatus',
          line: 3,
          column: 46,
          endLine: 3,
          endColumn: 56,
          includes: ["status 'failed'"],
          suggestions: [],
        },
      ],
      output: null,
    },
  ],
});
