import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ruleInfos } from '../../src/formatters/rule-info.js';
import type { LintMessage, LintResult } from '../../src/engine/types.js';
import { MAX_SARIF_RESULTS, sarif } from '../../src/formatters/sarif.js';
import type { FormatContext } from '../../src/formatters/types.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const fixture = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');

interface Result {
  ruleId: string;
  level: string;
  partialFingerprints?: Record<string, string>;
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number };
    };
  }[];
}
interface Run {
  tool: {
    driver: {
      rules: {
        id: string;
        shortDescription: { text: string };
        fullDescription: { text: string };
        help: { text: string };
      }[];
    };
  };
  originalUriBaseIds: Record<string, { uri?: string }>;
  invocations: {
    executionSuccessful: boolean;
    toolExecutionNotifications?: { level: string; message: { text: string } }[];
  }[];
  properties?: Record<string, number>;
  results: Result[];
}

function parseValid(text: string): Run {
  const log = JSON.parse(text) as { runs: Run[] };
  expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
  return log.runs[0] as Run;
}

function context(cwd: string, fingerprints = new Map<object, string>()): FormatContext {
  return {
    color: false,
    hiddenWarnings: 0,
    maxWarnings: -1,
    tool: { name: 'runbook-lint', version: '0.0.0', informationUri: 'https://example.invalid/runbook-lint' },
    rules: ruleInfos(rules),
    sources: new Map(),
    fingerprints,
    cwd,
  };
}

function message(line: number, severity: 1 | 2, ruleId = 'no-recipient-lookup'): LintMessage {
  return {
    ruleId,
    severity,
    message: `finding on line ${line}`,
    line,
    column: 1,
    endLine: line,
    endColumn: 5,
    invariant: null,
  };
}

function result(filePath: string, messages: LintMessage[]): LintResult {
  const errorCount = messages.filter((m) => m.severity === 2).length;
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount,
    warningCount: messages.length - errorCount,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

describe('sarif rules (item 14)', () => {
  it('no rule text in the log holds a {{placeholder}}: descriptions are filled with the default names', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': fixture });
    const r = await cli(['--format', 'sarif'], { cwd: dir });
    const run = parseValid(r.stdout);
    expect(run.tool.driver.rules).toHaveLength(rules.length);
    const texts = run.tool.driver.rules.flatMap((x) => [x.shortDescription.text, x.fullDescription.text, x.help.text]);
    for (const t of texts) expect(t).not.toContain('{{');
    for (const t of texts) expect(t).not.toContain('}}');
    const sole = run.tool.driver.rules.find((x) => x.id === 'sole-log-writer');
    expect(sole?.fullDescription.text).toMatch(
      /^With two writers, sms_logs and go_sms_logs stop being independent records/,
    );
    expect(sole?.fullDescription.text).toContain('Laravel alone writes sms_logs');
    // the same holds for every rule's metadata, whatever format reads it
    for (const info of ruleInfos(rules))
      expect(`${info.description} ${info.rationale}`, info.id).not.toMatch(/\{\{|\}\}/);
  });
});

describe('sarif fingerprints (item 14)', () => {
  it('two findings on one line get different partialFingerprints, stable from run to run', async () => {
    const dir = tempRepo({ 'r.md': '# PHASE A\n\nIt calls getRecipientByUuid, then getRecipientByUuid again.\n' });
    const once = parseValid((await cli(['--format', 'sarif', 'r.md'], { cwd: dir })).stdout);
    const onLine3 = once.results.filter((x) => x.locations[0]?.physicalLocation.region.startLine === 3);
    expect(onLine3.map((x) => x.ruleId)).toEqual(['no-recipient-lookup', 'no-recipient-lookup']);
    const prints = onLine3.map((x) => x.partialFingerprints?.['runbookLint/v1']);
    expect(prints[0]).toMatch(/^[0-9a-f]{20}$/);
    expect(prints[1]).toBe(`${prints[0]}:2`);
    const again = parseValid((await cli(['--format', 'sarif', 'r.md'], { cwd: dir })).stdout);
    expect(again.results.map((x) => x.partialFingerprints)).toEqual(once.results.map((x) => x.partialFingerprints));
  });

  it('no two results in a file share a fingerprint (the example runbook)', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': fixture });
    const run = parseValid((await cli(['--format', 'sarif'], { cwd: dir })).stdout);
    const prints = run.results.map((x) => x.partialFingerprints?.['runbookLint/v1']);
    expect(prints.every(Boolean)).toBe(true);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('occurrences are counted per file: the same finding in two files keeps its plain fingerprint in each', () => {
    const a = message(3, 2);
    const b = message(3, 2);
    const c = message(3, 2);
    const fingerprints = new Map<object, string>([
      [a, 'f'],
      [b, 'f'],
      [c, 'f'],
    ]);
    const run = parseValid(sarif([result('a.md', [a, b]), result('b.md', [c])], context(tempRepo({}), fingerprints)));
    expect(run.results.map((x) => x.partialFingerprints?.['runbookLint/v1'])).toEqual(['f', 'f:2', 'f']);
  });
});

describe('sarif result cap (item 14)', () => {
  it(`keeps the first ${MAX_SARIF_RESULTS} results, errors before warnings, and says how many were dropped`, () => {
    const warnings = Array.from({ length: MAX_SARIF_RESULTS }, (_, i) => message(i + 1, 1));
    const errors = Array.from({ length: 30 }, (_, i) => message(i + 1, 2, 'uuid-once'));
    const run = parseValid(sarif([result('a.md', warnings), result('b.md', errors)], context(tempRepo({}))));
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results.slice(0, 30).every((x) => x.level === 'error' && x.ruleId === 'uuid-once')).toBe(true);
    expect(run.results.filter((x) => x.level === 'error')).toHaveLength(30);
    // the warnings dropped are the last ones
    expect(run.results.at(-1)?.locations[0]?.physicalLocation.region.startLine).toBe(MAX_SARIF_RESULTS - 30);
    expect(run.properties).toEqual({
      resultsTotal: MAX_SARIF_RESULTS + 30,
      resultsDropped: 30,
      resultsLimit: MAX_SARIF_RESULTS,
    });
    const note = run.invocations[0]?.toolExecutionNotifications?.[0];
    expect(note?.level).toBe('warning');
    expect(note?.message.text).toMatch(/30 were left out/);
    expect(run.invocations[0]?.executionSuccessful).toBe(true);
  });

  it('leaves a run under the limit as it is: file order, no note', () => {
    const run = parseValid(sarif([result('a.md', [message(1, 1), message(2, 2)])], context(tempRepo({}))));
    expect(run.results.map((x) => x.level)).toEqual(['warning', 'error']);
    expect(run.invocations).toEqual([{ executionSuccessful: true }]);
    expect(run.properties).toBeUndefined();
  });
});

describe('sarif URIs (item 14)', () => {
  it(
    'are relative to the repository root (%SRCROOT%, a file:// URI ' +
      'ending in /), whatever folder the run started in',
    async () => {
      const dir = tempRepo({ 'docs/ops/cut over.md': '# PHASE A\n\nIt calls getRecipientByUuid.\n' });
      const sub = join(dir, 'docs', 'ops');
      const run = parseValid((await cli(['--format', 'sarif', 'cut over.md'], { cwd: sub })).stdout);
      expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(dir).href}/`);
      const location = run.results[0]?.locations[0]?.physicalLocation.artifactLocation;
      expect(location).toEqual({ uri: 'docs/ops/cut%20over.md', uriBaseId: '%SRCROOT%' });
    },
  );

  it('a git worktree or submodule (.git is a file) is a repository root too', async () => {
    const dir = tempRepo({
      'mod/.git': 'gitdir: ../.git/modules/mod\n',
      'mod/docs/r.md': '# PHASE A\n\nIt calls getRecipientByUuid.\n',
    });
    const run = parseValid((await cli(['--format', 'sarif', 'docs/r.md'], { cwd: join(dir, 'mod') })).stdout);
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(join(dir, 'mod')).href}/`);
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('docs/r.md');
  });

  it('outside a git repository, relative to the directory the run started in', async () => {
    const dir = tempRepo({ 'docs/r.md': '# PHASE A\n\nIt calls getRecipientByUuid.\n' }, { git: false });
    const run = parseValid((await cli(['--format', 'sarif', 'docs/r.md'], { cwd: dir })).stdout);
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe(`${pathToFileURL(dir).href}/`);
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: 'docs/r.md',
      uriBaseId: '%SRCROOT%',
    });
  });

  it('a file outside the repository gets an absolute file:// URI', async () => {
    const outside = tempRepo({ 'r.md': '# PHASE A\n\nIt calls getRecipientByUuid.\n' }, { git: false });
    const repo = tempRepo({});
    const run = parseValid((await cli(['--format', 'sarif', join(outside, 'r.md')], { cwd: repo })).stdout);
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: pathToFileURL(join(outside, 'r.md')).href,
    });
  });
});
