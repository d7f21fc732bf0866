import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempRepo } from './cli.js';

export const fixtures = join(import.meta.dirname, '..', '..', 'fixtures');
/** the example runbook, before hardening */
export const runbook = readFileSync(join(fixtures, 'MIGRATION_RUNBOOK.md'), 'utf8');
/** the same runbook hardened by hand: it lints clean */
export const hardened = readFileSync(join(fixtures, 'hardened', 'MIGRATION_RUNBOOK.md'), 'utf8');

/** Runs `fix --write` on a copy in a temporary repository and returns the written text. */
export async function fixWrite(
  text: string,
  extra: string[] = [],
): Promise<{ text: string; code: number; stderr: string; dir: string }> {
  const dir = tempRepo({ 'MIGRATION_RUNBOOK.md': text });
  const r = await cli(['fix', '--write', ...extra], { cwd: dir });
  return { text: readFileSync(join(dir, 'MIGRATION_RUNBOOK.md'), 'utf8'), code: r.code, stderr: r.stderr, dir };
}
