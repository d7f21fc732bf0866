import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';
import { fixtures, fixWrite, runbook } from '../helpers/fix-write.js';

// line endings, the report and what --write refuses, on the example runbook (the goldens: hardening.test.ts)
describe('line endings, byte-order mark and tabs survive', () => {
  const crlf = `\uFEFF${runbook.replace(/\n/g, '\r\n')}`;

  it('CRLF stays CRLF, the BOM stays, tab-indented Go stays tab-indented', async () => {
    const { text } = await fixWrite(crlf, ['--unsafe']);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.charCodeAt(1)).not.toBe(0xfeff);
    expect(/[^\r]\n/.test(text)).toBe(false);
    expect(/\r(?!\n)/.test(text)).toBe(false);
    expect(text).toContain(
      '\r\n\t\t\t\tlog.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", message.MessageUUID)\r\n',
    );
    const unsafeGolden = readFileSync(join(fixtures, 'golden', 'MIGRATION_RUNBOOK.unsafe.md'), 'utf8');
    expect(text).toBe(`\uFEFF${unsafeGolden.replace(/\n/g, '\r\n')}`);
  });

  it('the patch of a CRLF file with a BOM applies with git apply', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': crlf }, { git: false });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(join(dir, 'h.patch'), (await cli(['fix'], { cwd: dir })).stdout);
    execFileSync('git', ['apply', 'h.patch'], { cwd: dir });
    expect(readFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), 'utf8')).toBe((await fixWrite(crlf)).text);
  });

  it('a file without a final newline keeps it that way', async () => {
    const text = '# PHASE A\n\nThe client calls getRecipientByUuid and logs to `sms_logs`.';
    const { text: out } = await fixWrite(text);
    expect(out.endsWith('\n')).toBe(false);
  });
});

describe('the report', () => {
  it('says "would apply" unless written, "applied" after --write; it lints clean (issue 13, items 4, 5)', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook });
    await cli(['fix', '--unsafe', '--report', 'proposed.md'], { cwd: dir });
    const proposed = readFileSync(join(dir, 'proposed.md'), 'utf8');
    expect(proposed).toMatch(/^\d+ fixes would apply \(.*Nothing was written: `fix --write` applies them\.$/m);
    // the report quotes findings: committed beside the runbook, it must not fail the hook
    expect(proposed).toMatch(/^<!-- runbook-lint-disable-file /);
    const lint = await cli(['check', 'proposed.md', '--report-unused-disable-directives'], { cwd: dir });
    expect([lint.code, lint.stderr]).toEqual([0, '']);
    expect(lint.stdout).toMatch(/No problems in 1 file/);
    await cli(['fix', '--write', '--report', 'written.md'], { cwd: dir });
    const written = readFileSync(join(dir, 'written.md'), 'utf8');
    expect(written).toMatch(/^\d+ fixes applied \(/m);
    expect(written).not.toContain('would apply');
  });

  it('Part D says NOT enforced when a finding no safe fix can repair remains', async () => {
    const text = [
      '# PHASE A: BASELINE',
      '',
      '## 1. Architecture',
      '',
      'Laravel logs every SMS to `sms_logs`.',
      '',
      '# PHASE B',
      '',
      '## Step 17: Shadow',
      '',
      '```php',
      "if ($mode === 'SHADOW') {",
      "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', 1);",
      '}',
      '```',
      '',
    ].join('\n');
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': text });
    const r = await cli(['report', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const [report] = JSON.parse(r.stdout) as {
      partA: { heading: string }[];
      partD: {
        invariant: number;
        status: string;
        enforced: boolean;
        remaining: { ruleId: string; line: number }[];
        evidence: { kind: string }[];
      }[];
    }[];
    if (!report) throw new Error('one report expected');
    expect(report.partA.map((a) => a.heading)).toEqual(['# PHASE A: BASELINE']);
    const quota = report.partD.find((d) => d.invariant === 4);
    expect(quota?.enforced).toBe(false);
    expect(quota?.remaining.map((m) => m.ruleId)).toEqual(['quota-safety']);
    // the fix inserted Section 0 (32 lines) above the decrement: the line is in the fixed text
    expect(quota?.remaining[0]?.line).toBe(13 + 32);
    // Section 0, which the fix itself inserted, declares Invariant 2: a declaration, not enforcement
    const uuid = report.partD.find((d) => d.invariant === 2);
    expect([uuid?.status, uuid?.enforced, uuid?.evidence.map((e) => e.kind)]).toEqual([
      'declared',
      false,
      ['declaration'],
    ]);
  });

  it('Part D says enforced only with code: the guard with both conditions, quoted whole with its lines', async () => {
    const text = [
      '# PHASE A: BASELINE',
      '',
      'Laravel logs every SMS to `sms_logs`.',
      '',
      '## Step 18: Bill the accepted results',
      '',
      '```php',
      "$billable = collect($results)->whereIn('status', ['accepted', 'duplicate'])->count();",
      "if ($mode === 'ON' && $billable > 0) {",
      "    EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', $billable);",
      '}',
      '```',
      '',
    ].join('\n');
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': text });
    const [report] = JSON.parse((await cli(['report', '--format', 'json'], { cwd: dir })).stdout) as {
      partD: {
        invariant: number;
        status: string;
        evidence: { kind: string; line: number; endLine: number; text: string }[];
      }[];
    }[];
    const quota = report?.partD.find((d) => d.invariant === 4);
    expect(quota?.status).toBe('enforced');
    // Section 0 (32 lines) was inserted above: the guard is at line 9 + 32 of the fixed text
    expect(quota?.evidence.find((e) => e.kind === 'code')).toEqual({
      kind: 'code',
      line: 9 + 32,
      endLine: 10 + 32,
      text:
        "if ($mode === 'ON' && $billable > 0) { " +
        "EmailSMSLimitRate::where('owner_id', $tenantId)->decrement('sms', $billable);",
    });
  });

  it('has the contract shape in JSON, and --context sets the lines around each block', async () => {
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': runbook });
    const reports = JSON.parse(
      (await cli(['report', '--format', 'json', '--context', '5'], { cwd: dir })).stdout,
    ) as Record<string, unknown[]>[];
    expect(reports).toHaveLength(1);
    const report = reports[0] as Record<string, unknown[]>;
    expect(Object.keys(report)).toEqual(['filePath', 'summary', 'partA', 'partB', 'partC', 'stillReferenced', 'partD']);
    const b = report.partB?.[0] as {
      heading: string;
      ruleIds: string[];
      before: string;
      after: string;
      startLine: number;
    };
    expect(Object.keys(b)).toEqual(['heading', 'ruleIds', 'before', 'after', 'startLine']);
    expect(b.ruleIds.length).toBeGreaterThan(0);
    expect(b.before.split('\n').length).toBeGreaterThanOrEqual(10);
    const d = report.partD?.[0] as Record<string, unknown>;
    expect(Object.keys(d)).toEqual(['invariant', 'title', 'status', 'enforced', 'evidence', 'remaining']);
  });

  it('Part C lists the deleted duplicate step by its heading, with the reason', async () => {
    // a reference the fixer cannot point elsewhere ("Steps 17 and 18" would repeat 18) is listed
    const stuck = runbook.replace('\n## Step 16: ', '\nRead Steps 17 and 18 side by side.\n\n## Step 16: ');
    expect(stuck).not.toBe(runbook);
    const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': stuck });
    const [report] = JSON.parse((await cli(['report', '--format', 'json', '--unsafe'], { cwd: dir })).stdout) as {
      partC: { heading: string; reason: string }[];
      stillReferenced: { line: number; message: string }[];
    }[];
    const step17 = report?.partC.find((c) => c.heading === '## Step 17: Wire SHADOW Mode into SmsController');
    expect(step17?.reason).toMatch(/^canonical-controller-step: .*Step 18/);
    // Step 18's "Step 17's SHADOW wiring merged" went with the step; the other one is listed, never left silently
    expect(report?.stillReferenced.map((s) => s.message)).toEqual([
      expect.stringMatching(/^"Step 17" refers to a step/),
    ]);
  });
});

describe('fix --write refuses what it must not touch', () => {
  it('leaves no temporary file behind', async () => {
    const { dir } = await fixWrite(runbook);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('does not write when a second path fails to read (nothing is written at all)', async () => {
    const dir = tempRepo({ 'a.md': runbook });
    mkdirSync(join(dir, 'empty'));
    copyFileSync(join(dir, 'a.md'), join(dir, 'b.md'));
    const r = await cli(['fix', '--write', 'a.md', 'missing.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toBe(runbook);
  });
});
