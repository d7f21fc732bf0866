import type { LintMessage } from '../engine/types.js';
import { escapeControl } from './escape.js';
import { repositoryPath, repositoryRoot } from './sarif.js';
import type { Formatter } from './types.js';

/** How many findings the table lists; the rest are counted, and SARIF or JSON has them all. */
export const SUMMARY_MAX_ROWS = 50;
/** GitHub shows at most this many annotations of each level (error, warning) per step. */
export const GITHUB_ANNOTATIONS_PER_LEVEL = 10;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Markdown for a GitHub job summary (`$GITHUB_STEP_SUMMARY`) or a pull-request comment: the
 * totals, the findings per rule, and a table of the first findings with links to their lines
 * (`GITHUB_REPOSITORY` at `GITHUB_SHA`, when the run has them; plain `path:line` otherwise).
 * Paths are relative to the repository root. Runbook text is escaped, so it shows as text.
 */
export const summary: Formatter = (results, ctx) => {
  const cwd = ctx.cwd ?? process.cwd();
  const root = repositoryRoot(cwd);
  const link = blobLink(ctx.env ?? process.env);
  const findings = results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath, m })));
  const errors = findings.filter((f) => f.m.severity === 2).length;
  const warnings = findings.length - errors;
  const out: string[] = ['## runbook-lint', ''];
  const files = plural(results.length, 'file');
  const hidden = ctx.hiddenWarnings > 0 ? ` (${plural(ctx.hiddenWarnings, 'warning')} hidden by --quiet)` : '';
  if (findings.length === 0) {
    out.push(`✔ No problems in ${files}${hidden}.`);
    return `${out.join('\n')}\n`;
  }
  out.push(
    `${errors > 0 ? '✖' : '⚠'} **${plural(findings.length, 'problem')}** ` +
      `(${plural(errors, 'error')}, ${plural(warnings, 'warning')}) ` +
      `in ${files}${hidden}.`,
  );
  if (ctx.maxWarnings >= 0 && warnings > ctx.maxWarnings)
    out.push('', `Too many warnings: ${warnings} (maximum: ${ctx.maxWarnings}).`);
  if (errors > GITHUB_ANNOTATIONS_PER_LEVEL || warnings > GITHUB_ANNOTATIONS_PER_LEVEL) {
    out.push(
      '',
      `> **Note:** GitHub shows at most ${GITHUB_ANNOTATIONS_PER_LEVEL} ` +
        `error and ${GITHUB_ANNOTATIONS_PER_LEVEL} warning annotations ` +
        `per step, so the pull request does not show every finding: ` +
        `they are listed below${findings.length > SUMMARY_MAX_ROWS ? ` (the first ${SUMMARY_MAX_ROWS})` : ''}, ` +
        `and the SARIF upload (code scanning) has them all.`,
    );
  }

  const helpUris = new Map(ctx.rules.map((r) => [r.id, r.helpUri]));
  const perRule = new Map<string, { errors: number; warnings: number }>();
  for (const { m } of findings) {
    const id = m.ruleId ?? 'runbook-lint';
    const count = perRule.get(id) ?? { errors: 0, warnings: 0 };
    if (m.severity === 2) count.errors++;
    else count.warnings++;
    perRule.set(id, count);
  }
  out.push('', '### By rule', '', '| rule | errors | warnings |', '|---|---:|---:|');
  const ranked = [...perRule].sort(
    (a, b) => b[1].errors - a[1].errors || b[1].warnings - a[1].warnings || a[0].localeCompare(b[0]),
  );
  for (const [id, count] of ranked) {
    const uri = helpUris.get(id);
    out.push(`| ${uri ? `[${markdownCell(id)}](${uri})` : markdownCell(id)} | ${count.errors} | ${count.warnings} |`);
  }

  // errors before warnings, each in file and line order
  const shown = [...findings.filter((f) => f.m.severity === 2), ...findings.filter((f) => f.m.severity !== 2)].slice(
    0,
    SUMMARY_MAX_ROWS,
  );
  out.push(
    '',
    findings.length > shown.length ? `### Findings (the first ${shown.length} of ${findings.length})` : '### Findings',
    '',
  );
  out.push('| | location | rule | message |', '|---|---|---|---|');
  for (const { file, m } of shown) {
    const inRepo = repositoryPath(file, cwd, root);
    const where = `${inRepo ?? file}:${m.line}`;
    const location =
      inRepo !== null && link ? `[${markdownCell(where)}](${link(inRepo, m.line)})` : markdownCell(where);
    out.push(
      `| ${m.severity === 2 ? 'error' : 'warning'} | ${location} ` +
        `| ${markdownCell(m.ruleId ?? 'runbook-lint')} | ${markdownCell(messageText(m))} |`,
    );
  }
  if (findings.length > shown.length) {
    out.push(
      '',
      `…and ${findings.length - shown.length} more: the SARIF ` +
        `log (code scanning) and \`--format json\` have every finding.`,
    );
  }
  return `${out.join('\n')}\n`;
};

function messageText(m: LintMessage): string {
  return m.hint ? `${m.message} ${m.hint}` : m.message;
}

/** `https://github.com/OWNER/REPO/blob/SHA/PATH#L12` when the run knows its repository and commit. */
function blobLink(env: Record<string, string | undefined>): ((path: string, line: number) => string) | null {
  const repo = env.GITHUB_REPOSITORY ?? '';
  const sha = env.GITHUB_SHA ?? '';
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  if (
    !/^[\w.-]+\/[\w.-]+$/.test(repo) ||
    !/^[0-9a-f]{7,64}$/i.test(sha) ||
    !/^https?:\/\/[\w.:-]+(\/[\w.-]+)*$/.test(server)
  )
    return null;
  return (path, line) => `${server}/${repo}/blob/${sha}/${path.split('/').map(urlSegment).join('/')}#L${line}`;
}

function urlSegment(s: string): string {
  return encodeURIComponent(s).replace(/[()'*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Text from the runbook as literal Markdown inside a table cell: control, direction and
 * zero-width characters shown (escapeControl), and every character Markdown or GitHub could
 * read as syntax inside a cell (emphasis, links, HTML and entities, pipes, math, mentions,
 * issue references) backslash-escaped.
 */
export function markdownCell(text: string): string {
  return escapeControl(text).replace(/[\\`*_[\]<>|~&$@#]/g, '\\$&');
}
