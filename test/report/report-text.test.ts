import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempRepo } from '../helpers/cli.js';

const fixture = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
const RAW = /[\u001b\u0007\u0085\u200b\u202e]/;

describe('the report quotes the runbook safely', () => {
  it(
    'bidi overrides, zero-width characters and escape sequences in ' +
      'the runbook are shown, not obeyed, in markdown and json',
    async () => {
      const hostile =
        '# PHASE A: Baseline\n' +
        '\nThe client calls getRecipientByUuid \u202eevil\u200b\u001b[31m\u0007\u0085.\n' +
        '\nLaravel writes `sms_logs`.\n';
      const dir = tempRepo({ 'RB.md': hostile });
      const md = await cli(['report', 'RB.md'], { cwd: dir });
      expect(md.stdout).toContain('Part D');
      expect(md.stdout).not.toMatch(RAW);
      expect(md.stdout).toContain('\\u202eevil\\u200b\\x1b[31m\\x07\\x85');
      const json = await cli(['report', '--format', 'json', 'RB.md'], { cwd: dir });
      expect(json.stdout).not.toMatch(RAW);
      expect(JSON.stringify(JSON.parse(json.stdout))).toContain('\u202eevil');
    },
  );

  it(
    'a CR-only runbook gets Part B hunks of its own lines, as the ' + 'LF runbook does, not one hunk of the whole file',
    async () => {
      const dir = tempRepo({ 'lf.md': fixture, 'cr.md': fixture.replace(/\r?\n/g, '\r') });
      const lines = async (f: string) =>
        (
          JSON.parse((await cli(['report', '--format', 'json', f], { cwd: dir })).stdout) as {
            partB: { startLine: number }[];
          }[]
        )[0]?.partB.map((b) => b.startLine) ?? [];
      const lf = await lines('lf.md');
      expect(lf.length).toBeGreaterThan(3);
      expect(await lines('cr.md')).toEqual(lf);
    },
  );
});
