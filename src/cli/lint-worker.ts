import { rules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/load.js';
import { type FileLint, lintForCheck } from './lint-file.js';

/** One file for a worker, with the config the main thread resolved for it (plain data and a Map: cloned whole). */
export interface PoolTask {
  display: string;
  text: string;
  config: ResolvedConfig;
  unused: boolean;
}

/**
 * A worker of `check --concurrency`: one file per task, with the built-in rules. The config
 * comes with the task rather than being read again here, so the result is the one the main
 * thread's cache key describes, and a config error is reported by the main thread alone.
 */
export default async function lintInWorker(task: PoolTask): Promise<FileLint> {
  return lintForCheck(task.text, task.display, task.config, rules, task.unused);
}
