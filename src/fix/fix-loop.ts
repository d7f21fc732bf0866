import type { ResolvedConfig } from '../config/load.js';
import { TreeCache } from '../code/tree-sitter.js';
import { lintText, type EvidenceLine } from '../engine/lint.js';
import type { Runbook } from '../document/index.js';
import type { Edit, LintMessage, LintResult, Rule } from '../engine/types.js';

export interface AppliedFix {
  ruleId: string;
  messageId: string | undefined;
  /** the finding the fix answered */
  message: string;
  /** what the fix changed */
  description: string;
  deletes: boolean;
  kind: 'safe' | 'unsafe';
  pass: number;
  /** where the fix applied, in offsets of the original text */
  originalRange: [number, number];
  /** where it applied in the text of its pass, and what it put there */
  edits: Edit[];
}

export interface FixOutcome {
  input: string;
  output: string;
  applied: AppliedFix[];
  passes: number;
  /** the fixes went round in a circle: the same text came back */
  cycle: boolean;
  /** fixes whose finding came straight back after they applied: not applied again (a rule bug) */
  ineffective: string[];
  /** the original text linted: what there was */
  initial: LintResult;
  /** the original text as parsed for that lint */
  initialRunbook: Runbook;
  /** the fixed text linted: what is left */
  remaining: LintResult;
  /** the line of a fence never closed, when `refuseUnclosedFence` stopped the fixes */
  unclosedFenceLine: number | null;
  evidence: EvidenceLine[];
}

export interface FixOptions {
  text: string;
  filePath: string;
  config: ResolvedConfig;
  rules: readonly Rule<unknown>[];
  unsafe: boolean;
  maxPasses?: number;
  /**
   * Fix nothing in a text with a code fence that is never closed: everything after it reads as
   * code, so a fix could land in the wrong place. Read from the first pass's own parse.
   */
  refuseUnclosedFence?: boolean;
}

interface Pass {
  /** the edits applied in this pass, sorted, in offsets of the pass's input */
  edits: Edit[];
}

/**
 * ESLint's source-code-fixer, looped: lint, apply the fixes that do not overlap (all edits of
 * a fix or none), lint the result again, until nothing is left to apply. A fix skipped for an
 * overlap is reconsidered on the next pass against the new text. Bounded, with cycle
 * detection, and every applied fix is traced back to offsets of the original text.
 */
export async function fixToFixedPoint(opts: FixOptions): Promise<FixOutcome> {
  const maxPasses = opts.maxPasses ?? 10;
  const seen = new Set<string>([opts.text]);
  const passes: Pass[] = [];
  const applied: AppliedFix[] = [];
  let text = opts.text;
  let cycle = false;
  let initial: LintResult | null = null;
  let initialRunbook: Runbook | null = null;
  let previous: { runbook: Runbook; edits: Edit[] } | undefined;
  const trees = new TreeCache();
  const identity = (m: LintMessage): string => `${m.ruleId}\u0000${m.messageId}\u0000${m.message}`;
  const count = (ms: readonly LintMessage[]): Map<string, number> => {
    const c = new Map<string, number>();
    for (const m of ms) c.set(identity(m), (c.get(identity(m)) ?? 0) + 1);
    return c;
  };
  // findings the last pass fixed, and how many of each there were before it
  let justApplied = new Map<string, number>();
  const ineffective = new Set<string>();
  try {
    for (let pass = 1; ; pass++) {
      const { result, evidence, runbook } = await lintText({
        text,
        filePath: opts.filePath,
        config: opts.config,
        rules: opts.rules,
        trees,
        previous,
      });
      initial ??= result;
      initialRunbook ??= runbook;
      const open = pass === 1 && opts.refuseUnclosedFence ? (runbook.unclosedFences()[0] ?? null) : null;
      const now = count(result.messages);
      for (const [id, before] of justApplied) if ((now.get(id) ?? 0) >= before) ineffective.add(id);
      const fixable = result.messages.filter(
        (m) =>
          m.edits && !ineffective.has(identity(m)) && (m.fixKind === 'safe' || (opts.unsafe && m.fixKind === 'unsafe')),
      );
      if (fixable.length === 0 || pass > maxPasses || cycle || open) {
        const names = [...ineffective].map((k) => k.split('\u0000').slice(0, 2).join('/'));
        return {
          input: opts.text,
          output: text,
          applied,
          passes: passes.length,
          cycle,
          ineffective: names,
          initial,
          initialRunbook,
          remaining: result,
          evidence,
          unclosedFenceLine: open ? open.startLine : null,
        };
      }
      const chosen = chooseNonOverlapping(fixable);
      const before = count(result.messages);
      justApplied = new Map(chosen.map((m) => [identity(m), before.get(identity(m)) ?? 0]));
      const edits = chosen.flatMap((m) => m.edits as Edit[]).sort((a, b) => a.range[0] - b.range[0]);
      const next = applyEdits(text, edits);
      for (const m of chosen) {
        const own = m.edits as Edit[];
        const start = mapToOriginal(own[0]?.range[0] ?? 0, passes);
        const end = mapToOriginal(own[own.length - 1]?.range[1] ?? 0, passes);
        applied.push({
          ruleId: m.ruleId ?? '',
          messageId: m.messageId,
          message: m.message,
          description: m.fixDescription ?? m.message,
          deletes: m.fixDeletes === true,
          kind: m.fixKind ?? 'safe',
          pass,
          originalRange: [start, Math.max(start, end)],
          edits: own,
        });
      }
      passes.push({ edits });
      previous = { runbook, edits };
      if (seen.has(next)) cycle = true;
      seen.add(next);
      text = next;
    }
  } finally {
    trees.dispose();
  }
}

/**
 * Sorted by where they start; a fix one of whose edits touches an edit already taken waits a
 * pass. Edits are compared one by one, not by the span from a fix's first edit to its last: a
 * deletion that also rewrites a reference further down does not hold back a fix between them.
 */
function chooseNonOverlapping(messages: LintMessage[]): LintMessage[] {
  const start = (m: LintMessage): number => (m.edits as Edit[])[0]?.range[0] ?? 0;
  const sorted = [...messages].sort((a, b) => start(a) - start(b));
  const out: LintMessage[] = [];
  const taken: [number, number][] = [];
  const touches = (e: Edit): boolean => taken.some(([a, b]) => e.range[0] <= b && a <= e.range[1]);
  for (const m of sorted) {
    const edits = m.edits as Edit[];
    if (out.length > 0 && edits.some(touches)) continue;
    out.push(m);
    for (const e of edits) taken.push(e.range);
  }
  return out;
}

export function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.range[0]) + e.text;
    at = e.range[1];
  }
  return out + text.slice(at);
}

/** An offset in the text after all passes so far, mapped back to the original text. */
function mapToOriginal(offset: number, passes: readonly Pass[]): number {
  let o = offset;
  for (let p = passes.length - 1; p >= 0; p--) o = mapBack(o, (passes[p] as Pass).edits);
  return o;
}

/** Through one pass's edits: positions inside inserted text map to where the insertion was. */
function mapBack(offset: number, edits: readonly Edit[]): number {
  let delta = 0;
  for (const e of edits) {
    const newStart = e.range[0] + delta;
    const newEnd = newStart + e.text.length;
    if (offset < newStart) break;
    if (offset <= newEnd) return offset === newEnd ? e.range[1] : e.range[0];
    delta += e.text.length - (e.range[1] - e.range[0]);
  }
  return offset - delta;
}
