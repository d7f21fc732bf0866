import type { Node } from 'web-tree-sitter';
import { canonicalOf, controllerSteps } from '../../src/analysis/controller-steps.js';
import { isReadOnlyExcerpt } from '../../src/analysis/excerpt.js';
import { findTerm, words } from '../../src/analysis/words.js';
import { nodeRange } from '../../src/code/locate.js';
import { phpCalls, phpChain, phpChainTop } from '../../src/code/php.js';
import { ancestors, descendants, stringValue } from '../../src/code/syntax.js';
import type { ParsedBlock } from '../../src/code/tree-sitter.js';
import type { CodeBlock, Runbook, Section } from '../../src/document/index.js';
import { defineRule, type RuleContext } from '../../src/engine/types.js';
import { insertBlockAfterLine, lastContentLine, replaceNode } from '../../src/fix/edits.js';

export interface Options {
  /** text in a URL expression or base_uri that identifies the new service */
  serviceUrlMarkers: string[];
  /** words a gate's commands use to simulate a timeout */
  timeoutSimulations: string[];
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'send', 'request', 'postasync', 'getasync', 'requestasync']);

export default defineRule<Options>({
  meta: {
    id: 'timeout-budget',
    description: 'Every call to the new service has an explicit timeout equal to the budget; a verification gate simulates the timeout and checks the fallback.',
    invariant: null,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      missing: 'This call to the {{newServiceName}} service has no explicit timeout: it waits for the HTTP client default, far past the {{timeoutMs}} ms budget.',
      wrongValue: 'This call to the {{newServiceName}} service times out after {{actual}} ms; the budget is {{timeoutMs}} ms.',
      notLiteral: 'The timeout {{expression}} cannot be checked against the {{timeoutMs}} ms budget; write the value.',
      noGate: 'No verification gate simulates a {{newServiceName}} timeout and checks the legacy fallback.',
    },
    rationale:
      'The legacy fallback in ON mode is only safe when the {{newServiceName}} call fails before acceptance. A call that waits longer than the {{timeoutMs}} ms budget holds the request past the point where the fallback is still allowed, and one that times out at an unplanned moment can time out after the service accepted the batch, so the fallback sends the same messages again. A gate that simulates the timeout proves the fallback fires, and fires once.',
    hints: {
      missing: 'Add Http::timeout({{timeoutSeconds}}) (or Guzzle \'timeout\' => {{timeoutSeconds}}) to the call.',
      wrongValue: 'Set the timeout to {{timeoutSeconds}} s ({{timeoutMs}} ms).',
      notLiteral: 'Use Http::timeout({{timeoutSeconds}}).',
      noGate: 'Add a gate that points the client at a slow endpoint (> {{timeoutMs}} ms), expects the timeout, and checks that the legacy fallback sent exactly once.',
    },
    fixes: {
      missing: { description: 'Added an explicit {{timeoutMs}} ms timeout to the {{newServiceName}} call.', kind: 'unsafe' },
      wrongValue: { description: 'Set the {{newServiceName}} call timeout to the {{timeoutMs}} ms budget.', kind: 'unsafe' },
      noGate: { description: 'Added a verification gate that simulates a {{newServiceName}} timeout and checks the legacy fallback.', kind: 'safe' },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        serviceUrlMarkers: { type: 'array', items: { type: 'string', minLength: 1 } },
        timeoutSimulations: { type: 'array', items: { type: 'string', minLength: 1 } },
      },
    },
    defaultOptions: {
      serviceUrlMarkers: ['services.messaging', 'messaging-service', 'messaging_service', '/internal/v1/'],
      timeoutSimulations: ['delay', 'sleep', 'slow', 'timeout', 'timed out', 'ConnectionException', 'toxiproxy', 'netem', 'tc qdisc'],
    },
  },
  check(context) {
    const { runbook, code } = context;
    let calls = 0;
    for (const parsed of code.blocks('php')) {
      if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
      calls += checkCalls(parsed, context);
    }
    if (calls > 0 && !hasGate(runbook, context.options)) {
      const anchor = gateAnchor(context);
      if (anchor) {
        const marker = context.options.serviceUrlMarkers.find((m) => /^[\w]+\.[\w.]+$/.test(m)) ?? 'services.messaging';
        const gate = (): string => context.template('gate.md', { serviceConfig: marker });
        const fix =
          anchor.kind === 'gate'
            ? () => insertBlockAfterLine(runbook, lastContentLine(runbook, anchor.section), gate())
            : anchor.kind === 'step'
              ? () => insertBlockAfterLine(runbook, lastContentLine(runbook, anchor.section), `${'#'.repeat(Math.min(anchor.section.depth + 1, 6))} Verification Gate: timeout fallback${runbook.eol}${runbook.eol}${gate()}`)
              : undefined;
        context.report({ messageId: 'noGate', loc: { node: anchor.section.heading }, ...(fix ? { fix } : {}) });
      }
    }
  },
});

/** Seconds (Http::timeout, Guzzle 'timeout') or milliseconds (…_ms options) → ms; null if not a literal. */
function literalMs(node: Node | null | undefined, unit: 's' | 'ms'): number | null {
  if (!node) return null;
  const t = node.text.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  return unit === 's' ? Math.round(Number(t) * 1000) : Number(t);
}

function targetsService(url: string, inClient: boolean, options: Options): boolean {
  return inClient || options.serviceUrlMarkers.some((m) => url.includes(m));
}

function checkCalls(parsed: ParsedBlock, context: RuleContext<Options>): number {
  const { options, settings } = context;
  let count = 0;
  const seen = new Set<number>();
  const guzzleClients = guzzleServiceClients(parsed.root, options);
  for (const call of phpCalls(parsed.root)) {
    if (!VERBS.has(call.name.toLowerCase())) continue;
    const top = phpChainTop(call.node);
    if (seen.has(top.startIndex)) continue;
    const chain = phpChain(top);
    const inClient = [...ancestors(call.node)].some((a) => a.type === 'class_declaration' && a.childForFieldName('name')?.text === settings.clientClass);
    const url = call.args[0]?.value.text ?? '';
    let timeout: Timeout | null = null;
    let insertAt: Node | null = null;
    if (chain.some((c) => c.kind === 'scoped' && c.scope === 'Http')) {
      if (!targetsService(url, inClient, options)) continue;
      const t = chain.find((c) => c.name === 'timeout');
      if (t) timeout = { ms: literalMs(t.args[0]?.value, 's'), node: t.args[0]?.value ?? t.node, unit: 's' };
      const first = chain[chain.length - 1];
      insertAt = first?.kind === 'scoped' ? (first.node.childForFieldName('name') ?? null) : null;
    } else if (call.kind === 'member' && call.object && guzzleClients.has(call.object.text)) {
      timeout = optionTimeout(call.args.map((a) => a.value)) ?? guzzleClients.get(call.object.text) ?? null;
    } else continue;
    seen.add(top.startIndex);
    count++;
    const budget = settings.timeoutMs;
    const value = (unit: 's' | 'ms'): string => (unit === 's' ? String(budget / 1000) : String(budget));
    if (!timeout) {
      const at = insertAt;
      const fix = at ? () => ({ range: [parsed.block.toDoc(at.startIndex).offset, parsed.block.toDoc(at.startIndex).offset] as [number, number], text: `timeout(${value('s')})->` }) : undefined;
      context.report({ messageId: 'missing', data: seconds(budget), loc: { range: nodeRange(parsed.block, top) }, ...(fix ? { fix } : {}) });
    } else if (timeout.ms === null) {
      context.report({ messageId: 'notLiteral', data: { ...seconds(budget), expression: timeout.node.text }, loc: { range: nodeRange(parsed.block, timeout.node) } });
    } else if (timeout.ms !== budget) {
      const t = timeout;
      context.report({ messageId: 'wrongValue', data: { ...seconds(budget), actual: t.ms ?? '' }, loc: { range: nodeRange(parsed.block, t.node) }, fix: () => replaceNode(parsed.block, t.node, value(t.unit)) });
    }
  }
  return count;
}

function seconds(ms: number): Record<string, string | number> {
  return { timeoutSeconds: String(ms / 1000) };
}

interface Timeout {
  ms: number | null;
  node: Node;
  unit: 's' | 'ms';
}

/** A Guzzle options array's timeout: 'timeout' / 'read_timeout' in seconds, '…_ms' in milliseconds. */
function optionTimeout(values: Node[]): Timeout | null {
  for (const v of values) {
    if (v.type !== 'array_creation_expression') continue;
    for (const el of v.namedChildren) {
      const [k, val] = el?.namedChildren ?? [];
      const key = stringValue(k);
      if (!key || !val) continue;
      if (key === 'timeout' || key === 'read_timeout') return { ms: literalMs(val, 's'), node: val, unit: 's' };
      if (/^timeout_?ms$/i.test(key)) return { ms: literalMs(val, 'ms'), node: val, unit: 'ms' };
    }
  }
  return null;
}

/** `$client = new \GuzzleHttp\Client(['base_uri' => <the service>, …])`: variable → its default timeout. */
function guzzleServiceClients(root: Node, options: Options): Map<string, Timeout | null> {
  const out = new Map<string, Timeout | null>();
  for (const n of descendants(root)) {
    if (n.type !== 'assignment_expression') continue;
    const right = n.childForFieldName('right');
    if (right?.type !== 'object_creation_expression' || !/Client\b/.test(right.text.split('(')[0] ?? '')) continue;
    if (!options.serviceUrlMarkers.some((m) => right.text.includes(m))) continue;
    const args = right.namedChildren.find((c) => c?.type === 'arguments');
    const values = (args?.namedChildren ?? []).map((a) => a?.namedChildren.at(-1)).filter((x): x is Node => !!x);
    out.set(n.childForFieldName('left')?.text ?? '', optionTimeout(values));
  }
  return out;
}

/** A block under a heading that mentions a gate, whose commands simulate a timeout and whose text checks the fallback. */
function hasGate(runbook: Runbook, options: Options): boolean {
  return runbook.codeBlocks.some((block) => isGateBlock(block, options));
}

function isGateBlock(block: CodeBlock, options: Options): boolean {
  if (!['bash', 'php', 'tinker', null].includes(block.lang)) return false;
  if (!underGate(block.section)) return false;
  const commands = block.text
    .split(/\r\n|\r|\n/)
    .filter((l) => !/^\s*(#|\/\/)/.test(l))
    .join('\n');
  const cws = words(commands);
  const simulates = options.timeoutSimulations.some((t) => findTerm(cws, t) >= 0);
  const all = words(block.text);
  return simulates && (findTerm(all, 'fallback') >= 0 || findTerm(all, 'legacy') >= 0);
}

function underGate(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) if (/\bgates?\b|verification/i.test(s.title)) return true;
  return false;
}

/**
 * Where a missing gate belongs: the canonical controller step's Verification Gate section
 * (the fix appends to it), else that step (the fix adds a gate section), else the first
 * section (reported, not fixed: a gate outside a step would not be read as one).
 */
function gateAnchor(context: RuleContext<Options>): { section: Section; kind: 'gate' | 'step' | 'other' } | null {
  const { runbook, code, settings } = context;
  const canonical = canonicalOf(controllerSteps(runbook, code, settings));
  const step = canonical?.step ?? runbook.steps().find((s) => runbook.codeIn(s).some((b) => b.text.includes(settings.clientClass))) ?? null;
  if (!step) {
    const first = runbook.sections[0];
    return first ? { section: first, kind: 'other' } : null;
  }
  const gate = runbook.sections.find((s) => s.parent === step && /gate|verification/i.test(s.title));
  return gate ? { section: gate, kind: 'gate' } : { section: step, kind: 'step' };
}
