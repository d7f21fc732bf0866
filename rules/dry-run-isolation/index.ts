import type { Node } from 'web-tree-sitter';
import { clauseRange, clauses, hasAny } from '../../src/analysis/clauses.js';
import { isReadOnlyExcerpt } from '../../src/analysis/excerpt.js';
import { cellRange, modeTables } from '../../src/analysis/mode-table.js';
import { findTerm, words } from '../../src/analysis/words.js';
import { goCalls, isHandler, type GoCall } from '../../src/code/go.js';
import { nodeRange } from '../../src/code/locate.js';
import { ancestors, descendants, isInside, stringValue } from '../../src/code/syntax.js';
import type { ParsedBlock } from '../../src/code/tree-sitter.js';
import { defineRule, type Edit, type RuleContext } from '../../src/engine/types.js';
import { insertCodeLineBefore } from '../../src/fix/edits.js';
import { rewriteSentence } from '../../src/fix/prose.js';

export interface Options {
  /** calls that reach a provider: credential loading, provider clients */
  providerCalls: string[];
  /** the log marker a dry-run return must write */
  logMarker: string;
}

const DRY_RUN = /\b(req|request|r|in|input|payload|batch)?\.?(DryRun|dryRun|dry_run|IsDryRun)\b/;

export default defineRule<Options>({
  meta: {
    id: 'dry-run-isolation',
    description: 'The Go handler returns on DryRun (logging DRY_RUN_NO_PROVIDER_CALL) before any provider code; no prose says otherwise.',
    invariant: 1,
    fixable: 'safe',
    defaultSeverity: 'error',
    messages: {
      noGuard: '{{call}}() reaches a provider with no DryRun check before it on this path: a {{modeShadow}} request would send for real.',
      guardNoReturn: 'The DryRun check does not return: execution continues into the provider code.',
      guardNoLog: 'The DryRun branch returns without logging {{logMarker}}: nothing proves in the logs that no provider was called.',
      providerInDryRun: '{{call}}() runs inside the DryRun branch: a dry run must not touch a provider.',
      prose: 'This sentence has a dry run ({{modeShadow}}) reach a provider or its sandbox, which contradicts Invariant 1.',
      tableCell: 'The mode table has the {{modeShadow}} row reach a provider ("{{cell}}"): a dry run must not call any provider, sandbox included.',
    },
    rationale:
      'In {{modeShadow}} mode {{legacyName}} sends and the {{newServiceName}} service is called with dry_run=true. If its handler reaches provider code on any path while DryRun is set, the message goes out twice; a provider sandbox is still a provider call with real side effects (rate limits, costs, test numbers that are real phones).',
    hints: {
      noGuard: 'Put `if req.DryRun { log.Printf("{{logMarker}} …"); return accepted }` before the first provider call.',
      guardNoReturn: 'End the DryRun branch with return.',
      guardNoLog: 'Add log.Printf("{{logMarker}}: message_uuid=%s", …) before the return.',
      providerInDryRun: 'Move the call after the DryRun branch.',
      prose: 'Delete or correct the sentence: with dry_run=true the {{newServiceName}} service records the message and calls no provider.',
      tableCell: 'Correct the cell: dry_run is true and no provider is called in {{modeShadow}}.',
    },
    fixes: {
      guardNoLog: { description: 'Logged {{logMarker}} in the DryRun branch before it returns.' },
      prose: { description: 'Replaced a sentence that had a dry run reach a provider.' },
      tableCell: { description: 'Corrected the {{modeShadow}} row of the mode table: no provider is called.' },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        providerCalls: { type: 'array', items: { type: 'string', minLength: 1 } },
        logMarker: { type: 'string', minLength: 1 },
      },
    },
    defaultOptions: {
      providerCalls: ['loadCredentials', 'Send', 'SendSMS', 'SendMessage', 'sendWithRetry', 'sendToProvider'],
      logMarker: 'DRY_RUN_NO_PROVIDER_CALL',
    },
  },
  check(context) {
    for (const parsed of context.code.blocks('go')) {
      if (isReadOnlyExcerpt(parsed.block, context.runbook)) continue;
      checkHandlers(parsed, context);
    }
    checkProse(context);
    checkTables(context);
  },
});

/** Inserts `log.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", m.MessageUUID)` as the branch's first line. */
function logFix(parsed: ParsedBlock, guard: Node, handler: Node, marker: string, context: RuleContext<Options>): (() => Edit | null) | null {
  const body = guard.childForFieldName('consequence');
  const list = body?.namedChildren.find((c) => c?.type === 'statement_list') ?? body;
  const first = list?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
  if (!body || !first) return null;
  const line = parsed.block.toDoc(first.startIndex).line;
  if (line === parsed.block.toDoc(body.startIndex).line) return null;
  const uuid = [...descendants(handler)].find((n) => n.type === 'selector_expression' && n.childForFieldName('field')?.text === 'MessageUUID' && n.childForFieldName('operand')?.type === 'identifier');
  const call = uuid ? `log.Printf("${marker}: message_uuid=%s", ${uuid.text})` : `log.Printf("${marker}")`;
  return () => insertCodeLineBefore(context.runbook, parsed.block, line, call);
}

function isDryRunCondition(cond: Node | null): { negated: boolean } | null {
  if (!cond || !DRY_RUN.test(cond.text)) return null;
  return { negated: /^\s*!/.test(cond.text) || /==\s*false/.test(cond.text) };
}

function returns(node: Node | null): boolean {
  return !!node && [...descendants(node)].some((n) => n.type === 'return_statement');
}

function logsMarker(node: Node, marker: string): boolean {
  for (const n of descendants(node)) {
    const v = stringValue(n);
    if (v !== null && v.includes(marker)) return true;
  }
  return false;
}

function checkHandlers(parsed: ParsedBlock, context: RuleContext<Options>): void {
  const { options } = context;
  const report = (messageId: string, node: Node, data: Record<string, string> = {}): void =>
    context.report({ messageId, data, loc: { range: nodeRange(parsed.block, node) } });
  const checkedGuards = new Set<number>();
  const handlers = [...descendants(parsed.root)].filter((n) => (n.type === 'function_declaration' || n.type === 'method_declaration') && isHandler(n));
  for (const handler of handlers) {
    const calls = goCalls(handler).filter((c) => options.providerCalls.includes(c.name));
    for (const call of calls) {
      const guard = dominatingGuard(call, handler);
      if (guard === 'inside') {
        report('providerInDryRun', call.node, { call: call.name });
        continue;
      }
      if (!guard) {
        report('noGuard', call.node, { call: call.name });
        continue;
      }
      if (checkedGuards.has(guard.node.startIndex)) continue;
      checkedGuards.add(guard.node.startIndex);
      const cond = guard.node.childForFieldName('condition') ?? guard.node;
      if (logsMarker(guard.node, options.logMarker) && (guard.negated || returns(guard.node.childForFieldName('consequence')))) {
        context.evidence({ invariant: 1, range: nodeRange(parsed.block, guard.node) });
      }
      if (!guard.negated && !returns(guard.node.childForFieldName('consequence'))) report('guardNoReturn', cond);
      else if (!logsMarker(guard.node, options.logMarker)) {
        const fix = logFix(parsed, guard.node, handler, options.logMarker, context);
        context.report({ messageId: 'guardNoLog', loc: { range: nodeRange(parsed.block, cond) }, ...(fix ? { fix } : {}) });
      }
    }
  }
}

/**
 * The DryRun check that every path to the call passes: an `if DryRun { …return }` earlier in
 * an enclosing block, or an `if !DryRun { … }` around the call. 'inside' when the call sits in
 * the dry-run branch itself.
 */
function dominatingGuard(call: GoCall, handler: Node): { node: Node; negated: boolean } | 'inside' | null {
  let child: Node = call.node;
  for (const a of ancestors(call.node)) {
    if (a.type === 'if_statement') {
      const dry = isDryRunCondition(a.childForFieldName('condition'));
      const consequence = a.childForFieldName('consequence');
      if (dry && consequence && isInside(call.node, consequence)) return dry.negated ? { node: a, negated: true } : 'inside';
    }
    if (a.type === 'block' || a.type === 'statement_list') {
      for (const stmt of a.namedChildren) {
        if (!stmt || stmt.startIndex >= child.startIndex) break;
        if (stmt.type !== 'if_statement') continue;
        const dry = isDryRunCondition(stmt.childForFieldName('condition'));
        if (dry && !dry.negated) return { node: stmt, negated: false };
      }
    }
    if (a.equals(handler)) break;
    child = a;
  }
  return null;
}

const DRY_TERMS = ['dry run', 'dry_run', 'dryrun'];

function checkProse(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  for (const block of runbook.prose) {
    if (block.kind !== 'paragraph') continue;
    for (const clause of clauses(block)) {
      const ws = clause.words;
      if (clause.negated || clause.text.endsWith('?')) continue;
      const dry = hasAny(ws, DRY_TERMS) || clause.text.includes(settings.modes.shadow);
      const provider = hasAny(ws, ['provider*', 'sandbox*']);
      const reaches = hasAny(ws, ['send*', 'call*', 'reach*', 'through', 'hit*', 'deliver*', 'contact*']);
      if (!dry || !provider || !reaches) continue;
      const correct = context.template('dry-run.md').trim();
      context.report({ messageId: 'prose', loc: { range: clauseRange(clause) }, fix: () => rewriteSentence(clause, correct) });
    }
  }
}

function checkTables(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  for (const t of modeTables(runbook, settings)) {
    const row = t.rows.find((r) => r.role === 'shadow');
    for (const cell of row?.cells.slice(1) ?? []) {
      const ws = words(cell.text);
      if (findTerm(ws, 'sandbox') < 0 && !(findTerm(ws, 'provider*') >= 0 && !ws.includes('no'))) continue;
      const column = t.header[row?.cells.indexOf(cell) ?? -1] ?? [];
      const replacement = findTerm(column, 'dry run') >= 0 || findTerm(column, 'dryrun') >= 0 ? 'true' : 'no provider call';
      context.report({ messageId: 'tableCell', data: { cell: cell.text }, loc: { range: cellRange(cell) }, fix: () => ({ range: cellRange(cell), text: replacement }) });
    }
  }
}
