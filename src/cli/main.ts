import { Command, CommanderError, Option } from 'commander';
import { rules as allRules } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { escapeControl } from '../formatters/escape.js';
import { runCheck, type CheckOptions } from './check.js';
import type { FixCommandOptions } from './fix-command.js';
import type { CliIo } from './streams.js';
import { packageInfo } from '../package-info.js';

export type { CliIo } from './streams.js';

/**
 * The whole command line as a function: parses argv, runs, writes to the given streams and
 * returns the exit code. It never calls process.exit, so tests run it in-process.
 */
export async function main(io: CliIo, rules: readonly Rule<unknown>[] = allRules): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  let exit = 0;
  const program = buildProgram(io, rules, cwd, (code) => {
    exit = code;
  });
  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return exit;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version arrive here too, with exit code 0
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof UserError) {
      io.stderr.write(`runbook-lint: ${escapeControl(e.message)}\n`);
      return 2;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr.write(
      `runbook-lint: internal error: ${escapeControl(err.message.split('\n')[0] ?? '')} ` +
        `(please report it; set DEBUG=runbook-lint for the stack)\n`,
    );
    if ((io.env ?? process.env).DEBUG?.includes('runbook-lint')) io.stderr.write(`${err.stack ?? ''}\n`);
    return 2;
  }
}

function buildProgram(
  io: CliIo,
  rules: readonly Rule<unknown>[],
  cwd: string,
  setExit: (code: number) => void,
): Command {
  const program = new Command('runbook-lint')
    .description('Lint and harden Markdown migration runbooks.')
    .version(packageInfo().version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nOptions of the default command: runbook-lint check --help\n' +
        'Exit codes: 0 no errors, 1 errors found (or too many warnings), ' +
        '2 usage, configuration or I/O error.',
    )
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`runbook-lint: ${escapeControl(s.replace(/^error: /, '').trimEnd())}\n`),
    });

  withInputOptions(
    program
      .command('check', { isDefault: true })
      .description('lint runbooks (default command); with no path, ./MIGRATION_RUNBOOK.md')
      .argument('[paths...]', 'files, directories or globs'),
  )
    .option(
      '-f, --format <name[=file]>',
      'stylish, json, sarif, github, junit or summary; repeat with =FILE to write several',
      collect,
      [],
    )
    .option('-o, --output-file <file>', 'write the (single) format to this file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount, -1)
    .option('-q, --quiet', 'report errors only')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour, even on a terminal')
    .option('--report-unused-disable-directives', 'report runbook-lint-disable comments that silence nothing')
    .option('--baseline <file>', 'do not report findings recorded in this baseline; report stale entries')
    .option('--update-baseline', 'record the current findings in the --baseline file and exit 0')
    .option('--cache', 'answer an unchanged check from the cache (files, config, arguments and build unchanged)')
    .option('--cache-location <dir>', 'where --cache keeps its entries (default node_modules/.cache/runbook-lint)')
    .action(async (paths: string[], opts: CheckOptions) => {
      setExit(await runCheck(paths, opts, io, rules));
    });

  withFixOptions(
    program
      .command('fix')
      .description('print a unified diff of the safe fixes (apply it with git apply, or use --write)')
      .argument('[paths...]', 'files, directories or globs'),
  )
    .option(
      '--write',
      'apply the fixes in place (atomic; refuses a file changed since it was read); with --stdin, print the fixed text',
    )
    .option('--report <file.md>', 'also write the Part A–D report to this file')
    .action(async (paths: string[], opts: FixCommandOptions) => {
      const { runFix } = await import('./fix-command.js');
      setExit(await runFix(paths, opts, io, rules));
    });

  withFixOptions(
    program
      .command('report')
      .description('the Part A–D report of what fix would change; exit 1 when an invariant is not enforced')
      .argument('[paths...]', 'files, directories or globs'),
  )
    .option('-f, --format <format>', 'markdown or json', 'markdown')
    .action(async (paths: string[], opts: FixCommandOptions) => {
      const { runReport } = await import('./fix-command.js');
      setExit(await runReport(paths, opts, io, rules));
    });

  program
    .command('rules')
    .description('list every rule: id, invariant, fixable, docs, summary')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .action(async (opts: { format: string }) => {
      const { formatRulesTable, summarizeRules } = await import('./rules-command.js');
      io.stdout.write(
        opts.format === 'json' ? `${JSON.stringify(summarizeRules(rules), null, 2)}\n` : formatRulesTable(rules),
      );
    });

  program
    .command('init')
    .description('write a starter .runbook-lint.json with every option and its default')
    .option('--force', 'overwrite an existing .runbook-lint.json')
    .action(async (opts: { force?: boolean }) => {
      const { runInit } = await import('./init-command.js');
      const written = runInit(cwd, opts.force === true, rules);
      io.stdout.write(
        `Wrote ${written}: every setting and rule with its default. Edit the names your migration uses.\n`,
      );
    });

  return program;
}

/** Options every command that reads runbooks shares: where input comes from, and config. */
function withInputOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <file>', 'use this config file instead of searching for .runbook-lint.json/.yaml')
    .option('--rule <id=severity>', 'set a rule to off, warn or error (repeatable)', collect, [])
    .option('--stdin', 'read the runbook from standard input')
    .option('--stdin-filename <name>', 'the name to report (and find config from) for --stdin')
    .option('--changed-since <ref>', 'only Markdown files changed since this git ref (plus new untracked ones)')
    .option(
      '--ignore-pattern <glob>',
      'leave out files matching this glob, relative to the working directory (repeatable; adds to config "ignores")',
      collect,
      [],
    )
    .option('--max-file-size <MB>', 'refuse files larger than this (default 5)', parseSize);
}

/** What fix and report share: the inputs, which fixes count, and the report's context. */
function withFixOptions(cmd: Command): Command {
  return withInputOptions(cmd)
    .option('--unsafe', 'also apply (or report) fixes that change code or delete a step; review the result')
    .option('--context <n>', 'lines of context around each modified block in the report', parseContext, 3);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseCount(value: string): number {
  if (!/^-?\d+$/.test(value)) throw new UserError(`--max-warnings ${value}: expected a whole number`);
  return Number(value);
}

function parseContext(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 50)
    throw new UserError(`--context ${value}: expected a whole number of lines (0–50)`);
  return Number(value);
}

function parseSize(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UserError(`--max-file-size ${value}: expected a positive number of megabytes`);
  return n;
}
