import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findConfigFile } from '../config/load.js';

/**
 * `--cache`: a check whose inputs did not change answers from the cache without loading the
 * linter at all (this module uses Node built-ins and the config finder only; the bin imports
 * it before anything else). The key covers everything the output depends on: the tool's own
 * build, the arguments, the working directory, colour settings, each file's content, the
 * config files that apply and a baseline. Only plain `check` runs that print to standard
 * output are cached; anything else simply runs.
 */

export interface CachedRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface CacheSlot {
  file: string;
  hit: CachedRun | null;
}

const VALUE_OPTIONS = new Set(['-f', '--format', '-c', '--config', '--rule', '--max-warnings', '--max-file-size', '--baseline', '--cache-location']);
const PLAIN_OPTIONS = new Set(['--cache', '-q', '--quiet', '--color', '--no-color', '--report-unused-disable-directives']);

export function cacheSlot(argv: readonly string[], cwd: string, env: Record<string, string | undefined>, isTTY: boolean): CacheSlot | null {
  if (!argv.includes('--cache')) return null;
  const paths: string[] = [];
  let location: string | null = null;
  let config: string | null = null;
  let baseline: string | null = null;
  let sawCommand = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i] as string;
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (VALUE_OPTIONS.has(arg)) {
      value ??= argv[++i];
      if (value === undefined) return null;
      if (arg === '--cache-location') location = value;
      if (arg === '-c' || arg === '--config') config = value;
      if (arg === '--baseline') baseline = value;
      if ((arg === '-f' || arg === '--format') && value.includes('=')) return null;
    } else if (PLAIN_OPTIONS.has(arg)) {
      continue;
    } else if (arg.startsWith('-')) {
      return null;
    } else if (!sawCommand && paths.length === 0 && arg === 'check') {
      sawCommand = true;
    } else paths.push(arg);
  }
  const files = (paths.length > 0 ? paths : ['MIGRATION_RUNBOOK.md']).map((p) => resolve(cwd, p));
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ argv, cwd, env: [env.NO_COLOR, env.FORCE_COLOR, env.TERM], isTTY, build: buildStamp() }));
  for (const file of files) {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return null;
    }
    if (!stat.isFile()) return null;
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
    const cfg = config ? resolve(cwd, config) : findConfigFile(dirname(file));
    hash.update(cfg ?? '-').update('\0');
    if (cfg && existsSync(cfg)) hash.update(readFileSync(cfg));
  }
  if (baseline) {
    const b = resolve(cwd, baseline);
    if (existsSync(b)) hash.update(readFileSync(b));
  }
  const dir = location ? resolve(cwd, location) : join(cwd, 'node_modules', '.cache', 'runbook-lint');
  const file = join(dir, `${hash.digest('hex').slice(0, 40)}.json`);
  let hit: CachedRun | null = null;
  try {
    hit = JSON.parse(readFileSync(file, 'utf8')) as CachedRun;
  } catch {
    hit = null;
  }
  return { file, hit };
}

export function storeRun(slot: CacheSlot, run: CachedRun): void {
  if (run.exitCode > 1) return;
  try {
    mkdirSync(dirname(slot.file), { recursive: true });
    const temp = `${slot.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(run));
    renameSync(temp, slot.file);
  } catch {
    // a cache that cannot be written is only a slower next run
  }
}

/** The linter's own build: a rebuilt bundle invalidates every entry. */
function buildStamp(): string {
  const here = fileURLToPath(import.meta.url);
  try {
    const s = statSync(join(dirname(here), 'main.js'));
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    const s = statSync(here);
    return `${s.size}:${s.mtimeMs}`;
  }
}
