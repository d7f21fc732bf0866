import {
  ancestors,
  blockFile,
  canonicalStep,
  defineRule,
  descendants,
  FILL_IN,
  findPlaceholders,
  findSlowdown,
  findTerm,
  fileClassName,
  findTimeoutDrill,
  insertBlockAfterLine,
  isReadOnlyExcerpt,
  lastContentLine,
  type Node,
  nodeRange,
  option,
  type OptionsOf,
  type ParsedBlock,
  phpCall,
  phpCalls,
  phpChain,
  phpChainTop,
  PhpModel,
  replaceNode,
  type RuleContext,
  type Runbook,
  type PhpFunction,
  type Section,
  type Settings,
  type Slowdown,
  stringValue,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  serviceUrlMarkers: option.strings('text in a URL expression or base_uri that identifies the new service', [
    'services.messaging',
    'messaging-service',
    'messaging_service',
    '/internal/v1/',
  ]),
  timeoutSimulations: option.strings("words a gate's commands use to simulate a timeout", [
    'delay',
    'sleep',
    'slow',
    'timeout',
    'timed out',
    'ConnectionException',
    'toxiproxy',
    'netem',
    'tc qdisc',
  ]),
};

type Options = OptionsOf<typeof OPTIONS>;

const VERBS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'send',
  'request',
  'postasync',
  'getasync',
  'requestasync',
]);

export default defineRule({
  meta: {
    id: 'timeout-budget',
    description:
      'Every call to the new service has an explicit timeout equal ' +
      'to the budget; a verification gate simulates the timeout and ' +
      'checks the fallback.',
    invariant: null,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      missing:
        'This call to the {{newServiceName}} service has no explicit ' +
        'timeout: it waits for the HTTP client default, far past the ' +
        '{{timeoutMs}} ms budget.',
      wrongValue:
        'This call to the {{newServiceName}} service times out after {{actual}} ms; the budget is {{timeoutMs}} ms.',
      notLiteral: 'The timeout {{expression}} cannot be checked against the {{timeoutMs}} ms budget; write the value.',
      noGate: 'No verification gate simulates a {{newServiceName}} timeout and checks the legacy fallback.',
      gatePlaceholder:
        'The timeout gate still has a step to fill in ({{what}}): until it is filled, it does not show that a ' +
        'slow {{newServiceName}} call falls back to the legacy path.',
    },
    rationale:
      'The legacy fallback in ON mode is only safe when the {{newServiceName}} ' +
      'call fails before acceptance. A call that waits longer than ' +
      'the {{timeoutMs}} ms budget holds the request past the point ' +
      'where the fallback is still allowed, and one that times out ' +
      'at an unplanned moment can time out after the service accepted ' +
      'the batch, so the fallback sends the same messages again. A ' +
      'gate that simulates the timeout proves the fallback fires, and ' +
      'fires once.',
    hints: {
      missing: "Add Http::timeout({{timeoutSeconds}}) (or Guzzle 'timeout' => {{timeoutSeconds}}) to the call.",
      wrongValue: 'Set the timeout to {{timeoutSeconds}} s ({{timeoutMs}} ms).',
      notLiteral: 'Use Http::timeout({{timeoutSeconds}}).',
      noGate:
        'Add a gate that points the client at a slow endpoint (> {{timeoutMs}} ' +
        'ms), expects the timeout, and checks that the legacy fallback ' +
        'sent exactly once.',
      gatePlaceholder:
        'Replace the `runbook-lint: fill in` placeholder with what it asks for: the way this runbook makes the ' +
        '{{newServiceName}} service slower than {{timeoutMs}} ms (Toxiproxy latency, `tc qdisc … netem delay`, a ' +
        "delay endpoint), or a call that matches the client's method.",
    },
    fixes: {
      missing: {
        description: 'Added an explicit {{timeoutMs}} ms timeout to the {{newServiceName}} call.',
        kind: 'unsafe',
      },
      wrongValue: {
        description: 'Set the {{newServiceName}} call timeout to the {{timeoutMs}} ms budget.',
        kind: 'unsafe',
      },
      noGate: {
        description:
          'Added a verification gate that simulates a {{newServiceName}} timeout and checks the legacy fallback.',
        kind: 'safe',
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, code } = context;
    let calls = 0;
    const blocks = code.blocks('php').filter((parsed) => !isReadOnlyExcerpt(parsed.block, runbook));
    const service = serviceReach(
      blocks,
      PhpModel.of(code, runbook, context.settings),
      context.settings.clientClass,
      runbook,
    );
    for (const parsed of blocks) calls += checkCalls(parsed, context, service);
    // a gate this rule wrote with a step left to fill is not a drill yet: the placeholder says what is missing
    const placeholders = findPlaceholders(runbook);
    for (const p of placeholders)
      context.report({ messageId: 'gatePlaceholder', data: { what: p.what || 'a step' }, loc: { range: p.range } });
    if (
      calls > 0 &&
      placeholders.length === 0 &&
      !findTimeoutDrill(runbook, code, context.settings, context.options.timeoutSimulations)
    ) {
      const anchor = gateAnchor(context);
      if (anchor) {
        const gate = (): string => renderGate(context, anchor.section);
        const fix =
          anchor.kind === 'gate'
            ? () => insertBlockAfterLine(runbook, lastContentLine(runbook, anchor.section), gate())
            : anchor.kind === 'step'
              ? () =>
                  insertBlockAfterLine(
                    runbook,
                    lastContentLine(runbook, anchor.section),
                    `${'#'.repeat(Math.min(anchor.section.depth + 1, 6))} Verification ` +
                      `Gate: timeout fallback${runbook.eol}${runbook.eol}${gate()}`,
                  )
              : undefined;
        context.report({ messageId: 'noGate', loc: { node: anchor.section.heading }, ...(fix ? { fix } : {}) });
      }
    }
  },
});

/**
 * templates/gate.md filled from the runbook: its own way to make the service slow (or a
 * placeholder to fill) and a send call that matches the client's declared method. A value left
 * empty drops its template line.
 */
function renderGate(context: RuleContext<Options>, gateSection: Section): string {
  const { runbook, code, settings } = context;
  const marker = context.options.serviceUrlMarkers.find((m) => /^[\w]+\.[\w.]+$/.test(m)) ?? 'services.messaging';
  const { slowStep, slowInTinker } = slowSteps(findSlowdown(runbook, code), gateSection, settings, marker);
  const text = context.template('gate.md', {
    serviceConfig: marker,
    slowStep,
    slowInTinker,
    sendCall: sendCall(PhpModel.of(code, runbook, settings), runbook, settings),
  });
  return text
    .split(runbook.eol)
    .filter((line, i, all) => line.trim() !== '' || i === all.length - 1)
    .join(runbook.eol);
}

const SLOWDOWN_NAMES: Record<Slowdown['kind'], string> = {
  toxiproxy: 'the Toxiproxy toxic',
  netem: 'the tc netem delay',
  istio: 'the Istio fault delay',
  'delay-endpoint': 'the delay endpoint',
  'http-fake': 'the Http::fake stub',
};

/** The gate's "make the service slow" step: shell lines before the tinker call, PHP lines inside it. */
function slowSteps(
  slowdown: Slowdown | null,
  gateSection: Section,
  settings: Settings,
  serviceConfig: string,
): { slowStep: string; slowInTinker: string } {
  const service = settings.newServiceName;
  const budget = `${settings.timeoutMs} ms`;
  const where = (s: Slowdown): string =>
    s.section === gateSection ? 'as above' : s.section ? `as in “${s.section.title}”` : `as in line ${s.line}`;
  const fillIn = `# ${FILL_IN} how to make the ${service} service answer after ${settings.timeoutMs + 300} ms`;
  if (!slowdown || slowdown.text === null) {
    const named = slowdown ? ` (this runbook names ${NAMES[slowdown.kind]}, ${where(slowdown).slice(3)})` : '';
    return { slowStep: `${fillIn}${named}`, slowInTinker: '' };
  }
  const uses = `${SLOWDOWN_NAMES[slowdown.kind]} this runbook uses (${where(slowdown)})`;
  switch (slowdown.kind) {
    case 'toxiproxy':
    case 'netem':
      return {
        slowStep: `# Make the ${service} service slower than ${budget} with ${uses}:\n${slowdown.text}`,
        slowInTinker: '',
      };
    case 'istio':
      return {
        slowStep:
          `# Make the ${service} service slower than ${budget} with ${SLOWDOWN_NAMES.istio} this runbook uses ` +
          `(\`${slowdown.text}\`, ${where(slowdown)}) on its VirtualService.`,
        slowInTinker: '',
      };
    case 'delay-endpoint':
      return {
        slowStep: `# Point the client at ${uses}; it must answer after more than ${budget}.`,
        slowInTinker: `config(['${serviceConfig}.url' => '${inBashQuotes(slowdown.text)}']);`,
      };
    case 'http-fake':
      return {
        slowStep: `# Fake a ${service} service slower than ${budget} with ${uses}, in the same tinker session:`,
        slowInTinker: inBashQuotes(slowdown.text),
      };
  }
}

const NAMES: Record<Slowdown['kind'], string> = {
  toxiproxy: 'Toxiproxy',
  netem: 'tc netem',
  istio: 'an Istio fault delay',
  'delay-endpoint': 'a delay endpoint',
  'http-fake': 'an Http::fake stub',
};

/** PHP for the inside of `tinker --execute="…"`: `$`, `"` and backticks escaped, a backslash only before them. */
function inBashQuotes(php: string): string {
  return php.replace(/\\(?=[\\$`"]|$)|[$`"]/gm, (c) => `\\${c}`);
}

const TEST_MESSAGES =
  "[['message_uuid' => 'gate-timeout-'.time(), 'recipient' => '+15550000000', " +
  "'body' => 'gate', 'provider' => 'twilio']]";

/**
 * The gate's send: the client's own method (the first of `newServiceCalls` the client class
 * declares; the runbook's last declaration of it), called with named arguments from its
 * parameters — the tenant, the messages, the dry-run flag (false); a parameter with a default
 * left out; one the gate cannot fill, a placeholder. Without a declaration, a placeholder.
 */
function sendCall(model: PhpModel, runbook: Runbook, settings: Settings): string {
  const client = settings.clientClass;
  for (const name of settings.newServiceCalls) {
    const fn = model
      .functionsNamed(name)
      .filter((f) => f.kind === 'method' && ownerClass(f, runbook) === client)
      .at(-1);
    if (fn) return inBashQuotes(`$client->${fn.name}(${namedArguments(fn).join(', ')});`);
  }
  return `// ${FILL_IN} a call of ${client} that sends one test message to the ${settings.newServiceName} service`;
}

function ownerClass(fn: PhpFunction, runbook: Runbook): string | null {
  if (fn.className) return fn.className;
  const file = blockFile(runbook, fn.parsed.block);
  return file ? fileClassName(file) : null;
}

function namedArguments(fn: PhpFunction): string[] {
  const nodes = (fn.node.childForFieldName('parameters')?.namedChildren ?? []).filter(
    (p): p is Node => !!p && /parameter/.test(p.type) && !!p.childForFieldName('name'),
  );
  const out: string[] = [];
  let messages = false;
  for (const p of fn.params) {
    const type = nodes[p.position]?.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '';
    let value: string | null;
    if (/^dry_?run$/i.test(p.name)) value = 'false';
    else if (/tenant/i.test(p.name) && /^(?:\??(?:int|string))?$/i.test(type)) value = '1';
    else if (
      !messages &&
      (/^\??(?:array|iterable)$/i.test(type) || /messages|items|batch|chunks|payload/i.test(p.name))
    ) {
      value = TEST_MESSAGES;
      messages = true;
    } else if (p.defaultValue) value = null;
    else if (/^\?|(?:^|\|)null(?:\||$)/i.test(type)) value = 'null';
    else value = `null /* ${FILL_IN} ${p.name} */`;
    if (value !== null) out.push(`${p.name}: ${value}`);
  }
  return out;
}

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

/**
 * What else, besides the client class, calls the new service: a class the client is given (a
 * circuit breaker, a health checker) that builds its URL from a property of the same name as
 * the one the client's own calls use (`{$this->baseUrl}/healthz`): it is handed the client's
 * base URL. A collaborator calling any other URL is not the new service.
 */
interface ServiceReach {
  collaborators: Set<string>;
  urlProperties: Set<string>;
}

function serviceReach(
  blocks: readonly ParsedBlock[],
  model: PhpModel,
  clientClass: string,
  runbook: Runbook,
): ServiceReach {
  const urlProperties = new Set<string>();
  for (const parsed of blocks)
    for (const call of phpCalls(parsed.root)) {
      if (!VERBS.has(call.name.toLowerCase()) || classOf(call.node, parsed, runbook) !== clientClass) continue;
      const chain = phpChain(phpChainTop(call.node));
      if (!chain.some((c) => c.kind === 'scoped' && c.scope === 'Http')) continue;
      for (const p of thisProperties(call.args[0]?.value)) urlProperties.add(p);
    }
  return { collaborators: new Set(model.collaborators(clientClass)), urlProperties };
}

/** The class a call is in: the declaration around it, or for a method fragment the file the block belongs to. */
function classOf(node: Node, parsed: ParsedBlock, runbook: Runbook): string | null {
  const cls = [...ancestors(node)].find((a) => a.type === 'class_declaration');
  if (cls) return cls.childForFieldName('name')?.text ?? null;
  const file = blockFile(runbook, parsed.block);
  return file ? fileClassName(file) : null;
}

/** `$this->baseUrl` in an expression (a string's interpolation included) → baseUrl. */
function thisProperties(node: Node | undefined): string[] {
  if (!node) return [];
  return [node, ...descendants(node)]
    .filter((n) => n.type === 'member_access_expression' && n.childForFieldName('object')?.text === '$this')
    .map((n) => n.childForFieldName('name')?.text ?? '')
    .filter((name) => name !== '');
}

function checkCalls(parsed: ParsedBlock, context: RuleContext<Options>, service: ServiceReach): number {
  const { options, settings } = context;
  let count = 0;
  const seen = new Set<number>();
  const guzzleClients = guzzleServiceClients(parsed.root, options);
  for (const call of phpCalls(parsed.root)) {
    if (!VERBS.has(call.name.toLowerCase())) continue;
    const top = phpChainTop(call.node);
    if (seen.has(top.startIndex)) continue;
    const chain = phpChain(top);
    const owner = classOf(call.node, parsed, context.runbook);
    const inClient =
      owner === settings.clientClass ||
      (owner !== null &&
        service.collaborators.has(owner) &&
        thisProperties(call.args[0]?.value).some((p) => service.urlProperties.has(p)));
    const url = call.args[0]?.value.text ?? '';
    let timeout: Timeout | null = null;
    let insertAt: Node | null = null;
    if (chain.some((c) => c.kind === 'scoped' && c.scope === 'Http') || poolRequest(chain)) {
      if (!targetsService(url, inClient, options)) continue;
      const t = chain.find((c) => c.name === 'timeout');
      if (t) timeout = { ms: literalMs(t.args[0]?.value, 's'), node: t.args[0]?.value ?? t.node, unit: 's' };
      const first = chain[chain.length - 1];
      insertAt = first?.kind === 'scoped' ? (first.node.childForFieldName('name') ?? null) : null;
    } else if (call.kind === 'member' && call.object && guzzleClients.has(call.object.text)) {
      timeout = optionTimeout(call.args.map((a) => a.value)) ?? guzzleClients.get(call.object.text) ?? null;
    } else if (call.kind === 'member' && call.object && injectedGuzzle(call.object)) {
      // `$this->http->request('POST', '/internal/v1/…', [...])` on a Guzzle client the class is given
      const target = (call.name.toLowerCase().startsWith('request') ? call.args[1] : call.args[0])?.value.text ?? '';
      if (!targetsService(target, inClient, options)) continue;
      seen.add(top.startIndex);
      count++;
      // without a request option the client's own default decides, set where the container builds it: unknown
      const t = optionTimeout(call.args.map((a) => a.value));
      if (t) judgeTimeout(parsed, context, t);
      continue;
    } else continue;
    seen.add(top.startIndex);
    count++;
    const budget = settings.timeoutMs;
    const value = (unit: 's' | 'ms'): string => (unit === 's' ? String(budget / 1000) : String(budget));
    if (!timeout) {
      const at = insertAt;
      const fix = at
        ? () => ({
            range: [parsed.block.toDoc(at.startIndex).offset, parsed.block.toDoc(at.startIndex).offset] as [
              number,
              number,
            ],
            text: `timeout(${value('s')})->`,
          })
        : undefined;
      context.report({
        messageId: 'missing',
        data: seconds(budget),
        loc: { range: nodeRange(parsed.block, top) },
        ...(fix ? { fix } : {}),
      });
    } else judgeTimeout(parsed, context, timeout);
  }
  return count;
}

/**
 * `Http::pool(fn (Pool $pool) => [$pool->as('a')->post(…), …])`: a request of the pool starts at
 * the closure's parameter, a `Pool` (by its type, or by the closure being Http::pool's argument).
 */
function poolRequest(chain: ReturnType<typeof phpChain>): boolean {
  const first = chain[chain.length - 1];
  const root = first?.kind === 'member' ? first.object : null;
  if (root?.type !== 'variable_name') return false;
  for (const a of ancestors(root)) {
    if (
      a.type !== 'arrow_function' &&
      a.type !== 'anonymous_function' &&
      a.type !== 'anonymous_function_creation_expression'
    )
      continue;
    const param = (a.childForFieldName('parameters')?.namedChildren ?? []).find(
      (p) => p?.childForFieldName('name')?.text === root.text,
    );
    if (!param) continue;
    const type = param.childForFieldName('type')?.text.split('\\').pop();
    if (type === 'Pool') return true;
    const call = a.parent?.type === 'argument' ? a.parent.parent?.parent : null;
    const owner = call ? phpCall(call) : null;
    return owner?.kind === 'scoped' && owner.scope === 'Http' && owner.name.toLowerCase() === 'pool';
  }
  return false;
}

/** A timeout that is there: an expression cannot be checked, a literal must be the budget. */
function judgeTimeout(parsed: ParsedBlock, context: RuleContext<Options>, timeout: Timeout): void {
  const budget = context.settings.timeoutMs;
  const value = (unit: 's' | 'ms'): string => (unit === 's' ? String(budget / 1000) : String(budget));
  if (timeout.ms === null) {
    context.report({
      messageId: 'notLiteral',
      data: { ...seconds(budget), expression: timeout.node.text },
      loc: { range: nodeRange(parsed.block, timeout.node) },
    });
  } else if (timeout.ms !== budget) {
    const t = timeout;
    context.report({
      messageId: 'wrongValue',
      data: { ...seconds(budget), actual: t.ms ?? '' },
      loc: { range: nodeRange(parsed.block, t.node) },
      fix: () => replaceNode(parsed.block, t.node, value(t.unit)),
    });
  }
}

const GUZZLE_TYPES = new Set(['clientinterface', 'client', 'guzzleclient']);

/**
 * `$this->http` where the class declares `$http` (a typed property or a promoted constructor
 * parameter) as a Guzzle client: `ClientInterface`, `Client`, `GuzzleHttp\Client`.
 */
function injectedGuzzle(object: Node): boolean {
  if (object.type !== 'member_access_expression' || object.childForFieldName('object')?.text !== '$this') return false;
  const prop = object.childForFieldName('name')?.text;
  const cls = [...ancestors(object)].find((a) => a.type === 'class_declaration');
  if (!prop || !cls) return false;
  for (const n of descendants(cls)) {
    if (n.type !== 'property_promotion_parameter' && n.type !== 'property_declaration') continue;
    const type = n.childForFieldName('type')?.text.replace(/^\?/, '') ?? '';
    const last = type.split('\\').pop()?.toLowerCase() ?? '';
    if (!GUZZLE_TYPES.has(last) || (last === 'client' && type.includes('\\') && !/guzzle/i.test(type))) continue;
    const names =
      n.type === 'property_promotion_parameter'
        ? [n.childForFieldName('name')?.text]
        : n.namedChildren
            .filter((c) => c?.type === 'property_element')
            .map((c) => c?.namedChildren.find((x) => x?.type === 'variable_name')?.text);
    if (names.some((x) => x === `$${prop}`)) return true;
  }
  return false;
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

/**
 * Where a missing gate belongs: the canonical controller step's Verification Gate section
 * (the fix appends to it); else a drill that falls short — a section titled as a timeout
 * drill, chaos test or game day that does not slow the service or check the fallback (the
 * fix appends to it when it has no subsections); else the part of the runbook that gathers
 * its verifications ("Phase D: Verification, drill, …", reported, not fixed); else the
 * canonical step, or the client's step (the fix adds a gate section); else the first section
 * (reported, not fixed: a gate outside a step would not be read as one).
 */
function gateAnchor(context: RuleContext<Options>): { section: Section; kind: 'gate' | 'step' | 'other' } | null {
  const { runbook, code, settings } = context;
  const { canonical } = canonicalStep(runbook, code, settings);
  const step =
    canonical?.step ??
    runbook.steps().find((s) => runbook.codeIn(s).some((b) => b.text.includes(settings.clientClass))) ??
    null;
  const gate = step ? runbook.sections.find((s) => s.parent === step && /gate|verification/i.test(s.title)) : undefined;
  if (gate) return { section: gate, kind: 'gate' };
  const usable = runbook.sections.filter((s) => !inAppendix(s));
  const drill = usable.find((s) => isDrillTitle(s.title) && !(s.kind === 'phase' && s.children.length > 0));
  if (drill) return { section: drill, kind: drill.children.length === 0 ? 'gate' : 'other' };
  const verification = usable.find(
    (s) =>
      s.children.length > 0 &&
      ['verification', 'verify', 'gates', 'drill', 'drills', 'testing', 'validation'].some(
        (t) => findTerm(words(s.title), t) >= 0,
      ),
  );
  if (verification) return { section: verification, kind: 'other' };
  if (step) return { section: step, kind: 'step' };
  const first = runbook.sections[0];
  return first ? { section: first, kind: 'other' } : null;
}

/** "Timeout & Fallback Drill", "Chaos test: slow Go", "Game day: Go latency drill", "Timeout fallback check". */
function isDrillTitle(title: string): boolean {
  const ws = words(title);
  const has = (terms: string[]): boolean => terms.some((t) => findTerm(ws, t) >= 0);
  if (has(['drill', 'drills', 'chaos', 'game day', 'gameday', 'fault inject*', 'failure inject*'])) return true;
  return (
    has(['timeout*', 'time out', 'latency', 'slow*', 'fallback']) &&
    has(['test*', 'gate*', 'check*', 'verif*', 'rehears*', 'experiment*'])
  );
}

function inAppendix(section: Section): boolean {
  for (let s: Section | null = section; s; s = s.parent) if (s.kind === 'appendix') return true;
  return false;
}
