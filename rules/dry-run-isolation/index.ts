import { clauseRange, clauses, hasAny } from '../../src/analysis/clauses.js';
import { isReadOnlyExcerpt } from '../../src/analysis/excerpt.js';
import { cellRange, modeTables } from '../../src/analysis/mode-table.js';
import { findTerm, words } from '../../src/analysis/words.js';
import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { rewriteSentence } from '../../src/fix/prose.js';
import { GoModel } from '../../src/model/go-model.js';
import { checkHandlers } from './handlers.js';

export interface Options {
  /** calls that reach a provider: credential loading, provider clients */
  providerCalls: string[];
  /** the log marker a dry-run return must write */
  logMarker: string;
}

export default defineRule<Options>({
  meta: {
    id: 'dry-run-isolation',
    description: 'The Go handler returns on DryRun (logging DRY_RUN_NO_PROVIDER_CALL) before any provider code; no prose says otherwise.',
    invariant: 1,
    fixable: 'safe',
    defaultSeverity: 'error',
    messages: {
      noGuard: '{{call}}(){{via}} reaches a provider with no DryRun check before it on this path: a {{modeShadow}} request would send for real.',
      guardNoReturn: 'The DryRun check does not return: execution continues into the provider code.',
      guardNoLog: 'The DryRun branch returns without logging {{logMarker}}: nothing proves in the logs that no provider was called.',
      providerInDryRun: '{{call}}(){{via}} runs inside the DryRun branch: a dry run must not touch a provider.',
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
    const model = GoModel.of(context.code, context.runbook, context.options.providerCalls);
    for (const parsed of context.code.blocks('go')) {
      if (isReadOnlyExcerpt(parsed.block, context.runbook)) continue;
      checkHandlers(parsed, context, model);
    }
    checkProse(context);
    checkTables(context);
  },
});

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
