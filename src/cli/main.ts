import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { rules as allRules } from '../../rules/index.js';
import type { Rule } from '../engine/types.js';
import { UserError } from '../errors.js';
import { escapeControl } from '../formatters/escape.js';
import { runCheck, type CheckOptions } from './check.js';
import { didYouMean } from './did-you-mean.js';
import { parseConcurrency } from './lint-pool.js';
import type { FixFlags } from './fix-alias.js';
import type { FixCommandOptions } from './fix-command.js';
import { topLevelHelp } from './help.js';
import { writeOutput } from './outputs.js';
import { wantsColor, type CliIo } from './streams.js';
import { packageInfo } from '../package-info.js';
import { startTiming, stopTiming, timingRows } from '../engine/timing.js';

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
  const rows = timingRows((io.env ?? process.env).TIMING);
  const timing = rows === null ? null : startTiming();
  try {
    assertKnownHelpTopic(program, io.argv);
    await program.parseAsync([...io.argv], { from: 'user' });
    // on stderr: stdout may be a report or JSON another program reads
    if (timing && rows !== null) io.stderr.write(timing.table(rows));
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
  } finally {
    if (timing) stopTiming(timing);
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
    .usage('[command] [options] [paths...]')
    .version(packageInfo().version, '-v, --version', 'print the version')
    .addHelpOption(new Option('-h, --help', 'show help').helpGroup(MISC))
    .exitOverride()
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      '\nHelp on a command: runbook-lint help <command>. Docs of a rule: runbook-lint rules <id>.\n' +
        'Exit codes: 0 no errors, 1 errors found (or too many warnings), ' +
        '2 usage, configuration or I/O error.',
    )
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`runbook-lint: ${escapeControl(oneLine(s))}\n`),
    });
  program.options.find((o) => o.long === '--version')?.helpGroup(MISC);

  const check = withInputOptions(
    program
      .command('check', { isDefault: true })
      .description('lint runbooks (default command); with no path, ./MIGRATION_RUNBOOK.md')
      .argument('[paths...]', 'files, directories or globs'),
  )
    .option('--print-config <file>', 'print the resolved configuration that applies to this file (JSON) and exit')
    .optionsGroup(OUTPUT)
    .option(
      '-f, --format <name[=file]>',
      'stylish, json, sarif, github, junit or summary; repeat with =FILE to write several',
      collect,
      [],
    )
    .option('-o, --output-file <file>', 'write the (single) format to this file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount, -1)
    .option('-q, --quiet', 'report errors only')
    .option('--no-explain', 'stylish: leave out why each rule exists, its docs link and the hints')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour, even on a terminal')
    .option('--report-unused-disable-directives', 'report runbook-lint-disable comments that silence nothing')
    .optionsGroup(FIXING)
    .option('--fix', 'apply the safe fixes in place: the same as fix --write')
    .option('--fix-dry-run', 'print the safe fixes as a unified diff, write nothing: the same as fix')
    .optionsGroup(CACHING)
    .option('--cache', 'answer an unchanged check from the cache (files, config, arguments and build unchanged)')
    .option('--cache-location <dir>', 'where --cache keeps its entries (default node_modules/.cache/runbook-lint)')
    .option(
      '--concurrency <n>',
      'lint files on this many worker threads, off, or auto: threads only when more than two cores are free',
      parseConcurrency,
      'auto',
    )
    .optionsGroup(BASELINE)
    .option('--baseline <file>', 'do not report findings recorded in this baseline; report stale entries')
    .option('--update-baseline', 'record the current findings in the --baseline file and exit 0')
    .action(async (paths: string[], opts: CheckOptions & FixFlags & { printConfig?: string }) => {
      assertNotACommandTypo(program, paths, io.argv, cwd);
      if (opts.printConfig !== undefined) {
        const { printConfig } = await import('./print-config.js');
        io.stdout.write(await printConfig(opts.printConfig, opts, paths, rules, cwd));
        return;
      }
      if (opts.fix || opts.fixDryRun) {
        const { runFixAlias } = await import('./fix-alias.js');
        setExit(await runFixAlias(paths, opts, io, rules));
        return;
      }
      setExit(await runCheck(paths, opts, io, rules));
    });
  program.configureHelp(topLevelHelp(program, check));

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
    .optionsGroup(OUTPUT)
    .addOption(
      new Option('-f, --format <format>', 'json: results with the fixed text as output, instead of the diff').choices([
        'json',
      ]),
    )
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
    .optionsGroup(OUTPUT)
    .option('-f, --format <format>', 'markdown or json', 'markdown')
    .option('-o, --output-file <file>', 'write the report to this file instead of stdout')
    .action(async (paths: string[], opts: FixCommandOptions & { outputFile?: string }) => {
      const { runReport } = await import('./fix-command.js');
      const { outputFile, ...rest } = opts;
      if (outputFile === undefined) {
        setExit(await runReport(paths, rest, io, rules));
        return;
      }
      let text = '';
      // fixInputs refuses a report file that is one of the inputs before anything is fixed or
      // written: the same guard serves -o
      const code = await runReport(
        paths,
        { ...rest, report: outputFile },
        { ...io, stdout: { write: (s) => (text += s) } },
        rules,
      );
      writeOutput({ format: 'report', file: outputFile }, text, cwd, io.stdout);
      setExit(code);
    });

  program
    .command('rules')
    .description("list every rule: id, invariant, fixable, docs, summary; with an id, print that rule's docs")
    .argument('[id]', 'a rule id: print its README')
    .optionsGroup(OUTPUT)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['stylish', 'json']).default('stylish'))
    .action(async (id: string | undefined, opts: { format: string }) => {
      const { formatRulesTable, ruleReadme, summarizeRules } = await import('./rules-command.js');
      if (id !== undefined) {
        // the docs, or (json) the rule's entry of the list
        const color = wantsColor(undefined, io.stdout, io.env ?? process.env);
        const text = ruleReadme(id, rules, color);
        const entry = summarizeRules(rules).find((r) => r.id === id);
        io.stdout.write(opts.format === 'json' ? `${JSON.stringify(entry, null, 2)}\n` : text);
        return;
      }
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

  program
    .command('verify')
    .description("do the repository's code and the runbook agree? missing paths, the invariants in the real files")
    .argument('[runbook]', 'the runbook (default ./MIGRATION_RUNBOOK.md)')
    .option('--root <dir>', 'the repository to check (default: the repository holding the runbook)')
    .option('-c, --config <file>', 'use this config file instead of searching for one')
    .option('--rule <id=severity>', 'override a rule severity (repeatable)', collect, [])
    .option('-f, --format <name[=file]>', 'stylish, json, sarif, github, junit or summary', collect, [])
    .option('-o, --output-file <file>', 'write the (single) format to this file instead of stdout')
    .option('--report <file>', 'also write Part E, the code conformance table, to this Markdown file')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour, even on a terminal')
    .option('--no-explain', 'stylish: leave out why each rule exists, its docs link and the hints')
    .action(async (runbook: string | undefined, opts: import('./verify-command.js').VerifyOptions) => {
      const { runVerify } = await import('./verify-command.js');
      setExit(await runVerify(runbook, opts, io, rules));
    });

  program
    .command('lsp')
    .description('a Language Server over stdio for editors: diagnostics as you type, quick fixes, hover')
    .option('--stdio', 'talk over stdin and stdout (the only transport; editors pass it)')
    .action(async () => {
      const { runLanguageServer } = await import('../lsp/server.js');
      // the protocol owns the real streams: stdout carries its messages and nothing else
      setExit(await runLanguageServer(rules, { input: io.stdin ?? process.stdin, output: process.stdout }));
    });

  return program;
}

/** Options every command that reads runbooks shares: where input comes from, and config. */
function withInputOptions(cmd: Command): Command {
  return cmd
    .optionsGroup(INPUTS)
    .option('--stdin', 'read the runbook from standard input')
    .option('--stdin-filename <name>', 'the name to report (and find config from) for --stdin')
    .option('--changed-since <ref>', 'only Markdown files changed since this git ref (plus new untracked ones)')
    .option(
      '--ignore-pattern <glob>',
      'leave out files matching this glob, relative to the working directory (repeatable; adds to config "ignores")',
      collect,
      [],
    )
    .option('--max-file-size <MB>', 'refuse files larger than this (default 5)', parseSize)
    .optionsGroup(CONFIG)
    .option('-c, --config <file>', 'use this config file instead of searching for .runbook-lint.json/.yaml')
    .option('--rule <id=severity>', 'set a rule to off, warn or error (repeatable)', collect, []);
}

/** What fix and report share: the inputs, which fixes count, and the report's context. */
function withFixOptions(cmd: Command): Command {
  return withInputOptions(cmd)
    .optionsGroup(FIXING)
    .option('--unsafe', 'also apply (or report) fixes that change code or delete a step; review the result')
    .option('--context <n>', 'lines of context around each modified block in the report', parseContext, 3);
}

const INPUTS = 'Inputs:';
const CONFIG = 'Config:';
const OUTPUT = 'Output:';
const FIXING = 'Fixing:';
const CACHING = 'Caching:';
const BASELINE = 'Baseline:';
const MISC = 'Miscellaneous:';

/**
 * commander's message as one line: `unknown option '--formt'. Did you mean --format?` (commander
 * puts the suggestion on a line of its own, in parentheses).
 */
function oneLine(message: string): string {
  return message
    .replace(/^error: /, '')
    .replace(/\s*\(Did you mean (.*)\?\)\s*$/s, '. Did you mean $1?')
    .trim();
}

/**
 * `check` is the default command, so a mistyped command (`runbook-lint chek`) arrives as a path.
 * When the first word of the command line names nothing on disk, looks like a command rather
 * than a path, and is close to one, that is the better message.
 */
function assertNotACommandTypo(program: Command, paths: readonly string[], argv: readonly string[], cwd: string): void {
  const word = paths[0];
  if (word === undefined || word !== argv[0] || !/^[a-z][a-z-]*$/i.test(word)) return;
  if (existsSync(resolve(cwd, word))) return;
  const hint = didYouMean(word, commandNames(program));
  if (hint) throw new UserError(`unknown command '${word}'${hint}`);
}

/** `runbook-lint help chek`: commander would print the whole help to stderr; one line says more. */
function assertKnownHelpTopic(program: Command, argv: readonly string[]): void {
  const topic = argv[1];
  if (argv[0] !== 'help' || topic === undefined || topic.startsWith('-')) return;
  const names = commandNames(program);
  if (!names.includes(topic)) throw new UserError(`unknown command '${topic}'${didYouMean(topic, names)}`);
}

function commandNames(program: Command): string[] {
  return [...program.commands.map((c) => c.name()), 'help'];
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
