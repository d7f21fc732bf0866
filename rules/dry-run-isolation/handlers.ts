import {
  ancestors,
  descendants,
  type Edit,
  goCall,
  goCalls,
  type GoModel,
  insertCodeLineBefore,
  isHandler,
  isInside,
  type Node,
  nodeRange,
  type ParsedBlock,
  type ProviderReach,
  type RuleContext,
  stringValue,
} from '../../src/rule-api.js';

export interface HandlerOptions {
  providerCalls: string[];
  logMarker: string;
}

/**
 * The Go side of dry-run isolation. Checked: HTTP handlers, and any function that branches on
 * a DryRun flag. Each DryRun branch must return and log the marker; every call that reaches
 * provider code — by a configured name, by a name whose words say provider or credentials, or
 * through the runbook's own functions that do — must come after a DryRun branch that returns
 * (or sit under `if !DryRun`).
 */
export function checkHandlers(parsed: ParsedBlock, context: RuleContext<HandlerOptions>, model: GoModel): void {
  const { runbook } = context;
  const functions = descendants(parsed.root).filter(
    (n) => n.type === 'function_declaration' || n.type === 'method_declaration',
  );
  for (const fn of functions) {
    const body = fn.childForFieldName('body');
    if (!body) continue;
    // closures count as the function's own code: `workers.Submit(func() { … })` runs them
    const guards = descendants(body).filter(
      (n) =>
        n.type === 'if_statement' &&
        dryRunCondition(n.childForFieldName('condition')) !== null &&
        ownDeclaration(n)?.equals(fn),
    );
    if (!isHandler(fn) && guards.length === 0) continue;
    for (const guard of guards) checkGuard(guard, fn, parsed, context);
    // a helper with its own DryRun check before its provider code protects that path
    const shielded = (call: Node, helper: Node): boolean => {
      const g = dominatingGuard(call, helper);
      return g !== null && g !== 'inside';
    };
    for (const reach of model.reachesIn(parsed, fn, shielded)) {
      const where = dominatingGuard(reach.entry.node, fn);
      const data = { call: reach.call.name, via: via(reach, runbook) };
      if (where === 'inside')
        context.report({
          messageId: 'providerInDryRun',
          data,
          loc: { range: nodeRange(parsed.block, reach.entry.node) },
        });
      else if (where === null)
        context.report({ messageId: 'noGuard', data, loc: { range: nodeRange(parsed.block, reach.entry.node) } });
    }
  }
}

function via(reach: ProviderReach, runbook: RuleContext<HandlerOptions>['runbook']): string {
  if (reach.via.length === 0) return '';
  const line = runbook.lines.pointAt(nodeRange(reach.parsed.block, reach.call.node)[0]).line;
  return ` through ${reach.via.map((f) => `${f.name}()`).join(' → ')} (line ${line})`;
}

function checkGuard(guard: Node, fn: Node, parsed: ParsedBlock, context: RuleContext<HandlerOptions>): void {
  const { options } = context;
  const dry = dryRunCondition(guard.childForFieldName('condition'));
  const cond = guard.childForFieldName('condition') ?? guard;
  const consequence = guard.childForFieldName('consequence');
  // `if !DryRun { send }`: the dry run skips the branch; nothing to return or log there
  if (!dry || dry.negated) return;
  const logs = logsMarker(guard, options.logMarker);
  if (logs && returns(consequence))
    context.evidence({ invariant: 1, range: nodeRange(parsed.block, guard), kind: 'code' });
  if (!returns(consequence))
    context.report({ messageId: 'guardNoReturn', loc: { range: nodeRange(parsed.block, cond) } });
  else if (!logs) {
    const fix = logFix(parsed, guard, fn, options.logMarker, context);
    context.report({ messageId: 'guardNoLog', loc: { range: nodeRange(parsed.block, cond) }, ...(fix ? { fix } : {}) });
  }
}

/**
 * A condition on a DryRun flag (`req.DryRun`, `dryRun`, `in.IsDryRun`), read from the tree; negated for `!x` and `x ==
 * false`.
 */
export function dryRunCondition(cond: Node | null): { negated: boolean } | null {
  if (!cond) return null;
  let c: Node = cond;
  while (c.type === 'parenthesized_expression' && c.namedChildren[0]) c = c.namedChildren[0];
  const names = (n: Node): boolean =>
    [n, ...descendants(n)].some(
      (x) => (x.type === 'identifier' || x.type === 'field_identifier') && /^(is_?)?dry_?run$/i.test(x.text),
    );
  if (!names(c)) return null;
  if (c.type === 'unary_expression' && c.childForFieldName('operator')?.text === '!') return { negated: true };
  if (c.type === 'binary_expression') {
    const op = c.childForFieldName('operator')?.text;
    const right = c.childForFieldName('right')?.text;
    if ((op === '==' && right === 'false') || (op === '!=' && right === 'true')) return { negated: true };
    if (op === '&&' || op === '||') return null;
  }
  return { negated: false };
}

function returns(node: Node | null): boolean {
  return !!node && descendants(node).some((n) => n.type === 'return_statement');
}

function logsMarker(node: Node, marker: string): boolean {
  for (const n of descendants(node)) {
    const v = stringValue(n);
    if (v?.includes(marker)) return true;
  }
  return false;
}

function ownDeclaration(node: Node): Node | null {
  for (const a of ancestors(node)) if (a.type === 'function_declaration' || a.type === 'method_declaration') return a;
  return null;
}

/**
 * The DryRun check that every path to the call passes: an `if DryRun { …return }` earlier in
 * an enclosing block, or an `if !DryRun { … }` around the call. 'inside' when the call sits in
 * the dry-run branch itself.
 */
function dominatingGuard(call: Node, fn: Node): { node: Node; negated: boolean } | 'inside' | null {
  let child: Node = call;
  for (const a of ancestors(call)) {
    if (a.type === 'if_statement') {
      const dry = dryRunCondition(a.childForFieldName('condition'));
      const consequence = a.childForFieldName('consequence');
      if (dry && consequence && isInside(call, consequence)) return dry.negated ? { node: a, negated: true } : 'inside';
    }
    if (a.type === 'block' || a.type === 'statement_list') {
      for (const stmt of a.namedChildren) {
        if (!stmt || stmt.startIndex >= child.startIndex) break;
        if (stmt.type !== 'if_statement') continue;
        const dry = dryRunCondition(stmt.childForFieldName('condition'));
        if (dry && !dry.negated) return { node: stmt, negated: false };
      }
    }
    if (a.equals(fn)) break;
    child = a;
  }
  return null;
}

/** Inserts `log.Printf("DRY_RUN_NO_PROVIDER_CALL: message_uuid=%s", m.MessageUUID)` as the branch's first line. */
function logFix(
  parsed: ParsedBlock,
  guard: Node,
  handler: Node,
  marker: string,
  context: RuleContext<HandlerOptions>,
): (() => Edit | null) | null {
  const body = guard.childForFieldName('consequence');
  const list = body?.namedChildren.find((c) => c?.type === 'statement_list') ?? body;
  const first = list?.namedChildren.find((c) => c !== null && c.type !== 'comment') ?? null;
  if (!body || !first) return null;
  const line = parsed.block.toDoc(first.startIndex).line;
  if (line === parsed.block.toDoc(body.startIndex).line) return null;
  const uuid = descendants(handler).find(
    (n) =>
      n.type === 'selector_expression' &&
      n.childForFieldName('field')?.text === 'MessageUUID' &&
      n.childForFieldName('operand')?.type === 'identifier',
  );
  const call = uuid ? `log.Printf("${marker}: message_uuid=%s", ${uuid.text})` : `log.Printf("${marker}")`;
  return () => insertCodeLineBefore(context.runbook, parsed.block, line, call);
}

const ROUTE_METHODS = new Set([
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'Handle',
  'HandleFunc',
  'Method',
  'MethodFunc',
]);

/**
 * Middleware runs before the handler it wraps: a chi / net/http middleware registered with
 * `r.Use(mw(…))` in the router group of a handler that checks DryRun, whose own code reaches
 * provider code, touches the provider for dry runs too — before the handler's guard has run.
 */
export function checkMiddleware(parsed: ParsedBlock, context: RuleContext<HandlerOptions>, model: GoModel): void {
  const calls = goCalls(parsed.root);
  for (const use of calls) {
    if (use.name !== 'Use' || !use.operand) continue;
    const group = enclosingScope(use.node);
    const guarded = calls.some(
      (c) =>
        ROUTE_METHODS.has(c.name) &&
        enclosingScope(c.node)?.equals(group ?? c.node) &&
        c.args.some((a) => handlerChecksDryRun(a, model)),
    );
    if (!guarded) continue;
    for (const arg of use.args) {
      const mw = arg.type === 'call_expression' ? goCall(arg) : null;
      const fn = mw ? model.resolve(mw) : null;
      if (
        !fn?.body ||
        descendants(fn.body).some((n) => n.type === 'if_statement' && dryRunCondition(n.childForFieldName('condition')))
      )
        continue;
      const reach = model.reachesIn(fn.parsed, fn.node)[0];
      if (!reach) continue;
      const line = context.runbook.lines.pointAt(nodeRange(reach.parsed.block, reach.call.node)[0]).line;
      context.report({
        messageId: 'middlewareProvider',
        data: { middleware: fn.name, call: reach.call.name, line },
        loc: { range: nodeRange(parsed.block, arg) },
      });
    }
  }
}

/** The function literal or declaration a router call sits in: the routes of one group. */
function enclosingScope(node: Node): Node | null {
  for (const a of ancestors(node))
    if (a.type === 'func_literal' || a.type === 'function_declaration' || a.type === 'method_declaration') return a;
  return null;
}

/**
 * `h.SendBatch` handed to a route: a function the runbook defines that checks DryRun, in its
 * own body or in a function it calls (`sendOne` run per message), a few calls deep.
 */
function handlerChecksDryRun(arg: Node, model: GoModel): boolean {
  const name =
    arg.type === 'selector_expression'
      ? arg.childForFieldName('field')?.text
      : arg.type === 'identifier'
        ? arg.text
        : null;
  if (!name) return false;
  const checks = (body: Node): boolean =>
    descendants(body).some(
      (n) => n.type === 'if_statement' && dryRunCondition(n.childForFieldName('condition')) !== null,
    );
  const seen = new Set<Node>();
  let frontier = model.functionsNamed(name).filter((f) => f.body !== null);
  for (let depth = 0; depth < 4 && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const f of frontier) {
      if (seen.has(f.node) || !f.body) continue;
      seen.add(f.node);
      if (checks(f.body)) return true;
      for (const c of goCalls(f.parsed.root)) {
        if (!isInside(c.node, f.body)) continue;
        const callee = model.resolve(c);
        if (callee?.body) next.push(callee);
      }
    }
    frontier = next;
  }
  return false;
}
