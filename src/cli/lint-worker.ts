import { resolve } from 'node:path';
import { rules } from '../../rules/index.js';
import { ConfigResolver } from '../config/load.js';
import { type FileLint, lintForCheck } from './lint-file.js';

/** What every file of a run shares: the same inputs `check` builds its ConfigResolver from. */
export interface PoolSetup {
  cwd: string;
  configPath: string | null;
  ruleFlags: string[];
  unused: boolean;
}

export interface PoolTask {
  setup: PoolSetup;
  display: string;
  text: string;
}

let resolver: { key: string; configs: ConfigResolver } | null = null;

/**
 * A worker of `check --concurrency`: one file per task, with the built-in rules and the config
 * resolved as the main thread resolves it (the same files, read on this thread), kept for the
 * worker's next files.
 */
export default async function lintInWorker(task: PoolTask): Promise<FileLint> {
  const { setup } = task;
  const key = JSON.stringify(setup);
  if (resolver?.key !== key) {
    resolver = { key, configs: new ConfigResolver(rules, setup.configPath, setup.ruleFlags, setup.cwd) };
  }
  const config = await resolver.configs.forFile(resolve(setup.cwd, task.display));
  return lintForCheck(task.text, task.display, config, rules, setup.unused);
}
