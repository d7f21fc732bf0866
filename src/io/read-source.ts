import { readFileSync, statSync, type Stats } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * Runbooks are tens or hundreds of KB; 5 MB takes ~20 s to lint (about 400 ms per 100 KB) and
 * much larger files exhaust the default heap, so past this the user decides (--max-file-size).
 */
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface SourceFile {
  /** the path as the user gave it (or as found under a directory) */
  path: string;
  /** the content without a byte-order mark: what rules see and offsets refer to */
  body: string;
  /** whether the file started with a UTF-8 byte-order mark (kept on write) */
  bom: boolean;
  /** what was read, to refuse a write over a file that changed since */
  mtimeMs: number;
  size: number;
  bytes: Buffer;
}

/** Decodes Markdown bytes, refusing what is not UTF-8 text with a message naming the byte. */
export function decodeSource(path: string, bytes: Buffer): { body: string; bom: boolean } {
  const scanLimit = Math.min(bytes.length, 64 * 1024);
  const nul = bytes.subarray(0, scanLimit).indexOf(0);
  if (nul >= 0)
    throw new UserError(
      `${path}: looks like a binary file (NUL byte at offset ${nul}); runbook-lint reads UTF-8 Markdown`,
    );
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) throw new UserError(`${path}: invalid UTF-8 at byte offset ${bad}; save the file as UTF-8`);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { body: bytes.toString('utf8', bom ? 3 : 0), bom };
}

/** Reads one file; `display` is how messages name it. */
export function readSource(path: string, maxBytes = DEFAULT_MAX_BYTES, display = path): SourceFile {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new UserError(`${display}: ${describeIoError(e)}`);
  }
  if (stat.isDirectory()) throw new UserError(`${display}: is a directory`);
  // a FIFO or a device would block or never end: only regular files are runbooks
  if (!stat.isFile()) throw new UserError(`${display}: is not a regular file`);
  if (stat.size > maxBytes) {
    throw new UserError(
      `${display}: ${mb(stat.size)} is over the ${mb(maxBytes)} limit; raise it with --max-file-size <MB>`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${display}: ${describeIoError(e)}`);
  }
  const { body, bom } = decodeSource(display, bytes);
  return { path: display, body, bom, mtimeMs: stat.mtimeMs, size: stat.size, bytes };
}

export function describeIoError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    default:
      return code ? `cannot read (${code})` : `cannot read (${(e as Error).message})`;
  }
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Offset of the first byte that breaks UTF-8, or -1; one linear pass. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
