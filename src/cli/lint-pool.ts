import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError } from '../errors.js';
import { packageInfo } from '../package-info.js';
import type { FileLint } from './lint-file.js';
import type { PoolTask } from './lint-worker.js';

/** `--concurrency`: a number of worker threads, `auto` (the default) or `off`. */
export type Concurrency = number | 'auto' | 'off';

export function parseConcurrency(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value;
  if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 64) return Number(value);
  throw new UserError(`--concurrency ${value}: expected a number of threads (1–64), auto or off`);
}

/**
 * A worker starts as a process does (the bundle, the grammars, the tagger: ~0.3 s of CPU on this
 * machine) before its first file: with fewer files each, a pool spends more than it saves.
 */
export const FILES_PER_WORKER = 4;
const MAX_AUTO_WORKERS = 8;

/**
 * How many workers lint `files` files; 0 lints them on this thread. `auto` asks for a pool only
 * when more than two cores are free (cores less the load average): on two, one check already
 * keeps both busy (its tagger's thread, V8's collector and compiler), and a pool measured no gain.
 */
export function workersFor(
  concurrency: Concurrency,
  files: number,
  machine: { cores: number; load: number } = { cores: availableParallelism(), load: loadavg()[0] ?? 0 },
): number {
  if (concurrency === 'off') return 0;
  if (typeof concurrency === 'number') {
    const n = Math.min(concurrency, files);
    return n >= 2 ? n : 0;
  }
  const free = Math.floor(machine.cores - machine.load);
  if (free <= 2) return 0;
  const n = Math.min(free - 1, Math.floor(files / FILES_PER_WORKER), MAX_AUTO_WORKERS);
  return n >= 2 ? n : 0;
}

export interface LintPool {
  lint(task: PoolTask): Promise<FileLint>;
  close(): Promise<void>;
}

/**
 * Worker threads running dist/lint-worker.js, or null where this code does not run from the
 * built package (the tests that import src/ lint on their own thread; the CLI's always has it).
 */
export async function openLintPool(workers: number): Promise<LintPool | null> {
  const dist = join(packageInfo().root, 'dist');
  const file = join(dist, 'lint-worker.js');
  if (!fileURLToPath(import.meta.url).startsWith(dist + sep) || !existsSync(file)) return null;
  const { Tinypool } = await import('tinypool');
  const pool = new Tinypool({ filename: pathToFileURL(file).href, minThreads: workers, maxThreads: workers });
  return {
    lint: (task) => pool.run(task) as Promise<FileLint>,
    close: () => pool.destroy(),
  };
}
