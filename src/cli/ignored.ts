import type { ConfigResolver } from '../config/load.js';
import { Ignores } from '../io/ignores.js';
import type { IgnoreCheck, InputOptions } from './inputs.js';

/**
 * The run's ignore patterns: --ignore-pattern relative to the working directory, and the
 * `ignores` of the config file that applies to each file, relative to that file's folder.
 */
export async function ignoreCheck(opts: InputOptions, configs: ConfigResolver, cwd: string): Promise<IgnoreCheck> {
  const cli = await Ignores.compile(
    (opts.ignorePattern ?? []).map((pattern) => ({ pattern, base: cwd, from: '--ignore-pattern' })),
  );
  return async (abs) => cli.ignores(abs) || (await configs.ignoresFor(abs));
}
