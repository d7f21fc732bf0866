import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';

/**
 * `runbook-lint verify` (issue 16, first part: paths and the invariants in the code) over the
 * fixture repository written for it, blind, by a helper: fixtures/repo/conforming and
 * fixtures/repo/drifted, labelled in fixtures/repo/drifts.json.
 */
const repo = join(import.meta.dirname, '..', '..', 'fixtures', 'repo');

interface Result {
  filePath: string;
  messages: { ruleId: string; line: number; column: number; message: string }[];
}
interface Label {
  kind: 'missing-path' | 'invariant' | 'drift';
  file: string;
  line: number;
  description: string;
}

const run = async (state: 'conforming' | 'drifted', extra: string[] = []) => {
  const r = await cli(['verify', `${state}/MIGRATION_RUNBOOK.md`, '--root', state, '-f', 'json', ...extra], {
    cwd: repo,
  });
  return { code: r.code, results: JSON.parse(r.stdout) as Result[] };
};

/**
 * Where verify reports a labelled defect, when not on the labelled line: the label marks where
 * the defect is written, the finding where it takes effect.
 */
const REPORTED_AT: Record<string, number> = {
  // the label is the constant holding INSERT INTO sms_logs; the finding, the ExecContext that runs it
  'services/messaging/internal/store/logs.go:25': 56,
  // the label is the DryRun check that comes too late; the finding, the provider call before it
  'services/messaging/internal/handler/send.go:100': 99,
};

describe('runbook-lint verify', () => {
  it('the conforming repository verifies clean: every file read, none with a finding', async () => {
    const { code, results } = await run('conforming');
    expect(code).toBe(0);
    expect(results.length).toBeGreaterThan(15);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
  }, 60_000);

  it('the drifted one: each missing path, broken invariant and drifted function at its file and line', async () => {
    const { code, results } = await run('drifted');
    expect(code).toBe(1);
    const found = results.flatMap((r) =>
      r.messages.map((m) => `${r.filePath.replace(/^drifted\//, '')}:${m.line} ${m.ruleId}`),
    );
    expect(found).toEqual([
      'MIGRATION_RUNBOOK.md:171 verify/missing-path',
      'MIGRATION_RUNBOOK.md:239 verify/missing-path',
      'app/Jobs/SendSmsJob.php:73 uuid-once',
      'app/Jobs/SendSmsJob.php:82 quota-safety',
      'app/Jobs/SendSmsJob.php:82 quota-safety',
      'app/Services/MessagingModeResolver.php:33 verify/drift',
      'app/Services/MessagingServiceClient.php:43 verify/drift',
      'app/Services/MessagingServiceClient.php:43 uuid-once',
      'app/Services/MessagingServiceClient.php:66 timeout-budget',
      'app/Services/MessagingServiceClient.php:66 verify/drift',
      'services/messaging/internal/handler/send.go:77 verify/drift',
      'services/messaging/internal/handler/send.go:83 dry-run-isolation',
      'services/messaging/internal/handler/send.go:99 dry-run-isolation',
      'services/messaging/internal/store/logs.go:56 sole-log-writer',
    ]);
    const labels = JSON.parse(readFileSync(join(repo, 'drifts.json'), 'utf8')) as Label[];
    const at = new Set(found.map((f) => f.split(' ')[0]));
    for (const label of labels) {
      const key = `${label.kind === 'missing-path' ? 'MIGRATION_RUNBOOK.md' : label.file}:${label.line}`;
      const file = key.slice(0, key.lastIndexOf(':'));
      expect(at.has(`${file}:${REPORTED_AT[key] ?? label.line}`), `${key}: ${label.description}`).toBe(true);
    }
    // a drift names both sides: the runbook's line and statement, the file's
    const drift = results.flatMap((r) => r.messages).find((m) => m.message.startsWith('resolveMode()'));
    expect(drift?.message).toBe(
      "resolveMode() differs from the runbook's (drifted/MIGRATION_RUNBOOK.md:68): the runbook has " +
        '`return in_array($mode, self::MODES, true) ? $mode : self::MODE_OFF;`, the file ' +
        '`return in_array($mode, self::MODES, true) ? $mode : self::MODE_ON;`.',
    );
    // a message that names a line names the file's line, not one of the assembled document
    const via = results.flatMap((r) => r.messages).find((m) => m.message.includes(' through sendOne()'));
    expect(via?.message).toContain('(services/messaging/internal/handler/send.go:99)');
  }, 60_000);

  it('a function written otherwise — comments, spacing, line breaks — is no drift', async () => {
    const dir = tempRepo({});
    cpSync(join(repo, 'conforming'), dir, { recursive: true });
    const path = join(dir, 'app', 'Services', 'MessagingModeResolver.php');
    const reformatted = readFileSync(path, 'utf8')
      .replace(
        /\? \$mode : self::MODE_OFF;/,
        '?\n            $mode   // known\n            : self::MODE_OFF; /* default */',
      )
      .replace(/\n {4}/g, '\n\t');
    expect(reformatted).not.toBe(readFileSync(path, 'utf8'));
    writeFileSync(path, reformatted);
    const r = await cli(['verify', '-f', 'json'], { cwd: dir });
    expect(JSON.parse(r.stdout).flatMap((x: Result) => x.messages)).toEqual([]);
  }, 60_000);

  it('SARIF: findings on the source files, paths relative to the repository root', async () => {
    const dir = tempRepo({});
    cpSync(join(repo, 'drifted'), dir, { recursive: true });
    const r = await cli(['verify', '-f', 'sarif'], { cwd: dir });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as {
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
      }[];
    };
    const [runResult] = sarif.runs;
    const where = runResult?.results.map((x) => {
      const p = x.locations[0]?.physicalLocation;
      return `${p?.artifactLocation.uri}:${p?.region.startLine}`;
    });
    expect(where).toContain('app/Jobs/SendSmsJob.php:82');
    expect(where).toContain('MIGRATION_RUNBOOK.md:171');
    expect(runResult?.tool.driver.rules.map((x) => x.id)).toContain('verify/missing-path');
  }, 60_000);

  it('--report writes Part E: each status computed, every file the runbook names in its order', async () => {
    const dir = tempRepo({});
    cpSync(join(repo, 'drifted'), dir, { recursive: true });
    const r = await cli(['verify', '--report', 'conformance.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const partE = readFileSync(join(dir, 'conformance.md'), 'utf8');
    const rows = partE.split('\n').filter((l) => l.startsWith('| Step '));
    const row = (step: string): string => rows.find((l) => l.startsWith(`| Step ${step}:`)) ?? '';
    expect(rows.length).toBeGreaterThanOrEqual(14);
    expect(partE).toMatch(
      /^## Part E — code conformance\n\nRunbook `MIGRATION_RUNBOOK\.md` against the repository at `\.`: 16 /,
    );
    expect(row('3')).toMatch(/\| ⚠ differs from the runbook: resolveMode \(line 33\) \|$/);
    expect(row('7')).toMatch(/\| ❌ breaks Invariant 2, Invariant 4 \(3 findings, line 73, 82\) \|$/);
    expect(row('9')).toMatch(/\| — \| ❌ missing: no such file in the repository \|$/);
    expect(row('8')).toMatch(/\| ✅ present; no invariant finding, no drift from the runbook \|$/);
    // the conforming repository: a ✅ on every row
    const clean = tempRepo({});
    cpSync(join(repo, 'conforming'), clean, { recursive: true });
    expect((await cli(['verify', '--report', 'conformance.md'], { cwd: clean })).code).toBe(0);
    const cleanRows = readFileSync(join(clean, 'conformance.md'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| Step '));
    expect(cleanRows.length).toBe(rows.length);
    for (const l of cleanRows) expect(l).toMatch(/\| ✅ present[^|]*\|$/);
    // the report is never the runbook
    const refused = await cli(['verify', '--report', 'MIGRATION_RUNBOOK.md'], { cwd: clean });
    expect(refused.code).toBe(2);
  }, 60_000);

  it('progress on stderr when asked (a terminal after a second otherwise), never on stdout', async () => {
    const r = await cli(['verify', 'conforming/MIGRATION_RUNBOOK.md', '--root', 'conforming'], {
      cwd: repo,
      env: { RUNBOOK_LINT_PROGRESS: 'on' },
    });
    expect(r.stderr).toContain('\r\u001b[Krunbook-lint: 17/17 files');
    expect(r.stderr).toContain('\r\u001b[Krunbook-lint: checking 17 files against the runbook');
    expect(r.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(r.stdout).toBe('✔ No problems in 18 files.\n');
  }, 60_000);

  it('the files it reads are a setting: settings.codeGlobs', async () => {
    const bad = "<?php\nfunction send($c) { return Http::timeout(5)->post('http://go/v1/sms/send', []); }\n";
    const files = {
      'MIGRATION_RUNBOOK.md': '# Runbook\n\nLaravel writes `sms_logs`.\n',
      'lib/Send.php': bad,
      'app/Send.php': bad,
    };
    const found = async (config: string | null): Promise<string[]> => {
      const dir = tempRepo(config ? { ...files, '.runbook-lint.json': config } : files);
      const r = await cli(['verify', '-f', 'json'], { cwd: dir });
      return (JSON.parse(r.stdout) as Result[])
        .filter((x) => x.filePath !== 'MIGRATION_RUNBOOK.md')
        .map((x) => x.filePath);
    };
    expect(await found(null)).toEqual(['app/Send.php']);
    expect(await found('{ "settings": { "codeGlobs": ["lib/**/*.php"] } }')).toEqual(['lib/Send.php']);
  }, 60_000);

  it('binary, not UTF-8, a symlink loop: a fatal message on those files, the rest checked', async () => {
    const dir = tempRepo({
      'MIGRATION_RUNBOOK.md': '# Runbook\n\nLaravel writes `sms_logs`.\n',
      'app/Blob.php': Buffer.from([0x3c, 0x3f, 0x70, 0x00, 0x01]),
      'app/Latin1.php': Buffer.from('<?php // caf\xe9\n', 'latin1'),
      'app/Ok.php': '<?php\nfunction ok(): int { return 1; }\n',
    });
    symlinkSync('..', join(dir, 'services'));
    const r = await cli(['verify', '-f', 'json'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([1, '']);
    const byFile = Object.fromEntries(
      (JSON.parse(r.stdout) as Result[]).map((x) => [x.filePath, x.messages.map((m) => m.message)]),
    );
    expect(byFile['app/Blob.php']?.[0]).toMatch(/^Not checked: looks like a binary file/);
    expect(byFile['app/Latin1.php']?.[0]).toMatch(/^Not checked: invalid UTF-8/);
    expect(byFile['app/Ok.php']).toEqual([]);
  }, 60_000);

  it('a runbook that cannot be read, or a root that is no folder: one line, exit 2', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': '# Runbook\n' });
    const missing = await cli(['verify', 'NOPE.md'], { cwd: dir });
    expect([missing.code, missing.stderr]).toEqual([2, 'runbook-lint: NOPE.md: cannot read the runbook (ENOENT)\n']);
    const badRoot = await cli(['verify', '--root', 'MIGRATION_RUNBOOK.md'], { cwd: dir });
    expect(badRoot.code).toBe(2);
    expect(badRoot.stderr).toMatch(/^runbook-lint: --root .*MIGRATION_RUNBOOK\.md: not a folder\n$/);
  }, 60_000);
});
