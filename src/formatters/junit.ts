import type { LintMessage } from '../engine/types.js';
import { escapeControl } from './escape.js';
import type { Formatter } from './types.js';

/**
 * Runbook text and file names as a reader of the report must see them: control, bidi and
 * zero-width characters in visible notation (`\x1b`, `\u202e`), then XML-escaped. XML 1.0
 * forbids most control characters even escaped, and lone surrogates: anything of that kind
 * still left is replaced.
 */
function xml(s: string): string {
  return xmlStructure(escapeControl(s));
}

/** XML-escapes text whose line breaks are the report's own (the failure body). */
function xmlStructure(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function testcase(file: string, m: LintMessage): string {
  const rule = m.ruleId ?? 'runbook-lint';
  const where = `${file}:${m.line}:${m.column}`;
  const body = [where, m.message, m.note ? `Why: ${m.note}` : '', m.hint ? `Fix: ${m.hint}` : '']
    .filter(Boolean)
    .map(escapeControl)
    .join('\n');
  const message = m.severity === 2 ? m.message : `warning: ${m.message}`;
  return [
    `    <testcase classname="${xml(file)}" name="${xml(`${rule} at ${m.line}:${m.column}`)}" ` +
      `file="${xml(file)}" line="${m.line}">`,
    `      <failure type="${xml(rule)}" message="${xml(message)}">${xmlStructure(body)}</failure>`,
    '    </testcase>',
  ].join('\n');
}

/**
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure): a suite per file, a failing test
 * case per finding; a clean file gets one passing case so it still shows up.
 */
export const junit: Formatter = (results) => {
  let tests = 0;
  let failures = 0;
  const suites = results.map((r) => {
    const cases = r.messages.map((m) => testcase(r.filePath, m));
    const count = Math.max(1, r.messages.length);
    tests += count;
    failures += r.messages.length;
    const body =
      cases.length > 0
        ? cases.join('\n')
        : `    <testcase classname="${xml(r.filePath)}" name="runbook-lint" file="${xml(r.filePath)}"/>`;
    return (
      `  <testsuite name="${xml(r.filePath)}" tests="${count}" ` +
      `failures="${r.messages.length}" errors="0" skipped="0">\n${body}\n  </testsuite>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="runbook-lint" ` +
    `tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`
  );
};
