import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { changedSince } from '../io/changed-since.js';
import { expandPaths, type FoundFile } from '../io/expand-paths.js';
import { DEFAULT_MAX_BYTES, decodeSource, readSource, type SourceFile } from '../io/read-source.js';

export const DEFAULT_PATH = 'MIGRATION_RUNBOOK.md';

export interface LoadedFile {
  source: SourceFile;
  /** path relative to the working directory, as reported */
  display: string;
  /** read from standard input: nothing on disk to write */
  fromStdin: boolean;
  /** absolute path on disk (null for standard input) */
  abs: string | null;
  /** the tree the user named it through: --write may not leave it */
  root: string | null;
}

/** An input that could not be read: reported as a fatal message for that file alone. */
export interface FailedFile {
  display: string;
  error: string;
}

export interface Inputs {
  files: LoadedFile[];
  failed: FailedFile[];
  /** every display name in the order found: results are reported in it */
  order: string[];
  /** how many files the ignore patterns left out */
  ignored: number;
}

/** Whether a found file is left out (config `ignores`, --ignore-pattern). */
export type IgnoreCheck = (absPath: string) => Promise<boolean>;

export interface InputOptions {
  stdin?: boolean;
  stdinFilename?: string;
  changedSince?: string;
  maxFileSize?: number;
  ignorePattern?: string[];
}

export function displayPath(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel === '' || isAbsolute(rel) ? abs : rel.split(sep).join('/');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Reads every input before linting any: files, directories and globs, standard input, or the
 * Markdown changed since a ref. A path that names nothing is a usage error; a file that cannot
 * be read (binary, not UTF-8, too large, no permission) is set aside as failed, and the run goes
 * on with the others, unless none could be read at all.
 */
export async function gatherInputs(
  paths: readonly string[],
  opts: InputOptions,
  cwd: string,
  stdin: NodeJS.ReadableStream | undefined,
  isIgnored: IgnoreCheck = async () => false,
): Promise<Inputs> {
  const maxBytes = opts.maxFileSize !== undefined ? Math.round(opts.maxFileSize * 1024 * 1024) : DEFAULT_MAX_BYTES;
  if (opts.stdin) {
    if (paths.length > 0)
      throw new UserError('--stdin reads standard input: give no paths (name it with --stdin-filename)');
    if (!stdin) throw new UserError('--stdin: no standard input to read');
    const display = opts.stdinFilename ? displayPath(resolve(cwd, opts.stdinFilename), cwd) : '<stdin>';
    const bytes = await readAll(stdin);
    if (bytes.length > maxBytes)
      throw new UserError(
        `${display}: standard input is over the ${(maxBytes / 1048576).toFixed(1)} ` +
          `MB limit; raise it with --max-file-size <MB>`,
      );
    const { body, bom } = decodeSource(display, bytes);
    return {
      files: [
        {
          source: { path: display, body, bom, bytes, mtimeMs: 0, size: bytes.length },
          display,
          fromStdin: true,
          abs: null,
          root: null,
        },
      ],
      failed: [],
      order: [display],
      ignored: 0,
    };
  }
  if (opts.stdinFilename) throw new UserError('--stdin-filename goes with --stdin');
  let found: FoundFile[];
  if (opts.changedSince !== undefined) {
    const changed = changedSince(opts.changedSince, cwd);
    const scope = paths.map((p) => resolve(cwd, p));
    const files =
      scope.length === 0
        ? changed.files
        : changed.files.filter((f) => scope.some((s) => f === s || f.startsWith(s + sep)));
    found = files.map((path) => ({ path, root: changed.root }));
  } else {
    const args = paths.length > 0 ? paths : [DEFAULT_PATH];
    try {
      found = await expandPaths(args, cwd);
    } catch (e) {
      if (e instanceof UserError && paths.length === 0)
        throw new UserError(`${e.message} (with no path, runbook-lint lints ./${DEFAULT_PATH})`);
      throw e;
    }
  }
  const files: LoadedFile[] = [];
  const failed: FailedFile[] = [];
  const order: string[] = [];
  let ignored = 0;
  for (const { path: abs, root, error } of found) {
    if (await isIgnored(abs)) {
      ignored++;
      continue;
    }
    const display = displayPath(abs, cwd);
    order.push(display);
    if (error !== undefined) {
      failed.push({ display, error });
      continue;
    }
    try {
      const source = readSource(abs, maxBytes, display);
      files.push({ source, display, fromStdin: false, abs, root });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      failed.push({
        display,
        error: e.message.startsWith(`${display}: `) ? e.message.slice(display.length + 2) : e.message,
      });
    }
  }
  if (files.length === 0 && failed.length > 0) {
    const first = failed[0] as FailedFile;
    const more =
      failed.length > 1
        ? ` (and ${failed.length - 1} other file${failed.length === 2 ? '' : 's'}: none could be read)`
        : '';
    throw new UserError(`${first.display}: ${first.error}${more}`);
  }
  return { files, failed, order, ignored };
}

/** The message for a run left with nothing to lint, which is not a failure (a hook on other files). */
export function nothingToLint(inputs: Inputs, opts: InputOptions): string {
  if (inputs.ignored > 0)
    return (
      `✔ Nothing to lint: the ${inputs.ignored === 1 ? 'file is' : `${inputs.ignored} files are`} ` +
      `ignored (config "ignores" or --ignore-pattern).`
    );
  return `✔ No Markdown files changed since ${opts.changedSince ?? 'the given ref'}.`;
}
