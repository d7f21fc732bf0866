import type { LintMessage } from '../engine/types.js';
import { markdownCell } from '../formatters/summary.js';
import { DRIFT } from './drift.js';
import type { Verified } from './verify.js';

/**
 * Part E — code conformance: the hand-made table of the migration report ("component, where
 * the runbook defines it, where the code has it, status"), each status computed from what
 * verify found. One row per file the runbook names, in runbook order; then the files it does
 * not name that broke an invariant. Nothing in a row is asserted: a ✅ is a file that is there
 * with no finding, and says which checks it passed.
 */
export function renderPartE(v: Verified, runbookDisplay: string, rootDisplay: string): string {
  const rows: string[][] = [];
  const named = new Set<string>();
  for (const claim of v.claims) {
    named.add(claim.path);
    const component = claim.section ? claim.section.title : claim.path;
    const found = v.byFile.get(claim.path);
    rows.push([
      markdownCell(component),
      `${markdownCell(runbookDisplay)}:${claim.line}`,
      claim.exists ? `\`${claim.path}\`` : '—',
      claim.exists ? status(found ?? [], found !== undefined) : '❌ missing: no such file in the repository',
    ]);
  }
  for (const [file, found] of [...v.byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (named.has(file) || found.length === 0) continue;
    rows.push(['(not named by the runbook)', '—', `\`${file}\``, status(found, true)]);
  }
  const out = [
    '## Part E — code conformance',
    '',
    `Runbook \`${runbookDisplay}\` against the repository at \`${rootDisplay}\`: ${v.files} code files read. ` +
      'A status is computed by `runbook-lint verify`: ❌ a missing file or a broken invariant, ⚠ code that ' +
      "differs from the runbook's block, ✅ a file with no finding.",
    '',
    '| component | where the runbook defines it | where the code has it | status |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
  return out.join('\n');
}

function status(found: readonly LintMessage[], read: boolean): string {
  const broken = found.filter((m) => m.ruleId !== DRIFT);
  const drift = found.filter((m) => m.ruleId === DRIFT);
  const parts: string[] = [];
  if (broken.length > 0) {
    const which = [...new Set(broken.map((m) => (m.invariant ? `Invariant ${m.invariant}` : (m.ruleId ?? ''))))];
    const lines = [...new Set(broken.map((m) => m.line))].join(', ');
    parts.push(
      `❌ breaks ${which.join(', ')} (${broken.length} finding${broken.length === 1 ? '' : 's'}, line ${lines})`,
    );
  }
  if (drift.length > 0) {
    const fns = drift.map((m) => markdownCell(m.message.slice(0, m.message.indexOf('(')))).join(', ');
    parts.push(`⚠ differs from the runbook: ${fns} (line ${drift.map((m) => m.line).join(', ')})`);
  }
  if (parts.length > 0) return parts.join('; ');
  return read ? '✅ present; no invariant finding, no drift from the runbook' : '✅ present';
}
