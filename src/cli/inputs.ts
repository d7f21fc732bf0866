import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../errors.js';
import { changedSince } from '../io/changed-since.js';
import { expandPaths } from '../io/expand-paths.js';
import { DEFAULT_MAX_BYTES, decodeSource, readSource, type SourceFile } from '../io/read-source.js';

export const DEFAULT_PATH = 'MIGRATION_RUNBOOK.md';

export interface LoadedFile {
  source: SourceFile;
  /** path relative to the working directory, as reported */
  display: string;
  /** read from standard input: nothing on disk to write */
  fromStdin: boolean;
}

export interface InputOptions {
  stdin?: boolean;
  stdinFilename?: string;
  changedSince?: string;
  maxFileSize?: number;
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
 * Reads every input before linting any, so an unreadable one stops the run with nothing
 * printed: files, directories and globs, standard input, or the Markdown changed since a ref.
 */
export async function gatherInputs(paths: readonly string[], opts: InputOptions, cwd: string, stdin: NodeJS.ReadableStream | undefined): Promise<LoadedFile[]> {
  const maxBytes = opts.maxFileSize !== undefined ? Math.round(opts.maxFileSize * 1024 * 1024) : DEFAULT_MAX_BYTES;
  if (opts.stdin) {
    if (paths.length > 0) throw new UserError('--stdin reads standard input: give no paths (name it with --stdin-filename)');
    if (!stdin) throw new UserError('--stdin: no standard input to read');
    const display = opts.stdinFilename ? displayPath(resolve(cwd, opts.stdinFilename), cwd) : '<stdin>';
    const bytes = await readAll(stdin);
    if (bytes.length > maxBytes) throw new UserError(`${display}: standard input is over the ${(maxBytes / 1048576).toFixed(1)} MB limit; raise it with --max-file-size <MB>`);
    const { body, bom } = decodeSource(display, bytes);
    return [{ source: { path: display, body, bom, bytes, mtimeMs: 0, size: bytes.length }, display, fromStdin: true }];
  }
  if (opts.stdinFilename) throw new UserError('--stdin-filename goes with --stdin');
  let files: string[];
  if (opts.changedSince !== undefined) {
    const changed = changedSince(opts.changedSince, cwd);
    const scope = paths.map((p) => resolve(cwd, p));
    files = scope.length === 0 ? changed : changed.filter((f) => scope.some((s) => f === s || f.startsWith(s + sep)));
  } else {
    const args = paths.length > 0 ? paths : [DEFAULT_PATH];
    try {
      files = await expandPaths(args, cwd);
    } catch (e) {
      if (e instanceof UserError && paths.length === 0) throw new UserError(`${e.message} (with no path, runbook-lint lints ./${DEFAULT_PATH})`);
      throw e;
    }
  }
  return files.map((abs) => {
    const display = displayPath(abs, cwd);
    const source = readSource(abs, maxBytes);
    return { source: { ...source, path: display }, display, fromStdin: false };
  });
}
