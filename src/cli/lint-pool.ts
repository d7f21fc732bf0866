import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, freemem, loadavg } from 'node:os';
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
/** a worker's heap over a run of many runbooks (the benchmark: +46 to +155 MB a worker): kept free for each */
const MB_PER_WORKER = 256;

export interface Machine {
  cores: number;
  /** the one-minute load average */
  load: number;
  /** memory free for this process, in MB */
  freeMb: number;
}

/**
 * How many workers lint `files` files; 0 lints them on this thread. `auto` asks for a pool only
 * when more than two cores are free (cores less the load average): on two, one check already
 * keeps both busy (its tagger's thread, V8's collector and compiler), and a pool measured no gain.
 * It also leaves each worker the memory its heap takes.
 */
export function workersFor(concurrency: Concurrency, files: number, given?: Machine): number {
  if (concurrency === 'off') return 0;
  if (typeof concurrency === 'number') {
    const n = Math.min(concurrency, files);
    return n >= 2 ? n : 0;
  }
  // a pre-commit run of a file or two never reads the machine (cgroup files, load, memory)
  if (files < 2 * FILES_PER_WORKER) return 0;
  const machine = given ?? thisMachine();
  const free = Math.floor(machine.cores - machine.load);
  if (free <= 2) return 0;
  const n = Math.min(
    free - 1,
    Math.floor(files / FILES_PER_WORKER),
    Math.floor(machine.freeMb / MB_PER_WORKER),
    MAX_AUTO_WORKERS,
  );
  return n >= 2 ? n : 0;
}

/**
 * Cores, load and memory as this process may use them. In a container, Node 20's core count is
 * the host's, while a CPU quota (cgroup `cpu.max`, or v1's `cfs_quota_us`) may allow two: the
 * smaller counts. The load average is the host's there too, which only makes `auto` more careful.
 */
export function thisMachine(): Machine {
  const quota = process.platform === 'linux' ? cgroupCpus() : null;
  const limit = process.constrainedMemory?.() ?? 0;
  const freeBytes = limit > 0 ? Math.min(freemem(), limit) : freemem();
  return {
    cores: Math.min(availableParallelism(), quota ?? Number.POSITIVE_INFINITY),
    load: loadavg()[0] ?? 0,
    freeMb: freeBytes / (1024 * 1024),
  };
}

/** The CPUs a cgroup's quota allows, or null without a quota (or without cgroups). */
export function cgroupCpus(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): number | null {
  const attempt = (f: () => number | null): number | null => {
    try {
      return f();
    } catch {
      return null;
    }
  };
  const v2 = attempt(() => {
    const [quota, period] = read('/sys/fs/cgroup/cpu.max').trim().split(/\s+/);
    return quota === 'max' || !quota || !period ? null : Number(quota) / Number(period);
  });
  if (v2 !== null) return Number.isFinite(v2) && v2 > 0 ? v2 : null;
  const v1 = attempt(() => {
    const quota = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us').trim());
    const period = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us').trim());
    return quota > 0 && period > 0 ? quota / period : null;
  });
  return v1 !== null && Number.isFinite(v1) && v1 > 0 ? v1 : null;
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
  // tinypool fails a task whose worker throws or runs out of memory, but not one whose worker
  // just ends (process.exit in a worker ends that thread): its task would never settle, and the
  // run would end with nothing said. Any worker ending before close() fails the run instead.
  let closing = false;
  let stopped = false;
  const ended = new Promise<never>((_, fail) => {
    // a worker error while it has no task comes as the pool's 'error' event: unheard, it would crash the run
    pool.on('error', (error: unknown) => {
      if (closing) return;
      stopped = true;
      fail(error instanceof Error ? error : new Error(String(error)));
    });
    for (const thread of pool.threads)
      thread.once('exit', (code: unknown) => {
        if (closing) return;
        stopped = true;
        fail(new Error(`a worker thread stopped (exit code ${String(code)}) before its files were linted`));
      });
  });
  ended.catch(() => undefined);
  // tinypool unrefs its workers: with only them left, Node would end the run before their
  // exit events arrive. This handle keeps it alive until close()
  const alive = setInterval(() => undefined, 1 << 30);
  return {
    lint: (task) => Promise.race([pool.run(task) as Promise<FileLint>, ended]),
    close: async () => {
      closing = true;
      try {
        // after a worker stopped, tinypool's destroy() waits for it forever: the others are
        // terminated without waiting, and the run ends with the error
        if (stopped) for (const thread of pool.threads) void thread.terminate().catch(() => undefined);
        else await pool.destroy();
      } finally {
        clearInterval(alive);
      }
    },
  };
}
