import {
  ancestors,
  blockFile,
  DEFAULT_UUID_FACTORIES,
  defineRule,
  deleteCodeLines,
  descendants,
  type Edit,
  enclosingFunctions,
  enclosingStatement,
  fileClassName,
  functionName,
  type GoCall,
  goCallMatches,
  goCalls,
  goRetryPath,
  identifierWords,
  isInside,
  isMessageUuidName,
  isReadOnlyExcerpt,
  isRetryName,
  nameIn,
  type Node,
  nodeRange,
  option,
  type OptionsOf,
  type ParsedBlock,
  type PhpCall,
  phpCallMatches,
  phpCalls,
  replaceNode,
  type RuleContext,
  type Runbook,
  type Section,
  stringValue,
} from '../../src/rule-api.js';

const OPTIONS = {
  factories: option.strings(
    'UUID factories: "Class::method" (any namespace), "function", "pkg.Func" (Go)',
    DEFAULT_UUID_FACTORIES,
    { minItems: 1 },
  ),
  sendCalls: option.strings("calls that send a message, besides the settings' new-service and legacy send calls", [
    'send',
    'sendSms',
    'sendMessage',
    'Send',
    'SendSMS',
    'sendWithRetry',
  ]),
  collectionCalls: option.strings('calls whose closure argument runs once per element', [
    'each',
    'map',
    'array_map',
    'array_walk',
    'transform',
    'flatMap',
  ]),
};

type Options = OptionsOf<typeof OPTIONS>;

/** Go calls that queue a message to be sent (again), besides the send calls. */
const REQUEUE_CALLS = [
  'Enqueue',
  'Requeue',
  'Publish',
  'Push',
  'Produce',
  'Submit',
  'Schedule',
  'Redeliver',
  'Resend',
  'Retry',
];

interface Call {
  node: Node;
  name: string;
  /** PHP or Go view of the call */
  php?: PhpCall;
  go?: GoCall;
}

const PHP_LOOPS: Record<string, string> = {
  foreach_statement: 'foreach',
  for_statement: 'for',
  while_statement: 'while',
  do_statement: 'do/while',
};
const CLOSURES = new Set([
  'anonymous_function',
  'anonymous_function_creation_expression',
  'arrow_function',
  'func_literal',
]);

export default defineRule({
  meta: {
    id: 'uuid-once',
    description:
      'UUIDs are made once, before any send; never in retry, provider ' +
      'or fallback loops; the client rejects a missing uuid.',
    invariant: 2,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      fillsMissing:
        '{{factory}}() fills in a missing message_uuid inside {{fn}}(): ' +
        'a message without a UUID must be rejected, not given a new one.',
      inRetry: '{{factory}}() runs inside {{construct}}: each attempt sends the message under a new message_uuid.',
      inFallback: '{{factory}}() runs in a {{construct}}: the fallback sends under a UUID the first attempt never had.',
      inLoop:
        '{{factory}}() runs inside a {{loop}} loop that also sends ({{send}}): ' +
        'the UUID is made per attempt, not once at the entry point.',
      afterSend:
        '{{factory}}() runs after the step has already sent ({{send}} ' +
        'at line {{line}}): the UUID is not made before the send.',
    },
    rationale:
      'Idempotency rests on the message_uuid: {{newLogTable}} answers ' +
      '"duplicate" for a UUID it has seen. A UUID made again on a retry, ' +
      'a fallback or inside the send loop is new to it, so the same ' +
      'SMS is sent (and billed) twice.',
    hints: {
      fillsMissing:
        'Throw an InvalidArgumentException when message_uuid is empty; ' +
        'the caller builds $messageUuidMap at the entry point.',
      inRetry: 'Generate the UUID once before the retry (in $messageUuidMap) and reuse it on every attempt.',
      inFallback: 'Reuse the UUID from $messageUuidMap in the fallback path.',
      inLoop:
        'Fill $messageUuidMap in a loop of its own before any send, then ' +
        'read $messageUuidMap[$sms->id] in the send loop.',
      afterSend: 'Move the generation above the first send, into the pre-generation of $messageUuidMap.',
    },
    fixes: {
      fillsMissing: {
        description:
          'The client now throws InvalidArgumentException for a message ' +
          'without message_uuid instead of generating one.',
        kind: 'unsafe',
      },
      inLoop: {
        description: 'Deleted the per-attempt UUID: the message keeps the message_uuid it was given.',
        kind: 'unsafe',
        deletes: true,
      },
      inRetry: {
        description: 'Deleted the per-attempt UUID: the message keeps the message_uuid it was given.',
        kind: 'unsafe',
        deletes: true,
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, code, options, settings } = context;
    const sendNames = [...options.sendCalls, ...settings.newServiceCalls, ...settings.legacySendCalls];
    const byStep = new Map<Section | null, { parsed: ParsedBlock; calls: Call[] }[]>();
    for (const parsed of [...code.blocks('php'), ...code.blocks('go')].sort(
      (a, b) => a.block.startLine - b.block.startLine,
    )) {
      if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
      const calls: Call[] =
        parsed.block.lang === 'php'
          ? phpCalls(parsed.root).map((c) => ({ node: c.node, name: c.name, php: c }))
          : goCalls(parsed.root).map((c) => ({ node: c.node, name: c.name, go: c }));
      const step = stepOf(parsed.block.section);
      const list = byStep.get(step) ?? [];
      list.push({ parsed, calls });
      byStep.set(step, list);
    }
    for (const { parsed } of [...byStep.values()].flat()) {
      for (const t of [...descendants(parsed.root)].filter(
        (n) => n.type === 'throw_expression' || n.type === 'throw_statement',
      )) {
        const guard = [...ancestors(t)].find((a) => a.type === 'if_statement');
        if (guard && /uuid/i.test(guard.childForFieldName('condition')?.text ?? ''))
          context.evidence({ invariant: 2, range: nodeRange(parsed.block, t), kind: 'code' });
      }
    }
    for (const [step, blocks] of byStep) {
      let firstSend: { call: Call; line: number } | null = null;
      for (const { parsed, calls } of blocks) {
        const isSend = (c: Call): boolean => nameIn(c.name, sendNames);
        for (const call of calls) {
          const factory = call.php
            ? phpCallMatches(call.php, options.factories)
            : call.go
              ? goCallMatches(call.go, options.factories)
              : null;
          if (factory) {
            const found = judge(call, factory, calls.filter(isSend), parsed, context, options);
            const report =
              found ?? (step && firstSend && !insideClosure(call.node) ? afterSend(factory, firstSend) : null);
            if (!report && fillsMap(call.node))
              context.evidence({ invariant: 2, range: nodeRange(parsed.block, call.node), kind: 'code' });
            if (report) {
              const fix = fixFor(report, call.node, parsed, context);
              context.report({
                messageId: report.messageId,
                data: report.data,
                loc: { range: nodeRange(parsed.block, call.node) },
                ...(fix ? { fix } : {}),
              });
            }
          }
          if (!firstSend && isSend(call) && !insideClosure(call.node)) {
            firstSend = { call, line: parsed.block.toDoc(call.node.startIndex).line };
          }
        }
      }
    }
  },
});

type Finding = { messageId: string; data: Record<string, string | number>; fill?: Fill };

const REJECT = "throw new \\InvalidArgumentException('message_uuid is required for each message (Invariant 2)')";

/**
 * fillsMissing: the default of `??` / `??=` / `?:` becomes a throw, or the assignment under the
 * emptiness check does (the array-union and merge forms have no fix: the throw has to go
 * where the message is checked); inLoop / inRetry: an assignment that overwrites the
 * message's own UUID field is deleted.
 */
function fixFor(
  finding: Finding,
  node: Node,
  parsed: ParsedBlock,
  context: RuleContext<Options>,
): (() => Edit | null) | null {
  const { messageId, fill } = finding;
  if (messageId === 'fillsMissing') {
    if (parsed.block.lang !== 'php' || !fill) return null;
    if (fill.replace) {
      const target = fill.replace;
      return () => replaceNode(parsed.block, target, REJECT);
    }
    if (fill.statement) {
      const stmt = fill.statement;
      return () => replaceNode(parsed.block, stmt, `${REJECT};`);
    }
    return null;
  }
  if (messageId !== 'inLoop' && messageId !== 'inRetry') return null;
  const assign = [...ancestors(node)].find(
    (a) => a.type === 'assignment_expression' || a.type === 'assignment_statement',
  );
  const left = assign?.childForFieldName('left');
  const target = left?.type === 'expression_list' ? left.namedChildren[0] : left;
  if (
    !assign ||
    !target ||
    !['subscript_expression', 'selector_expression', 'member_access_expression', 'index_expression'].includes(
      target.type,
    )
  )
    return null;
  // the UUID must be the whole value written (not part of a larger expression)
  if (!isInside(node, assign.childForFieldName('right') ?? assign)) return null;
  const stmt = enclosingStatement(assign);
  if (!stmt) return null;
  return () => deleteCodeLines(context.runbook, parsed.block, stmt);
}

function afterSend(factory: string, first: { call: Call; line: number }): Finding {
  return { messageId: 'afterSend', data: { factory, send: `${first.call.name}()`, line: first.line } };
}

function judge(
  call: Call,
  factory: string,
  sends: Call[],
  parsed: ParsedBlock,
  context: RuleContext<Options>,
  options: Options,
): Finding | null {
  const data = { factory };
  const fill = fillsMissing(call.node, parsed, context);
  if (fill) return { messageId: 'fillsMissing', data: { ...data, fn: fill.fn }, fill };
  for (const a of ancestors(call.node)) {
    if (a.type === 'catch_clause' || a.type === 'finally_clause')
      return {
        messageId: 'inFallback',
        data: { ...data, construct: a.type === 'catch_clause' ? 'catch block' : 'finally block' },
      };
    if (
      a.type === 'if_statement' &&
      parsed.block.lang === 'go' &&
      /err\s*!=\s*nil/.test(a.childForFieldName('condition')?.text ?? '') &&
      isInside(call.node, a.childForFieldName('consequence') ?? a)
    ) {
      return { messageId: 'inFallback', data: { ...data, construct: 'error branch (if err != nil)' } };
    }
    // `$fallback ? Str::uuid() : $item['message_uuid']`, `if ($isFallback) { … }`: made for the fallback only
    if ((a.type === 'conditional_expression' || a.type === 'if_statement') && parsed.block.lang === 'php') {
      const condition = a.childForFieldName('condition');
      if (condition && !isInside(call.node, condition) && namesFallback(condition) && !writesOtherKey(call.node))
        return { messageId: 'inFallback', data: { ...data, construct: `fallback branch (${condition.text})` } };
    }
    if (CLOSURES.has(a.type)) {
      const owner = closureOwner(a);
      if (owner && (/retry|backoff/i.test(owner.name) || /retry|backoff/i.test(owner.qualified)))
        return { messageId: 'inRetry', data: { ...data, construct: `${owner.qualified}()` } };
      const bound = functionName(a);
      if (bound && /fallback/i.test(bound))
        return { messageId: 'inFallback', data: { ...data, construct: `fallback closure $${bound}` } };
      if (owner && nameIn(owner.name, options.collectionCalls)) {
        const send = sends.find((s) => isInside(s.node, a));
        if (send) return { messageId: 'inLoop', data: { ...data, loop: `${owner.name}()`, send: `${send.name}()` } };
      }
    }
    const loop = parsed.block.lang === 'go' ? (a.type === 'for_statement' ? 'for' : null) : PHP_LOOPS[a.type];
    if (loop) {
      const send = sends.find((s) => isInside(s.node, a));
      if (send) return { messageId: 'inLoop', data: { ...data, loop, send: `${send.name}()` } };
      if (countsAttempts(a)) return { messageId: 'inRetry', data: { ...data, construct: `a retry loop (${loop})` } };
    }
  }
  if (parsed.block.lang === 'go') {
    // a message sent or queued again under a new UUID: retry.MessageUUID = uuid.New().String()
    const names = [
      ...REQUEUE_CALLS,
      ...options.sendCalls,
      ...context.settings.newServiceCalls,
      ...context.settings.legacySendCalls,
    ];
    const retry = goRetryPath(call.node, names, (n) => parsed.block.toDoc(n.startIndex).line);
    if (retry) return { messageId: 'inRetry', data: { ...data, construct: retry.construct } };
  } else {
    const resend = phpResendOwner(call.node, parsed, context.runbook);
    if (resend && writesMessageUuid(call.node)) return { messageId: 'inRetry', data: { ...data, construct: resend } };
  }
  return null;
}

/**
 * The re-send a PHP UUID is made in, by the name of what holds the code: its function, its class,
 * or the file the block belongs to (`RequeueGoSms::handle()`, `app/Console/Commands/RequeueGoSms.php`).
 * A re-queue sends a message that already has its UUID.
 */
function phpResendOwner(node: Node, parsed: ParsedBlock, runbook: Runbook): string | null {
  for (const a of ancestors(node)) {
    if (a.type !== 'method_declaration' && a.type !== 'function_definition' && a.type !== 'class_declaration') continue;
    const name = a.childForFieldName('name')?.text;
    if (isRetryName(name)) return `${name}${a.type === 'class_declaration' ? '' : '()'}`;
  }
  const file = blockFile(runbook, parsed.block);
  return file && isRetryName(fileClassName(file)) ? `the re-send in ${file}` : null;
}

/**
 * The key or field the UUID is the value of: `'message_uuid' => …`, `$m['message_uuid'] = …`,
 * `$log->message_uuid = …`, `$batchId = …` (with `variables`); undefined when it is written to none.
 */
function writtenKey(node: Node, variables: boolean): string | null | undefined {
  for (const a of ancestors(node)) {
    if (a.type === 'array_element_initializer')
      return a.namedChildren.length === 2 ? stringValue(a.namedChildren[0]) : undefined;
    if (a.type === 'assignment_expression') {
      const left = a.childForFieldName('left');
      if (left?.type === 'subscript_expression') return stringValue(left.namedChildren[1]);
      if (left?.type === 'member_access_expression') return left.childForFieldName('name')?.text ?? null;
      if (left?.type === 'variable_name' && variables) return left.text.replace(/^\$/, '');
      return null;
    }
    if (CLOSURES.has(a.type) || FUNCTION_NODES.has(a.type)) return undefined;
  }
  return undefined;
}

/** The UUID is the value of a message's UUID field or key (a local variable is not a message). */
function writesMessageUuid(node: Node): boolean {
  const key = writtenKey(node, false);
  return typeof key === 'string' && isMessageUuidName(key);
}

/** The UUID is the value of a key or field that is not a message's UUID (`'batch_id' => …`). */
function writesOtherKey(node: Node): boolean {
  const key = writtenKey(node, true);
  return typeof key === 'string' && !isMessageUuidName(key);
}

/** A condition that asks whether this is the fallback: `$fallback`, `$this->isFallback`, `$opts['fallback']`. */
function namesFallback(condition: Node): boolean {
  return [condition, ...descendants(condition)].some(
    (n) =>
      (n.type === 'name' || n.type === 'string_content') &&
      identifierWords(n.text).some((w) => w === 'fallback' || w === 'fallbacks'),
  );
}

/**
 * The function a closure is passed to: retry(3, function () {…}) → retry; retry.Do(func() error {…}) → Do (retry.Do).
 */
function closureOwner(closure: Node): { name: string; qualified: string } | null {
  let p = closure.parent;
  if (p?.type === 'argument') p = p.parent;
  if (p?.type === 'arguments' || p?.type === 'argument_list') p = p.parent;
  if (!p) return null;
  const fn = p.childForFieldName('function') ?? p.childForFieldName('name');
  if (!fn) return null;
  if (fn.type === 'selector_expression') {
    const field = fn.childForFieldName('field')?.text ?? fn.text;
    return { name: field, qualified: fn.text };
  }
  const name = fn.text.replace(/^.*\\/, '');
  return { name, qualified: name };
}

const ATTEMPT_WORDS = new Set(['attempt', 'attempts', 'retry', 'retries', 'retried', 'tries', 'try']);

/**
 * A loop whose header (init, condition, update, range, do…while condition) counts attempts: `for attempt := 0; …`,
 * `while ($tries < 3)`.
 */
function countsAttempts(loop: Node): boolean {
  const body = loop.childForFieldName('body');
  for (const n of descendants(loop)) {
    if (body && isInside(n, body)) continue;
    if (
      n.type === 'variable_name' ||
      n.type === 'identifier' ||
      n.type === 'field_identifier' ||
      (n.type === 'name' && n.parent?.type !== 'variable_name')
    ) {
      if (identifierWords(n.text).some((w) => ATTEMPT_WORDS.has(w))) return true;
    }
  }
  return false;
}

/** How a client fills in a missing UUID, and what the fix replaces. */
interface Fill {
  /** the send method or client method it happens in */
  fn: string;
  /** an expression to replace with a throw (the default of ??, ??=, ?:) */
  replace: Node | null;
  /** a statement to replace with a throw (the assignment under an emptiness check) */
  statement: Node | null;
}

const FUNCTION_NODES = new Set(['function_definition', 'method_declaration', 'function_declaration']);

/**
 * A factory that only runs for a message without a UUID, in a function that sends (by name) or
 * a method of the client class — the client inventing an identity it should have been given:
 * under `if (empty($m['message_uuid']))` (or Go `if m.MessageUUID == ""`), as the default of
 * `$m['message_uuid'] ?? …`, `??=`, `?:`, or of an array union / merge that keeps the message's
 * own key when it has one (`$i + ['message_uuid' => …]`, `array_merge(['message_uuid' => …], $i)`,
 * `['message_uuid' => …, ...$i]`) — also inside a closure handed to array_map or each().
 */
function fillsMissing(node: Node, parsed: ParsedBlock, context: RuleContext<Options>): Fill | null {
  let form: Omit<Fill, 'fn'> | null = null;
  let child = node;
  let closures = 0;
  for (const a of ancestors(node)) {
    if (FUNCTION_NODES.has(a.type)) break;
    if (CLOSURES.has(a.type)) {
      // the closure a collection call runs per message: array_map(fn ($i) => $i + […], $items)
      const owner = closureOwner(a);
      if (!owner || !nameIn(owner.name, context.options.collectionCalls) || ++closures > 1) break;
    }
    form ??= fillForm(a, child, node);
    child = a;
  }
  if (!form) return null;
  const fn = (
    parsed.block.lang === 'php'
      ? enclosingFunctions(node)
      : [...ancestors(node)].filter((a) => a.type === 'function_declaration' || a.type === 'method_declaration')
  ).find((f) => FUNCTION_NODES.has(f.type));
  const name = fn ? (fn.childForFieldName('name')?.text ?? null) : null;
  const inClient = [...ancestors(node)].some(
    (a) => a.type === 'class_declaration' && a.childForFieldName('name')?.text === context.settings.clientClass,
  );
  if (name && (/send/i.test(name) || inClient)) return { fn: name, ...form };
  return null;
}

/**
 * Whether `a`, the parent on the way up from the factory (`child` is the step below it), makes the UUID a default for a
 * missing one.
 */
function fillForm(a: Node, child: Node, factory: Node): Omit<Fill, 'fn'> | null {
  switch (a.type) {
    case 'if_statement': {
      const cond = a.childForFieldName('condition');
      if (
        !cond ||
        child.equals(cond) ||
        child.equals(a.childForFieldName('initializer') ?? cond) ||
        !testsUuidPresence(cond)
      )
        return null;
      const stmt = [...ancestors(factory)].find((s) => s.type === 'expression_statement' && isInside(s, a));
      return { replace: null, statement: stmt ?? null };
    }
    case 'binary_expression': {
      const op = operatorOf(a);
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (op === '??' && right?.equals(child) && mentionsUuid(left)) return { replace: right, statement: null };
      // $i + ['message_uuid' => …]: the union keeps the message's own key
      if (op === '+' && right?.equals(child) && uuidElement(right, factory)) return { replace: null, statement: null };
      return null;
    }
    case 'augmented_assignment_expression': {
      const right = a.childForFieldName('right');
      if (operatorOf(a) === '??=' && right?.equals(child) && mentionsUuid(a.childForFieldName('left')))
        return { replace: right, statement: null };
      return null;
    }
    case 'conditional_expression': {
      const cond = a.childForFieldName('condition');
      const body = a.childForFieldName('body');
      const alt = a.childForFieldName('alternative');
      // $m['message_uuid'] ?: Str::uuid()
      if (!body && alt?.equals(child) && mentionsUuid(cond)) return { replace: alt, statement: null };
      if (cond && !child.equals(cond) && testsUuidPresence(cond)) return { replace: null, statement: null };
      return null;
    }
    case 'function_call_expression': {
      const name = a.childForFieldName('function')?.text.replace(/^\\/, '').toLowerCase();
      if (name !== 'array_merge' && name !== 'array_replace') return null;
      const args = (a.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (c): c is Node => c?.type === 'argument',
      );
      const at = args.findIndex((x) => isInside(factory, x));
      const value = args[at]?.namedChildren.at(-1);
      // a later argument overrides the key: the UUID only stands when the message has none
      return at >= 0 && at < args.length - 1 && value && uuidElement(value, factory)
        ? { replace: null, statement: null }
        : null;
    }
    case 'array_creation_expression': {
      const elements = a.namedChildren.filter((c): c is Node => c?.type === 'array_element_initializer');
      const at = elements.findIndex((e) => e.equals(child));
      if (at < 0 || !uuidElement(a, factory)) return null;
      return elements.slice(at + 1).some((e) => e.namedChildren[0]?.type === 'variadic_unpacking')
        ? { replace: null, statement: null }
        : null;
    }
    default:
      return null;
  }
}

function operatorOf(n: Node): string {
  return n.childForFieldName('operator')?.text ?? n.children.find((c) => c !== null && !c.isNamed)?.text ?? '';
}

/** An array literal whose message-UUID key has the factory in its value: `['message_uuid' => (string) Str::uuid()]`. */
function uuidElement(array: Node, factory: Node): boolean {
  if (array.type !== 'array_creation_expression') return false;
  for (const el of array.namedChildren) {
    if (el?.type !== 'array_element_initializer' || el.namedChildren.length !== 2) continue;
    const [key, value] = el.namedChildren as [Node, Node];
    const k = stringValue(key);
    if (k !== null && isMessageUuidName(k) && isInside(factory, value)) return true;
  }
  return false;
}

/** A message's UUID slot: `$uuid`, `$m['message_uuid']`, `$m->messageUuid`, Go `m.MessageUUID`. */
function isUuidSlot(n: Node): boolean {
  switch (n.type) {
    case 'variable_name':
    case 'identifier':
      return isMessageUuidName(n.text);
    case 'subscript_expression': {
      const key = stringValue(n.namedChildren[1]);
      return key !== null && isMessageUuidName(key);
    }
    case 'member_access_expression':
    case 'nullsafe_member_access_expression':
      return isMessageUuidName(n.childForFieldName('name')?.text ?? '');
    case 'selector_expression':
      return isMessageUuidName(n.childForFieldName('field')?.text ?? '');
    case 'index_expression': {
      const key = stringValue(n.childForFieldName('index'));
      return key !== null && isMessageUuidName(key);
    }
    default:
      return false;
  }
}

function mentionsUuid(n: Node | null | undefined): boolean {
  return !!n && descendants(n).some(isUuidSlot);
}

const PRESENCE_CALLS = new Set([
  'empty',
  'isset',
  'is_null',
  'strlen',
  'blank',
  'filled',
  'array_key_exists',
  'isuuid',
  'is_uuid',
  'len',
]);
const EMPTY_VALUES = new Set(['null', "''", '""', 'nil', 'uuid.Nil', '0']);

/**
 * A condition that asks whether a message has its UUID: `empty($m['message_uuid'])`, `!isset(…)`, `$uuid === null`, Go
 * `m.MessageUUID == ""`.
 */
function testsUuidPresence(cond: Node): boolean {
  for (const d of descendants(cond)) {
    if (d.type === 'function_call_expression' || d.type === 'call_expression' || d.type === 'scoped_call_expression') {
      const fn = d.childForFieldName('function') ?? d.childForFieldName('name');
      const name =
        (fn?.type === 'selector_expression' ? fn.childForFieldName('field')?.text : fn?.text)
          ?.replace(/^.*\\/, '')
          .toLowerCase() ?? '';
      if (!PRESENCE_CALLS.has(name)) continue;
      const args = d.childForFieldName('arguments');
      if (
        args &&
        descendants(args).some(
          (x) => isUuidSlot(x) || (stringValue(x) !== null && isMessageUuidName(stringValue(x) ?? '')),
        )
      )
        return true;
      continue;
    }
    if (!isUuidSlot(d)) continue;
    let p = d.parent;
    while (p && (p.type === 'parenthesized_expression' || p.type === 'argument')) p = p.parent;
    if (!p) continue;
    if ((p.type === 'unary_op_expression' || p.type === 'unary_expression') && operatorOf(p) === '!') return true;
    if (p.type === 'binary_expression' && ['===', '==', '!==', '!='].includes(operatorOf(p))) {
      const other = p.childForFieldName('left')?.equals(d) ? p.childForFieldName('right') : p.childForFieldName('left');
      if (other && (EMPTY_VALUES.has(other.text.trim()) || other.type === 'null')) return true;
    }
  }
  return false;
}

/** `$messageUuidMap[$sms->id] = (string) Str::uuid();` in a loop: the pre-generation pattern. */
function fillsMap(node: Node): boolean {
  const assign = [...ancestors(node)].find((a) => a.type === 'assignment_expression');
  const inLoop = [...ancestors(node)].some((a) => a.type in PHP_LOOPS || a.type === 'for_statement');
  return !!assign && assign.childForFieldName('left')?.type === 'subscript_expression' && inLoop;
}

function insideClosure(node: Node): boolean {
  for (const a of ancestors(node))
    if (
      CLOSURES.has(a.type) ||
      a.type === 'function_definition' ||
      a.type === 'method_declaration' ||
      a.type === 'function_declaration'
    )
      return true;
  return false;
}

function stepOf(section: Section | null): Section | null {
  for (let s = section; s; s = s.parent) if (s.kind === 'step') return s;
  return null;
}
