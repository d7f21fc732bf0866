import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { LintMessage, LintResult } from '../engine/types.js';
import { UserError } from '../errors.js';

interface Entry {
  ruleId: string;
  count: number;
  /** for people reading the file */
  message: string;
}

interface BaselineFile {
  version: 1;
  /** file path (relative to the baseline file, / separated) → fingerprint → entry */
  files: Record<string, Record<string, Entry>>;
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
    private readonly data: BaselineFile,
  ) {}

  static load(path: string, display: string, mustExist: boolean): Baseline {
    if (!existsSync(path)) {
      if (mustExist) throw new UserError(`${display}: baseline file not found (create it with --update-baseline)`);
      return new Baseline(path, display, { version: 1, files: {} });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new UserError(`${display}: not a runbook-lint baseline (${(e as Error).message.split('\n')[0]})`);
    }
    const data = raw as BaselineFile;
    if (typeof data !== 'object' || data === null || data.version !== 1 || typeof data.files !== 'object') {
      throw new UserError(`${display}: not a runbook-lint baseline (expected {"version": 1, "files": {…}})`);
    }
    return new Baseline(path, display, data);
  }

  private key(filePath: string, cwd: string): string {
    return relative(dirname(this.path), resolve(cwd, filePath)).split(sep).join('/');
  }

  /** Moves baselined findings to suppressedMessages and adds a warning per stale entry. */
  apply(result: LintResult, fingerprints: Map<object, string>, cwd: string): LintResult {
    const entries = this.data.files[this.key(result.filePath, cwd)] ?? {};
    const left = new Map(Object.entries(entries).map(([fp, e]) => [fp, e.count]));
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
      const e = entries[fp] as Entry;
      messages.push({
        ruleId: null,
        severity: 1,
        invariant: null,
        message: `Stale baseline entry: ${n === 1 ? 'a' : n} "${e.ruleId}" finding${n === 1 ? '' : 's'} recorded in ${this.display} no longer occur${n === 1 ? 's' : ''} ("${e.message.slice(0, 80)}"); run with --update-baseline to drop ${n === 1 ? 'it' : 'them'}.`,
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      });
    }
    return { ...result, messages, suppressedMessages: suppressed };
  }

  /** Records the current findings of the linted files; entries of other files are kept. */
  update(results: readonly LintResult[], fingerprints: Map<object, string>, cwd: string): { findings: number; files: number } {
    let findings = 0;
    for (const r of results) {
      const key = this.key(r.filePath, cwd);
      const entries: Record<string, Entry> = {};
      for (const m of r.messages) {
        const fp = fingerprints.get(m);
        if (!fp || m.ruleId === null) continue;
        const e = entries[fp] ?? { ruleId: m.ruleId, count: 0, message: m.message };
        e.count++;
        entries[fp] = e;
        findings++;
      }
      if (Object.keys(entries).length > 0) this.data.files[key] = entries;
      else delete this.data.files[key];
    }
    const sorted: BaselineFile = { version: 1, files: Object.fromEntries(Object.entries(this.data.files).sort(([a], [b]) => a.localeCompare(b))) };
    writeFileSync(this.path, `${JSON.stringify(sorted, null, 2)}\n`);
    return { findings, files: Object.keys(sorted.files).length };
  }
}
