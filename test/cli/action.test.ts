import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempRepo } from '../helpers/cli.js';
import { validateSarif } from '../helpers/sarif-schema.js';

/**
 * The composite action (action.yml), run as the runner runs it: each step's script with
 * `bash --noprofile --norc -eo pipefail`, its `env:` filled from the inputs, in a temporary
 * repository, with the runner's variables (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV,
 * RUNNER_TEMP, GITHUB_WORKSPACE, GITHUB_REPOSITORY, GITHUB_SHA, GITHUB_ACTION_PATH) set.
 * The lint step runs this checkout's bin over the built dist/; the install step cannot reach
 * npm here, so a stub `npm` on PATH records what it would have run.
 */

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'runbook-lint.js');

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { name: string; id?: string; run: string; env?: Record<string, string> }[] };
};

const bad = '# PHASE A\n\nLogs to `sms_logs`; calls getRecipientByUuid.\n';
const SHA = '0123456789abcdef0123456789abcdef01234567';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-lint-action-'));
  made.push(dir);
  return dir;
}

interface StepRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** what the step wrote to $GITHUB_OUTPUT */
  outputs: Record<string, string>;
  /** what it appended to $GITHUB_ENV */
  env: Record<string, string>;
  /** what it appended to $GITHUB_STEP_SUMMARY */
  summary: string;
  /** the arguments each npm call got, one line per call (stub) */
  npm: string[];
}

function keyValues(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

/** A stub npm: logs its arguments and working directory; `install --prefix P runbook-lint@V` leaves a bin under P. */
function npmStub(): { dir: string; log: string } {
  const dir = tempDir();
  const log = join(dir, 'npm.log');
  writeFileSync(
    join(dir, 'npm'),
    `#!/usr/bin/env bash
printf '%s|%s\\n' "$PWD" "$*" >> "${log}"
prefix=""
while [ $# -gt 0 ]; do
  if [ "$1" = "--prefix" ]; then prefix="$2"; shift; fi
  shift
done
if [ -n "$prefix" ]; then
  mkdir -p "$prefix/node_modules/runbook-lint/bin"
  echo 'console.log("9.9.9-stub")' > "$prefix/node_modules/runbook-lint/bin/runbook-lint.js"
fi
`,
  );
  chmodSync(join(dir, 'npm'), 0o755);
  return { dir, log };
}

/** Runs one step of the action with bash, as the runner would. */
function step(
  name: string,
  workspace: string,
  inputs: Record<string, string> = {},
  extra: Record<string, string> = {},
): StepRun {
  const s = action.runs.steps.find((x) => x.name === name);
  if (!s) throw new Error(`no step ${name}`);
  const runner = tempDir();
  const files = {
    GITHUB_OUTPUT: join(runner, 'output'),
    GITHUB_ENV: join(runner, 'env'),
    GITHUB_STEP_SUMMARY: join(runner, 'summary.md'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  mkdirSync(join(runner, 'temp'));
  const npm = npmStub();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PATH: `${npm.dir}:${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    ...files,
    RUNNER_TEMP: join(runner, 'temp'),
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/runbooks',
    GITHUB_SHA: SHA,
    GITHUB_ACTION_PATH: root,
    RUNBOOK_LINT_BIN: bin,
    ...extra,
  };
  for (const [k, v] of Object.entries(s.env ?? {})) {
    const input = /\$\{\{ inputs\.([\w-]+) \}\}/.exec(v)?.[1] ?? '';
    env[k] = inputs[input] ?? action.inputs[input]?.default ?? '';
  }
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run], {
    cwd: workspace,
    env,
    encoding: 'utf8',
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    outputs: keyValues(files.GITHUB_OUTPUT),
    env: keyValues(files.GITHUB_ENV),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    npm: existsSync(npm.log) ? readFileSync(npm.log, 'utf8').trimEnd().split('\n') : [],
  };
}
const lint = (dir: string, inputs: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  step('Lint runbooks', dir, inputs, extra);
const install = (dir: string, inputs: Record<string, string> = {}, extra: Record<string, string> = {}) =>
  step('Install runbook-lint', dir, inputs, extra);

interface SarifLog {
  runs: {
    results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    invocations?: {
      executionSuccessful: boolean;
      toolExecutionNotifications?: { level: string; message: { text: string } }[];
    }[];
  }[];
}
function sarifAt(file: string): SarifLog {
  const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
  expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).toBe(true);
  return log;
}
const linted = (log: SarifLog): string[] =>
  [...new Set(log.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri ?? ''))].sort();

describe('action.yml', () => {
  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['paths', 'config', 'fail-level', 'sarif-file', 'version']);
    expect(action.outputs).toEqual({
      errors: { description: expect.any(String), value: '${{ steps.lint.outputs.errors }}' },
      warnings: { description: expect.any(String), value: '${{ steps.lint.outputs.warnings }}' },
      'sarif-file': { description: expect.any(String), value: '${{ steps.lint.outputs.sarif-file }}' },
    });
    expect(action.runs.steps.find((s) => s.name === 'Lint runbooks')?.id).toBe('lint');
  });

  it('writes SARIF, annotates, and fails on errors by default', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': bad });
    const r = lint(dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=MIGRATION_RUNBOOK\.md,line=3/m);
    expect(linted(sarifAt(join(dir, 'runbook-lint.sarif')))).toEqual(['MIGRATION_RUNBOOK.md']);
    expect(lint(dir, { 'fail-level': 'none' }).status).toBe(0);
  });

  it('fail-level warning fails on warnings only runs', () => {
    const dir = tempRepo({
      'docs/r.md': bad,
      'lint.json': JSON.stringify({ rules: { 'invariants-section': 'warn', 'no-recipient-lookup': 'warn' } }),
    });
    expect(lint(dir, { paths: 'docs', config: 'lint.json' }).status).toBe(0);
    expect(lint(dir, { paths: 'docs', config: 'lint.json', 'fail-level': 'warning' }).status).toBe(1);
    const unknown = lint(dir, { paths: 'docs', 'fail-level': 'warnings' });
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toMatch(/fail-level must be error, warning or none/);
  });

  it(
    'a docs/**/*.md glob reaches runbook-lint unexpanded: all 3 runbooks ' + 'in nested folders are linted (item 13)',
    () => {
      // bash would have made it docs/*/*.md: only docs/ops/b.md
      const dir = tempRepo({ 'docs/a.md': bad, 'docs/ops/b.md': bad, 'docs/ops/phase-2/c.md': bad });
      for (const paths of ['docs/**/*.md', 'docs/**/*.md\n']) {
        const r = lint(dir, { paths });
        expect(r.status, r.stderr).toBe(1);
        expect(linted(sarifAt(join(dir, 'runbook-lint.sarif')))).toEqual([
          'docs/a.md',
          'docs/ops/b.md',
          'docs/ops/phase-2/c.md',
        ]);
        expect(r.outputs.errors).toBe('6');
      }
    },
  );

  it(
    'takes one path per line, so a path with spaces works; space-separated ' + 'paths still work on one line (item 13)',
    () => {
      const dir = tempRepo({ 'my docs/cut over.md': bad, 'docs/a.md': bad, 'docs/b.md': bad });
      const r = lint(dir, { paths: '  my docs/cut over.md\r\n\n docs/a.md \n' });
      expect(r.status, r.stderr).toBe(1);
      expect(linted(sarifAt(join(dir, 'runbook-lint.sarif')))).toEqual(['docs/a.md', 'my%20docs/cut%20over.md']);
      const spaced = lint(dir, { paths: 'docs/a.md docs/b.md' });
      expect(spaced.status, spaced.stderr).toBe(1);
      expect(linted(sarifAt(join(dir, 'runbook-lint.sarif')))).toEqual(['docs/a.md', 'docs/b.md']);
    },
  );

  it('a file named like an option is linted as a file, not taken as an option (item 13)', () => {
    const dir = tempRepo({ '--output=x.md': bad, 'x.md': 'keep\n' });
    const r = lint(dir, { paths: '--output=x.md' });
    expect(r.status, r.stderr).toBe(1);
    expect(linted(sarifAt(join(dir, 'runbook-lint.sarif')))).toEqual(['--output%3Dx.md']);
    expect(readFileSync(join(dir, 'x.md'), 'utf8')).toBe('keep\n');
    const listed = lint(dir, { paths: 'x.md\n--format=junit' });
    expect(listed.status).toBe(2);
    expect(listed.stderr).toMatch(/--format=junit/);
  });

  it('sets the outputs errors, warnings and sarif-file, and appends a job summary with links (item 13)', () => {
    const dir = tempRepo({
      'docs/r.md': bad,
      '.runbook-lint.json': JSON.stringify({ rules: { 'invariants-section': 'warn' } }),
    });
    const r = lint(dir, { paths: 'docs/r.md', 'sarif-file': 'reports/lint.sarif' });
    expect(r.status).toBe(1);
    expect(r.outputs).toEqual({ errors: '1', warnings: '1', 'sarif-file': join(dir, 'reports', 'lint.sarif') });
    sarifAt(r.outputs['sarif-file'] as string);
    expect(r.summary).toMatch(/^## runbook-lint\n/);
    expect(r.summary).toContain('2 problems** (1 error, 1 warning) in 1 file');
    expect(r.summary).toMatch(
      /\| \[no-recipient-lookup\]\(https:\/\/[^)]+\/rules\/no-recipient-lookup\/README\.md\) \| 1 \| 0 \|/,
    );
    expect(r.summary).toContain(
      `| error | [docs/r.md:3](https://github.com/acme/runbooks/blob/${SHA}/docs/r.md#L3) | no-recipient-lookup |`,
    );
    // a run from a subfolder links repository paths all the same
    const sub = lint(join(dir, 'docs'), { paths: 'r.md' });
    expect(sub.summary).toContain(`[docs/r.md:3](https://github.com/acme/runbooks/blob/${SHA}/docs/r.md#L3)`);
    // no repository or commit known: plain text
    const plain = lint(dir, { paths: 'docs/r.md' }, { GITHUB_REPOSITORY: '', GITHUB_SHA: '' });
    expect(plain.summary).toContain('| error | docs/r.md:3 | no-recipient-lookup |');
  });

  it('says in the summary that GitHub shows only 10 annotations per level, and lists the first 50 findings', () => {
    const steps = Array.from({ length: 60 }, (_, i) => `Step ${i} calls getRecipientByUuid.`).join('\n\n');
    const many = `# PHASE A\n\n${steps}\n`;
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': many });
    const r = lint(dir);
    expect(r.outputs.errors).toBe('60');
    expect(r.summary).toMatch(/at most 10 error and 10 warning annotations per step/);
    expect(r.summary).toContain('### Findings (the first 50 of 60)');
    expect(r.summary.split('\n').filter((l) => l.startsWith('| error | '))).toHaveLength(50);
    expect(r.summary).toContain('…and 10 more');
  });

  it('shows runbook text in the summary as text: no HTML, links or broken table rows from the runbook', () => {
    // invariants-section quotes the heading
    const dir = tempRepo({
      'docs/a|b <i>.md': '# PHASE A <b>x</b> | *y* [l](u) @z $m$ \u202Etxt\n\nLogs to `sms_logs`.\n',
    });
    const r = lint(dir, { paths: 'docs/a|b <i>.md\n' });
    expect(r.status, r.stderr).toBe(1);
    const row = r.summary.split('\n').find((l) => l.startsWith('| error | ')) ?? '';
    expect(row).toContain('invariants-section');
    expect(row).not.toMatch(/<b>|<i>|\u202E/);
    expect(row).toContain('"PHASE A x \\| y l \\@z \\$m\\$ \\');
    // five cell borders, every other pipe escaped
    expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(row).toContain(`(https://github.com/acme/runbooks/blob/${SHA}/docs/a%7Cb%20%3Ci%3E.md#L1)`);
  });

  it('a configuration error exits 2 and still leaves a valid SARIF log that carries the message (item 13)', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': bad, 'broken.json': '{ "rules": { "no-such-rule": "error" } }' });
    // a log from an earlier run is replaced, not uploaded as this one's
    writeFileSync(join(dir, 'runbook-lint.sarif'), JSON.stringify({ version: '2.1.0', runs: [] }));
    const r = lint(dir, { config: 'broken.json' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-such-rule/);
    const log = sarifAt(join(dir, 'runbook-lint.sarif'));
    const invocation = log.runs[0]?.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications?.[0]?.level).toBe('error');
    expect(invocation?.toolExecutionNotifications?.[0]?.message.text).toBe(r.stderr.trim());
    expect(log.runs[0]?.results).toEqual([]);
    expect(r.outputs).toEqual({ 'sarif-file': join(dir, 'runbook-lint.sarif'), errors: '', warnings: '' });
    expect(r.summary).toContain('runbook-lint could not run (exit 2)');
    expect(r.stdout).toMatch(/^::error title=runbook-lint::runbook-lint: .*no-such-rule/m);
    // fail-level none does not hide a configuration error
    expect(lint(dir, { config: 'broken.json', 'fail-level': 'none' }).status).toBe(2);
    // a missing path is exit 2 too, with the notification
    const missing = lint(dir, { paths: 'nope.md', 'sarif-file': 'out/x.sarif' });
    expect(missing.status).toBe(2);
    expect(
      sarifAt(join(dir, 'out', 'x.sarif')).runs[0]?.invocations?.[0]?.toolExecutionNotifications?.[0]?.message.text,
    ).toMatch(/nope\.md/);
  });

  it('never overwrites a file that is not a SARIF log with the failure log', () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': bad, 'notes.txt': 'mine\n' });
    const r = lint(dir, { config: 'missing.json', 'sarif-file': 'notes.txt' });
    expect(r.status).toBe(2);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(r.outputs['sarif-file']).toBeUndefined();
  });
});

describe('action.yml install step', () => {
  it('installs the published package at the version, production dependencies only, under RUNNER_TEMP (item 13)', () => {
    const dir = tempRepo({});
    for (const version of ['1.4.0', 'latest', '^1.2', '2.0.0-rc.1', 'next']) {
      const r = install(dir, { version });
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(r.npm).toHaveLength(1);
      const [, args] = (r.npm[0] as string).split('|');
      expect(args).toMatch(
        /^install --omit=dev --ignore-scripts --no-save .*--prefix \S+\/temp\/runbook-lint runbook-lint@/,
      );
      expect(args?.endsWith(` runbook-lint@${version}`)).toBe(true);
      expect(r.env.RUNBOOK_LINT_BIN).toMatch(
        /\/temp\/runbook-lint\/node_modules\/runbook-lint\/bin\/runbook-lint\.js$/,
      );
      expect(r.stdout).toContain('9.9.9-stub');
    }
  });

  it('refuses a version that is not a version or a dist-tag, before calling npm (item 13)', () => {
    const dir = tempRepo({});
    for (const version of [
      '--registry=https://evil.example',
      '1.2.3 --foo',
      'file:../x',
      '../x',
      'https://evil.example/x.tgz',
      'github:evil/x',
      '-1',
      '1.2.3;id',
    ]) {
      const r = install(dir, { version });
      expect(r.status, version).toBe(2);
      expect(r.stdout, version).toMatch(/::error title=runbook-lint::version must be a version/);
      expect(r.npm, version).toEqual([]);
      expect(r.env, version).toEqual({});
    }
  });

  it(
    'version local runs the checkout: no npm call when its dependencies ' +
      'are there, and the steps chain through GITHUB_ENV',
    () => {
      const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': bad });
      const r = install(dir, { version: 'local' });
      expect(r.status, r.stderr + r.stdout).toBe(0);
      expect(r.npm).toEqual([]);
      expect(r.env.RUNBOOK_LINT_BIN).toBe(bin);
      const l = lint(dir, {}, { RUNBOOK_LINT_BIN: r.env.RUNBOOK_LINT_BIN ?? '' });
      expect(l.status).toBe(1);
      expect(l.outputs.errors).toBe('2');
    },
  );

  it('version local installs production dependencies only, without scripts, and needs the prebuilt dist', () => {
    const checkout = tempDir();
    cpSync(join(root, 'package.json'), join(checkout, 'package.json'));
    mkdirSync(join(checkout, 'bin'));
    writeFileSync(join(checkout, 'bin', 'runbook-lint.js'), 'console.log("0.0.0-local")\n');
    const dir = tempRepo({});
    const unbuilt = install(dir, { version: 'local' }, { GITHUB_ACTION_PATH: checkout });
    expect(unbuilt.status).toBe(2);
    expect(unbuilt.stdout).toMatch(/version local needs a built checkout: .*dist\/main\.js is missing/);
    expect(unbuilt.npm).toEqual([]);
    mkdirSync(join(checkout, 'dist'));
    writeFileSync(join(checkout, 'dist', 'main.js'), '');
    const built = install(dir, { version: 'local' }, { GITHUB_ACTION_PATH: checkout });
    expect(built.status, built.stderr).toBe(0);
    expect(built.npm).toEqual([`${checkout}|ci --omit=dev --ignore-scripts --no-audit --no-fund`]);
    expect(built.env.RUNBOOK_LINT_BIN).toBe(join(checkout, 'bin', 'runbook-lint.js'));
    expect(built.stdout).toContain('0.0.0-local');
  });

  it('runs from the checkout when the action is the repository being checked (uses: ./ in its own CI)', () => {
    const r = install(root, { version: 'latest' }, { GITHUB_ACTION_PATH: root });
    expect(r.status, r.stderr).toBe(0);
    expect(r.npm).toEqual([]);
    expect(r.env.RUNBOOK_LINT_BIN).toBe(bin);
  });
});
