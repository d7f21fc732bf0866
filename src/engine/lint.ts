import { CodeIndex, PARSE_BUDGET_MS, TreeCache } from '../code/tree-sitter.js';
import { Runbook } from '../document/index.js';
import type { ResolvedConfig } from '../config/load.js';
import type { Settings } from '../config/settings.js';
import { warmUpTagger } from '../model/nlp.js';
import { parseDirectives, SuppressionState } from './directives.js';
import { mergeEdits, normalizeEdits } from './fixer.js';
import { interpolate } from './messages.js';
import { renderTemplate } from './templates.js';
import type {
  Edit,
  Evidence,
  InvariantNumber,
  LintMessage,
  LintResult,
  Location,
  ReportDescriptor,
  Rule,
  RuleContext,
} from './types.js';
import { timed, timedAsync } from './timing.js';

export interface LintInput {
  /** the document without a byte-order mark; every offset refers to it */
  text: string;
  filePath: string;
  config: ResolvedConfig;
  rules: readonly Rule<unknown>[];
  reportUnusedDisableDirectives?: boolean;
  /**
   * parse trees shared with other lints of similar texts (the fixer's passes); by default the lint's own, so blocks
   * of the same text share one; null: each block parsed for itself (to test that sharing changes nothing)
   */
  trees?: TreeCache | null;
  /** the runbook this text was made from, and the edits that made it: only what they touched is parsed again */
  previous?: { runbook: Runbook; edits: readonly Edit[] };
}

export interface EvidenceLine {
  invariant: InvariantNumber;
  line: number;
  endLine: number;
  /** the evidence quoted: up to three lines whole (trimmed), a longer block by its first and last line */
  text: string;
  kind: Evidence['kind'];
  ruleId: string;
}

export interface LintOutput {
  result: LintResult;
  runbook: Runbook;
  /** places that show an invariant enforced (rules report them as they check) */
  evidence: EvidenceLine[];
}

/** Parses once, runs every enabled rule, applies inline suppressions, counts. */
export async function lintText(input: LintInput): Promise<LintOutput> {
  // a runbook that names a mode or a system has prose the claim reader may tag: its tagger
  // loads on the other core while this one parses
  if (namesAny(input.text, mentionedNames(input.config.settings))) warmUpTagger();
  const runbook = timed('(parse Markdown)', () => new Runbook(input.text, input.previous));
  // blocks of the same text share one tree, also in a lint of its own: runbooks repeat a block
  // (the same check after each step), and each copy was parsed and walked again
  const trees = input.trees === undefined ? new TreeCache() : input.trees;
  const code = await timedAsync('(load grammars)', () => CodeIndex.create(runbook, trees));
  try {
    return lintParsed(input, runbook, code);
  } finally {
    code.dispose();
    if (input.trees === undefined) trees?.dispose();
  }
}

function lintParsed(input: LintInput, runbook: Runbook, code: CodeIndex): LintOutput {
  // every rule the config knows, not only those running, so a directive naming a rule that is
  // switched off is not "unknown"
  const known = new Set([...input.config.rules.keys(), ...input.rules.map((r) => r.meta.id)]);
  const raw: LintMessage[] = [];
  const evidence: EvidenceLine[] = [];

  for (const rule of taggingLast(input.rules)) {
    const setting = input.config.rules.get(rule.meta.id);
    if (!setting || setting.severity === 0) continue;
    const severity = setting.severity;
    const names = { ...settingsData(input.config.settings), ...primitiveOptions(setting.options) };
    const context: RuleContext<unknown> = {
      runbook,
      code,
      settings: input.config.settings,
      options: setting.options,
      filePath: input.filePath,
      report: (d) => raw.push(toMessage(rule, d, severity, runbook, names)),
      evidence: (item) => {
        const line = runbook.lines.pointAt(item.range[0]).line;
        const endLine = Math.max(line, runbook.lines.pointAt(Math.max(item.range[0], item.range[1] - 1)).line);
        const lines: string[] = [];
        // a table is quoted by its header row, code and prose whole
        const last = item.kind === 'table' ? line : endLine;
        for (let l = line; l <= last; l++) lines.push(runbook.lines.lineText(l).trim());
        evidence.push({
          invariant: item.invariant,
          line,
          endLine,
          text: quote(lines.filter((t) => t.length > 0)),
          kind: item.kind,
          ruleId: rule.meta.id,
        });
      },
      template: (name, data) => renderTemplate(rule.meta.id, name, { ...names, ...data }, runbook.eol),
    };
    try {
      timed(rule.meta.id, () => rule.check(context));
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      err.message = `rule ${rule.meta.id} failed on ${input.filePath}: ${err.message}`;
      throw err;
    }
  }

  for (const block of code.unparsed) {
    const start = runbook.lines.pointAt(block.range[0]);
    raw.push({
      ruleId: null,
      severity: 1,
      invariant: null,
      message:
        `This ${block.lang} block (${Math.ceil(block.text.length / 1024)} ` +
        `KB) could not be parsed within ${PARSE_BUDGET_MS} ms, so ` +
        `the code rules did not check it; split it or remove what is not code.`,
      line: start.line,
      column: start.column,
      endLine: start.line,
      endColumn: start.column,
    });
  }
  for (const block of runbook.unclosedFences()) {
    const start = runbook.lines.pointAt(block.range[0]);
    raw.push({
      ruleId: null,
      severity: 2,
      invariant: null,
      message:
        `This code fence is never closed, so everything after line ` +
        `${start.line} is read as code and no rule checks it as ` +
        `text; close the fence.`,
      line: start.line,
      column: start.column,
      endLine: start.line,
      endColumn: start.column + 3,
    });
  }
  const { directives, problems } = parseDirectives(runbook, known);
  const suppression = new SuppressionState(directives);
  const messages: LintMessage[] = [];
  const suppressedMessages: LintResult['suppressedMessages'] = [];
  for (const m of raw) {
    const by = suppression.suppressing(m);
    if (by) suppressedMessages.push({ ...m, suppressions: [{ kind: 'directive', justification: by.justification }] });
    else messages.push(m);
  }
  for (const p of problems) messages.push({ ruleId: null, severity: 2, invariant: null, ...p });
  if (input.reportUnusedDisableDirectives) {
    for (const { directive, ruleId } of suppression.unused()) {
      messages.push({
        ruleId: null,
        severity: 2,
        invariant: null,
        message: ruleId
          ? `Unused runbook-lint-${directive.kind} directive (no problems were reported from "${ruleId}").`
          : `Unused runbook-lint-${directive.kind} directive (no problems were reported).`,
        line: directive.line,
        column: directive.column,
        endLine: directive.endLine,
        endColumn: directive.endColumn,
      });
    }
  }
  messages.sort(byPosition);
  suppressedMessages.sort(byPosition);
  // in the rules' listed order within a line, whatever order they ran in
  const order = new Map(input.rules.map((r, i) => [r.meta.id, i]));
  const rank = (e: EvidenceLine): number => order.get(e.ruleId) ?? 0;
  evidence.sort((a, b) => a.invariant - b.invariant || a.line - b.line || rank(a) - rank(b));
  return { result: summarize(input.filePath, messages, suppressedMessages), runbook, evidence };
}

/**
 * The rules that ask the part-of-speech tagger run after the others: its model loads on the
 * other core from the start of the lint, and the longer it has, the less this thread waits on
 * their first question.
 */
function taggingLast(rules: readonly Rule<unknown>[]): Rule<unknown>[] {
  return [...rules.filter((r) => !r.meta.tagsProse), ...rules.filter((r) => r.meta.tagsProse)];
}

/** a rule's scalar options, so its messages can name them (e.g. the log marker it expects) */
export function primitiveOptions(options: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(options)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

export function settingsData(s: Settings): Record<string, string | number> {
  return {
    legacyLogTable: s.legacyLogTable,
    newLogTable: s.newLogTable,
    controllerPath: s.controllerPath,
    legacyName: s.legacyName,
    newServiceName: s.newServiceName,
    clientClass: s.clientClass,
    timeoutMs: s.timeoutMs,
    timeoutSeconds: s.timeoutMs / 1000,
    modeOff: s.modes.off,
    modeShadow: s.modes.shadow,
    modeOn: s.modes.on,
  };
}

function toMessage(
  rule: Rule<unknown>,
  d: ReportDescriptor,
  severity: 1 | 2,
  runbook: Runbook,
  names: Record<string, string | number>,
): LintMessage {
  const { meta } = rule;
  const template = meta.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
  const [start, end] = resolveLocation(d.loc, runbook);
  const from = runbook.lines.pointAt(start);
  const to = runbook.lines.pointAt(end);
  const message: LintMessage = {
    ruleId: meta.id,
    messageId: d.messageId,
    severity,
    message: interpolate(template, { ...names, ...d.data }),
    note: interpolate(meta.rationale, names),
    line: from.line,
    column: from.column,
    endLine: to.line,
    endColumn: to.column,
    invariant: meta.invariant,
  };
  const hint = meta.hints?.[d.messageId];
  if (hint) message.hint = interpolate(hint, { ...names, ...d.data });
  const fixInfo = meta.fixes?.[d.messageId];
  if (d.fix) {
    const produced = d.fix();
    if (produced) {
      if (meta.fixable === false) throw new Error(`rule ${meta.id} produced a fix but its meta says fixable: false`);
      const kind = fixInfo?.kind ?? meta.fixable;
      if (kind === 'unsafe' && meta.fixable === 'safe')
        throw new Error(`rule ${meta.id} declares an unsafe fix but its meta says fixable: 'safe'`);
      const edits = normalizeEdits(meta.id, Array.isArray(produced) ? produced : [produced]);
      if (edits.length > 0) {
        attachFix(message, kind, edits, runbook.text);
        message.fixDescription = interpolate(fixInfo?.description ?? message.hint ?? message.message, {
          ...names,
          ...d.data,
        });
        if (fixInfo?.deletes) message.fixDeletes = true;
      }
    }
  }
  return message;
}

function attachFix(message: LintMessage, kind: 'safe' | 'unsafe', edits: Edit[], text: string): void {
  const merged = mergeEdits(text, edits);
  message.edits = edits;
  message.fixKind = kind;
  if (kind === 'safe') message.fix = merged;
  else message.suggestions = [{ desc: message.hint ?? 'Apply the unsafe fix (review the change).', fix: merged }];
}

function resolveLocation(loc: Location, runbook: Runbook): [number, number] {
  if ('range' in loc) return loc.range;
  if ('node' in loc) {
    const start = loc.node.position?.start.offset ?? 0;
    return [start, loc.node.position?.end.offset ?? start];
  }
  const start = runbook.lines.offsetAt(loc.line, loc.column ?? 1);
  return [start, loc.column === undefined ? runbook.lines.lineEnd(loc.line) : start];
}

/** Up to three lines whole; a longer block by its first and last line, which show its guard and what it guards. */
function quote(lines: string[]): string {
  return lines.length <= 3 ? lines.join(' ') : `${lines[0]} … ${lines[lines.length - 1]}`;
}

function byPosition(a: LintMessage, b: LintMessage): number {
  const ra = a.ruleId ?? '';
  const rb = b.ruleId ?? '';
  return a.line - b.line || a.column - b.column || (ra < rb ? -1 : ra > rb ? 1 : 0);
}

export function summarize(
  filePath: string,
  messages: LintMessage[],
  suppressedMessages: LintResult['suppressedMessages'] = [],
): LintResult {
  let errorCount = 0;
  let warningCount = 0;
  let fixableErrorCount = 0;
  let fixableWarningCount = 0;
  for (const m of messages) {
    const fixable = m.fixKind === 'safe';
    if (m.severity === 2) {
      errorCount++;
      if (fixable) fixableErrorCount++;
    } else {
      warningCount++;
      if (fixable) fixableWarningCount++;
    }
  }
  return { filePath, messages, suppressedMessages, errorCount, warningCount, fixableErrorCount, fixableWarningCount };
}

function mentionedNames(s: Settings): string[] {
  return [s.modes.off, s.modes.shadow, s.modes.on, s.newServiceName, s.legacyName];
}

/** Whether the text has one of the names as a whole word; a cheap test that only decides a warm-up. */
function namesAny(text: string, names: readonly string[]): boolean {
  const word = (c: string): boolean => /[A-Za-z0-9_]/.test(c);
  for (const name of names) {
    if (name.length === 0) continue;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      if (!word(text.charAt(at - 1)) && !word(text.charAt(at + name.length))) return true;
    }
  }
  return false;
}
