import { showInvisibleKeepingLines } from '../formatters/escape.js';
import type { Report } from './build.js';

/** Inline code that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block longer than any fence inside the content. */
function block(text: string, lang = 'markdown'): string {
  const longest = Math.max(2, ...[...text.matchAll(/^\s*(`{3,}|~{3,})/gm)].map((m) => (m[1] as string).length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

const STATUS = {
  enforced: 'enforced',
  declared: 'declared, not shown in code',
  'not enforced': '**NOT enforced**',
} as const;

const EVIDENCE_KIND = { code: 'code', table: 'mode table', declaration: 'declaration', prose: 'prose' } as const;

/** The first line of every Markdown report: runbook-lint leaves the file alone (`disable-file`). */
export const REPORT_MARKER = '<!-- runbook-lint-disable-file -- a runbook-lint hardening report, not a runbook -->';

export function renderReport(r: Report): string {
  const out: string[] = [];
  const s = r.summary;
  // the report quotes findings and the code they are about: linted as a runbook it would fail
  out.push(REPORT_MARKER, '', `# Hardening report — ${r.filePath}`, '');
  const verb = s.written ? 'applied' : 'would apply';
  out.push(
    `${s.fixesApplied} fix${s.fixesApplied === 1 ? '' : 'es'} ` +
      `${verb} (${s.safe} safe, ${s.unsafe} unsafe) in ${s.passes} ` +
      `pass${s.passes === 1 ? '' : 'es'}; findings before: ${s.findingsBefore}, ` +
      `after: ${s.findingsAfter}.` +
      (s.written || s.fixesApplied === 0 ? '' : ' Nothing was written: `fix --write` applies them.') +
      (s.cycle ? ' The fixes went round in a circle and were stopped: please report this.' : ''),
    '',
  );

  out.push('## Part A — Sections modified (by exact headings)', '');
  if (r.partA.length === 0) out.push('None: no fix applied.', '');
  r.partA.forEach((a, i) => {
    out.push(`${i + 1}. ${code(a.heading)}`);
    for (const c of a.changes) out.push(`   - ${c}`);
  });
  if (r.partA.length > 0) out.push('');

  out.push('## Part B — Modified blocks with context', '');
  if (r.partB.length === 0) out.push('None.', '');
  r.partB.forEach((b, i) => {
    const rules = b.ruleIds.length > 0 ? ` (${b.ruleIds.join(', ')})` : '';
    out.push(`### ${i + 1}. ${code(b.heading)} — line ${b.startLine} of the original${rules}`, '');
    out.push('**Before:**', '', block(b.before), '', '**After:**', '', block(b.after), '');
  });

  out.push('## Part C — Deleted duplicate or conflicting blocks', '');
  if (r.partC.length === 0) out.push(r.partCNone ?? 'None.', '');
  else {
    out.push('| Block (heading) | Reason |', '|---|---|');
    for (const c of r.partC) out.push(`| ${cell(code(c.heading))} | ${cell(c.reason)} |`);
    out.push('');
  }

  if (r.stillReferenced.length > 0) {
    out.push('Still referenced in the fixed text (a step that is gone; fix by hand):', '');
    for (const s of r.stillReferenced) out.push(`- line ${s.line}: ${s.message}`);
    out.push('');
  }

  out.push('## Part D — Invariants, checked by linting the fixed text', '');
  out.push('| Invariant | Status | Evidence in the fixed text | Findings that remain |', '|---|---|---|---|');
  for (const d of r.partD) {
    const lines = (e: { line: number; endLine: number }): string =>
      e.endLine > e.line ? `lines ${e.line}–${e.endLine}` : `line ${e.line}`;
    const evidence =
      d.evidence.length > 0
        ? d.evidence.map((e) => `${lines(e)} (${EVIDENCE_KIND[e.kind]}): ${code(e.text)}`).join('<br>')
        : 'none found';
    const remaining =
      d.remaining.length > 0 ? d.remaining.map((m) => `line ${m.line} ${m.ruleId}: ${m.message}`).join('<br>') : 'none';
    out.push(
      `| ${d.invariant} — ${cell(d.title)} | ${STATUS[d.status]} ` + `| ${cell(evidence)} | ${cell(remaining)} |`,
    );
  }
  out.push('');
  // the report quotes the runbook: a bidi override or an escape sequence in it is shown, not obeyed
  return showInvisibleKeepingLines(out.join('\n'));
}
