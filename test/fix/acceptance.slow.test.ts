import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { Runbook } from '../../src/document/index.js';
import { modeTables } from '../../src/model/mode-table.js';
import { tempRepo } from '../helpers/cli.js';

/**
 * Issue 13's acceptance over every violating runbook of fixtures/ and eval/, through the CLI:
 * after `fix --unsafe --write`, no step-references finding, one mode table, no line the fix
 * wrote longer than the file's widest prose line + 10 (a bound a little looser than "its
 * paragraph's width + 10": the fix's wrapping is tested line by line in wrap.test.ts), and the
 * written report lints clean.
 */
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'runbook-lint.js');
const files = [
  join(root, 'fixtures', 'MIGRATION_RUNBOOK.md'),
  ...readdirSync(join(root, 'eval'))
    .filter((f) => /\.violations-\d+\.md$/.test(f))
    .map((f) => join(root, 'eval', f)),
];

const execFileAsync = promisify(execFile);

/** Child processes, awaited: a worker blocked in execFileSync cannot answer vitest's heartbeats. */
async function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await execFileAsync(process.execPath, [bin, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: typeof err.code === 'number' ? err.code : 2, stdout: err.stdout };
  }
}

/** Lines outside code blocks and tables: the prose a fix writes in the file's width. */
function proseLines(text: string): string[] {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const open = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (open && open[0] === fence[0] && open.length >= fence.length) fence = null;
      continue;
    }
    if (open) fence = open;
    else if (!/^\s*\|/.test(line)) out.push(line);
  }
  return out;
}

describe('fix --unsafe --write leaves a runbook a reviewer can trust (issue 13 acceptance)', () => {
  it.each(files.map((f) => [basename(f), f]))(
    '%s',
    async (_name, file) => {
      const dir = tempRepo({});
      const target = join(dir, 'RUNBOOK.md');
      copyFileSync(file, target);
      const before = readFileSync(target, 'utf8');
      expect((await run(dir, ['fix', '--unsafe', '--write', 'RUNBOOK.md'])).code).not.toBe(2);
      const after = readFileSync(target, 'utf8');
      expect(after).not.toBe(before);

      const check = await run(dir, ['--format', 'json', 'RUNBOOK.md']);
      const [result] = JSON.parse(check.stdout) as { messages: { ruleId: string }[] }[];
      expect(result?.messages.filter((m) => m.ruleId === 'step-references')).toEqual([]);

      expect(modeTables(new Runbook(after.replace(/^\uFEFF/, '')), DEFAULT_SETTINGS)).toHaveLength(1);

      const widest = Math.max(...proseLines(before).map((l) => l.length));
      const old = new Set(before.split(/\r\n|\r|\n/));
      const written = proseLines(after).filter((l) => !old.has(l));
      expect(written.filter((l) => l.length > widest + 10)).toEqual([]);

      const report = await run(dir, ['report', '--unsafe', 'RUNBOOK.md']);
      writeFileSync(join(dir, 'HARDENING.md'), report.stdout);
      const lintReport = await run(dir, ['--format', 'json', 'HARDENING.md']);
      const [reportResult] = JSON.parse(lintReport.stdout) as { messages: unknown[] }[];
      expect(reportResult?.messages).toEqual([]);
    },
    120_000,
  );
});
