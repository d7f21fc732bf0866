import {
  ancestors,
  andStatus,
  cellRange,
  cellMeaning,
  clauseRange,
  clauses,
  columnIndex,
  defineRule,
  deleteCodeLines,
  descendants,
  type Edit,
  enclosingFunctions,
  enclosingStatement,
  findTerm,
  functionName,
  type GuardLevel,
  hasAny,
  isInside,
  isReadOnlyExcerpt,
  type ModeRole,
  modeTables,
  type Node,
  nodeRange,
  option,
  type OptionsOf,
  orStatus,
  type ParsedBlock,
  phpAssignments,
  phpCall,
  type PhpCall,
  phpCalls,
  phpChain,
  PhpGuards,
  phpScopeOf,
  replaceCell,
  replaceNode,
  rewriteSentence,
  type RuleContext,
  type TableCell,
  type SqlStatement,
  sqlStatements,
  type StatusFact,
  stringValue,
  type StringValue,
  textRange,
  words,
  writeTarget,
} from '../../src/rule-api.js';

const OPTIONS = {
  quotaModels: option.strings('Eloquent models holding the quota', ['EmailSMSLimitRate']),
  quotaTables: option.strings('tables holding the quota', ['email_s_m_s_limit_rates']),
  quotaColumn: option.string('the quota column decremented per SMS', 'sms'),
  countedStatuses: option.strings('result statuses that use up quota', ['accepted', 'duplicate'], { minItems: 1 }),
  uncountedStatuses: option.strings(
    'result statuses that never use quota: a guard that excludes only some of them lets the others through',
    ['rejected', 'failed'],
  ),
};

type Options = OptionsOf<typeof OPTIONS>;

export default defineRule({
  meta: {
    id: 'quota-safety',
    description: 'Quota is decremented only when mode == ON and status in (accepted, duplicate); never in SHADOW.',
    invariant: 4,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      inShadow:
        'The quota is decremented in {{modeShadow}} mode: the shadow ' +
        'call sends nothing, so the tenant is billed for messages the ' +
        'legacy send already counted.',
      noModeGuard:
        'This quota decrement has no explicit mode == {{modeOn}} guard in its block: it would also run in {{others}}.',
      dropsDuplicate:
        "The counted results are filtered on {{found}} only: 'duplicate' " +
        'results (messages accepted on an earlier attempt) are left out, ' +
        'so a retried batch is under-counted.',
      noStatusFilter:
        'The decremented amount is not filtered on status in ({{statuses}}): ' +
        'rejected and failed messages would be billed.',
      countsOtherStatus:
        'The decrement also counts results with status {{others}}: only ' +
        '({{statuses}}) use up quota, so the tenant is billed for messages ' +
        'that were not sent.',
      sqlBlock: 'A SQL statement decrements the quota ({{column}} = {{column}} - …) outside any mode or status guard.',
      tableCell: 'The mode table says "{{cell}}" for {{mode}} under "{{column}}"; Invariant 4 requires {{expected}}.',
      prose: 'This sentence has the quota decremented in {{modeShadow}} mode, which contradicts Invariant 4.',
    },
    rationale:
      'The quota is what the tenant pays for. It may only go down for ' +
      'messages the sender of record accepted: in ON mode, for results ' +
      'accepted or duplicate (a duplicate is a message accepted earlier, ' +
      'answered again on retry). A decrement in SHADOW bills a dry ' +
      'run; one without the status filter bills failures; one without ' +
      'an explicit mode guard bills every mode the code happens to ' +
      'run in.',
    hints: {
      inShadow: 'Delete the decrement from the {{modeShadow}} branch; only the legacy send counts there.',
      noModeGuard: "Wrap the decrement in if ($mode === '{{modeOn}}' && …), even on a path that looks ON-only.",
      dropsDuplicate: "Count in_array($r['status'], ['accepted', 'duplicate'], true).",
      noStatusFilter: "Count only results whose status is in ['accepted', 'duplicate'].",
      countsOtherStatus: "Filter on exactly ['accepted', 'duplicate'].",
      sqlBlock: 'Decrement in the controller, inside the mode == {{modeOn}} guard, with the status filter.',
      tableCell: 'Correct the cell to {{expected}}.',
      prose:
        'Delete or correct the sentence: in {{modeShadow}} mode the quota ' +
        'is not decremented for the {{newServiceName}} result.',
    },
    fixes: {
      inShadow: {
        description: 'Deleted the quota decrement from the {{modeShadow}} branch.',
        kind: 'unsafe',
        deletes: true,
      },
      noModeGuard: {
        description: "Added the explicit mode == {{modeOn}} guard to the quota decrement's condition.",
        kind: 'unsafe',
      },
      dropsDuplicate: {
        description: "Counted both 'accepted' and 'duplicate' results before decrementing the quota.",
        kind: 'unsafe',
      },
      countsOtherStatus: {
        description: "Counted only 'accepted' and 'duplicate' results before decrementing the quota.",
        kind: 'unsafe',
      },
      tableCell: {
        description: 'Corrected the mode table: {{mode}} / {{column}} is now {{replacement}}.',
        kind: 'safe',
      },
      prose: {
        description: 'Replaced a sentence that had the quota decremented in {{modeShadow}} mode.',
        kind: 'safe',
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, code } = context;
    const guards = PhpGuards.of(code, runbook, context.settings);
    for (const parsed of code.blocks('php')) {
      if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
      checkPhp(parsed, context, guards);
    }
    for (const block of runbook.codeBlocks) {
      if (block.lang !== 'sql' || isReadOnlyExcerpt(block, runbook)) continue;
      for (const stmt of sqlStatements(block.text)) {
        const col = sqlDecrement(stmt, context.options);
        if (col)
          context.report({
            messageId: 'sqlBlock',
            data: { column: col },
            loc: { range: textRange(block, stmt.start, stmt.end) },
          });
      }
    }
    checkTables(context);
    checkProse(context);
  },
});

/** `UPDATE quota SET sms = sms - …`: the decremented column, or null. */
function sqlDecrement(stmt: SqlStatement, options: Options): string | null {
  const target = writeTarget(stmt);
  if (
    stmt.kind !== 'update' ||
    !target ||
    !options.quotaTables.some((t) => t.toLowerCase() === target.name.toLowerCase())
  )
    return null;
  const t = stmt.tokens;
  for (let i = 0; i + 3 < t.length; i++) {
    if (
      t[i]?.value === options.quotaColumn &&
      t[i + 1]?.value === '=' &&
      t[i + 2]?.value === options.quotaColumn &&
      t[i + 3]?.value === '-'
    )
      return options.quotaColumn;
  }
  return null;
}

function isDecrement(call: PhpCall, options: Options): boolean {
  if (call.name !== 'decrement' && call.name !== 'decrementEach') return false;
  const column = stringValue(call.args[0]?.value);
  if (column !== null && column !== options.quotaColumn) return false;
  return phpChain(call.node).some(
    (c) =>
      (c.kind === 'scoped' && options.quotaModels.includes(c.scope ?? '')) ||
      (c.name.toLowerCase() === 'table' && options.quotaTables.includes(stringValue(c.args[0]?.value) ?? '')),
  );
}

function checkPhp(parsed: ParsedBlock, context: RuleContext<Options>, guards: PhpGuards): void {
  const { settings, options } = context;
  const assignments = phpAssignments(parsed.root);
  const report = (
    messageId: string,
    node: Node,
    data: Record<string, string> = {},
    fix?: () => Edit | null,
    where: ParsedBlock = parsed,
  ): void => context.report({ messageId, data, loc: { range: nodeRange(where.block, node) }, ...(fix ? { fix } : {}) });
  const decrements: { node: Node; amount: Node | null }[] = [];
  for (const call of phpCalls(parsed.root)) {
    if (isDecrement(call, options)) decrements.push({ node: call.node, amount: call.args[1]?.value ?? null });
    for (const arg of call.args) {
      const sql = stringValue(arg.value);
      if (sql === null) continue;
      for (const stmt of sqlStatements(sql)) {
        if (!sqlDecrement(stmt, options)) continue;
        decrements.push({ node: call.node, amount: null });
      }
    }
  }
  // the statuses each decrement's guards admit: two decrements side by side, one under
  // `=== 'accepted'` and one under `=== 'duplicate'`, count both between them
  const admittedMemo = new Map<Node, Set<string> | null>();
  const admitted = (d: { node: Node; amount: Node | null }): Set<string> | null => {
    if (!admittedMemo.has(d.node)) {
      const filter = amountFilter(d.amount, d.node, parsed, assignments, guards);
      let out: Set<string> | null = new Set();
      for (const p of guards.paths(d.node, parsed)) {
        const st = andStatus(p.status, filter);
        if (st.kind !== 'in') out = null;
        else if (out) for (const k of st.values.keys()) out.add(k);
      }
      admittedMemo.set(d.node, out);
    }
    return admittedMemo.get(d.node) ?? null;
  };
  // side by side: in the same loop over the results, else in the same function
  const group = (n: Node): Node => [...ancestors(n)].find((a) => LOOPS.has(a.type)) ?? phpScopeOf(n);
  const coveredTogether = (d: { node: Node; amount: Node | null }): boolean => {
    const scope = group(d.node);
    const union = new Set<string>();
    for (const other of decrements) {
      if (!group(other.node).equals(scope)) continue;
      for (const k of admitted(other) ?? []) union.add(k);
    }
    return options.countedStatuses.every((st) => union.has(st));
  };
  for (const { node, amount } of decrements) {
    if (onLegacyPath(node, guards)) continue;
    // every way the code reaches the decrement: its own guards, then those of each call of the
    // helper it is in (a helper nobody calls is judged on its own)
    const paths = guards.paths(node, parsed);
    const shadow = paths.filter((p) => p.reach?.has('shadow'));
    if (shadow.length > 0) {
      const everywhere = shadow.length === paths.length;
      const seen = new Set<string>();
      for (const p of shadow) {
        // where SHADOW comes in: the decrement's own branch, or the call of the helper in it
        const at = everywhere
          ? (p.levels[0] as GuardLevel)
          : (p.levels.find((l) => l.modes?.has('shadow')) ?? (p.levels[0] as GuardLevel));
        const key = `${at.parsed.block.startLine}:${at.node.startIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (at.call) {
          // the helper also serves other modes: a person moves the call, nothing is deleted
          report('inShadow', at.node, {}, undefined, at.parsed);
          continue;
        }
        const stmt = enclosingStatement(node);
        report(
          'inShadow',
          node,
          {},
          stmt?.type === 'expression_statement'
            ? () => deleteCodeLines(context.runbook, parsed.block, stmt)
            : undefined,
        );
      }
      continue;
    }
    const unguarded = paths.filter((p) => p.modes?.size !== 1 || !p.modes.has('on'));
    if (unguarded.length > 0) {
      // the modes it can really run in (a helper the ON arm calls runs in ON only, but is not guarded)
      const open = unguarded.some((p) => !p.reach);
      const admitted = new Set(unguarded.flatMap((p) => [...(p.reach ?? [])]));
      const others = (['off', 'shadow', 'on'] as ModeRole[])
        .filter((r) => r !== 'on' && (open || admitted.has(r)))
        .map((r) => settings.modes[r]);
      // the guard goes where the decrement is only when nothing calls it from elsewhere
      const local = paths.length === 1 && paths[0]?.levels.length === 1;
      // reached from the ON arm only, it still has no guard of its own: the next caller decides
      const fallback =
        !open && admitted.size > 0 && [...admitted].every((r) => r === 'on')
          ? 'any mode a new caller runs it in'
          : 'other modes';
      report(
        'noModeGuard',
        node,
        { others: others.join(' and ') || fallback },
        local ? guardFix(parsed, node, settings.modes.on) : undefined,
      );
    }
    const guarded = unguarded.length === 0;
    const literals = statusLiterals(amount, assignments, node);
    const counted = literals.filter((l) => options.countedStatuses.includes(stringValue(l) ?? ''));
    const found = new Set(counted.map((l) => stringValue(l)));
    if (counted.length > 0) {
      if (guarded && options.countedStatuses.every((s) => found.has(s)))
        context.evidence({ invariant: 4, range: guardedRange(parsed, node), kind: 'code' });
      if (options.countedStatuses.some((s) => !found.has(s))) {
        const literal = counted[0] as Node;
        report(
          'dropsDuplicate',
          literal,
          { found: [...found].map((s) => `'${s}'`).join(', ') },
          statusFix(parsed, literal, options.countedStatuses),
        );
      }
      continue;
    }
    // no status in the amount itself: the guards around the decrement (and around the places
    // that count the amount up) say which results it is for
    const filter = amountFilter(amount, node, parsed, assignments, guards);
    let filtered = true;
    const seen = new Set<string>();
    const once = (key: string): boolean => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const p of paths) {
      const status = andStatus(p.status, filter);
      if (status.kind === 'any') {
        filtered = false;
        if (once('none'))
          report('noStatusFilter', node, { statuses: options.countedStatuses.map((s) => `'${s}'`).join(', ') });
        continue;
      }
      // "anything but rejected" lets through the other statuses that must never use quota
      if (status.kind === 'notIn') {
        filtered = false;
        const excluded = [...status.values.keys()];
        const through = options.uncountedStatuses.filter((s) => !excluded.includes(s));
        const v = [...status.values.values()][0];
        if (v && through.length > 0 && !excluded.some((s) => options.countedStatuses.includes(s)))
          if (once(`not:${v.parsed.block.startLine}:${v.node.startIndex}`))
            report(
              'countsOtherStatus',
              v.node,
              {
                others: through.map((x) => `'${x}'`).join(', '),
                statuses: options.countedStatuses.map((x) => `'${x}'`).join(', '),
              },
              undefined,
              v.parsed,
            );
        continue;
      }
      // a test the analysis cannot read, or guards that cannot all hold: say nothing
      if (status.kind !== 'in' || status.values.size === 0) {
        filtered = false;
        continue;
      }
      const hit = options.countedStatuses.filter((s) => status.values.has(s));
      const extra = [...status.values.values()].filter((v) => !options.countedStatuses.includes(v.value));
      if (status.inexact) filtered = false;
      // an inexact set may not really admit the extra status: only an exact one is reported
      if (extra.length > 0 && hit.length > 0 && !status.inexact) {
        filtered = false;
        const v = extra[0] as StringValue;
        if (once(`other:${v.parsed.block.startLine}:${v.node.startIndex}`)) {
          report(
            'countsOtherStatus',
            v.node,
            {
              others: extra.map((x) => `'${x.value}'`).join(', '),
              statuses: options.countedStatuses.map((s) => `'${s}'`).join(', '),
            },
            v.literal ? listFix(v, options.countedStatuses) : undefined,
            v.parsed,
          );
        }
      }
      if (hit.length === 0) {
        filtered = false;
        if (once('none'))
          report('noStatusFilter', node, { statuses: options.countedStatuses.map((s) => `'${s}'`).join(', ') });
      } else if (hit.length < options.countedStatuses.length) {
        filtered = false;
        // the message is about the status left out being 'duplicate'; a sibling decrement may count it
        const missing = options.countedStatuses.filter((st) => !status.values.has(st));
        if (options.countedStatuses.includes('duplicate') && !missing.includes('duplicate')) continue;
        if (coveredTogether({ node, amount })) continue;
        const v = status.values.get(hit[0] as string) as StringValue;
        if (!once(`${v.parsed.block.startLine}:${v.node.startIndex}`)) continue;
        const fix = v.literal ? statusFix(v.parsed, v.node, options.countedStatuses) : undefined;
        report('dropsDuplicate', v.node, { found: hit.map((s) => `'${s}'`).join(', ') }, fix, v.parsed);
      }
    }
    if (guarded && filtered) context.evidence({ invariant: 4, range: guardedRange(parsed, node), kind: 'code' });
  }
}

/**
 * The legacy send path counts what the legacy driver itself sent: a closure or function named
 * …legacy… — unless it also calls the new service (a SHADOW helper named legacySendWithShadow
 * is not the legacy driver's own count).
 */
function onLegacyPath(node: Node, guards: PhpGuards): boolean {
  for (const f of enclosingFunctions(node)) {
    if (!/legacy/i.test(functionName(f) ?? '')) continue;
    const fn = guards.model.functionOf(f);
    if (!fn || guards.model.summary(fn).newServiceSends.length === 0) return true;
  }
  return false;
}

/** `in_array($r['status'], ['accepted', 'duplicate', 'rejected'], true)`: the list becomes the counted statuses. */
function listFix(v: StringValue, statuses: string[]): (() => Edit | null) | undefined {
  const el = v.node.parent;
  const array = el?.type === 'array_element_initializer' ? el.parent : null;
  // only a list written in the condition itself: a constant may be read elsewhere too
  const call = array?.parent?.type === 'argument' ? array.parent.parent?.parent : null;
  if (
    array?.type !== 'array_creation_expression' ||
    call?.type !== 'function_call_expression' ||
    call.childForFieldName('function')?.text !== 'in_array'
  )
    return undefined;
  return () => replaceNode(v.parsed.block, array, `[${statuses.map((s) => `'${s}'`).join(', ')}]`);
}

const FILTERS: Record<string, number> = { array_filter: 1, filter: 0, reject: 0 };
const LOOPS = new Set(['foreach_statement', 'for_statement', 'while_statement', 'do_statement']);

/**
 * The statuses the decremented amount is counted for, when the amount is counted up in the
 * code: `$n++` / `$n += …` / `$accepted[] = $r` under a status guard, or a filter closure
 * (`array_filter($results, fn ($r) => $this->isBillable($r))`). `any` when nothing filters it.
 */
function amountFilter(
  amount: Node | null,
  decrement: Node,
  parsed: ParsedBlock,
  assignments: Map<string, Node[]>,
  guards: PhpGuards,
): StatusFact {
  if (!amount) return { kind: 'any' };
  let out: StatusFact | null = null;
  const add = (f: StatusFact): void => {
    out = out ? orStatus(out, f) : f;
  };
  const seen = new Set<string>();
  const queue: Node[] = [amount];
  for (let depth = 0; depth < 40 && queue.length > 0; depth++) {
    const expr = queue.shift() as Node;
    for (const n of descendants(expr)) {
      const call = phpCall(n);
      const at = call ? FILTERS[call.name.toLowerCase()] : undefined;
      if (call && at !== undefined && (call.kind === 'function') === (call.name.toLowerCase() === 'array_filter')) {
        const callback = call.args[at]?.value;
        const keep = call.name.toLowerCase() !== 'reject';
        const facts =
          callback && (callback.type === 'arrow_function' || callback.type === 'anonymous_function')
            ? guards.closureCondition(callback, keep, parsed)
            : null;
        if (callback) add(facts ? facts.status : { kind: 'unknown' });
      }
      if (n.type !== 'variable_name' || seen.has(n.text)) continue;
      seen.add(n.text);
      for (const rhs of assignments.get(n.text) ?? []) if (rhs.startIndex < decrement.startIndex) queue.push(rhs);
      for (const site of accumulations(parsed.root, n.text))
        if (site.startIndex < decrement.startIndex) add(guards.local(site, parsed).status);
    }
  }
  return out ?? { kind: 'any' };
}

/** Where a variable is counted up: `$n++`, `++$n`, `$n += …`, `$list[] = …`, `array_push($list, …)`. */
function accumulations(root: Node, variable: string): Node[] {
  const out: Node[] = [];
  for (const n of descendants(root)) {
    if (
      n.type === 'update_expression' &&
      n.childForFieldName('argument')?.text === variable &&
      n.childForFieldName('operator')?.text === '++'
    )
      out.push(n);
    else if (
      n.type === 'augmented_assignment_expression' &&
      n.childForFieldName('left')?.text === variable &&
      ['+=', '.='].includes(n.childForFieldName('operator')?.text ?? '')
    )
      out.push(n);
    else if (n.type === 'assignment_expression') {
      const left = n.childForFieldName('left');
      if (
        left?.type === 'subscript_expression' &&
        left.namedChildren.length === 1 &&
        left.namedChildren[0]?.text === variable
      )
        out.push(n);
    } else if (n.type === 'function_call_expression' && n.childForFieldName('function')?.text === 'array_push') {
      const c = phpCall(n);
      if (c?.args[0]?.value.text === variable) out.push(n);
    }
  }
  return out;
}

/** `if (count > 0)` around the decrement becomes `if ($mode === 'ON' && count > 0)`. */
function guardFix(parsed: ParsedBlock, node: Node, on: string): (() => Edit | null) | undefined {
  for (const a of ancestors(node)) {
    if (
      a.type === 'anonymous_function' ||
      a.type === 'arrow_function' ||
      a.type === 'function_definition' ||
      a.type === 'method_declaration'
    )
      return undefined;
    if (a.type !== 'if_statement') continue;
    const cond = a.childForFieldName('condition');
    const inner = cond?.namedChildren[0];
    const body = a.childForFieldName('body');
    // in the else branch, or in the condition itself, a stronger condition would guard the wrong code
    if (!cond || !inner || !body || !isInside(node, body)) return undefined;
    return () => ({
      range: [parsed.block.toDoc(inner.startIndex).offset, parsed.block.toDoc(inner.startIndex).offset],
      text: `$mode === '${on}' && `,
    });
  }
  return undefined;
}

/** The decrement with the guard around it, from the nearest `if` down to the decrement: what Part D quotes. */
function guardedRange(parsed: ParsedBlock, node: Node): [number, number] {
  const guard = [...ancestors(node)].find((a) => a.type === 'if_statement');
  const end = nodeRange(parsed.block, node)[1];
  return [nodeRange(parsed.block, guard ?? node)[0], end];
}

/** `$r['status'] === 'accepted'` becomes `in_array($r['status'], ['accepted', 'duplicate'], true)`. */
function statusFix(parsed: ParsedBlock, literal: Node, statuses: string[]): (() => Edit | null) | undefined {
  const list = `[${statuses.map((s) => `'${s}'`).join(', ')}]`;
  const parent = literal.parent;
  if (parent?.type === 'binary_expression' && /^(===|==)$/.test(parent.childForFieldName('operator')?.text ?? '')) {
    const other = parent.childForFieldName('left')?.equals(literal)
      ? parent.childForFieldName('right')
      : parent.childForFieldName('left');
    if (!other) return undefined;
    const subject =
      other.type === 'parenthesized_expression' ? (other.namedChildren[0]?.text ?? other.text) : other.text;
    return () => replaceNode(parsed.block, parent, `in_array(${subject}, ${list}, true)`);
  }
  const array = parent?.type === 'array_element_initializer' ? parent.parent : null;
  if (array?.type === 'array_creation_expression') return () => replaceNode(parsed.block, array, list);
  return undefined;
}

/** String literals the decremented amount depends on, following assignments a few levels back. */
function statusLiterals(amount: Node | null, assignments: Map<string, Node[]>, decrement: Node): Node[] {
  const out: Node[] = [];
  const seen = new Set<string>();
  const queue: Node[] = [];
  if (amount) queue.push(amount);
  for (const c of phpChain(decrement)) for (const a of c.args) queue.push(a.value);
  for (let depth = 0; depth < 40 && queue.length > 0; depth++) {
    const expr = queue.shift() as Node;
    for (const n of descendants(expr)) {
      if (n.type === 'string' || n.type === 'encapsed_string') out.push(n);
      if (n.type === 'variable_name' && !seen.has(n.text)) {
        seen.add(n.text);
        for (const rhs of assignments.get(n.text) ?? []) if (rhs.startIndex < decrement.startIndex) queue.push(rhs);
      }
    }
  }
  return out;
}

function checkTables(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  for (const t of modeTables(runbook, settings)) {
    const col = columnIndex(t, [['quota']]);
    if (col < 0) continue;
    for (const [role, expected, wrong] of [
      ['shadow', 'NO', (q: QuotaCell) => q.decrements === true],
      // ON: a cell that says the quota is never decremented, or decremented for a failed or rejected result
      ['on', 'YES (accepted or duplicate)', (q: QuotaCell) => q.decrements === false || q.forBadStatus],
    ] as const) {
      const cell = t.rows.find((r) => r.role === role)?.cells[col];
      if (!cell || !wrong(quotaCell(cell))) continue;
      const replacement = role === 'shadow' ? 'NO' : 'YES (accepted or duplicate)';
      context.report({
        messageId: 'tableCell',
        data: {
          cell: cell.text,
          mode: settings.modes[role],
          column: t.table.header[col]?.text ?? '',
          expected,
          replacement,
        },
        loc: { range: cellRange(cell) },
        fix: () => replaceCell(runbook, cell, replacement),
      });
    }
  }
}

/** What a mode table's quota cell says, read for its meaning; `decrements` null when it says nothing sure. */
interface QuotaCell {
  decrements: boolean | null;
  /** it names a failed or rejected result as decremented ("yes, failed included") */
  forBadStatus: boolean;
}

const BAD_STATUSES = ['failed', 'rejected', 'error', 'errored'];
const EXCEPT = ['except', 'excluding', 'not', 'never', 'unless', 'but', 'without', 'no'];
const DECREMENT_WORDS = ['decrement*', 'deduct*', 'charg*', 'bill*', 'consum*', 'count*', 'per'];
const NOTHING_WORDS = ['none', 'nothing', 'zero', 'unchanged', 'untouched'];

function quotaCell(cell: TableCell): QuotaCell {
  const m = cellMeaning(cell);
  const ws = words(cell.text);
  const forBadStatus = BAD_STATUSES.some((s) => ws.includes(s)) && !hasAny(ws, EXCEPT);
  switch (m.kind) {
    case 'na':
      return { decrements: null, forBadStatus: false };
    case 'no':
      return { decrements: false, forBadStatus: false };
    case 'yes':
    case 'conditional':
    case 'statuses':
      return { decrements: true, forBadStatus };
    case 'literal':
      return { decrements: m.value, forBadStatus: false };
    default: {
      // "🔻 −1 per accepted / duplicate", "0 (logged only)", "unchanged"
      const text = cell.text.trim();
      if (hasAny(ws, NOTHING_WORDS) || /^0(?!\d)/.test(text)) return { decrements: false, forBadStatus: false };
      const minusOne = /(?:^|\s)[-−–]\s?\d/.test(text) || text.startsWith('🔻') || text.startsWith('⬇');
      if ((minusOne || hasAny(ws, DECREMENT_WORDS)) && !hasAny(ws, EXCEPT)) return { decrements: true, forBadStatus };
      return { decrements: null, forBadStatus: false };
    }
  }
}

function checkProse(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  for (const block of runbook.prose) {
    if (block.kind !== 'paragraph') continue;
    for (const clause of clauses(block)) {
      if (clause.negated || clause.text.endsWith('?')) continue;
      if (
        !clause.text.includes(settings.modes.shadow) ||
        findTerm(clause.words, 'quota') < 0 ||
        !hasAny(clause.words, ['decrement*', 'deduct*', 'charg*', 'bill*'])
      )
        continue;
      const correct = context.template('shadow-quota.md').trim();
      context.report({
        messageId: 'prose',
        loc: { range: clauseRange(clause) },
        fix: () => rewriteSentence(context.runbook, clause, correct),
      });
    }
  }
}
