import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { bin, cli, cliInProcess, tempRepo } from '../helpers/cli.js';

// ESLint habits at the prompt: --fix / --fix-dry-run, did-you-mean, rules <id>, fix -f json,
// report -o, --print-config, grouped --help. Every run is the real bin over the built dist/.

const root = join(import.meta.dirname, '..', '..');
const fixture = readFileSync(join(root, 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
const clean = readFileSync(join(root, 'rules', 'invariants-section', 'fixtures', 'complete.md'), 'utf8');
const dirty = '# PHASE A\n\n## 1. Architecture\n\nThe client calls getRecipientByUuid, then writes `sms_logs`.\n';

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; fatal?: boolean }[];
  errorCount: number;
  output?: string;
}

describe('--fix and --fix-dry-run on the default command', () => {
  it('--fix writes what fix --write writes, with its exit code and summary', async () => {
    const a = tempRepo({ 'RUNBOOK.md': fixture });
    const b = tempRepo({ 'RUNBOOK.md': fixture });
    const alias = await cli(['--fix', 'RUNBOOK.md'], { cwd: a });
    const fix = await cli(['fix', '--write', 'RUNBOOK.md'], { cwd: b });
    expect(alias).toEqual(fix);
    expect(alias.code).toBe(1);
    const written = readFileSync(join(a, 'RUNBOOK.md'), 'utf8');
    expect(written).not.toBe(fixture);
    expect(written).toBe(readFileSync(join(b, 'RUNBOOK.md'), 'utf8'));
  });

  it('--fix exits 0 when no error is left; check --fix is the same', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': dirty });
    expect((await cli(['check', '--fix'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), 'utf8')).not.toContain('getRecipientByUuid');
    expect(await cli([], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
  });

  it('--fix-dry-run prints the patch fix prints and writes nothing', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': dirty });
    const alias = await cli(['--fix-dry-run', 'RUNBOOK.md'], { cwd: dir });
    expect(alias).toEqual(await cli(['fix', 'RUNBOOK.md'], { cwd: dir }));
    expect(alias.code).toBe(1);
    expect(alias.stdout).toMatch(/^diff --git a\/RUNBOOK\.md b\/RUNBOOK\.md\n/);
    expect(readFileSync(join(dir, 'RUNBOOK.md'), 'utf8')).toBe(dirty);
  });

  it('refuses, with exit 2 and nothing written, an option of check that means nothing to a fix', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': dirty });
    for (const [args, message] of [
      [
        ['--fix', '--baseline', 'b.json'],
        'runbook-lint: --baseline does not go with --fix; run check and fix separately\n',
      ],
      [
        ['--fix-dry-run', '--max-warnings', '0'],
        'runbook-lint: --max-warnings does not go with --fix-dry-run; run check and fix separately\n',
      ],
      [['--fix', '--fix-dry-run'], 'runbook-lint: --fix and --fix-dry-run: give one of them\n'],
      [
        ['--fix', '-f', 'sarif'],
        'runbook-lint: --format sarif: with --fix, the output is a unified diff, or json with --format json\n',
      ],
    ] as [string[], string][]) {
      const r = await cli([...args, 'RUNBOOK.md'], { cwd: dir });
      expect([r.code, r.stdout, r.stderr], args.join(' ')).toEqual([2, '', message]);
    }
    expect(readFileSync(join(dir, 'RUNBOOK.md'), 'utf8')).toBe(dirty);
  });
});

describe('did you mean', () => {
  it('an unknown option: one line on stderr, exit 2, with the closest option of that command', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': clean });
    const cases: [string[], string][] = [
      [['--formt', 'json'], "runbook-lint: unknown option '--formt'. Did you mean --format?\n"],
      [['check', '--max-warning', '0'], "runbook-lint: unknown option '--max-warning'. Did you mean --max-warnings?\n"],
      [['fix', '--wirte'], "runbook-lint: unknown option '--wirte'. Did you mean --write?\n"],
      [['--fix-dryrun'], "runbook-lint: unknown option '--fix-dryrun'. Did you mean --fix-dry-run?\n"],
      [['rules', '--fromat', 'json'], "runbook-lint: unknown option '--fromat'. Did you mean --format?\n"],
      [['--frobnicate'], "runbook-lint: unknown option '--frobnicate'\n"],
    ];
    for (const [args, stderr] of cases)
      expect(await cli(args, { cwd: dir }), args.join(' ')).toEqual({ code: 2, stdout: '', stderr });
  });

  it('an unknown command, typed where a command goes, is not taken for a missing file', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': clean });
    const cases: [string[], string][] = [
      [['chek'], "runbook-lint: unknown command 'chek'. Did you mean check?\n"],
      [['chek', 'MIGRATION_RUNBOOK.md'], "runbook-lint: unknown command 'chek'. Did you mean check?\n"],
      [['rule'], "runbook-lint: unknown command 'rule'. Did you mean rules?\n"],
      [['reprot', '-f', 'json'], "runbook-lint: unknown command 'reprot'. Did you mean report?\n"],
      [['help', 'fxi'], "runbook-lint: unknown command 'fxi'. Did you mean fix?\n"],
      // far from every command, or clearly a path: the file is missing
      [['notes'], 'runbook-lint: notes: no such file or directory\n'],
      [['chek.md'], 'runbook-lint: chek.md: no such file or directory\n'],
    ];
    for (const [args, stderr] of cases)
      expect(await cli(args, { cwd: dir }), args.join(' ')).toEqual({ code: 2, stdout: '', stderr });
  });

  it('a file that is there is linted, whatever its name looks like', async () => {
    const dir = tempRepo({ chek: dirty });
    const r = await cli(['chek'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('chek:5:18  error');
  });
});

describe('rules <id>', () => {
  it("prints the rule's README as shipped, plain on a pipe", async () => {
    for (const id of ['uuid-once', 'step-references']) {
      const r = await cli(['rules', id]);
      expect(r).toEqual({ code: 0, stdout: readFileSync(join(root, 'rules', id, 'README.md'), 'utf8'), stderr: '' });
    }
  });

  it('an unknown id exits 2 with the closest rule ids', async () => {
    expect(await cli(['rules', 'uuid-one'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "runbook-lint: unknown rule 'uuid-one'. Did you mean uuid-once?\n",
    });
    expect((await cli(['rules', 'quota'])).stderr).toBe(
      "runbook-lint: unknown rule 'quota'. Did you mean quota-safety?\n",
    );
    expect((await cli(['rules', 'zzz'])).stderr).toBe(
      "runbook-lint: unknown rule 'zzz' (runbook-lint rules lists them)\n",
    );
  });

  it('--format json gives that rule as in the list; headings are bold only on a terminal', async () => {
    const one = JSON.parse((await cli(['rules', 'uuid-once', '-f', 'json'])).stdout) as { id: string };
    const all = JSON.parse((await cli(['rules', '-f', 'json'])).stdout) as { id: string }[];
    expect(one).toEqual(all.find((r) => r.id === 'uuid-once'));
    const tty = await cliInProcess(['rules', 'uuid-once'], { tty: true });
    expect(tty.stdout).toContain('\u001b[1m# uuid-once\u001b[22m');
    expect((await cliInProcess(['rules', 'uuid-once'], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(
      /\u001b\[/,
    );
  });
});

describe('fix --format json', () => {
  it("is check's json for the fixed text, plus output, the fixed text; nothing is written", async () => {
    const dir = tempRepo({ 'a.md': fixture, 'b.md': clean });
    const r = await cli(['fix', '-f', 'json', 'a.md', 'b.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expect(results.map((x) => x.filePath)).toEqual(['a.md', 'b.md']);
    const [a, b] = results as [JsonResult, JsonResult];
    expect(Object.keys(a)).toEqual([
      'filePath',
      'messages',
      'suppressedMessages',
      'errorCount',
      'fatalErrorCount',
      'warningCount',
      'fixableErrorCount',
      'fixableWarningCount',
      'output',
    ]);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe(fixture);
    // output is what --write would write; messages are what check says of it
    await cli(['fix', '--write', 'a.md'], { cwd: dir });
    const fixed = readFileSync(join(dir, 'a.md'), 'utf8');
    expect(a.output).toBe(fixed);
    const after = (JSON.parse((await cli(['-f', 'json', 'a.md'], { cwd: dir })).stdout) as JsonResult[])[0];
    expect(a.messages).toEqual(after?.messages);
    expect(a.errorCount).toBeGreaterThan(0);
    // unchanged: no output, as in ESLint
    expect(b).not.toHaveProperty('output');
  });

  it('--fix-dry-run --format json is the same; --fix --format json writes and reports', async () => {
    const dir = tempRepo({ 'a.md': dirty });
    const alias = await cli(['--fix-dry-run', '--format', 'json', 'a.md'], { cwd: dir });
    expect(alias).toEqual(await cli(['fix', '--format', 'json', 'a.md'], { cwd: dir }));
    const written = await cli(['--fix', '-f', 'json', 'a.md'], { cwd: dir });
    expect(written.code).toBe(0);
    const [result] = JSON.parse(written.stdout) as JsonResult[];
    expect(result?.output).toBe(readFileSync(join(dir, 'a.md'), 'utf8'));
    expect(result?.messages).toEqual([]);
  });

  it('a file that cannot be read gets one fatal entry in its place; --stdin --write prints only json', async () => {
    const dir = tempRepo({ 'a.md': dirty, 'b.md': Buffer.from([0x23, 0x20, 0x00]), 'c.md': clean });
    const r = await cli(['fix', '-f', 'json', 'a.md', 'b.md', 'c.md'], { cwd: dir });
    expect(r.code).toBe(1);
    const results = JSON.parse(r.stdout) as JsonResult[];
    expect(results.map((x) => x.filePath)).toEqual(['a.md', 'b.md', 'c.md']);
    expect(results[1]?.messages).toMatchObject([{ ruleId: null, fatal: true }]);
    const stdin = await cli(['fix', '--stdin', '--write', '-f', 'json'], { cwd: dir, stdin: dirty });
    const [one] = JSON.parse(stdin.stdout) as JsonResult[];
    expect(one?.filePath).toBe('<stdin>');
    expect(one?.output).toContain('HARD EXECUTION INVARIANTS');
  });

  it('fix without -f still prints the unified diff; another format is a usage error', async () => {
    const dir = tempRepo({ 'a.md': dirty });
    expect((await cli(['fix', 'a.md'], { cwd: dir })).stdout).toMatch(/^diff --git /);
    const r = await cli(['fix', '-f', 'sarif', 'a.md'], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^runbook-lint: option '-f, --format <format>' argument 'sarif' is invalid\..*\n$/);
  });
});

describe('report -o', () => {
  it('writes the report to the file instead of stdout, with the same exit code', async () => {
    const dir = tempRepo({ 'a.md': fixture });
    const shown = await cli(['report', 'a.md'], { cwd: dir });
    const r = await cli(['report', '-o', 'out/report.md', 'a.md'], { cwd: dir });
    expect(r.code).toBe(shown.code);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out', 'report.md'), 'utf8')).toBe(shown.stdout);
    const json = await cli(['report', '-f', 'json', '--output-file', 'r.json', 'a.md'], { cwd: dir });
    expect(json.stdout).toBe('');
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(
      (await cli(['report', '-f', 'json', 'a.md'], { cwd: dir })).stdout,
    );
  });

  it('refuses an output file that is one of the inputs: exit 2, the input untouched', async () => {
    const dir = tempRepo({ 'a.md': dirty, 'b.md': clean });
    const r = await cli(['report', '-o', './b.md', 'a.md', 'b.md'], { cwd: dir });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'runbook-lint: ./b.md: the report would overwrite the input b.md; choose another file (nothing was written)\n',
    });
    expect(readFileSync(join(dir, 'b.md'), 'utf8')).toBe(clean);
  });
});

describe('--print-config FILE', () => {
  const config = {
    settings: { legacyLogTable: 'legacy_logs' },
    rules: { 'no-recipient-lookup': ['warn', { methods: ['findRecipient'] }], 'step-references': 'off' },
    ignores: ['drafts/**'],
  };

  it('prints the config that applies to the file, resolved and merged, and exits 0', async () => {
    const dir = tempRepo({ 'docs/.runbook-lint.json': JSON.stringify(config), 'MIGRATION_RUNBOOK.md': clean });
    const r = await cli(['--print-config', 'docs/NEW.md', '--rule', 'uuid-once=warn'], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const printed = JSON.parse(r.stdout) as { settings: Record<string, unknown>; rules: Record<string, unknown> };
    expect(Object.keys(printed)).toEqual(['settings', 'rules', 'ignores']);
    expect(printed.settings).toMatchObject({
      legacyLogTable: 'legacy_logs',
      newLogTable: 'go_sms_logs',
      timeoutMs: 500,
    });
    expect(printed.rules['no-recipient-lookup']).toEqual(['warn', { methods: ['findRecipient'] }]);
    expect(printed.rules['step-references']).toBe('off');
    expect(printed.rules['uuid-once']).toEqual(['warn', expect.any(Object)]);
    expect(Object.keys(printed.rules).sort()).toEqual(rules.map((x) => x.meta.id).sort());
    expect(printed).toHaveProperty('ignores', ['drafts/**']);
    // a file elsewhere gets the defaults; what is printed works as a config file
    const outside = JSON.parse((await cli(['--print-config', 'MIGRATION_RUNBOOK.md'], { cwd: dir })).stdout) as {
      rules: Record<string, unknown>;
    };
    expect(outside.rules['no-recipient-lookup']).toEqual(['error', { methods: ['getRecipientByUuid'] }]);
    const saved = tempRepo({ 'c.json': r.stdout });
    const again = await cli(['--print-config', 'x.md', '--config', 'c.json'], { cwd: saved });
    expect(JSON.parse(again.stdout)).toEqual(printed);
  });

  it('a bad config or extra paths: exit 2, one line', async () => {
    const dir = tempRepo({ '.runbook-lint.json': '{"rules": {"uuid-onc": "off"}}' });
    expect(await cli(['--print-config', 'a.md'], { cwd: dir })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'runbook-lint: .runbook-lint.json: rules: unknown rule "uuid-onc" (did you mean "uuid-once"?)\n',
    });
    const r = await cli(['--print-config', 'a.md', 'b.md'], { cwd: tempRepo({}) });
    expect([r.code, r.stderr]).toEqual([2, 'runbook-lint: --print-config takes one file: give no other paths\n']);
  });
});

describe('--help', () => {
  const groups = ['Inputs:', 'Config:', 'Output:', 'Fixing:', 'Caching:', 'Baseline:', 'Miscellaneous:'];

  it('the top-level help lists every option of check, grouped, then the commands', async () => {
    const top = await cli(['--help']);
    expect([top.code, top.stderr]).toEqual([0, '']);
    const check = await cli(['check', '--help']);
    const flags = (text: string): string[] => [...new Set(text.match(/(?<=^ {2}(?:-\w, )?)--[\w-]+/gm) ?? [])];
    const checkFlags = flags(check.stdout);
    expect(checkFlags).toEqual(
      expect.arrayContaining(['--fix', '--fix-dry-run', '--print-config', '--cache', '--baseline']),
    );
    expect(flags(top.stdout)).toEqual([...checkFlags, '--version']);
    const headings = top.stdout.split('\n').filter((l) => /^\S.*:$/.test(l));
    expect(headings).toEqual(['Arguments (of the default command, check):', ...groups, 'Commands:']);
    expect(top.stdout).toMatch(/check \[options\] \[paths\.\.\.\]/);
    expect(top.stdout).toMatch(/rules \[options\] \[id\]/);
    expect(top.stdout).toMatch(/Exit codes: 0/);
  });

  it("each command's help is grouped the same way", async () => {
    const heads = async (cmd: string): Promise<string[]> =>
      (await cli([cmd, '--help'])).stdout.split('\n').filter((l) => /^[A-Z][\w ]*:$/.test(l));
    expect(await heads('check')).toEqual(['Arguments:', ...groups]);
    expect(await heads('fix')).toEqual(['Arguments:', 'Inputs:', 'Config:', 'Fixing:', 'Output:', 'Miscellaneous:']);
    expect(await heads('report')).toEqual(['Arguments:', 'Inputs:', 'Config:', 'Fixing:', 'Output:', 'Miscellaneous:']);
  });
});

describe('a reader that goes away (`runbook-lint check | head -1`)', () => {
  // the read end is closed before the bin writes a byte: every write it makes fails with EPIPE
  const closedPipe = (argv: string[], cwd: string): Promise<{ code: number | null; stderr: string }> =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [bin, ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stderr }));
    });

  it('ends with the run’s own exit code and no stack trace', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': fixture });
    const help = await closedPipe(['--help'], dir);
    expect(help).toEqual({ code: 0, stderr: '' });
    const check = await closedPipe(['check', 'RUNBOOK.md'], dir);
    expect(check.code).toBe(1);
    expect(check.stderr).not.toMatch(/EPIPE|at \w/);
  });
});

describe('TIMING, as ESLint has it', () => {
  const rows = (stderr: string): string[] =>
    stderr
      .split('\n')
      .slice(2)
      .filter((l) => l.includes('|'))
      .map((l) => l.split('|')[0]?.trim() ?? '');

  it('prints where the time went on stderr, after the findings, and leaves stdout as it is', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': fixture });
    const plain = await cli(['check', 'RUNBOOK.md', '-f', 'json'], { cwd: dir });
    const timed = await cli(['check', 'RUNBOOK.md', '-f', 'json'], { cwd: dir, env: { TIMING: '1' } });
    expect(timed.code).toBe(plain.code);
    expect(JSON.parse(timed.stdout)).toEqual(JSON.parse(plain.stdout));
    expect(timed.stderr.split('\n')[0]).toMatch(/^Rule +\| Time \(ms\) \| Relative$/);
    // TIMING=1 means on: the ten largest, the Markdown parse among them
    expect(rows(timed.stderr)).toHaveLength(10);
    expect(rows(timed.stderr)).toContain('(parse Markdown)');
    const shares = timed.stderr.match(/\d+\.\d%/g) ?? [];
    expect(shares).toHaveLength(10);
  });

  it('TIMING=all lists every rule that ran; a --cache run is timed, not replayed', async () => {
    const dir = tempRepo({ 'RUNBOOK.md': fixture });
    const all = await cli(['check', 'RUNBOOK.md'], { cwd: dir, env: { TIMING: 'all' } });
    // the rules on for this file, as --print-config resolves them
    const config = JSON.parse((await cli(['--print-config', 'RUNBOOK.md'], { cwd: dir })).stdout) as {
      rules: Record<string, string | [string, unknown]>;
    };
    const on = Object.entries(config.rules).filter(([, v]) => (Array.isArray(v) ? v[0] : v) !== 'off');
    expect(on.length).toBeGreaterThan(5);
    for (const [id] of on) expect(rows(all.stderr)).toContain(id);
    await cli(['check', '--cache', 'RUNBOOK.md'], { cwd: dir });
    // neither the stored answer of the whole run (it has no table) nor a file's stored result
    // (nothing would be timed): the file is linted
    const cached = await cli(['check', '--cache', 'RUNBOOK.md'], { cwd: dir, env: { TIMING: '1' } });
    expect(rows(cached.stderr)).toContain('(parse Markdown)');
    const untimed = await cli(['check', 'RUNBOOK.md'], { cwd: dir, env: { TIMING: 'no' } });
    expect(untimed.stderr).not.toContain('Time (ms)');
  });
});
