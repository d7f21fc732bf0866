import {
  actionIs,
  ancestors,
  anyBroad,
  asserted,
  blockClaims,
  cellClaims,
  cellMeaning,
  type CellMeaning,
  cellMentions,
  cellSourceRange,
  type Claim,
  columnIndex,
  defineRule,
  deleteCodeLines,
  dependents,
  descendants,
  type Edit,
  enclosingStatement,
  findModeDispatches,
  findTerm,
  identifierWords,
  insertCodeLineAfter,
  isInside,
  isReadOnlyExcerpt,
  type Known,
  type ModeBranch,
  type ModeDispatch,
  type ModeMention,
  type ModeRole,
  modeTables,
  type Node,
  nodeRange,
  option,
  type OptionsOf,
  type ParsedBlock,
  type PhpCall,
  type PhpFunction,
  PhpModel,
  positive,
  readOf,
  replaceCell,
  replaceNode,
  replaceSentence,
  type RuleContext,
  type SendSite,
  type TableCell,
  type Vocabulary,
  vocabularyOf,
  words,
  sentenceRange,
} from '../../src/rule-api.js';

const OPTIONS = {
  fallbackExceptions: option.strings(
    'exception classes whose catch block may fall back to the legacy send (timeouts, transport failures)',
    [
      'ConnectionException',
      'ConnectException',
      'TimeoutException',
      'TransportException',
      'TransferException',
      'CircuitOpenException',
      'RequestTimeoutException',
    ],
  ),
  fallbackTypeForFix: option.string(
    'the exception a too-broad catch is narrowed to by the unsafe fix',
    'Illuminate\\Http\\Client\\ConnectionException',
  ),
};

type Options = OptionsOf<typeof OPTIONS>;

export default defineRule({
  meta: {
    id: 'single-execution-authority',
    description:
      'OFF / SHADOW / ON behave as Invariant 1 says in the mode switch, ' +
      'the mode table and the prose: one sender per message_uuid.',
    invariant: 1,
    fixable: 'unsafe',
    tagsProse: true,
    defaultSeverity: 'error',
    messages: {
      offCallsNew:
        'In {{modeOff}} mode the code calls {{call}}(){{via}}: the {{newServiceName}} ' +
        'service must not be called at all.',
      shadowNotDryRun:
        'In {{modeShadow}} mode {{call}}() is called with dry_run {{value}}{{via}}: ' +
        'the {{newServiceName}} service would send for real while {{legacyName}} ' +
        'also sends.',
      shadowNoLegacy:
        'The {{modeShadow}} branch never calls the legacy send: in {{modeShadow}} mode {{legacyName}} is the sender.',
      shadowResultUsed:
        'In {{modeShadow}} mode the result of {{call}}() ({{variable}}) ' +
        'decides the response: the shadow result must not affect the ' +
        'HTTP response or the quota.',
      shadowSteersLegacy:
        'In {{modeShadow}} mode the result of {{call}}() ({{variable}}) ' +
        'decides what the legacy send {{legacy}}() (line {{line}}) sends: the shadow result must not change the ' +
        'legacy path.',
      fallsThrough:
        'The {{mode}} case does not end in break or return: it runs on into the {{next}} case (line {{line}}), ' +
        'so {{mode}} mode also does what {{next}} mode does.',
      onDryRun: 'In {{modeOn}} mode {{call}}() is called with dry_run true{{via}}: nothing would be sent.',
      onNoNewCall:
        'The {{modeOn}} branch never calls the {{newServiceName}} service: in {{modeOn}} mode it is the sender.',
      onLegacyUnguarded:
        'In {{modeOn}} mode the legacy send {{call}}(){{via}} runs outside a fallback: both systems would send.',
      onFallbackTooBroad:
        'In {{modeOn}} mode the legacy fallback runs on any {{caught}}: ' +
        'an error after the {{newServiceName}} service accepted the batch ' +
        'sends the messages again.',
      tableCell: 'The mode table says "{{cell}}" for {{mode}} under "{{column}}"; Invariant 1 requires {{expected}}.',
      prose: 'This sentence contradicts Invariant 1: {{what}}.',
    },
    rationale:
      'For each message_uuid exactly one system may call the provider. ' +
      'OFF: {{legacyName}} sends and {{newServiceName}} is not called; ' +
      'SHADOW: {{legacyName}} sends, {{newServiceName}} is called with ' +
      'dry_run=true and its result changes nothing; ON: {{newServiceName}} ' +
      'sends, and {{legacyName}} sends only when the call failed before ' +
      'acceptance (timeout, transport failure, open circuit). Anything ' +
      'else sends some messages twice.',
    hints: {
      offCallsNew: 'Remove the {{newServiceName}} call from the {{modeOff}} branch.',
      shadowNotDryRun: 'Pass dry_run true (sendBatch(..., true)) in {{modeShadow}} mode.',
      shadowNoLegacy: 'Call the legacy send first in the {{modeShadow}} branch.',
      shadowResultUsed: 'Ignore the shadow result for the response: log it, then return the legacy outcome.',
      shadowSteersLegacy:
        'Send through the legacy path first with the messages as they came, then make the shadow call and only log it.',
      fallsThrough: 'End the {{mode}} case with break;.',
      onDryRun: 'Pass dry_run false in {{modeOn}} mode.',
      onNoNewCall: 'Call the {{newServiceName}} service with dry_run false in the {{modeOn}} branch.',
      onLegacyUnguarded:
        'Call the legacy send only in the fallback: catch a timeout or transport exception, or check the open circuit.',
      onFallbackTooBroad:
        'Catch only timeout and transport exceptions (e.g. ConnectionException) ' +
        'or check the breaker; let other errors surface.',
      tableCell: 'Correct the cell to {{expected}}.',
      prose: 'Delete or correct the sentence so it matches the mode table of Invariant 1.',
    },
    fixes: {
      shadowNotDryRun: { description: 'Passed dry_run true to {{call}}() in {{modeShadow}} mode.', kind: 'unsafe' },
      onDryRun: { description: 'Passed dry_run false to {{call}}() in {{modeOn}} mode.', kind: 'unsafe' },
      onFallbackTooBroad: {
        description: 'Narrowed the legacy fallback to a timeout or transport failure (ConnectionException).',
        kind: 'unsafe',
      },
      offCallsNew: {
        description: 'Deleted the {{newServiceName}} call from the {{modeOff}} branch.',
        kind: 'unsafe',
        deletes: true,
      },
      shadowResultUsed: {
        description: 'Deleted the check that let the {{modeShadow}} result decide the response.',
        kind: 'unsafe',
        deletes: true,
      },
      fallsThrough: { description: 'Ended the {{mode}} case with break;.', kind: 'unsafe' },
      tableCell: {
        description: 'Corrected the mode table: {{mode}} / {{column}} is now {{replacement}}.',
        kind: 'safe',
      },
      prose: { description: 'Replaced a sentence that contradicted Invariant 1 ({{what}}).', kind: 'safe' },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, code } = context;
    const model = PhpModel.of(code, runbook, context.settings);
    for (const parsed of code.blocks('php')) {
      if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
      checkDispatches(parsed, context, model);
    }
    checkTables(context);
    checkProse(context);
  },
});

function checkDispatches(parsed: ParsedBlock, context: RuleContext<Options>, model: PhpModel): void {
  const { settings, runbook } = context;
  const report = (
    messageId: string,
    node: Node,
    data: Record<string, string | number> = {},
    fix?: () => Edit | null,
  ): void =>
    context.report({ messageId, data, loc: { range: nodeRange(parsed.block, node) }, ...(fix ? { fix } : {}) });
  // "through dispatchToGo() (line 987)": where a send made through a helper really is
  // each helper on the way with the line of the call it makes next: "… through
  // GoSendJob::handle() (line 412) → LegacySendJob::handle() (line 335)"
  const via = (site: SendSite): string => {
    if (site.via.length === 0) return '';
    const hops = site.via.map((f, i) => {
      const next = site.chain[i + 1] as { call: PhpCall; parsed: ParsedBlock };
      const line = runbook.lines.pointAt(nodeRange(next.parsed.block, next.call.node)[0]).line;
      return `${f.className ? `${f.className}::` : ''}${f.name}() (line ${line})`;
    });
    return ` through ${hops.join(' → ')}`;
  };
  const entry = (site: SendSite): PhpCall => (site.chain[0] as { call: PhpCall }).call;
  const dryRun = (site: SendSite): Known<boolean> =>
    model.dryRun(site, site.call.name.toLowerCase() === 'sendbatch' ? 3 : null);
  // a fix edits the call where the branch writes it; a helper may serve other callers: no fix there
  const editable = (site: SendSite, d: Known<boolean>, text: string): (() => Edit | null) | undefined =>
    site.via.length === 0 && d.known && d.node ? () => replaceNode(d.parsed.block, d.node as Node, text) : undefined;
  for (const dispatch of findModeDispatches(parsed.root, settings)) {
    const roles = new Set(dispatch.branches.map((b) => b.role));
    if (roles.size === 3)
      context.evidence({ invariant: 1, range: nodeRange(parsed.block, dispatch.node), kind: 'code' });
    // `if ($mode !== 'ON') { return; }` serves OFF and SHADOW with one body: it says what
    // those modes skip, not who sends in them, so only a branch of its own must have a sender
    const dedicated = (branch: ModeBranch): boolean =>
      dispatch.branches.filter((b) => b.body.equals(branch.body)).length === 1;
    for (const branch of dispatch.branches) {
      const sends = model.sendsIn(parsed, branch.body);
      const fell = fallsIntoOther(branch, dispatch);
      if (fell && branch.role !== 'on') {
        const last = lastStatement(branch.body);
        const line = runbook.lines.pointAt(nodeRange(parsed.block, fell.body)[0]).line;
        const lastLine = last ? parsed.block.toDoc(last.endIndex).line : null;
        report(
          'fallsThrough',
          branch.label,
          { mode: settings.modes[branch.role], next: settings.modes[fell.role], line },
          lastLine ? () => insertCodeLineAfter(runbook, parsed.block, lastLine, 'break;') : undefined,
        );
      }
      if (branch.role === 'off') {
        for (const site of sends.newServiceSends) {
          const stmt = site.via.length === 0 ? enclosingStatement(site.call.node) : null;
          report(
            'offCallsNew',
            entry(site).node,
            { call: site.call.name, via: via(site) },
            stmt?.type === 'expression_statement'
              ? () => deleteCodeLines(context.runbook, parsed.block, stmt)
              : undefined,
          );
        }
      } else if (branch.role === 'shadow') {
        // a call the runbook defines twice may be the one that sends: nothing is concluded from it
        if (sends.legacySends.length === 0 && !sends.ambiguous && roles.size > 1 && dedicated(branch))
          report('shadowNoLegacy', branch.label);
        for (const site of sends.newServiceSends) {
          const d = dryRun(site);
          if (d.known && d.value === false)
            report(
              'shadowNotDryRun',
              entry(site).node,
              { call: site.call.name, value: 'false', via: via(site) },
              editable(site, d, 'true'),
            );
          const used = resultUse(site, branch, sends.legacySends);
          // through a helper, what reads the result is in the helper's block
          const where = site.via.length > 0 ? site.parsed.block : parsed.block;
          const at = (node: Node): { range: [number, number] } => ({ range: nodeRange(where, node) });
          if (used?.legacy) {
            const line = runbook.lines.pointAt(nodeRange(where, used.legacy.node)[0]).line;
            context.report({
              messageId: 'shadowSteersLegacy',
              data: { call: site.call.name, variable: used.variable, legacy: used.legacy.name, line },
              loc: at(used.node),
            });
          } else if (used) {
            // a helper may serve other callers: its if is only deleted where the branch writes it
            const stmt = site.via.length === 0 && used.node.parent?.type === 'if_statement' ? used.node.parent : null;
            context.report({
              messageId: 'shadowResultUsed',
              data: { call: site.call.name, variable: used.variable },
              loc: at(used.node),
              ...(stmt ? { fix: () => deleteCodeLines(context.runbook, parsed.block, stmt) } : {}),
            });
          }
        }
      } else {
        if (sends.newServiceSends.length === 0 && !sends.ambiguous && roles.size > 1 && dedicated(branch))
          report('onNoNewCall', branch.label);
        for (const site of sends.newServiceSends) {
          const d = dryRun(site);
          if (d.known && d.value === true)
            report('onDryRun', entry(site).node, { call: site.call.name, via: via(site) }, editable(site, d, 'false'));
        }
        for (const site of sends.legacySends) {
          const verdict = chainVerdict(site, branch, model, context.options);
          if (verdict === 'ok') continue;
          if (verdict === 'unguarded') {
            report('onLegacyUnguarded', entry(site).node, { call: site.call.name, via: via(site) });
            continue;
          }
          const { node: typeNode, parsed: where } = verdict;
          context.report({
            messageId: 'onFallbackTooBroad',
            data: { caught: verdict.caught },
            loc: { range: nodeRange(where.block, typeNode) },
            fix: () => replaceNode(where.block, typeNode, `\\${context.options.fallbackTypeForFix}`),
          });
        }
      }
    }
  }
}

interface ResultUse {
  /** what reads the result: an if's condition, a return, or the assignment that feeds the legacy call */
  node: Node;
  variable: string;
  legacy: PhpCall | null;
}

/**
 * `$shadow = $client->sendBatch(...)` whose value, or a variable computed from it, is then read
 * where the shadow branch decides something: by the arguments of the legacy send (which
 * messages it sends), an if, or a return. The branch itself or, through a helper, the helper
 * that makes the call.
 */
function resultUse(site: SendSite, branch: ModeBranch, legacySends: readonly SendSite[]): ResultUse | null {
  const assign = site.call.node.parent;
  const left = assign?.type === 'assignment_expression' ? assign.childForFieldName('left') : null;
  if (!assign || left?.type !== 'variable_name') return null;
  const helper = site.via[site.via.length - 1];
  const scope = helper ? helper.body : branch.body;
  if (!scope) return null;
  const held = dependents(left.text, assign, scope);
  for (const legacy of legacySends) {
    const hop = legacy.chain.find(
      (c) => isInside(c.call.node, scope) && c.call.node.startIndex > assign.endIndex,
    )?.call;
    if (!hop) continue;
    const read = hop.args.map((a) => readOf(a.value, held)).find((r) => r !== null);
    if (!read) continue;
    // the finding sits where the result first enters what the legacy send reads: the line to remove
    let at: Node = hop.node;
    let step = held.get(read.text) ?? null;
    for (let hops = 0; step && hops < held.size; hops++) {
      at = step.assignment;
      step = held.get(step.from) ?? null;
    }
    return { node: at, variable: left.text, legacy: hop };
  }
  for (const n of descendants(scope)) {
    if (n.startIndex <= assign.endIndex) continue;
    const probe =
      n.type === 'if_statement' ? n.childForFieldName('condition') : n.type === 'return_statement' ? n : null;
    const read = probe ? readOf(probe, held) : null;
    if (probe && read) return { node: probe, variable: read.text, legacy: null };
  }
  return null;
}

/** The branch of another mode a switch case runs on into, its break lost; null for a case that ends. */
function fallsIntoOther(branch: ModeBranch, dispatch: ModeDispatch): ModeBranch | null {
  // `case 'OFF': case 'SHADOW': …` shares one body on purpose: only a case with code of its own falls through
  if (!lastStatement(branch.body)) return null;
  for (const c of branch.fallsInto ?? []) {
    const other = dispatch.branches.find((b) => b.body.equals(c));
    if (other && other.role !== branch.role && lastStatement(c)) return other;
  }
  return null;
}

/** A switch case's last statement (comments left out), or null for an empty case. */
function lastStatement(c: Node): Node | null {
  const value = c.childForFieldName('value');
  return (
    c.namedChildren
      .filter((x): x is Node => x !== null && x.type !== 'comment' && !(value && x.equals(value)))
      .at(-1) ?? null
  );
}

type Verdict = 'ok' | 'unguarded' | { node: Node; caught: string; parsed: ParsedBlock };

/**
 * A legacy send in ON mode is allowed only as a fallback: somewhere on the way from the branch
 * to the send, a call sits in a catch of a timeout or transport exception, or behind a check of
 * the new service's outcome (its result, a timeout flag, an open circuit). The first catch of a
 * broader exception on the way is "too broad"; no guard at all is "unguarded".
 */
function chainVerdict(site: SendSite, branch: ModeBranch, model: PhpModel, options: Options): Verdict {
  let broad: Verdict | null = null;
  for (let i = 0; i < site.chain.length; i++) {
    const { call, parsed } = site.chain[i] as { call: PhpCall; parsed: ParsedBlock };
    const boundary = i === 0 ? branch.body : (site.via[i - 1] as PhpFunction).body;
    if (!boundary) continue;
    const v = fallbackVerdict(call.node, boundary, parsed, model, options);
    if (v === 'ok') return 'ok';
    if (v !== 'unguarded') broad ??= v;
  }
  return broad ?? 'unguarded';
}

function fallbackVerdict(node: Node, boundary: Node, parsed: ParsedBlock, model: PhpModel, options: Options): Verdict {
  for (const a of ancestors(node)) {
    if (a.equals(boundary)) break;
    if (a.type === 'catch_clause') {
      const types = a.childForFieldName('type')?.text ?? '';
      const names = types.split('|').map((t) => t.trim().replace(/^.*\\/, ''));
      // a listed exception, or one whose name says transport failure (GoTransportException, UpstreamTimeoutException)
      if (
        names.some(
          (n) => options.fallbackExceptions.includes(n) || identifierWords(n).some((w) => TRANSPORT_WORDS.has(w)),
        )
      )
        return 'ok';
      return { node: a.childForFieldName('type') ?? a, caught: types.trim() || 'exception', parsed };
    }
    if (a.type === 'if_statement' || a.type === 'else_if_clause') {
      const cond = a.childForFieldName('condition');
      // a send inside the condition itself runs whatever the condition says
      if (cond && !isInside(node, cond) && isFallbackCondition(cond, parsed, boundary, model)) return 'ok';
    }
  }
  return 'unguarded';
}

const TRANSPORT_WORDS = new Set([
  'timeout',
  'transport',
  'connection',
  'connect',
  'circuit',
  'breaker',
  'unavailable',
  'unreachable',
]);

const FAILURE_WORDS = new Set([
  'timeout',
  'timedout',
  'timed',
  'transport',
  'breaker',
  'circuit',
  'unavailable',
  'unreachable',
  'fallback',
  'failed',
  'failure',
  'fail',
  'fails',
  'down',
]);

/**
 * A condition that asks whether the new service's call failed: an identifier that names a
 * failure (a timeout flag, an open breaker, a failed result), or a test of a variable that holds
 * the new service's result (`$result === null`, `!$ok`). A test of any other variable against
 * null or false is no fallback guard: `$user !== null` says nothing about the call.
 */
function isFallbackCondition(cond: Node, parsed: ParsedBlock, scope: Node, model: PhpModel): boolean {
  const names: string[] = [];
  for (const n of [cond, ...descendants(cond)]) {
    if (n.type === 'name' && n.parent?.type !== 'variable_name') names.push(n.text);
    else if (n.type === 'variable_name') names.push(n.text.replace(/^\$/, ''));
  }
  for (const name of names) {
    for (const w of name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_]+/))
      if (FAILURE_WORDS.has(w.toLowerCase())) return true;
  }
  const results = resultVariables(parsed, scope, model);
  return names.some((n) => results.has(n));
}

/** Variables assigned the outcome of a call to the new service (directly or through a helper) in a scope. */
function resultVariables(parsed: ParsedBlock, scope: Node, model: PhpModel): Set<string> {
  const out = new Set<string>();
  for (const n of descendants(scope)) {
    if (n.type !== 'assignment_expression') continue;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type !== 'variable_name' || !right) continue;
    if (model.sendsIn(parsed, right).newServiceSends.length > 0) out.add(left.text.replace(/^\$/, ''));
  }
  return out;
}

/**
 * Invariant 1 for each mode table: each cell read for its meaning (src/model/cells.ts), reported only when it
 * contradicts.
 */
function checkTables(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  const newName = words(settings.newServiceName).join(' ');
  const legacyName = words(settings.legacyName).join(' ');
  for (const t of modeTables(runbook, settings)) {
    const start = t.table.node.position?.start.offset ?? 0;
    const end = t.table.node.position?.end.offset ?? start;
    if (t.rows.length === 3) context.evidence({ invariant: 1, range: [start, end], kind: 'table' });
    const dry = columnIndex(t, [['dry run'], ['dryrun']]);
    const newSend = columnIndex(t, [
      [newName, 'send*'],
      [newName, 'sent'],
      [newName, 'call*'],
    ]);
    const legacySend = columnIndex(t, [
      [legacyName, 'send*'],
      [legacyName, 'sent'],
      ['legacy', 'send*'],
      ['legacy', 'sent'],
    ]);
    const response = columnIndex(t, [['response']]);
    const fallback = t.header.findIndex(
      (ws, i) =>
        (findTerm(ws, 'fallback*') >= 0 || findTerm(ws, 'fall* back') >= 0) &&
        i !== legacySend &&
        i !== newSend &&
        i > 0,
    );
    const voc = (col: number): Vocabulary => vocabularyOf(t.table, col);
    const expect = (
      role: ModeRole,
      col: number,
      wrong: (m: CellMeaning, cell: TableCell) => boolean,
      expected: (m: CellMeaning, v: Vocabulary) => string,
      replacement = expected,
    ): void => {
      const row = t.rows.find((r) => r.role === role);
      const cell = row?.cells[col];
      if (col < 0 || !cell || !row) return;
      const m = cellMeaning(cell);
      if (!wrong(m, cell)) return;
      const v = voc(col);
      const range = cellSourceRange(runbook.text, cell);
      const text = replacement(m, v);
      context.report({
        messageId: 'tableCell',
        data: {
          cell: cell.text.trim(),
          mode: settings.modes[role],
          column: t.table.header[col]?.text ?? '',
          expected: expected(m, v),
          replacement: text,
        },
        loc: { range },
        fix: () => replaceCell(runbook, cell, text),
      });
    };
    // a yes/no column: OFF never calls the new service; the legacy side always sends in OFF and SHADOW
    const calls = (m: CellMeaning): boolean =>
      m.kind === 'yes' || m.kind === 'conditional' || (m.kind === 'literal' && m.value === true);
    const refuses = (m: CellMeaning): boolean => m.kind === 'no' || (m.kind === 'literal' && m.value === false);
    expect('off', newSend, calls, (_m, v) => v.no);
    expect('off', legacySend, refuses, (_m, v) => v.yes);
    expect(
      'shadow',
      legacySend,
      (m) => refuses(m) || m.kind === 'conditional',
      (_m, v) => v.yes,
    );
    // ON: the legacy side sends only as a fallback on a timeout, a transport failure or an open circuit
    expect(
      'on',
      legacySend,
      (m) => legacyOnWrong(m),
      (_m, v) => `${v.no} (fallback only)`,
    );
    expect('on', newSend, refuses, (_m, v) => v.yes);
    // dry_run: true in SHADOW, false in ON; a column of yes/no says it with yes/no
    const dryWrong =
      (want: boolean) =>
      (m: CellMeaning): boolean =>
        (m.kind === 'literal' && m.value === !want) || (want ? m.kind === 'no' : m.kind === 'yes');
    const dryText =
      (want: boolean) =>
      (m: CellMeaning, v: Vocabulary): string =>
        m.kind === 'yes' || m.kind === 'no' ? (want ? v.yes : v.no) : v.literal(want);
    expect('shadow', dry, dryWrong(true), dryText(true));
    expect('on', dry, dryWrong(false), dryText(false));
    expect(
      'on',
      fallback,
      (m) => (m.kind === 'conditional' || m.kind === 'yes') && anyBroad(m.conditions),
      () => 'only on timeout, transport failure or open circuit',
    );
    // the other columns ("Effect", "Notes"): a cell of words is read as claims about its row's mode
    const known = new Set([0, dry, newSend, legacySend, response, fallback]);
    for (const row of t.rows) {
      row.cells.forEach((cell, col) => {
        if (known.has(col) || cellMeaning(cell).kind !== 'text' || !mayClaim(cell, settings)) return;
        const found = (cellClaims(cell, settings, { context: row.role }) ?? [])
          .map((c) => contradiction(c, settings))
          .find((x) => x !== null);
        if (!found) return;
        context.report({
          messageId: 'tableCell',
          data: {
            cell: cell.text.trim(),
            mode: settings.modes[row.role],
            column: t.table.header[col]?.text ?? '',
            expected: found.expected,
            replacement: '',
          },
          loc: { range: cellSourceRange(runbook.text, cell) },
        });
      });
    }
    expect(
      'shadow',
      response,
      (_m, cell) => responseFromNew(cell, settings),
      () => `${settings.legacyName} (the ${settings.newServiceName} result never decides it)`,
      () => settings.legacyName,
    );
  }
}

/**
 * An ON row's legacy-send cell that contradicts Invariant 1: a plain yes (both systems send),
 * or a fallback on a failure that may come after acceptance ("on any error"). "NO (fallback
 * only)", "only on timeout / transport / breaker OPEN" and a fallback whose conditions are not
 * understood are left alone.
 */
function legacyOnWrong(m: CellMeaning): boolean {
  if (anyBroad(m.conditions)) return m.kind === 'yes' || m.kind === 'conditional' || m.kind === 'no';
  if (m.kind === 'yes') return !m.fallbackOnly && m.conditions.length === 0 && !qualifiedAsFallback(m);
  if (m.kind === 'literal') return m.value === true;
  return false;
}

/** "YES (Go down)", "yes, on timeout": a qualifier that names a condition makes the yes a fallback. */
function qualifiedAsFallback(m: CellMeaning): boolean {
  const ws = words(m.qualifier);
  return ws.includes('only') || ws.includes('fallback') || ws.includes('if') || ws.includes('when');
}

/** A cell worth tagging: it names the new service, the legacy side or a fallback. */
function mayClaim(cell: TableCell, settings: RuleContext<Options>['settings']): boolean {
  const ws = words(cell.text);
  return (
    findTerm(ws, words(settings.newServiceName).join(' ')) >= 0 ||
    findTerm(ws, words(settings.legacyName).join(' ')) >= 0 ||
    ws.includes('legacy') ||
    ws.includes('fallback') ||
    (ws.includes('fall') && ws.includes('back'))
  );
}

/** A SHADOW response cell that names the new service as the source, before (and without) the legacy one. */
function responseFromNew(cell: TableCell, settings: RuleContext<Options>['settings']): boolean {
  const ws = words(cell.text);
  if (findTerm(ws, words(settings.newServiceName).join(' ')) < 0) return false;
  const mentions = cellMentions(cell, settings);
  if (!mentions) return false;
  const first = mentions.find(
    (m) =>
      (m.entity === 'new' || m.entity === 'result' || m.entity === 'legacy' || m.entity === 'controller') && !m.negated,
  );
  return first !== undefined && (first.entity === 'new' || first.entity === 'result');
}

const CALL_ACTIONS = [
  'call',
  'send',
  'forward',
  'route',
  'hit',
  'reach',
  'contact',
  'invoke',
  'use',
  'query',
  'post',
  'dispatch',
  'hand',
  'pass',
  'talk',
  'submit',
  'go',
  'ping',
  'notify',
  'mirror',
  'duplicate',
  'copy',
];
const NEW_RECEIVES = ['send', 'deliver', 'receive', 'process', 'handle', 'accept', 'get'];
const DECIDE_ACTIONS = [
  'decide',
  'determine',
  'affect',
  'drive',
  'shape',
  'override',
  'replace',
  'become',
  'build',
  'choose',
  'pick',
  'set',
];
const FALLBACK_SENDS = ['retry', 'resend', 'send', 'route', 'reroute', 'redirect', 'switch', 'go', 'take'];

/**
 * Invariant 1 in the prose, read as claims (src/model/claims.ts): a sentence is reported when
 * it asserts — not negates, not as history, a hypothesis, a condition, a quotation or a
 * question — that in SHADOW mode the new service's result decides the response, that in ON
 * mode the legacy fallback runs on failures after acceptance (any error, any exception), or
 * that in OFF mode the new service is called.
 */
function checkProse(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  const newWords = words(settings.newServiceName);
  const legacyWords = words(settings.legacyName);
  const wanted = (ws: string[], modes: { named: ModeMention[]; context: ModeRole | null }): boolean =>
    (modes.named.length > 0 || modes.context !== null) &&
    (findTerm(ws, newWords.join(' ')) >= 0 ||
      findTerm(ws, legacyWords.join(' ')) >= 0 ||
      ws.includes('fallback') ||
      ws.includes('legacy') ||
      (ws.includes('fall') && ws.includes('back')) ||
      ws.includes('fallbacks'));
  for (const block of runbook.prose) {
    if (block.kind === 'heading' || block.kind === 'tableCell') continue;
    for (const { sentence, claims } of blockClaims(block, settings, wanted)) {
      const found = claims.map((c) => contradiction(c, settings)).find((x) => x !== null) ?? null;
      if (!found) continue;
      const { what, template } = found;
      const correct = context.template(template).trim();
      const range = sentenceRange(sentence);
      context.report({
        messageId: 'prose',
        data: { what },
        loc: { range },
        fix: () => replaceSentence(runbook, block, sentence, correct),
      });
    }
  }
}

/** What an asserted claim says against Invariant 1, with the template of the correct statement; null when nothing. */
function contradiction(
  c: Claim,
  settings: RuleContext<Options>['settings'],
): { what: string; template: string; expected: string } | null {
  if (!asserted(c) || c.listing || c.mode === null) return null;
  const mode = settings.modes[c.mode];
  if (c.mode === 'shadow' && shadowResultDecides(c)) {
    return {
      what: `in ${mode} mode the ${settings.newServiceName} result decides the response`,
      template: 'shadow-result.md',
      expected: `the ${settings.legacyName} response (the ${settings.newServiceName} result never decides it)`,
    };
  }
  if (c.mode === 'on' && fallbackLike(c) && (anyBroad(c.conditions) || anyBroad(c.complement))) {
    return {
      what:
        `in ${mode} mode the legacy fallback runs on any failure, ` +
        `not only timeout, transport failure or an open circuit`,
      template: 'on-fallback.md',
      expected: 'a legacy send only on timeout, transport failure or an open circuit',
    };
  }
  if (c.mode === 'off' && c.conditions.length === 0 && offCallsNew(c)) {
    return {
      what: `in ${mode} mode the ${settings.newServiceName} service is called`,
      template: 'off-mode.md',
      expected: `the ${settings.newServiceName} service not called`,
    };
  }
  return null;
}

/** "the Go result is returned to the caller", "is preferred for the HTTP response", "decides the response". */
function shadowResultDecides(c: Claim): boolean {
  const holder = [c.actor, c.patient, ...c.objects].find((m) => m?.entity === 'result' && !m.negated);
  if (!holder) return false;
  const response =
    positive(c.objects, ['response']).length > 0 ||
    [c.actor, c.patient].some((m) => m?.entity === 'response' && !m.negated);
  if (actionIs(c, ['prefer', 'win'])) return true;
  if (actionIs(c, ['return'])) {
    // "returned to the dashboard": somewhere else than the response
    const to = c.unit.tokens[c.at + 1];
    return response || to?.lower !== 'to';
  }
  if (actionIs(c, ['use', 'serve'])) return response;
  return actionIs(c, DECIDE_ACTIONS) && response;
}

/**
 * A legacy send as the ON fallback: "falls back", "the fallback runs", "retries through the legacy driver", "the legacy
 * path sends".
 */
function fallbackLike(c: Claim): boolean {
  if (c.action === 'fall back') return true;
  if (c.actor?.entity === 'fallback' || c.patient?.entity === 'fallback') return true;
  if (!actionIs(c, FALLBACK_SENDS)) return false;
  if (c.actor?.entity === 'legacy' && !c.actor.negated) return true;
  return positive(c.objects, ['legacy'], ['through', 'via', 'to', 'over']).length > 0;
}

/** "the controller calls the Go service", "the Go service is called", "Go receives the batch". */
function offCallsNew(c: Claim): boolean {
  if (actionIs(c, CALL_ACTIONS)) {
    if (c.passive && c.patient?.entity === 'new' && !c.patient.negated) return true;
    // "the Go service is called", "each batch is forwarded to the Go service", "calls the Go service"
    if (
      positive(
        c.objects,
        ['new'],
        c.passive ? ['to', 'through', 'via', 'into'] : [null, 'to', 'through', 'via', 'into'],
      ).length > 0
    )
      return true;
  }
  return !c.passive && c.actor?.entity === 'new' && !c.actor.negated && actionIs(c, NEW_RECEIVES);
}
