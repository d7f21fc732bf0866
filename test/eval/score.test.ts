import { describe, expect, it } from 'vitest';
import { LINE_SLACK, matchFile, precision, recall, score } from '../../src/eval/score.js';

const f = (ruleId: string | null, line: number) => ({ ruleId, line, message: `${ruleId} at ${line}` });
const noSections = (line: number): number => line;

describe('eval scoring', () => {
  it('a finding of the labelled rule within the slack is the defect; another rule or a far line is not', () => {
    const m = matchFile(
      [f('uuid-once', 40 + LINE_SLACK), f('quota-safety', 40), f('uuid-once', 80)],
      [{ rule: 'uuid-once', line: 40 }],
      noSections,
    );
    expect(m.found).toHaveLength(1);
    expect(m.missed).toEqual([]);
    expect(m.falseFindings.map((x) => [x.ruleId, x.line])).toEqual([
      ['quota-safety', 40],
      ['uuid-once', 80],
    ]);
  });

  it('each label takes one finding, the nearest; two defects close together need two findings', () => {
    const m = matchFile(
      [f('uuid-once', 11)],
      [
        { rule: 'uuid-once', line: 10 },
        { rule: 'uuid-once', line: 12 },
      ],
      noSections,
    );
    expect([m.found.length, m.missed.length]).toEqual([1, 1]);
  });

  it('a second finding on a found defect is not a false finding', () => {
    const m = matchFile(
      [f('timeout-budget', 20), f('timeout-budget', 21)],
      [{ rule: 'timeout-budget', line: 20 }],
      noSections,
    );
    expect([m.found.length, m.falseFindings.length]).toEqual([1, 0]);
  });

  it('a label of something missing, on a heading, is found anywhere in that section', () => {
    const m = matchFile(
      [f('invariants-section', 30)],
      [{ rule: 'invariants-section', line: 10, missing: true }],
      (line) => (line === 10 ? 35 : line),
    );
    expect(m.found).toHaveLength(1);
    expect(
      matchFile([f('invariants-section', 36)], [{ rule: 'invariants-section', line: 10, missing: true }], () => 35)
        .missed,
    ).toHaveLength(1);
  });

  it('findings of the linter itself (ruleId null) are not scored', () => {
    expect(matchFile([f(null, 5)], [], noSections).falseFindings).toEqual([]);
  });

  it('per rule: precision over findings, recall over labels; a compliant file has only false findings', () => {
    const s = score(
      [
        {
          file: 'ok.md',
          findings: [f('uuid-once', 3)],
          labels: { compliant: true, defects: [] },
          sectionEnd: noSections,
        },
        {
          file: 'bad.md',
          findings: [f('uuid-once', 9)],
          labels: {
            compliant: false,
            defects: [
              { rule: 'uuid-once', line: 9 },
              { rule: 'quota-safety', line: 50 },
            ],
          },
          sectionEnd: noSections,
        },
      ],
      ['uuid-once', 'quota-safety'],
    );
    expect(s.perRule).toEqual({ 'uuid-once': { tp: 1, fp: 1, fn: 0 }, 'quota-safety': { tp: 0, fp: 0, fn: 1 } });
    expect([precision(s.perRule['uuid-once']!), recall(s.perRule['quota-safety']!)]).toEqual([0.5, 0]);
    expect(s.falseFindings.map((x) => x.file)).toEqual(['ok.md']);
    expect(s.missed.map((x) => [x.file, x.rule])).toEqual([['bad.md', 'quota-safety']]);
  });
});

describe('eval scoring: findings on a section heading', () => {
  it('a finding on the heading of the section that holds the labelled line is that defect', () => {
    const heading = (line: number): number | null => (line >= 40 && line < 80 ? 40 : null);
    expect(
      matchFile(
        [f('reconciliation-join-key', 40)],
        [{ rule: 'reconciliation-join-key', line: 65 }],
        noSections,
        heading,
      ).found,
    ).toHaveLength(1);
    expect(
      matchFile(
        [f('reconciliation-join-key', 40)],
        [{ rule: 'reconciliation-join-key', line: 95 }],
        noSections,
        heading,
      ).found,
    ).toHaveLength(0);
  });
});

describe('eval scoring: findings made through a helper', () => {
  it('a finding that names the labelled line, "(line N)", is that defect wherever it sits', () => {
    const at = {
      ruleId: 'single-execution-authority',
      line: 460,
      message: 'In SHADOW mode sendBatch() is called with dry_run false through GoShadowJob::handle() (line 331): …',
    };
    expect(matchFile([at], [{ rule: 'single-execution-authority', line: 328 }], noSections).found).toHaveLength(1);
    expect(matchFile([at], [{ rule: 'single-execution-authority', line: 300 }], noSections).found).toHaveLength(0);
  });
});
