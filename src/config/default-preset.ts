import { basename, dirname, sep } from 'node:path';

/**
 * Which presets a file gets when no config file applies to it (and no --config is given): a
 * file whose name or folder says it is a runbook — `*runbook*`, `runbooks/`, `MIGRATION_*`,
 * `*cutover*`, `tasks.md`, any case — gets `runbook-lint:recommended` beside the SMS rules it
 * has always had (those say nothing about a runbook of another migration); any other Markdown
 * file gets only the SMS rules, as before. A config file decides for itself, through `extends`.
 */
export function defaultExtends(filePath: string): string[] | null {
  const name = basename(filePath).toLowerCase();
  const folders = dirname(filePath).toLowerCase().split(sep);
  const runbookLike =
    name.includes('runbook') ||
    name.startsWith('migration_') ||
    name.includes('cutover') ||
    name === 'tasks.md' ||
    folders.includes('runbooks');
  return runbookLike ? ['runbook-lint:recommended', 'runbook-lint:sms-strangler'] : null;
}
