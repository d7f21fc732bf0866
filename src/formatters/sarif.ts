import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../document/line-index.js';
import type { Edit, LintMessage } from '../engine/types.js';
import type { Formatter } from './types.js';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** GitHub code scanning accepts at most this many results per run; it rejects the upload above it. */
export const MAX_SARIF_RESULTS = 25_000;

/**
 * The repository that holds `cwd`: the nearest folder at or above it with a `.git` entry
 * (a folder, or a file in worktrees and submodules). Outside a repository, `cwd` itself.
 */
export function repositoryRoot(cwd: string): string {
  const start = resolve(cwd);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/** A reported path relative to the repository root, with `/` separators; null when it lies outside it. */
export function repositoryPath(filePath: string, cwd: string, root: string): string | null {
  const rel = relative(root, resolve(cwd, filePath));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

/**
 * SARIF 2.1.0, as GitHub code scanning and other tools read it: the rules with their docs,
 * one result per finding, and safe fixes as SARIF `fixes` (replacements on regions of the
 * file), which markdownlint's SARIF does not carry. Paths are relative to the repository root
 * (`%SRCROOT%`), whatever folder the run started in.
 */
export const sarif: Formatter = (results, ctx) => {
  const cwd = ctx.cwd ?? process.cwd();
  const root = repositoryRoot(cwd);
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.id, i]));
  // a file that could not be linted is not a finding in it: SARIF says so as a notification
  const unlinted: Record<string, unknown>[] = [];
  const all = results.flatMap((r) => {
    const source = ctx.sources.get(r.filePath);
    const lines = source === undefined ? null : new LineIndex(source);
    const inRepo = repositoryPath(r.filePath, cwd, root);
    const location =
      inRepo !== null
        ? { uri: encodeUri(inRepo), uriBaseId: '%SRCROOT%' }
        : { uri: pathToFileURL(resolve(cwd, r.filePath)).href };
    // GitHub merges results with equal fingerprints into one alert: two findings of one rule on
    // one line (or on two lines with the same text under the same heading) get an occurrence
    // number, counted in file order, so each keeps its own alert from run to run
    const seen = new Map<string, number>();
    for (const m of r.messages) {
      if (!m.fatal) continue;
      unlinted.push({
        level: 'error',
        descriptor: { id: 'file-not-linted' },
        message: { text: `${r.filePath}: ${m.message}` },
        locations: [{ physicalLocation: { artifactLocation: location } }],
      });
    }
    return r.messages
      .filter((m) => !m.fatal)
      .map((m) => {
        const result: Record<string, unknown> = {
          ruleId: m.ruleId ?? 'runbook-lint',
          level: m.severity === 2 ? 'error' : 'warning',
          message: { text: messageText(m) },
          locations: [{ physicalLocation: { artifactLocation: location, region: region(m) } }],
        };
        const index = m.ruleId ? ruleIndex.get(m.ruleId) : undefined;
        if (index !== undefined) result.ruleIndex = index;
        const fingerprint = ctx.fingerprints.get(m);
        if (fingerprint) {
          const occurrence = (seen.get(fingerprint) ?? 0) + 1;
          seen.set(fingerprint, occurrence);
          result.partialFingerprints = {
            'runbookLint/v1': occurrence === 1 ? fingerprint : `${fingerprint}:${occurrence}`,
          };
        }
        if (m.fix && m.edits && lines) {
          result.fixes = [
            {
              description: { text: m.hint ?? 'Apply the safe fix.' },
              artifactChanges: [
                { artifactLocation: location, replacements: m.edits.map((e) => replacement(e, lines)) },
              ],
            },
          ];
        }
        return result;
      });
  });
  const { kept, dropped } = capResults(all);
  const notifications: Record<string, unknown>[] = [...unlinted];
  if (dropped > 0)
    notifications.push({
      level: 'warning',
      descriptor: { id: 'results-truncated' },
      message: {
        text:
          `${all.length} findings; only the first ${kept.length} are ` +
          `in this log (errors before warnings), ${dropped} were left ` +
          `out: GitHub code scanning accepts at most ${MAX_SARIF_RESULTS} ` +
          `results per run. Run runbook-lint with --format json for all of them.`,
      },
    });
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: ctx.tool.name,
        version: ctx.tool.version,
        semanticVersion: ctx.tool.version,
        informationUri: ctx.tool.informationUri,
        rules: ctx.rules.map((r) => ({
          id: r.id,
          shortDescription: { text: r.description },
          fullDescription: { text: r.rationale },
          helpUri: r.helpUri,
          help: { text: `${r.description} See ${r.helpUri}` },
          defaultConfiguration: { level: r.defaultSeverity === 'error' ? 'error' : 'warning' },
          properties: {
            invariant: r.invariant,
            fixable: r.fixable,
            tags: r.invariant ? ['invariant', `invariant-${r.invariant}`] : ['structure'],
          },
        })),
      },
    },
    invocations: [
      { executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) },
    ],
    columnKind: 'utf16CodeUnits',
    originalUriBaseIds: {
      '%SRCROOT%': {
        uri: directoryUri(root),
        description: {
          text: existsSync(join(root, '.git'))
            ? 'The root of the git repository runbook-lint ran in.'
            : 'The directory runbook-lint ran in (not inside a git repository).',
        },
      },
    },
    results: kept,
  };
  if (dropped > 0)
    run.properties = { resultsTotal: all.length, resultsDropped: dropped, resultsLimit: MAX_SARIF_RESULTS };
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** The first MAX_SARIF_RESULTS results, errors before warnings, each group in file order. */
function capResults(all: Record<string, unknown>[]): { kept: Record<string, unknown>[]; dropped: number } {
  if (all.length <= MAX_SARIF_RESULTS) return { kept: all, dropped: 0 };
  const errors = all.filter((r) => r.level === 'error');
  const warnings = all.filter((r) => r.level !== 'error');
  const kept = [...errors, ...warnings].slice(0, MAX_SARIF_RESULTS);
  return { kept, dropped: all.length - kept.length };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function messageText(m: LintMessage): string {
  return [m.message, m.note, m.hint].filter(Boolean).join(' ');
}

function region(m: LintMessage): Region {
  const endColumn = m.endLine === m.line && m.endColumn <= m.column ? m.column + 1 : m.endColumn;
  return {
    startLine: m.line,
    startColumn: m.column,
    endLine: Math.max(m.line, m.endLine),
    endColumn: Math.max(1, endColumn),
  };
}

function replacement(e: Edit, lines: LineIndex): Record<string, unknown> {
  const from = lines.pointAt(e.range[0]);
  const to = lines.pointAt(e.range[1]);
  return {
    deletedRegion: { startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column },
    insertedContent: { text: e.text },
  };
}

/** A relative path as a URI reference: each segment percent-encoded, slashes kept. */
function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
