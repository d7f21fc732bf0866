import {
  actionIs,
  asserted,
  blockClaims,
  cellClaims,
  cellMeaning,
  cellMentions,
  cellSourceRange,
  type Claim,
  defineRule,
  entityMentions,
  findTerm,
  GoModel,
  isReadOnlyExcerpt,
  type Mention,
  type ModeMention,
  modeTables,
  option,
  type OptionsOf,
  positive,
  replaceCell,
  replaceSentence,
  type RuleContext,
  type TableCell,
  vocabularyOf,
  words,
  sentenceRange,
} from '../../src/rule-api.js';

import { checkHandlers, checkMiddleware } from './handlers.js';

const OPTIONS = {
  providerCalls: option.strings('calls that reach a provider: credential loading, provider clients', [
    'loadCredentials',
    'Send',
    'SendSMS',
    'SendMessage',
    'sendWithRetry',
    'sendToProvider',
  ]),
  logMarker: option.string('the log marker a dry-run return must write', 'DRY_RUN_NO_PROVIDER_CALL'),
};

type Options = OptionsOf<typeof OPTIONS>;

export default defineRule({
  meta: {
    id: 'dry-run-isolation',
    description:
      'The Go handler returns on DryRun (logging DRY_RUN_NO_PROVIDER_CALL) ' +
      'before any provider code; no prose says otherwise.',
    invariant: 1,
    fixable: 'safe',
    tagsProse: true,
    defaultSeverity: 'error',
    messages: {
      noGuard:
        '{{call}}(){{via}} reaches a provider with no DryRun check before ' +
        'it on this path: a {{modeShadow}} request would send for real.',
      guardNoReturn: 'The DryRun check does not return: execution continues into the provider code.',
      guardNoLog:
        'The DryRun branch returns without logging {{logMarker}}: nothing ' +
        'proves in the logs that no provider was called.',
      providerInDryRun: '{{call}}(){{via}} runs inside the DryRun branch: a dry run must not touch a provider.',
      middlewareProvider:
        'The middleware {{middleware}}() reaches provider code with {{call}}() (line {{line}}) before the ' +
        "handler's DryRun check runs: dry runs touch the provider too.",
      prose:
        'This sentence has a dry run ({{modeShadow}}) reach a provider or its sandbox, which contradicts Invariant 1.',
      tableCell:
        'The mode table has the {{modeShadow}} row reach a provider ("{{cell}}"): ' +
        'a dry run must not call any provider, sandbox included.',
      tableRow:
        'This table row has a dry run reach a provider or its sandbox ' +
        '("{{cell}}"): a dry run must not call any provider, sandbox ' +
        'included.',
    },
    rationale:
      'In {{modeShadow}} mode {{legacyName}} sends and the {{newServiceName}} ' +
      'service is called with dry_run=true. If its handler reaches ' +
      'provider code on any path while DryRun is set, the message goes ' +
      'out twice; a provider sandbox is still a provider call with ' +
      'real side effects (rate limits, costs, test numbers that are ' +
      'real phones).',
    hints: {
      noGuard: 'Put `if req.DryRun { log.Printf("{{logMarker}} …"); return accepted }` before the first provider call.',
      guardNoReturn: 'End the DryRun branch with return.',
      guardNoLog: 'Add log.Printf("{{logMarker}}: message_uuid=%s", …) before the return.',
      providerInDryRun: 'Move the call after the DryRun branch.',
      middlewareProvider: 'Drop the middleware from the route, or have it skip provider code for a dry run.',
      prose:
        'Delete or correct the sentence: with dry_run=true the {{newServiceName}} ' +
        'service records the message and calls no provider.',
      tableCell: 'Correct the cell: dry_run is true and no provider is called in {{modeShadow}}.',
      tableRow:
        'Correct the cell: with dry_run=true the {{newServiceName}} service records the message and calls no provider.',
    },
    fixes: {
      guardNoLog: { description: 'Logged {{logMarker}} in the DryRun branch before it returns.' },
      prose: { description: 'Replaced a sentence that had a dry run reach a provider.' },
      tableCell: { description: 'Corrected the {{modeShadow}} row of the mode table: no provider is called.' },
      tableRow: {
        description: 'Corrected a table row that had a dry run reach a provider: it calls none, sandbox included.',
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const model = GoModel.of(context.code, context.runbook, context.options.providerCalls);
    for (const parsed of context.code.blocks('go')) {
      if (isReadOnlyExcerpt(parsed.block, context.runbook)) continue;
      checkHandlers(parsed, context, model);
      checkMiddleware(parsed, context, model);
    }
    checkProse(context);
    checkTables(context);
  },
});

const REACH_ACTIONS = [
  'call',
  'send',
  'reach',
  'hit',
  'contact',
  'use',
  'query',
  'talk',
  'go',
  'route',
  'forward',
  'deliver',
  'pass',
  'hand',
  'submit',
  'post',
  'invoke',
  'touch',
  'ping',
  'exercise',
  'dispatch',
  'relay',
  'connect',
  'test',
  // "asks the provider's pricing endpoint for a quote", "fetches the provider's rate card"
  'ask',
  'request',
  'fetch',
  'poll',
  'notify',
];
const TARGET_PREPS: (string | null)[] = [null, 'to', 'through', 'via', 'into', 'against', 'at', 'with', 'over'];

/**
 * Whether a claim has a dry run reach a provider or its sandbox: a dry run (or the new
 * service in SHADOW mode, or with dry_run=true said in the sentence) calls, sends through,
 * hits … a provider or a sandbox, or a provider or sandbox is called during a dry run. The
 * legacy side reaching its provider in SHADOW mode is the design, not a contradiction.
 */
function dryRunReachesProvider(c: Claim, dryContext: boolean): boolean {
  if (!asserted(c) || c.listing || c.mode === 'off' || c.mode === 'on' || !actionIs(c, REACH_ACTIONS)) return false;
  const isTarget = (m: Mention | null): boolean =>
    m !== null && (m.entity === 'provider' || m.entity === 'sandbox') && !m.negated;
  if (c.passive) {
    // "the sandbox is called during a dry run": the target is the subject
    if (isTarget(c.patient))
      return (c.actor === null || c.actor.entity === 'new' || c.actor.entity === 'dryRun') && dryContext;
    // "a dry run is forwarded to the provider's sandbox": the dry run is the subject, the target its destination
    const destinations = positive(
      c.objects,
      ['provider', 'sandbox'],
      ['to', 'through', 'via', 'into', 'against', 'at', 'over'],
    );
    if (destinations.length === 0 || !c.patient || c.patient.negated) return false;
    if (c.patient.entity === 'dryRun') return c.patient.value !== false;
    return c.patient.entity === 'new' && (c.mode === 'shadow' || dryContext);
  }
  if (positive(c.objects, ['provider', 'sandbox'], TARGET_PREPS).length === 0) return false;
  const who = c.actor;
  if (who && (who.entity === 'legacy' || who.entity === 'controller')) return false;
  if (who?.entity === 'dryRun') return who.value !== false && !who.negated;
  if (who?.entity === 'new') return c.mode === 'shadow' || dryContext;
  // no subject named ("which it forwards to …" with no claim before): a dry run must be in the sentence
  return who === null && dryContext;
}

/**
 * A sentence that names a dry run (not dry_run=false, not "not a dry run"), or the dry run as a verb's circumstance.
 */
function dryMentioned(claims: readonly Claim[], settings: RuleContext<Options>['settings']): boolean {
  const unit = claims[0]?.unit;
  if (!unit) return false;
  return entityMentions(unit.tokens, settings).some((m) => m.entity === 'dryRun' && m.value !== false && !m.negated);
}

function checkProse(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  const wanted = (ws: string[], modes: { named: ModeMention[]; context: string | null }): boolean =>
    ws.some((w) => w.startsWith('provider') || w.startsWith('sandbox')) &&
    (ws.includes('dry') ||
      ws.includes('dryrun') ||
      modes.named.some((m) => m.role === 'shadow') ||
      modes.context === 'shadow');
  for (const block of runbook.prose) {
    if (block.kind !== 'paragraph') continue;
    for (const { sentence, claims } of blockClaims(block, settings, wanted)) {
      const dry = dryMentioned(claims, settings);
      if (!claims.some((c) => dryRunReachesProvider(c, dry))) continue;
      const correct = context.template('dry-run.md').trim();
      const range = sentenceRange(sentence);
      context.report({
        messageId: 'prose',
        loc: { range },
        fix: () => replaceSentence(runbook, block, sentence, correct),
      });
    }
  }
}

/**
 * Tables: the mode table's SHADOW row, and any row (a glossary, a behaviour table) whose
 * first cell names a dry run, or any cell under a column headed by one. Each cell is read
 * as the claims its row and column make of it: a yes under "Go → provider" is "the dry run
 * reaches the provider"; "calls the provider's sandbox endpoint" under the term "Dry run"
 * is that claim in words; "never reaches the provider (not even its sandbox)" is its
 * negation.
 */
function checkTables(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  const reported = new Set<TableCell>();
  const report = (cell: TableCell, messageId: 'tableCell' | 'tableRow', replacement: string): void => {
    if (reported.has(cell)) return;
    reported.add(cell);
    const range = cellSourceRange(runbook.text, cell);
    context.report({
      messageId,
      data: { cell: cell.text.trim() },
      loc: { range },
      fix: () => replaceCell(runbook, cell, replacement),
    });
  };
  const modeRows = new Set<TableCell[]>();
  for (const t of modeTables(runbook, settings)) {
    const row = t.rows.find((r) => r.role === 'shadow');
    if (!row) continue;
    modeRows.add(row.cells);
    row.cells.forEach((cell, col) => {
      if (col === 0) return;
      const header = t.table.header[col];
      const verdict = cellReaches(cell, header, settings, 'mode');
      if (!verdict) return;
      const voc = vocabularyOf(t.table, col);
      const dryColumn = findTerm(t.header[col] ?? [], 'dry run') >= 0 || findTerm(t.header[col] ?? [], 'dryrun') >= 0;
      const m = cellMeaning(cell);
      const replacement =
        m.kind === 'yes' ? (dryColumn ? voc.yes : voc.no) : dryColumn ? voc.literal(true) : 'no provider call';
      report(cell, 'tableCell', replacement);
    });
  }
  for (const table of runbook.tables) {
    const dryColumns = table.header.map((h) => namesDryRun(h, settings));
    for (const cells of table.rows) {
      if (modeRows.has(cells)) continue;
      const rowIsDry = cells[0] !== undefined && namesDryRun(cells[0], settings);
      cells.forEach((cell, col) => {
        if (col === 0 && rowIsDry) return;
        if (!rowIsDry && !dryColumns[col]) return;
        if (!cellReaches(cell, rowIsDry ? table.header[col] : undefined, settings, 'row')) return;
        const m = cellMeaning(cell);
        const replacement =
          m.kind === 'yes'
            ? vocabularyOf(table, col).no
            : 'records the message and calls no provider, sandbox included';
        report(cell, 'tableRow', replacement);
      });
    }
  }
}

/** A cell that names a dry run as its subject: "Dry run", "`dry_run=true`", "Dry-run request" (not `dry_run=false`). */
function namesDryRun(cell: TableCell, settings: RuleContext<Options>['settings']): boolean {
  const ws = words(cell.text);
  if (!ws.includes('dry') && !ws.includes('dryrun')) return false;
  const mentions = cellMentions(cell, settings);
  const dry = mentions?.find((m) => m.entity === 'dryRun');
  return !!dry && dry.value !== false && !dry.negated && (mentions?.[0] === dry || ws.length <= 4);
}

/**
 * Whether a cell (with its column's header) says a dry run reaches a provider or its
 * sandbox. A yes/no cell takes its claim from the header: a yes under a header that names a
 * provider or sandbox reached by the new service or the dry run. A cell with verbs is read as
 * claims with the dry run as the subject it leaves out; a cell without one ("provider
 * sandbox") by the things it names: a sandbox, or a provider with no other sender named.
 */
function cellReaches(
  cell: TableCell,
  header: TableCell | undefined,
  settings: RuleContext<Options>['settings'],
  where: 'mode' | 'row',
): boolean {
  const m = cellMeaning(cell);
  if (m.kind === 'na' || m.kind === 'no' || m.kind === 'statuses') return false;
  const ws = words(cell.text);
  const namesTarget = ws.some((w) => w.startsWith('provider') || w.startsWith('sandbox'));
  if (m.kind === 'yes' || m.kind === 'literal') {
    if (m.kind === 'yes' && header && headerSaysReach(header, settings)) return true;
    if (!namesTarget) return false;
  }
  if (!namesTarget) return false;
  const claims = cellClaims(cell, settings, { subject: 'dryRun', context: 'shadow' });
  if (!claims) return false;
  const verbs = claims.filter((c) => !c.isCondition);
  if (verbs.some((c) => actionIs(c, REACH_ACTIONS) || c.negated)) {
    // "when false, calls the provider": a condition that turns the dry run off
    return verbs.some((c) => dryRunReachesProvider(c, true) && !conditionTurnsDryRunOff(c));
  }
  const mentions = cellMentions(cell, settings) ?? [];
  if (
    mentions.some((x) => x.entity === 'legacy' || x.entity === 'controller') ||
    ws.includes('none') ||
    ws.includes('nothing')
  )
    return false;
  const sandbox = mentions.some((x) => x.entity === 'sandbox' && !x.negated);
  const provider = mentions.some((x) => x.entity === 'provider' && !x.negated);
  if (sandbox) return true;
  // "provider" alone in a SHADOW row could be the legacy side's: only when the cell or the header names the new service
  // or the dry run
  if (!provider) return false;
  if (where === 'row') return true;
  const headerMentions = header ? (cellMentions(header, settings) ?? []) : [];
  return [...mentions, ...headerMentions].some((x) => x.entity === 'new' || x.entity === 'dryRun');
}

/**
 * "Go → provider", "Go calls provider", "Provider call (Go)", "Sandbox used": a column whose yes means a provider is
 * reached by the dry run.
 */
function headerSaysReach(header: TableCell, settings: RuleContext<Options>['settings']): boolean {
  const ws = words(header.text);
  if (!ws.some((w) => w.startsWith('provider') || w.startsWith('sandbox'))) return false;
  const mentions = cellMentions(header, settings) ?? [];
  if (mentions.some((m) => m.entity === 'legacy' || m.entity === 'controller')) return false;
  return mentions.some((m) => m.entity === 'new' || m.entity === 'dryRun' || m.entity === 'sandbox');
}

/** "when false, sends through the provider": a `false` before the verb makes it the live request, not the dry run. */
function conditionTurnsDryRunOff(c: Claim): boolean {
  return c.unit.tokens.some((t, i) => i < c.at && (t.lower === 'false' || t.lower === 'off' || t.lower === 'disabled'));
}
