import { readFileSync, statSync, type Stats } from 'node:fs';
import { replaceFile } from '../io/write-atomic.js';
import { dirname, relative, resolve, sep } from 'node:path';
import type { LintMessage, LintResult } from '../engine/types.js';
import { UserError } from '../errors.js';
import { escapeControl } from '../formatters/escape.js';

interface Entry {
  ruleId: string;
  count: number;
  /** for people reading the file */
  message: string;
}

/**
 * In memory a baseline is Maps, never plain objects: a file named `__proto__` or
 * `constructor` (or a fingerprint spelt so) is data like any other key.
 */
type Files = Map<string, Map<string, Entry>>;

/** A baseline file larger than this is not one runbook-lint wrote (a 2,000-file run writes a few MB). */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineLoadOptions {
  /**
   * A file that is not a valid baseline becomes an empty baseline, to be replaced by
   * `update()`, instead of an error. Defaults to `!mustExist`: the CLI loads with
   * mustExist=false exactly for `--update-baseline`.
   */
  repair?: boolean;
  /** where the "replaced" notice goes (one line, with its newline); default standard error */
  warn?: (line: string) => void;
}

/**
 * Known findings a team accepts for now, so runbook-lint can gate new ones from the first
 * day. Entries are fingerprints (no line numbers) with counts; a finding matching an entry is
 * not reported, and entries no longer found are reported as stale.
 */
export class Baseline {
  private constructor(
    private readonly path: string,
    private readonly display: string,
    private readonly files: Files,
    /** why the file on disk was not a valid baseline, when it is to be replaced */
    private readonly replacing: string | null,
    private readonly warn: (line: string) => void,
  ) {}

  static load(path: string, display: string, mustExist: boolean, options: BaselineLoadOptions = {}): Baseline {
    const repair = options.repair ?? !mustExist;
    const warn = options.warn ?? ((line: string) => void process.stderr.write(line));
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new UserError(`${display}: cannot read baseline file (${code ?? 'error'})`);
      if (mustExist) throw new UserError(`${display}: baseline file not found (create it with --update-baseline)`);
      return new Baseline(path, display, new Map(), null, warn);
    }
    // never read a FIFO or a device (it would hang or never end), never replace a folder
    if (!stat.isFile()) throw new UserError(`${display}: not a regular file; --baseline needs a JSON file`);
    let problem: string | undefined;
    if (stat.size > MAX_BASELINE_BYTES) problem = `larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MB`;
    else {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new UserError(`${display}: cannot read baseline file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (e) {
        raw = undefined;
        problem = `invalid JSON: ${oneLine((e as Error).message)}`;
      }
      if (raw !== undefined) {
        const parsed = parseBaseline(raw);
        if (!('problem' in parsed)) return new Baseline(path, display, parsed.files, null, warn);
        problem = parsed.problem;
      }
    }
    problem ??= 'unreadable';
    if (repair) return new Baseline(path, display, new Map(), problem, warn);
    throw new UserError(
      `${display}: not a runbook-lint baseline: ${problem} (fix ` +
        `it, or rewrite it from the current findings with --update-baseline)`,
    );
  }

  private key(filePath: string, cwd: string): string {
    return relative(dirname(this.path), resolve(cwd, filePath)).split(sep).join('/');
  }

  /** Moves baselined findings to suppressedMessages and adds a warning per stale entry. */
  apply(result: LintResult, fingerprints: Map<object, string>, cwd: string): LintResult {
    const entries = this.files.get(this.key(result.filePath, cwd)) ?? new Map<string, Entry>();
    const left = new Map([...entries].map(([fp, e]) => [fp, e.count]));
    const messages: LintMessage[] = [];
    const suppressed = [...result.suppressedMessages];
    for (const m of result.messages) {
      const fp = fingerprints.get(m);
      const n = fp ? (left.get(fp) ?? 0) : 0;
      if (fp && n > 0) {
        left.set(fp, n - 1);
        suppressed.push({ ...m, suppressions: [{ kind: 'directive', justification: 'baseline' }] });
      } else messages.push(m);
    }
    for (const [fp, n] of left) {
      if (n <= 0) continue;
      const e = entries.get(fp) as Entry;
      messages.push({
        ruleId: null,
        severity: 1,
        invariant: null,
        message:
          `Stale baseline entry: ${n === 1 ? 'a' : n} "${e.ruleId}" ` +
          `finding${n === 1 ? '' : 's'} recorded in ${this.display} ` +
          `no longer occur${n === 1 ? 's' : ''} ("${e.message.slice(0, 80)}"); ` +
          `run with --update-baseline to drop ${n === 1 ? 'it' : 'them'}.`,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      });
    }
    return { ...result, messages, suppressedMessages: suppressed };
  }

  /**
   * Records the current findings of the linted files; entries of other files are kept — unless
   * the file was not a valid baseline, which is then replaced (and `warn` says so).
   */
  update(
    results: readonly LintResult[],
    fingerprints: Map<object, string>,
    cwd: string,
  ): { findings: number; files: number } {
    let findings = 0;
    for (const r of results) {
      const key = this.key(r.filePath, cwd);
      const entries = new Map<string, Entry>();
      for (const m of r.messages) {
        const fp = fingerprints.get(m);
        if (!fp || m.ruleId === null) continue;
        const e = entries.get(fp) ?? { ruleId: m.ruleId, count: 0, message: m.message };
        e.count++;
        entries.set(fp, e);
        findings++;
      }
      if (entries.size > 0) this.files.set(key, entries);
      else this.files.delete(key);
    }
    const sorted = [...this.files].sort(([a], [b]) => a.localeCompare(b));
    // Object.fromEntries defines own properties: "__proto__" is written as a key, not a prototype
    const out = {
      version: 1,
      files: Object.fromEntries(sorted.map(([file, entries]) => [file, Object.fromEntries(entries)])),
    };
    replaceFile(this.path, this.display, Buffer.from(`${JSON.stringify(out, null, 2)}\n`));
    if (this.replacing !== null) {
      this.warn(
        `${escapeControl(
          `${this.display}: the old content was not a valid baseline ` +
            `(${this.replacing}); replaced it with the current findings.`,
        )}\n`,
      );
    }
    return { findings, files: sorted.length };
  }
}

/** `files["a.md"]["3f…"].count` — a JSON path a reader can follow in the file. */
function at(path: string, key: string): string {
  const shown = key.length > 60 ? `${key.slice(0, 60)}…` : key;
  return `${path}[${JSON.stringify(shown)}]`;
}

/** A parser's message on one line: control characters escaped, at most 160 characters. */
function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The whole shape, checked: {"version": 1, "files": {path: {fingerprint: {ruleId, count, message}}}}.
 * Returns the first problem with its JSON path, or the baseline as Maps.
 */
export function parseBaseline(raw: unknown): { files: Files } | { problem: string } {
  const expected = 'expected {"version": 1, "files": {…}}';
  if (!isRecord(raw)) return { problem: `${expected}, got ${describe(raw)}` };
  for (const k of Object.keys(raw)) {
    if (k !== 'version' && k !== 'files')
      return { problem: `${JSON.stringify(k.length > 60 ? `${k.slice(0, 60)}…` : k)}: unknown key (${expected})` };
  }
  if (!Object.hasOwn(raw, 'version')) return { problem: `version: missing (${expected})` };
  if (raw.version !== 1) return { problem: `version: must be 1, got ${describe(raw.version)}` };
  if (!Object.hasOwn(raw, 'files')) return { problem: `files: missing (${expected})` };
  if (!isRecord(raw.files))
    return { problem: `files: must be an object mapping file paths to entries, got ${describe(raw.files)}` };
  const files: Files = new Map();
  for (const [file, byFp] of Object.entries(raw.files)) {
    const fp0 = at('files', file);
    if (file === '') return { problem: `${fp0}: a file path must not be empty` };
    if (!isRecord(byFp))
      return { problem: `${fp0}: must be an object mapping fingerprints to entries, got ${describe(byFp)}` };
    const entries = new Map<string, Entry>();
    for (const [fp, entry] of Object.entries(byFp)) {
      const where = at(fp0, fp);
      if (fp === '') return { problem: `${where}: a fingerprint must not be empty` };
      if (!isRecord(entry))
        return { problem: `${where}: must be an entry {"ruleId", "count", "message"}, got ${describe(entry)}` };
      for (const k of Object.keys(entry)) {
        if (k !== 'ruleId' && k !== 'count' && k !== 'message')
          return { problem: `${at(where, k)}: unknown key (an entry has "ruleId", "count" and "message")` };
      }
      const { ruleId, count, message } = entry;
      if (typeof ruleId !== 'string' || ruleId === '')
        return { problem: `${where}.ruleId: must be a rule id (a non-empty string), got ${describe(ruleId)}` };
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1)
        return { problem: `${where}.count: must be a positive integer, got ${describe(count)}` };
      if (typeof message !== 'string')
        return { problem: `${where}.message: must be a string, got ${describe(message)}` };
      entries.set(fp, { ruleId, count, message });
    }
    files.set(file, entries);
  }
  return { files };
}
