import type { Node } from 'web-tree-sitter';
import { clauseRange, clauses, hasAny } from '../../src/analysis/clauses.js';
import { isReadOnlyExcerpt } from '../../src/analysis/excerpt.js';
import { cellRange, cellValue, columnIndex, modeTables } from '../../src/analysis/mode-table.js';
import { findModeDispatches, modesAt, type ModeRole } from '../../src/analysis/php-modes.js';
import { findTerm } from '../../src/analysis/words.js';
import { nodeRange, textRange } from '../../src/code/locate.js';
import { enclosingFunctions, functionName, phpAssignments, phpCalls, phpChain, type PhpCall } from '../../src/code/php.js';
import { ancestors, descendants, enclosingStatement, stringValue } from '../../src/code/syntax.js';
import type { ParsedBlock } from '../../src/code/tree-sitter.js';
import { sqlStatements, writeTarget, type SqlStatement } from '../../src/code/sql.js';
import { defineRule, type Edit, type RuleContext } from '../../src/engine/types.js';
import { deleteCodeLines, replaceNode } from '../../src/fix/edits.js';
import { rewriteSentence } from '../../src/fix/prose.js';

export interface Options {
  /** Eloquent models holding the quota */
  quotaModels: string[];
  /** tables holding the quota */
  quotaTables: string[];
  /** the quota column decremented per SMS */
  quotaColumn: string;
  /** result statuses that use up quota */
  countedStatuses: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'quota-safety',
    description: 'Quota is decremented only when mode == ON and status in (accepted, duplicate); never in SHADOW.',
    invariant: 4,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      inShadow: 'The quota is decremented in {{modeShadow}} mode: the shadow call sends nothing, so the tenant is billed for messages the legacy send already counted.',
      noModeGuard: 'This quota decrement has no explicit mode == {{modeOn}} guard in its block: it would also run in {{others}}.',
      dropsDuplicate: "The counted results are filtered on {{found}} only: 'duplicate' results (messages accepted on an earlier attempt) are left out, so a retried batch is under-counted.",
      noStatusFilter: 'The decremented amount is not filtered on status in ({{statuses}}): rejected and failed messages would be billed.',
      sqlBlock: 'A SQL statement decrements the quota ({{column}} = {{column}} - …) outside any mode or status guard.',
      tableCell: 'The mode table says "{{cell}}" for {{mode}} under "{{column}}"; Invariant 4 requires {{expected}}.',
      prose: 'This sentence has the quota decremented in {{modeShadow}} mode, which contradicts Invariant 4.',
    },
    rationale:
      'The quota is what the tenant pays for. It may only go down for messages the sender of record accepted: in ON mode, for results accepted or duplicate (a duplicate is a message accepted earlier, answered again on retry). A decrement in SHADOW bills a dry run; one without the status filter bills failures; one without an explicit mode guard bills every mode the code happens to run in.',
    hints: {
      inShadow: 'Delete the decrement from the {{modeShadow}} branch; only the legacy send counts there.',
      noModeGuard: "Wrap the decrement in if ($mode === '{{modeOn}}' && …), even on a path that looks ON-only.",
      dropsDuplicate: "Count in_array($r['status'], ['accepted', 'duplicate'], true).",
      noStatusFilter: "Count only results whose status is in ['accepted', 'duplicate'].",
      sqlBlock: 'Decrement in the controller, inside the mode == {{modeOn}} guard, with the status filter.',
      tableCell: 'Correct the cell to {{expected}}.',
      prose: 'Delete or correct the sentence: in {{modeShadow}} mode the quota is not decremented for the {{newServiceName}} result.',
    },
    fixes: {
      inShadow: { description: 'Deleted the quota decrement from the {{modeShadow}} branch.', kind: 'unsafe', deletes: true },
      noModeGuard: { description: "Added the explicit mode == {{modeOn}} guard to the quota decrement's condition.", kind: 'unsafe' },
      dropsDuplicate: { description: "Counted both 'accepted' and 'duplicate' results before decrementing the quota.", kind: 'unsafe' },
      tableCell: { description: 'Corrected the mode table: {{mode}} / {{column}} is now {{replacement}}.', kind: 'safe' },
      prose: { description: 'Replaced a sentence that had the quota decremented in {{modeShadow}} mode.', kind: 'safe' },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        quotaModels: { type: 'array', items: { type: 'string', minLength: 1 } },
        quotaTables: { type: 'array', items: { type: 'string', minLength: 1 } },
        quotaColumn: { type: 'string', minLength: 1 },
        countedStatuses: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
      },
    },
    defaultOptions: {
      quotaModels: ['EmailSMSLimitRate'],
      quotaTables: ['email_s_m_s_limit_rates'],
      quotaColumn: 'sms',
      countedStatuses: ['accepted', 'duplicate'],
    },
  },
  check(context) {
    const { runbook, code } = context;
    for (const parsed of code.blocks('php')) {
      if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
      checkPhp(parsed, context);
    }
    for (const block of runbook.codeBlocks) {
      if (block.lang !== 'sql' || isReadOnlyExcerpt(block, runbook)) continue;
      for (const stmt of sqlStatements(block.text)) {
        const col = sqlDecrement(stmt, context.options);
        if (col) context.report({ messageId: 'sqlBlock', data: { column: col }, loc: { range: textRange(block, stmt.start, stmt.end) } });
      }
    }
    checkTables(context);
    checkProse(context);
  },
});

/** `UPDATE quota SET sms = sms - …`: the decremented column, or null. */
function sqlDecrement(stmt: SqlStatement, options: Options): string | null {
  const target = writeTarget(stmt);
  if (stmt.kind !== 'update' || !target || !options.quotaTables.some((t) => t.toLowerCase() === target.name.toLowerCase())) return null;
  const t = stmt.tokens;
  for (let i = 0; i + 3 < t.length; i++) {
    if (t[i]?.value === options.quotaColumn && t[i + 1]?.value === '=' && t[i + 2]?.value === options.quotaColumn && t[i + 3]?.value === '-') return options.quotaColumn;
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

function checkPhp(parsed: ParsedBlock, context: RuleContext<Options>): void {
  const { settings, options } = context;
  const dispatches = findModeDispatches(parsed.root, settings);
  const assignments = phpAssignments(parsed.root);
  const report = (messageId: string, node: Node, data: Record<string, string> = {}, fix?: () => Edit | null): void =>
    context.report({ messageId, data, loc: { range: nodeRange(parsed.block, node) }, ...(fix ? { fix } : {}) });
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
  for (const { node, amount } of decrements) {
    if (enclosingFunctions(node).some((f) => /legacy/i.test(functionName(f) ?? ''))) continue;
    const modes = modesAt(node, settings, dispatches);
    if (modes?.has('shadow')) {
      const stmt = enclosingStatement(node);
      report('inShadow', node, {}, stmt?.type === 'expression_statement' ? () => deleteCodeLines(context.runbook, parsed.block, stmt) : undefined);
      continue;
    }
    if (!modes || modes.size !== 1 || !modes.has('on')) {
      const others = (['off', 'shadow', 'on'] as ModeRole[]).filter((r) => r !== 'on' && (!modes || modes.has(r))).map((r) => settings.modes[r]);
      report('noModeGuard', node, { others: others.join(' and ') || 'other modes' }, guardFix(parsed, node, settings.modes.on));
    }
    const literals = statusLiterals(amount, assignments, node);
    const counted = literals.filter((l) => options.countedStatuses.includes(stringValue(l) ?? ''));
    const found = new Set(counted.map((l) => stringValue(l)));
    const guarded = modes?.size === 1 && modes.has('on');
    if (guarded && counted.length > 0 && options.countedStatuses.every((s) => found.has(s))) context.evidence({ invariant: 4, range: nodeRange(parsed.block, node) });
    if (counted.length === 0) report('noStatusFilter', node, { statuses: options.countedStatuses.map((s) => `'${s}'`).join(', ') });
    else if (options.countedStatuses.some((s) => !found.has(s))) {
      const literal = counted[0] as Node;
      report('dropsDuplicate', literal, { found: [...found].map((s) => `'${s}'`).join(', ') }, statusFix(parsed, literal, options.countedStatuses));
    }
  }
}

/** `if (count > 0)` around the decrement becomes `if ($mode === 'ON' && count > 0)`. */
function guardFix(parsed: ParsedBlock, node: Node, on: string): (() => Edit | null) | undefined {
  for (const a of ancestors(node)) {
    if (a.type === 'anonymous_function' || a.type === 'arrow_function' || a.type === 'function_definition' || a.type === 'method_declaration') return undefined;
    if (a.type !== 'if_statement') continue;
    const cond = a.childForFieldName('condition');
    const inner = cond?.namedChildren[0];
    if (!cond || !inner) return undefined;
    return () => ({ range: [parsed.block.toDoc(inner.startIndex).offset, parsed.block.toDoc(inner.startIndex).offset], text: `$mode === '${on}' && ` });
  }
  return undefined;
}

/** `$r['status'] === 'accepted'` becomes `in_array($r['status'], ['accepted', 'duplicate'], true)`. */
function statusFix(parsed: ParsedBlock, literal: Node, statuses: string[]): (() => Edit | null) | undefined {
  const list = `[${statuses.map((s) => `'${s}'`).join(', ')}]`;
  const parent = literal.parent;
  if (parent?.type === 'binary_expression' && /^(===|==)$/.test(parent.childForFieldName('operator')?.text ?? '')) {
    const other = parent.childForFieldName('left')?.equals(literal) ? parent.childForFieldName('right') : parent.childForFieldName('left');
    if (!other) return undefined;
    const subject = other.type === 'parenthesized_expression' ? (other.namedChildren[0]?.text ?? other.text) : other.text;
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
    for (const [role, expected, ok] of [
      ['shadow', 'NO', (v: string | null) => v === 'no'],
      ['on', 'YES (accepted or duplicate)', (v: string | null) => v === 'yes'],
    ] as const) {
      const cell = t.rows.find((r) => r.role === role)?.cells[col];
      if (!cell || ok(cellValue(cell))) continue;
      const replacement = role === 'shadow' ? 'NO' : 'YES (accepted or duplicate)';
      context.report({
        messageId: 'tableCell',
        data: { cell: cell.text, mode: settings.modes[role], column: t.table.header[col]?.text ?? '', expected, replacement },
        loc: { range: cellRange(cell) },
        fix: () => ({ range: cellRange(cell), text: replacement }),
      });
    }
  }
}

function checkProse(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  for (const block of runbook.prose) {
    if (block.kind !== 'paragraph') continue;
    for (const clause of clauses(block)) {
      if (clause.negated || clause.text.endsWith('?')) continue;
      if (!clause.text.includes(settings.modes.shadow) || findTerm(clause.words, 'quota') < 0 || !hasAny(clause.words, ['decrement*', 'deduct*', 'charg*', 'bill*'])) continue;
      const correct = context.template('shadow-quota.md').trim();
      context.report({ messageId: 'prose', loc: { range: clauseRange(clause) }, fix: () => rewriteSentence(clause, correct) });
    }
  }
}

