import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { lintText } from '../engine/lint.js';
import type { LintMessage, Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { DEFAULT_MAX_BYTES, decodeSource } from '../io/read-source.js';

/** The rules whose findings are about code: the invariants as the code keeps them or breaks them. */
export const CODE_RULES = [
  'single-execution-authority',
  'uuid-once',
  'sole-log-writer',
  'quota-safety',
  'timeout-budget',
  'dry-run-isolation',
  'no-recipient-lookup',
];

/** A finding in one of the repository's files, at that file's line and column. */
export interface CodeFinding {
  /** relative to the repository root, with `/` */
  file: string;
  message: LintMessage;
}

interface Placed {
  file: string;
  /** document line of the file's first line */
  firstLine: number;
  lines: number;
}

/**
 * The invariant rules over the repository's real files. The files become one document, each
 * a fenced block under a heading that names its path — the shape the rules read in a runbook,
 * so calls resolve across files as they do across a runbook's blocks, and a block knows its
 * file (and so its class). Only findings inside a file's code are kept, moved to that file's
 * line and column: a finding about the document's prose or its missing sections (it has none)
 * says nothing about the code.
 */
export async function lintRepositoryCode(opts: {
  root: string;
  files: readonly string[];
  config: ResolvedConfig;
  rules: readonly Rule<unknown>[];
  /** after each file read, and once before the files are checked together */
  progress?: { read(done: number, total: number): void; checking(total: number): void };
}): Promise<CodeFinding[]> {
  const parts: string[] = ['# Repository code', ''];
  const placed: Placed[] = [];
  let line = 3;
  const skipped: CodeFinding[] = [];
  for (const abs of opts.files) {
    const file = relative(opts.root, abs).split(sep).join('/');
    const read = readCode(abs, file);
    if (typeof read !== 'string') {
      skipped.push({ file, message: read });
      continue;
    }
    const text = read;
    const lang = abs.endsWith('.go') ? 'go' : 'php';
    const fence = fenceFor(text);
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    const count = body.split('\n').length;
    parts.push(`## \`${file}\``, '', `${fence}${lang}`, body, fence, '');
    placed.push({ file, firstLine: line + 3, lines: count });
    line += 3 + count + 2;
    opts.progress?.read(placed.length, opts.files.length);
  }
  opts.progress?.checking(opts.files.length);
  const only = new Set(CODE_RULES);
  const rules = new Map(opts.config.rules);
  for (const [id, setting] of rules) if (!only.has(id)) rules.set(id, { ...setting, severity: 0 });
  const { result } = await lintText({
    text: parts.join('\n'),
    filePath: join(opts.root, 'repository-code.md'),
    config: { ...opts.config, rules },
    rules: opts.rules,
  });
  const out: CodeFinding[] = [...skipped];
  for (const m of result.messages) {
    if (m.ruleId === null) continue;
    const at = placed.find((p) => m.line >= p.firstLine && m.line < p.firstLine + p.lines);
    if (!at) continue;
    const endLine = Math.min(m.endLine ?? m.line, at.firstLine + at.lines - 1);
    const moved: LintMessage = {
      ...m,
      message: sourceLines(m.message, placed),
      line: m.line - at.firstLine + 1,
      endLine: endLine - at.firstLine + 1,
    };
    // the fix is an edit of the runbook-shaped document, not of the file
    delete moved.fix;
    delete moved.suggestions;
    delete moved.edits;
    delete moved.fixKind;
    delete moved.fixDescription;
    delete moved.fixDeletes;
    out.push({ file: at.file, message: moved });
  }
  return out;
}

/** "(line 762)" in a message names a line of the assembled document: it becomes the file's own, "(app/X.php:41)". */
function sourceLines(text: string, placed: readonly Placed[]): string {
  return text.replace(/\bline (\d+)\b/g, (whole, n: string) => {
    const line = Number(n);
    const at = placed.find((p) => line >= p.firstLine && line < p.firstLine + p.lines);
    return at ? `${at.file}:${line - at.firstLine + 1}` : whole;
  });
}

/**
 * A file's text, or why it was not checked — too big, binary, not UTF-8 — as the contract's
 * fatal message on that file (severity 2, `fatal: true`, no rule), as check gives a file it
 * cannot lint: the rest are checked, and the run does not pass unseen.
 */
function readCode(abs: string, file: string): string | LintMessage {
  const notChecked = (why: string): LintMessage => ({
    ruleId: null,
    severity: 2,
    fatal: true,
    invariant: null,
    message: `Not checked: ${why}.`,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
  });
  try {
    if (statSync(abs).size > DEFAULT_MAX_BYTES)
      return notChecked(`larger than ${DEFAULT_MAX_BYTES / 1048576} MB, which no hand-written source is`);
    return decodeSource(file, readFileSync(abs)).body.replace(/\r\n?/g, '\n');
  } catch (e) {
    if (e instanceof UserError) return notChecked(e.message.slice(file.length + 2));
    return notChecked(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
export function fenceFor(text: string): string {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(longest + 1);
}
