import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { lint } from './helpers/lint.js';
import { matchMarkers, readMarkers } from './helpers/markers.js';

const root = join(import.meta.dirname, '..', 'fixtures');
const rulesDir = join(import.meta.dirname, '..', 'rules');

/** Whole runbooks: every rule runs; per-rule folders: only the folder's rule. */
function fixtureFiles(): { file: string; only?: string }[] {
  const out: { file: string; only?: string }[] = [
    { file: join(root, 'MIGRATION_RUNBOOK.md') },
    { file: join(root, 'hardened', 'MIGRATION_RUNBOOK.md') },
  ];
  for (const id of readdirSync(rulesDir).sort()) {
    const dir = join(rulesDir, id, 'fixtures');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.md')) out.push({ file: join(dir, f), only: id });
  }
  return out;
}

describe('fixtures with expectation markers', () => {
  const files = fixtureFiles();

  it('has a fixture folder for every rule', () => {
    const covered = new Set(files.map((f) => f.only).filter(Boolean));
    expect(
      rules.map((r) => r.meta.id).filter((id) => !covered.has(id)),
      'a rule without rules/<id>/fixtures/*.md: add one with <!-- expect: <id> --> markers',
    ).toEqual([]);
  });

  for (const { file, only } of files) {
    it(
      `${relative(join(import.meta.dirname, '..'), file)}: every ` +
        `marker matched by a finding, no finding without a marker`,
      async () => {
        const text = readFileSync(file, 'utf8');
        const markers = readMarkers(text);
        const result = await lint(text, only ? { only } : {});
        const { missing, unexpected } = matchMarkers(markers, result.messages);
        expect({ missing, unexpected: unexpected.map((u) => ({ ruleId: u.ruleId, line: u.line })) }).toEqual({
          missing: [],
          unexpected: [],
        });
      },
    );
  }

  it('the hand-hardened runbook has no markers, so it must lint clean', () => {
    expect(readMarkers(readFileSync(join(root, 'hardened', 'MIGRATION_RUNBOOK.md'), 'utf8'))).toEqual([]);
  });

  it('the example runbook is realistic in size and breaks each of the four invariants', () => {
    // a rule's own cases live in rules/<id>/fixtures; the example carries the hardening request's defects
    const text = readFileSync(join(root, 'MIGRATION_RUNBOOK.md'), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(1000);
    const marked = new Set(readMarkers(text).map((m) => m.ruleId));
    for (const r of rules.filter((x) => x.meta.invariant !== null)) expect(marked, r.meta.id).toContain(r.meta.id);
    expect([...marked].filter((id) => !rules.some((r) => r.meta.id === id))).toEqual([]);
  });
});
