export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** a terminal's width in columns */
  columns?: number;
}

export interface CliIo {
  argv: readonly string[];
  stdin?: NodeJS.ReadableStream;
  stdout: OutStream;
  stderr: OutStream;
  /** where relative paths start; defaults to process.cwd() */
  cwd?: string;
  /** environment for NO_COLOR / FORCE_COLOR; defaults to process.env */
  env?: Record<string, string | undefined>;
}

/** Colour only where a person reads it: a TTY, unless NO_COLOR says otherwise. */
export function wantsColor(
  flag: boolean | undefined,
  out: OutStream,
  env: Record<string, string | undefined>,
): boolean {
  if (flag === false) return false;
  if (flag === true) return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return out.isTTY === true && env.TERM !== 'dumb';
}
