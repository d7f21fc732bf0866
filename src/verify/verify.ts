import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { ResolvedConfig } from '../config/load.js';
import { Runbook } from '../document/index.js';
import { summarize } from '../engine/lint.js';
import type { LintMessage, LintResult, Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { findRepoRoot, GitIgnore } from '../io/gitignore.js';
import { type ClaimedPath, claimedPaths } from './claimed-paths.js';
import { driftFindings } from './drift.js';
import { lintRepositoryCode } from './repo-code.js';

export interface VerifyInput {
  /** the runbook, absolute */
  runbookPath: string;
  /** as the runbook's findings name it (relative to the cwd) */
  runbookDisplay: string;
  runbookText: string;
  /** the repository root; default: the repository holding the runbook, else its folder */
  root?: string;
  config: ResolvedConfig;
  rules: readonly Rule<unknown>[];
  cwd: string;
  progress?: { read(done: number, total: number): void; checking(total: number): void };
}

/** Rule ids of verify's own findings (the code findings keep the rule that made them). */
export const MISSING_PATH = 'verify/missing-path';

/**
 * `verify`: do the repository and the runbook agree? Two checks, each reported where a
 * reviewer acts on it: a file the runbook says to create or change that the tree does not
 * have, on the runbook's line; and the invariant rules over the repository's real PHP and Go
 * files, on the source file's line. One result per file, in the order runbook first, then the
 * files by path.
 */
export interface Verified {
  results: LintResult[];
  root: string;
  files: number;
  /** every path the runbook claims, and whether the tree has it */
  claims: (ClaimedPath & { line: number; exists: boolean })[];
  /** the findings of each repository file, by its path relative to the root */
  byFile: Map<string, LintMessage[]>;
}

export async function verify(input: VerifyInput): Promise<Verified> {
  const root = resolve(input.root ?? findRepoRoot(dirname(input.runbookPath)) ?? dirname(input.runbookPath));
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`--root ${root}: not a folder`);
  const runbook = new Runbook(input.runbookText);
  const missing: LintMessage[] = [];
  const claims: Verified['claims'] = [];
  for (const claim of claimedPaths(runbook)) {
    const exists = existsSync(join(root, claim.path));
    claims.push({ ...claim, line: runbook.lines.pointAt(claim.range[0]).line, exists });
    if (exists) continue;
    const from = runbook.lines.pointAt(claim.range[0]);
    const to = runbook.lines.pointAt(claim.range[1]);
    const where = claim.section ? `"${claim.section.title}"` : 'the runbook';
    missing.push({
      ruleId: MISSING_PATH,
      severity: 2,
      invariant: null,
      message: `\`${claim.path}\` is not in the repository, but ${where} says to ${verbOf(claim.how)} it.`,
      hint: 'Create the file as the step says, or correct the path in the runbook.',
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
    });
  }
  const files = await codeFiles(root, input.config.settings.codeGlobs);
  const found = await lintRepositoryCode({
    root,
    files,
    config: input.config,
    rules: input.rules,
    ...(input.progress ? { progress: input.progress } : {}),
  });
  // every file read gets its result, empty when it agrees, as check gives every file linted
  const byFile = new Map<string, LintMessage[]>(files.map((f) => [relative(root, f).split(sep).join('/'), []]));
  for (const f of found) byFile.get(f.file)?.push(f.message);
  for (const d of await driftFindings({ runbook, runbookDisplay: input.runbookDisplay, root })) {
    const list = byFile.get(d.file);
    if (list) list.push(d.message);
    else byFile.set(d.file, [d.message]);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.line - b.line || a.column - b.column);
  const display = (file: string): string => relative(input.cwd, join(root, file)).split(sep).join('/') || file;
  const results = [summarize(input.runbookDisplay, missing)];
  for (const file of [...byFile.keys()].sort()) results.push(summarize(display(file), byFile.get(file) ?? []));
  return { results, root, files: files.length, claims, byFile };
}

function verbOf(how: 'heading' | 'procedure' | 'code block'): string {
  return how === 'code block' ? 'put its code block in' : 'create or change';
}

/** The repository's files matching the globs, .gitignore honoured, sorted; never node_modules or vendor. */
async function codeFiles(root: string, globs: readonly string[]): Promise<string[]> {
  const { globSync } = await import('tinyglobby');
  const gitignore = new GitIgnore(root);
  return globSync([...globs], {
    cwd: root,
    absolute: true,
    onlyFiles: true,
    dot: false,
    // a link to / or to a parent would walk the whole disk, or loop
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**', '**/vendor/**', '**/.git/**'],
  })
    .filter((f) => !gitignore.ignores(f))
    .sort();
}
