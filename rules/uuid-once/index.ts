import type { Node } from 'web-tree-sitter';
import { goCallMatches, nameIn, phpCallMatches } from '../../src/analysis/calls.js';
import { isReadOnlyExcerpt } from '../../src/analysis/excerpt.js';
import { DEFAULT_UUID_FACTORIES } from '../../src/analysis/uuid-factories.js';
import { goCalls, type GoCall } from '../../src/code/go.js';
import { nodeRange } from '../../src/code/locate.js';
import { enclosingFunctions, functionName, phpCalls, type PhpCall } from '../../src/code/php.js';
import { ancestors, descendants, enclosingStatement, isInside } from '../../src/code/syntax.js';
import type { ParsedBlock } from '../../src/code/tree-sitter.js';
import type { Section } from '../../src/document/index.js';
import { defineRule, type Edit, type RuleContext } from '../../src/engine/types.js';
import { deleteCodeLines, replaceNode } from '../../src/fix/edits.js';

export interface Options {
  /** UUID factories: "Class::method" (any namespace), "function", "pkg.Func" (Go) */
  factories: string[];
  /** calls that send a message, besides the settings' new-service and legacy send calls */
  sendCalls: string[];
  /** calls whose closure argument runs once per element */
  collectionCalls: string[];
}

interface Call {
  node: Node;
  name: string;
  /** PHP or Go view of the call */
  php?: PhpCall;
  go?: GoCall;
}

const PHP_LOOPS: Record<string, string> = { foreach_statement: 'foreach', for_statement: 'for', while_statement: 'while', do_statement: 'do/while' };
const CLOSURES = new Set(['anonymous_function', 'anonymous_function_creation_expression', 'arrow_function', 'func_literal']);

export default defineRule<Options>({
  meta: {
    id: 'uuid-once',
    description: 'UUIDs are made once, before any send; never in retry, provider or fallback loops; the client rejects a missing uuid.',
    invariant: 2,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      fillsMissing: '{{factory}}() fills in a missing message_uuid inside {{fn}}(): a message without a UUID must be rejected, not given a new one.',
      inRetry: '{{factory}}() runs inside {{construct}}: each attempt sends the message under a new message_uuid.',
      inFallback: '{{factory}}() runs in a {{construct}}: the fallback sends under a UUID the first attempt never had.',
      inLoop: '{{factory}}() runs inside a {{loop}} loop that also sends ({{send}}): the UUID is made per attempt, not once at the entry point.',
      afterSend: '{{factory}}() runs after the step has already sent ({{send}} at line {{line}}): the UUID is not made before the send.',
    },
    rationale:
      'Idempotency rests on the message_uuid: {{newLogTable}} answers "duplicate" for a UUID it has seen. A UUID made again on a retry, a fallback or inside the send loop is new to it, so the same SMS is sent (and billed) twice.',
    hints: {
      fillsMissing: 'Throw an InvalidArgumentException when message_uuid is empty; the caller builds $messageUuidMap at the entry point.',
      inRetry: 'Generate the UUID once before the retry (in $messageUuidMap) and reuse it on every attempt.',
      inFallback: 'Reuse the UUID from $messageUuidMap in the fallback path.',
      inLoop: 'Fill $messageUuidMap in a loop of its own before any send, then read $messageUuidMap[$sms->id] in the send loop.',
      afterSend: 'Move the generation above the first send, into the pre-generation of $messageUuidMap.',
    },
    fixes: {
      fillsMissing: { description: 'The client now throws InvalidArgumentException for a message without message_uuid instead of generating one.', kind: 'unsafe' },
      inLoop: { description: 'Deleted the per-attempt UUID: the message keeps the message_uuid it was given.', kind: 'unsafe', deletes: true },
      inRetry: { description: 'Deleted the per-attempt UUID: the message keeps the message_uuid it was given.', kind: 'unsafe', deletes: true },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        factories: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
        sendCalls: { type: 'array', items: { type: 'string', minLength: 1 } },
        collectionCalls: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
    defaultOptions: {
      factories: DEFAULT_UUID_FACTORIES,
      sendCalls: ['send', 'sendSms', 'sendMessage', 'Send', 'SendSMS', 'sendWithRetry'],
      collectionCalls: ['each', 'map', 'array_map', 'array_walk', 'transform', 'flatMap'],
    },
  },
  check(context) {
    const { runbook, code, options, settings } = context;
    const sendNames = [...options.sendCalls, ...settings.newServiceCalls, ...settings.legacySendCalls];
    const byStep = new Map<Section | null, { parsed: ParsedBlock; calls: Call[] }[]>();
    for (const parsed of [...code.blocks('php'), ...code.blocks('go')].sort((a, b) => a.block.startLine - b.block.startLine)) {
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
      for (const t of [...descendants(parsed.root)].filter((n) => n.type === 'throw_expression' || n.type === 'throw_statement')) {
        const guard = [...ancestors(t)].find((a) => a.type === 'if_statement');
        if (guard && /uuid/i.test(guard.childForFieldName('condition')?.text ?? '')) context.evidence({ invariant: 2, range: nodeRange(parsed.block, t) });
      }
    }
    for (const [step, blocks] of byStep) {
      let firstSend: { call: Call; line: number } | null = null;
      for (const { parsed, calls } of blocks) {
        const isSend = (c: Call): boolean => nameIn(c.name, sendNames);
        for (const call of calls) {
          const factory = call.php ? phpCallMatches(call.php, options.factories) : call.go ? goCallMatches(call.go, options.factories) : null;
          if (factory) {
            const found = judge(call, factory, calls.filter(isSend), parsed, context, options);
            const report = found ?? (step && firstSend && !insideClosure(call.node) ? afterSend(factory, firstSend) : null);
            if (!report && fillsMap(call.node)) context.evidence({ invariant: 2, range: nodeRange(parsed.block, call.node) });
            if (report) {
              const fix = fixFor(report.messageId, call.node, parsed, context);
              context.report({ ...report, loc: { range: nodeRange(parsed.block, call.node) }, ...(fix ? { fix } : {}) });
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

type Finding = { messageId: string; data: Record<string, string | number> };

const REJECT = "throw new \\InvalidArgumentException('message_uuid is required for each message (Invariant 2)')";

/**
 * fillsMissing: the assignment under the emptiness check becomes a throw (or `?? throw`);
 * inLoop / inRetry: an assignment that overwrites the message's own UUID field is deleted.
 */
function fixFor(messageId: string, node: Node, parsed: ParsedBlock, context: RuleContext<Options>): (() => Edit | null) | null {
  if (parsed.block.lang !== 'php' && messageId === 'fillsMissing') return null;
  if (messageId === 'fillsMissing') {
    for (const a of ancestors(node)) {
      if (a.type === 'binary_expression' && /\?\?/.test(a.text)) {
        const right = a.childForFieldName('right');
        return right ? () => replaceNode(parsed.block, right, REJECT) : null;
      }
      if (a.type === 'expression_statement') return () => replaceNode(parsed.block, a, `${REJECT};`);
    }
    return null;
  }
  if (messageId !== 'inLoop' && messageId !== 'inRetry') return null;
  const assign = [...ancestors(node)].find((a) => a.type === 'assignment_expression' || a.type === 'assignment_statement');
  const left = assign?.childForFieldName('left');
  const target = left?.type === 'expression_list' ? left.namedChildren[0] : left;
  if (!assign || !target || !['subscript_expression', 'selector_expression', 'member_access_expression'].includes(target.type)) return null;
  const stmt = enclosingStatement(assign);
  if (!stmt) return null;
  return () => deleteCodeLines(context.runbook, parsed.block, stmt);
}

function afterSend(factory: string, first: { call: Call; line: number }): Finding {
  return { messageId: 'afterSend', data: { factory, send: `${first.call.name}()`, line: first.line } };
}

function judge(call: Call, factory: string, sends: Call[], parsed: ParsedBlock, context: RuleContext<Options>, options: Options): Finding | null {
  const data = { factory };
  const fill = fillsMissing(call.node, parsed, context);
  if (fill) return { messageId: 'fillsMissing', data: { ...data, fn: fill } };
  for (const a of ancestors(call.node)) {
    if (a.type === 'catch_clause' || a.type === 'finally_clause') return { messageId: 'inFallback', data: { ...data, construct: a.type === 'catch_clause' ? 'catch block' : 'finally block' } };
    if (a.type === 'if_statement' && parsed.block.lang === 'go' && /err\s*!=\s*nil/.test(a.childForFieldName('condition')?.text ?? '') && isInside(call.node, a.childForFieldName('consequence') ?? a)) {
      return { messageId: 'inFallback', data: { ...data, construct: 'error branch (if err != nil)' } };
    }
    if (CLOSURES.has(a.type)) {
      const owner = closureOwner(a);
      if (owner && /retry|backoff/i.test(owner)) return { messageId: 'inRetry', data: { ...data, construct: `${owner}()` } };
      const bound = functionName(a);
      if (bound && /fallback/i.test(bound)) return { messageId: 'inFallback', data: { ...data, construct: `fallback closure $${bound}` } };
      if (owner && nameIn(owner, options.collectionCalls)) {
        const send = sends.find((s) => isInside(s.node, a));
        if (send) return { messageId: 'inLoop', data: { ...data, loop: `${owner}()`, send: `${send.name}()` } };
      }
    }
    const loop = parsed.block.lang === 'go' ? (a.type === 'for_statement' ? 'for' : null) : PHP_LOOPS[a.type];
    if (loop) {
      const send = sends.find((s) => isInside(s.node, a));
      if (send) return { messageId: 'inLoop', data: { ...data, loop, send: `${send.name}()` } };
      if (/\$?attempt|\$?retr(y|ies)|\$?tries/i.test(loopHeader(a))) return { messageId: 'inRetry', data: { ...data, construct: `a retry loop (${loop})` } };
    }
  }
  return null;
}

/** The function a closure is passed to: retry(3, function () {…}) → "retry". */
function closureOwner(closure: Node): string | null {
  let p = closure.parent;
  if (p?.type === 'argument') p = p.parent;
  if (p?.type === 'arguments' || p?.type === 'argument_list') p = p.parent;
  if (!p) return null;
  const fn = p.childForFieldName('function') ?? p.childForFieldName('name');
  if (!fn) return null;
  const text = fn.type === 'selector_expression' ? (fn.childForFieldName('field')?.text ?? fn.text) : fn.text;
  return text.replace(/^.*\\/, '');
}

function loopHeader(loop: Node): string {
  const body = loop.childForFieldName('body');
  return body ? loop.text.slice(0, body.startIndex - loop.startIndex) : loop.text.slice(0, 80);
}

/**
 * `if (empty($msg['message_uuid'])) { $msg['message_uuid'] = Str::uuid(); }`, or
 * `$uuid ?? Str::uuid()`, inside a function that sends (by name) or belongs to the client
 * class: the client inventing an identity it should have been given.
 */
function fillsMissing(node: Node, parsed: ParsedBlock, context: RuleContext<Options>): string | null {
  let guarded = false;
  for (const a of ancestors(node)) {
    if (a.type === 'if_statement') {
      const cond = a.childForFieldName('condition')?.text ?? '';
      if (/uuid/i.test(cond) && /empty|isset|is_null|null|nil|==\s*(''|"")|!\$/i.test(cond)) guarded = true;
    }
    if (a.type === 'binary_expression' && /\?\?|\?:/.test(a.text) && /uuid/i.test(a.childForFieldName('left')?.text ?? '')) guarded = true;
    if (CLOSURES.has(a.type) || a.type === 'function_definition' || a.type === 'method_declaration' || a.type === 'function_declaration') break;
  }
  if (!guarded) return null;
  const fn = (parsed.block.lang === 'php' ? enclosingFunctions(node) : [...ancestors(node)].filter((a) => a.type === 'function_declaration' || a.type === 'method_declaration')).find(
    (f) => f.type === 'method_declaration' || f.type === 'function_definition' || f.type === 'function_declaration',
  );
  const name = fn ? (fn.childForFieldName('name')?.text ?? null) : null;
  const inClient = [...ancestors(node)].some((a) => a.type === 'class_declaration' && a.childForFieldName('name')?.text === context.settings.clientClass);
  if (name && (/send/i.test(name) || inClient)) return name;
  return null;
}

/** `$messageUuidMap[$sms->id] = (string) Str::uuid();` in a loop: the pre-generation pattern. */
function fillsMap(node: Node): boolean {
  const assign = [...ancestors(node)].find((a) => a.type === 'assignment_expression');
  const inLoop = [...ancestors(node)].some((a) => a.type in PHP_LOOPS || a.type === 'for_statement');
  return !!assign && assign.childForFieldName('left')?.type === 'subscript_expression' && inLoop;
}

function insideClosure(node: Node): boolean {
  for (const a of ancestors(node)) if (CLOSURES.has(a.type) || a.type === 'function_definition' || a.type === 'method_declaration' || a.type === 'function_declaration') return true;
  return false;
}

function stepOf(section: Section | null): Section | null {
  for (let s = section; s; s = s.parent) if (s.kind === 'step') return s;
  return null;
}
