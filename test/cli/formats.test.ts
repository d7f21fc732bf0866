import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { cli, tempRepo } from '../helpers/cli.js';
import { validateSarif } from '../helpers/sarif-schema.js';

const fixture = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
const warnOnly = '# PHASE A\n\nThe client calls getRecipientByUuid and logs to `sms_logs`.\n';
const nasty =
  '# PHASE A\n\nLogs to `sms_logs`: getRecipientByUuid <b>&amp;</b> "quotes", commas, colons: 100% \u0001\u001b[31m.\n';

describe('sarif', () => {
  it('is valid SARIF 2.1.0 (the official schema) with rules, results, regions and fixes', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': fixture });
    const r = await cli(['--format', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as {
      runs: { tool: { driver: Record<string, unknown> }; results: Record<string, unknown>[] }[];
    };
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
    const run = log.runs[0];
    const driver = run?.tool.driver as {
      name: string;
      version: string;
      informationUri: string;
      rules: {
        id: string;
        helpUri: string;
        shortDescription: { text: string };
        fullDescription: { text: string };
        properties: { invariant: number | null };
      }[];
    };
    expect(driver.name).toBe('runbook-lint');
    expect(driver.rules.map((x) => x.id)).toEqual(rules.map((r) => r.meta.id));
    const uuid = driver.rules.find((x) => x.id === 'uuid-once');
    expect(uuid?.properties.invariant).toBe(2);
    expect(uuid?.helpUri).toMatch(/\/rules\/uuid-once\/README\.md$/);
    expect(uuid?.fullDescription.text).toMatch(/Idempotency/);
    const results = run?.results ?? [];
    expect(results.length).toBe(32);
    const first = results[0] as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
    };
    expect(first.ruleId).toBe('invariants-section');
    expect(first.locations[0]?.physicalLocation.artifactLocation.uri).toBe('MIGRATION_RUNBOOK.md');
    expect(first.locations[0]?.physicalLocation.region).toEqual({
      startLine: 49,
      startColumn: 1,
      endLine: 49,
      endColumn: 45,
    });
    const withFix = results.filter((x) => x.fixes) as {
      fixes: {
        artifactChanges: {
          replacements: { deletedRegion: Record<string, number>; insertedContent: { text: string } }[];
        }[];
      }[];
    }[];
    const json = JSON.parse((await cli(['--format', 'json'], { cwd: dir })).stdout) as { fixableErrorCount: number }[];
    expect(withFix.length).toBe(json[0]?.fixableErrorCount);
    expect(withFix.length).toBeGreaterThan(10);
    const section0 = withFix[0]?.fixes[0]?.artifactChanges[0]?.replacements[0];
    expect(section0?.deletedRegion).toEqual({ startLine: 50, startColumn: 1, endLine: 50, endColumn: 1 });
    expect(section0?.insertedContent.text).toContain('HARD EXECUTION INVARIANTS');
  });

  it('stays valid whatever the runbook contains', async () => {
    const dir = tempRepo({ 'r.md': nasty, 'empty.md': '' });
    const r = await cli(['--format', 'sarif', 'r.md', 'empty.md'], { cwd: dir });
    expect(validateSarif(JSON.parse(r.stdout))).toBe(true);
  });
});

describe('github', () => {
  it('prints one escaped workflow command per finding, warnings as ::warning', async () => {
    const dir = tempRepo({ 'docs/a, b:c.md': nasty });
    const r = await cli(['--format', 'github', '--rule', 'invariants-section=warn', 'docs/a, b:c.md'], { cwd: dir });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::warning file=docs\/a%2C b%3Ac\.md,line=1,col=1,endLine=1,endColumn=10,title=invariants-section::/,
    );
    expect(lines[1]).toMatch(
      new RegExp(
        String.raw`^::error file=docs\/a%2C b%3Ac\.md,line=3,col=\d+,endLine=3,endColumn=\d+,` +
          'title=no-recipient-lookup::"getRecipientByUuid" is mentioned',
      ),
    );
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f]/);
  });

  it('escapes % and newlines in messages', async () => {
    const dir = tempRepo({
      'r.md': '# x\n\nCall getRecipient%Uuid.\n',
      '.runbook-lint.json': JSON.stringify({
        rules: { 'no-recipient-lookup': ['error', { methods: ['getRecipient%Uuid'] }] },
      }),
    });
    const r = await cli(['--format', 'github', 'r.md'], { cwd: dir });
    expect(r.stdout).toContain('"getRecipient%25Uuid"');
  });
});

describe('junit', () => {
  it('is well-formed XML: a suite per file, a failing case per finding, a passing case for a clean file', async () => {
    const clean = readFileSync(
      join(import.meta.dirname, '..', '..', 'fixtures', 'hardened', 'MIGRATION_RUNBOOK.md'),
      'utf8',
    );
    const dir = tempRepo({ 'a.md': nasty, 'b.md': clean });
    const r = await cli(['--format', 'junit', 'a.md', 'b.md'], { cwd: dir });
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout) as {
      testsuites: {
        '@_tests': string;
        '@_failures': string;
        testsuite: { '@_name': string; '@_failures': string; testcase: unknown }[];
      };
    };
    expect(doc.testsuites['@_failures']).toBe('2');
    expect(doc.testsuites.testsuite.map((s) => [s['@_name'], s['@_failures']])).toEqual([
      ['a.md', '2'],
      ['b.md', '0'],
    ]);
    expect(r.stdout).not.toMatch(/[\u0001\u001b]/);
  });
});

describe('several outputs in one run', () => {
  it('sarif to a file (its folder created) and github annotations on stdout', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': warnOnly });
    const r = await cli(['--format', 'sarif=reports/results.sarif', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .every((l) => l.startsWith('::error ')),
    ).toBe(true);
    expect(validateSarif(JSON.parse(readFileSync(join(dir, 'reports', 'results.sarif'), 'utf8')))).toBe(true);
  });

  it('writes each format where it was sent', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': warnOnly });
    const r = await cli(['--format', 'sarif=results.sarif', '--format', 'junit=junit.xml', '--format', 'github'], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('::error ')).toBe(true);
    expect(validateSarif(JSON.parse(readFileSync(join(dir, 'results.sarif'), 'utf8')))).toBe(true);
    expect(XMLValidator.validate(readFileSync(join(dir, 'junit.xml'), 'utf8'))).toBe(true);
  });

  it('--output-file for a single format, and refusing two formats on stdout', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': warnOnly });
    const one = await cli(['--format', 'json', '--output-file', 'r.json'], { cwd: dir });
    expect([one.code, one.stdout]).toEqual([1, '']);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toHaveLength(1);
    const two = await cli(['--format', 'json', '--format', 'github'], { cwd: dir });
    expect([two.code, two.stdout]).toEqual([2, '']);
    expect(two.stderr).toMatch(/several formats would go to standard output/);
  });
});

describe('exit codes, --max-warnings and --quiet hold in every format', () => {
  const onlyWarnings = {
    'MIGRATION_RUNBOOK.md': warnOnly,
    '.runbook-lint.json': JSON.stringify({ rules: { 'no-recipient-lookup': 'warn', 'invariants-section': 'warn' } }),
  };
  for (const format of ['stylish', 'json', 'sarif', 'github', 'junit']) {
    it(format, async () => {
      const dir = tempRepo(onlyWarnings);
      expect((await cli(['--format', format], { cwd: dir })).code).toBe(0);
      expect((await cli(['--format', format, '--max-warnings', '1'], { cwd: dir })).code).toBe(1);
      expect((await cli(['--format', format, '--max-warnings', '2'], { cwd: dir })).code).toBe(0);
      const quiet = await cli(['--format', format, '--quiet'], { cwd: dir });
      expect(quiet.code).toBe(0);
      expect(quiet.stdout).not.toMatch(/is mentioned in the text/);
      const errors = await cli(['--format', format, '--rule', 'no-recipient-lookup=error', '--quiet'], { cwd: dir });
      expect(errors.code).toBe(1);
      expect(errors.stdout).toMatch(/is mentioned in the text/);
    });
  }
});
