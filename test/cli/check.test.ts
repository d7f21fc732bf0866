import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { cli, cliInProcess, OTHER_USER, tempRepo } from '../helpers/cli.js';

const fixture = join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md');
const clean = readFileSync(
  join(import.meta.dirname, '..', '..', 'rules', 'invariants-section', 'fixtures', 'complete.md'),
  'utf8',
);
const dirty = '# PHASE A\n\n## 1. Architecture\n\nThe client calls getRecipientByUuid, then writes `sms_logs`.\n';

describe('check: exit codes and output', () => {
  it('exit 0 and a one-line summary on a clean runbook', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': clean });
    const r = await cli([], { cwd: dir });
    expect(r).toEqual({ code: 0, stdout: '✔ No problems in 1 file.\n', stderr: '' });
  });

  it('exit 1 with path:line:col on every finding and a summary', async () => {
    const dir = tempRepo({ 'docs/RUNBOOK.md': dirty });
    const r = await cli(['check', 'docs/RUNBOOK.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const findings = r.stdout.split('\n').filter((l) => / (error|warn) /.test(l));
    expect(findings).toHaveLength(2);
    // under the file's header line, each finding indented, its position padded to one column
    expect(r.stdout.split('\n')[0]).toBe('docs/RUNBOOK.md');
    for (const l of findings) expect(l).toMatch(/^ {2}docs\/RUNBOOK\.md:\d+:\d+ +(error|warn)/);
    expect(new Set(findings.map((l) => l.indexOf(' error ')))).toHaveLength(1);
    expect(r.stdout).toContain('docs/RUNBOOK.md:5:18  error  "getRecipientByUuid" is mentioned in the text');
    expect(r.stdout).toContain('✖ 2 problems (2 errors, 0 warnings) in 1 file');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colour only on a TTY, and never with NO_COLOR or --no-color', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': dirty });
    expect((await cliInProcess([], { cwd: dir, tty: true })).stdout).toMatch(/\u001b\[/);
    expect((await cliInProcess([], { cwd: dir, tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await cliInProcess(['--no-color'], { cwd: dir, tty: true })).stdout).not.toMatch(/\u001b\[/);
    expect((await cliInProcess(['--format', 'json'], { cwd: dir, tty: true })).stdout).not.toMatch(/\u001b\[/);
  });

  it('the bundled example has findings and exits 1', async () => {
    const r = await cli(['--format', 'json', fixture]);
    expect(r.code).toBe(1);
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[];
    const fired = new Set(result?.messages.map((m) => m.ruleId));
    // the example breaks the four invariants; a rule of another concern need not fire on it
    for (const r of rules.filter((x) => x.meta.invariant !== null)) expect(fired, r.meta.id).toContain(r.meta.id);
    expect([...fired].filter((id) => !rules.some((r) => r.meta.id === id))).toEqual([]);
  });
});

describe('check: JSON output is ESLint-compatible', () => {
  it('has ESLint result fields, 1-based positions, invariant, and no colour', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': dirty });
    const r = await cli(['--format', 'json', 'RUNBOOK.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(parsed).toHaveLength(1);
    expect(Object.keys(parsed[0] ?? {})).toEqual([
      'filePath',
      'messages',
      'suppressedMessages',
      'errorCount',
      'fatalErrorCount',
      'warningCount',
      'fixableErrorCount',
      'fixableWarningCount',
    ]);
    expect(parsed[0]).toMatchObject({
      filePath: 'RUNBOOK.md',
      errorCount: 2,
      warningCount: 0,
      fixableErrorCount: 2,
      fixableWarningCount: 0,
    });
    const m = ((parsed[0]?.messages ?? []) as Record<string, unknown>[])[1];
    expect(m).toMatchObject({
      ruleId: 'no-recipient-lookup',
      severity: 2,
      line: 5,
      column: 18,
      endLine: 5,
      endColumn: 36,
      invariant: null,
    });
    expect(typeof m?.message).toBe('string');
    // a safe fix is ESLint's {range, text} on the original text: here, deleting the sentence
    const fix = m?.fix as { range: [number, number]; text: string };
    expect(fix.text).toBe('');
    expect(dirty.slice(fix.range[0], fix.range[1])).toBe(
      '\nThe client calls getRecipientByUuid, then writes `sms_logs`.\n',
    );
  });
});

describe('check: --quiet, --max-warnings, --rule', () => {
  const setup = () =>
    tempRepo({ 'MIGRATION_RUNBOOK.md': dirty, '.runbook-lint.json': '{"rules":{"no-recipient-lookup":"warn"}}' });

  it('warnings alone exit 0; --max-warnings 0 makes them fail', async () => {
    const dir = setup();
    const onlyWarn = await cli(['--rule', 'invariants-section=off'], { cwd: dir });
    expect(onlyWarn.code).toBe(0);
    expect(onlyWarn.stdout).toContain('1 problem (0 errors, 1 warning)');
    const strict = await cli(['--rule', 'invariants-section=off', '--max-warnings', '0'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('Too many warnings: 1 (maximum: 0)');
  });

  it('--quiet hides warnings but says how many', async () => {
    const dir = setup();
    const r = await cli(['--quiet', '--rule', 'invariants-section=off'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('✔ No problems in 1 file (1 warning hidden by --quiet).\n');
    const json = await cli(['--quiet', '--format', 'json'], { cwd: dir });
    expect(
      (JSON.parse(json.stdout) as { messages: { severity: number }[] }[])[0]?.messages.map((m) => m.severity),
    ).toEqual([2]);
  });

  it('--rule overrides the config file', async () => {
    const dir = setup();
    const r = await cli(
      ['--rule', 'no-recipient-lookup=error', '--rule', 'invariants-section=off', '--format', 'json'],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { errorCount: number }[])[0]?.errorCount).toBe(1);
  });

  it('--config uses the given file instead of discovery', async () => {
    const dir = tempRepo({
      'MIGRATION_RUNBOOK.md': dirty,
      'ci/strict.yaml': 'rules:\n  invariants-section: off\n  no-recipient-lookup: off\n',
    });
    expect((await cli(['--config', 'ci/strict.yaml'], { cwd: dir })).code).toBe(0);
  });
});

describe('check: bad input is refused with exit 2, one line on stderr, nothing on stdout', () => {
  const refused = async (argv: string[], files: Record<string, string | Buffer>, pattern: RegExp) => {
    const dir = tempRepo(files);
    const r = await cli(argv, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    return dir;
  };

  it('missing file, and the default path when none is given', async () => {
    await refused(['nope.md'], {}, /^runbook-lint: nope\.md: no such file or directory\n$/);
    await refused(
      [],
      {},
      /MIGRATION_RUNBOOK\.md: no such file or directory \(with no path, runbook-lint lints \.\/MIGRATION_RUNBOOK\.md\)/,
    );
  });

  it('a directory without Markdown', async () => {
    await refused(['docs'], { 'docs/notes.txt': 'x' }, /docs: no Markdown files/);
  });

  it('a directory with Markdown is searched recursively, skipping node_modules', async () => {
    const dir = tempRepo({ 'docs/a.md': clean, 'docs/deep/b.md': dirty, 'docs/node_modules/c.md': dirty });
    const r = await cli(['docs', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(r.stdout) as { filePath: string }[]).map((x) => x.filePath)).toEqual([
      'docs/a.md',
      'docs/deep/b.md',
    ]);
  });

  it('broken config: invalid JSON, invalid YAML, unknown key, unknown rule', async () => {
    await refused(
      [],
      { 'MIGRATION_RUNBOOK.md': clean, '.runbook-lint.json': '{"rules": {' },
      /\.runbook-lint\.json: invalid JSON/,
    );
    await refused(
      [],
      { 'MIGRATION_RUNBOOK.md': clean, '.runbook-lint.yaml': 'rules:\n  - : [\n' },
      /\.runbook-lint\.yaml: invalid YAML at line \d+/,
    );
    await refused(
      [],
      { 'MIGRATION_RUNBOOK.md': clean, '.runbook-lint.json': '{"settings":{"timeout":1}}' },
      /settings\.timeout: unknown key "timeout"/,
    );
    await refused(['--rule', 'nope=off'], { 'MIGRATION_RUNBOOK.md': clean }, /--rule nope=off: unknown rule "nope"/);
    await refused(
      ['--config', 'missing.json'],
      { 'MIGRATION_RUNBOOK.md': clean },
      /missing\.json: cannot read config file \(ENOENT\)/,
    );
  });

  it('binary file, invalid UTF-8 (with the byte offset), oversized file', async () => {
    await refused(
      ['bin.md'],
      { 'bin.md': Buffer.from([0x23, 0x20, 0x00, 0x01]) },
      /bin\.md: looks like a binary file \(NUL byte at offset 2\)/,
    );
    await refused(
      ['latin1.md'],
      { 'latin1.md': Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]) },
      /latin1\.md: invalid UTF-8 at byte offset 5/,
    );
    await refused(
      ['big.md', '--max-file-size', '0.001'],
      { 'big.md': 'x'.repeat(2000) },
      /big\.md: .* over the 0\.0 MB limit; raise it with --max-file-size/,
    );
  });

  // root reads every file whatever its mode, so as root the CLI runs as nobody
  it('an unreadable file', async () => {
    const dir = tempRepo({ 'secret.md': '# x\n' });
    chmodSync(join(dir, 'secret.md'), 0o000);
    const r = await cli(['secret.md'], { cwd: dir, asUser: OTHER_USER });
    expect([r.code, r.stderr]).toEqual([2, 'runbook-lint: secret.md: permission denied\n']);
  });

  it('unknown option and unknown format', async () => {
    await refused(['--frobnicate'], {}, /unknown option '--frobnicate'/);
    await refused(['--format', 'xml'], { 'MIGRATION_RUNBOOK.md': clean }, /--format xml: unknown format/);
    await refused(['--max-warnings', 'many'], {}, /--max-warnings many: expected a whole number/);
  });
});

describe('check: input encodings', () => {
  it('a BOM and CRLF line endings do not shift positions', async () => {
    const dir = tempRepo({ 'r.md': `\uFEFF${dirty.replace(/\n/g, '\r\n')}` });
    const r = await cli(['r.md', '--format', 'json'], { cwd: dir });
    const m = (JSON.parse(r.stdout) as { messages: { line: number; column: number }[] }[])[0]?.messages[1];
    expect([m?.line, m?.column]).toEqual([5, 18]);
  });

  it('an empty file lints without error', async () => {
    const dir = tempRepo({ 'empty.md': '' });
    const r = await cli(['empty.md', '--rule', 'invariants-section=off'], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([0, '✔ No problems in 1 file.\n']);
  });

  it('control characters from the runbook are escaped in stylish output', async () => {
    const dir = tempRepo({ 'r.md': 'Call get\u001b[2JRecipient now.\n' });
    writeFileSync(
      join(dir, '.runbook-lint.json'),
      JSON.stringify({
        rules: {
          'invariants-section': 'off',
          'no-recipient-lookup': ['error', { methods: ['get\u001b[2JRecipient'] }],
        },
      }),
    );
    const r = await cli(['r.md'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('get\\x1b[2JRecipient');
    expect(r.stdout).not.toContain('\u001b[2J');
  });
});
