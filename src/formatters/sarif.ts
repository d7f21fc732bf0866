import { LineIndex } from '../document/line-index.js';
import type { Edit, LintMessage } from '../engine/types.js';
import type { Formatter } from './types.js';

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * SARIF 2.1.0, as GitHub code scanning and other tools read it: the rules with their docs,
 * one result per finding, and safe fixes as SARIF `fixes` (replacements on regions of the
 * file), which markdownlint's SARIF does not carry.
 */
export const sarif: Formatter = (results, ctx) => {
  const ruleIndex = new Map(ctx.rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) => {
    const source = ctx.sources.get(r.filePath);
    const lines = source === undefined ? null : new LineIndex(source);
    const location = { uri: encodeUri(r.filePath), uriBaseId: '%SRCROOT%' };
    return r.messages.map((m) => {
      const result: Record<string, unknown> = {
        ruleId: m.ruleId ?? 'runbook-lint',
        level: m.severity === 2 ? 'error' : 'warning',
        message: { text: messageText(m) },
        locations: [{ physicalLocation: { artifactLocation: location, region: region(m) } }],
      };
      const index = m.ruleId ? ruleIndex.get(m.ruleId) : undefined;
      if (index !== undefined) result.ruleIndex = index;
      const fingerprint = ctx.fingerprints.get(m);
      if (fingerprint) result.partialFingerprints = { 'runbookLint/v1': fingerprint };
      if (m.fix && m.edits && lines) {
        result.fixes = [
          {
            description: { text: m.hint ?? 'Apply the safe fix.' },
            artifactChanges: [{ artifactLocation: location, replacements: m.edits.map((e) => replacement(e, lines)) }],
          },
        ];
      }
      return result;
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
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
              properties: { invariant: r.invariant, fixable: r.fixable, tags: r.invariant ? ['invariant', `invariant-${r.invariant}`] : ['structure'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { description: { text: 'The directory runbook-lint ran in.' } } },
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

function messageText(m: LintMessage): string {
  return [m.message, m.note, m.hint].filter(Boolean).join(' ');
}

function region(m: LintMessage): Region {
  const endColumn = m.endLine === m.line && m.endColumn <= m.column ? m.column + 1 : m.endColumn;
  return { startLine: m.line, startColumn: m.column, endLine: Math.max(m.line, m.endLine), endColumn: Math.max(1, endColumn) };
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
