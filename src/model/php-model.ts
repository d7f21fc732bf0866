import type { Node } from 'web-tree-sitter';
import { isReadOnlyExcerpt } from './excerpt.js';
import type { Settings } from '../config/settings.js';
import { functionName, lastSegment, phpBoolean, phpCalls, type PhpCall } from '../code/php.js';
import { ancestors, descendants, isInside, ofType, stringValue } from '../code/syntax.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Runbook } from '../document/index.js';
import { PerRunbook } from './memo.js';
import { identifierWords } from './names.js';
import { soleAssignment } from './php-values.js';

/** A PHP function the runbook defines: a method, a function, or a closure bound to a variable. */
export interface PhpFunction {
  name: string;
  /** the class it is declared in, or null (a function, a closure, a method in a fragment) */
  className: string | null;
  kind: 'method' | 'function' | 'closure';
  node: Node;
  body: Node | null;
  params: PhpParam[];
  parsed: ParsedBlock;
}

export interface PhpParam {
  /** without the `$` */
  name: string;
  position: number;
  type: string | null;
  defaultValue: Node | null;
}

/** A value the analysis could pin down, or `unknown`: unknown never produces a finding. */
export type Known<T> = { known: true; value: T; node: Node | null; parsed: ParsedBlock } | { known: false };

/** A send a function makes, directly or through the functions it calls. */
export interface SendSite {
  /** the call that sends (a call of one of the settings' seed names) */
  call: PhpCall;
  parsed: ParsedBlock;
  /** the helpers between the code asked about and the send, outermost first */
  via: PhpFunction[];
  /**
   * the calls that lead there, outermost first: [0] is in the code asked about, each next one
   * in the body of via[i], the last is `call` itself
   */
  chain: { call: PhpCall; parsed: ParsedBlock }[];
}

export interface FunctionSummary {
  newServiceSends: SendSite[];
  legacySends: SendSite[];
  /** a call on the way could not be followed because the runbook defines its target twice */
  ambiguous?: true;
}

const MAX_DEPTH = 5;

/**
 * The runbook's PHP code as one program: every class, method, function and closure of every
 * block that is not a read-only excerpt, indexed by name; calls resolved across blocks; and per
 * function a summary of what it sends, followed through the calls it makes (bounded depth,
 * cycles cut). Rules ask it what a branch does, not which names appear in it.
 */
export class PhpModel {
  private readonly functions: PhpFunction[] = [];
  private readonly byName = new Map<string, PhpFunction[]>();
  /** class → property → declared type (typed properties and constructor promotion) */
  private readonly propertyTypes = new Map<string, Map<string, string>>();
  private readonly summaries = new Map<Node, FunctionSummary>();

  private constructor(private readonly settings: Settings) {}

  private static readonly memo = new PerRunbook<Settings, PhpModel>();

  static of(code: CodeIndex, runbook: Runbook, settings: Settings): PhpModel {
    return PhpModel.memo.get(code, settings, () => {
      const model = new PhpModel(settings);
      for (const parsed of code.blocks('php')) if (!isReadOnlyExcerpt(parsed.block, runbook)) model.index(parsed);
      return model;
    });
  }

  private index(parsed: ParsedBlock): void {
    // the block's shared walk, filtered on its cached types: reading node.type crosses into wasm
    for (const n of ofType(
      parsed.root,
      'method_declaration',
      'function_definition',
      'anonymous_function',
      'anonymous_function_creation_expression',
      'arrow_function',
      'property_declaration',
    )) {
      if (n.type === 'method_declaration' || n.type === 'function_definition') {
        const name = n.childForFieldName('name')?.text;
        if (!name) continue;
        const className = enclosingClassName(n);
        this.add({
          name,
          className,
          kind: n.type === 'method_declaration' ? 'method' : 'function',
          node: n,
          body: n.childForFieldName('body'),
          params: params(n),
          parsed,
        });
        if (name === '__construct' && className)
          for (const p of promotedProperties(n)) this.setPropertyType(className, p.name, p.type);
      } else if (
        (n.type === 'anonymous_function' ||
          n.type === 'anonymous_function_creation_expression' ||
          n.type === 'arrow_function') &&
        n.parent?.type === 'assignment_expression'
      ) {
        const left = n.parent.childForFieldName('left');
        if (left?.type !== 'variable_name') continue;
        this.add({
          name: left.text.replace(/^\$/, ''),
          className: null,
          kind: 'closure',
          node: n,
          body: n.childForFieldName('body'),
          params: params(n),
          parsed,
        });
      } else if (n.type === 'property_declaration') {
        const className = enclosingClassName(n);
        const type = typeName(n.childForFieldName('type'));
        if (!className || !type) continue;
        for (const el of n.namedChildren) {
          if (el?.type !== 'property_element') continue;
          const v = el.namedChildren.find((c) => c?.type === 'variable_name');
          if (v) this.setPropertyType(className, v.text.replace(/^\$/, ''), type);
        }
      }
    }
  }

  private add(fn: PhpFunction): void {
    this.functions.push(fn);
    const key = fn.name.toLowerCase();
    const list = this.byName.get(key) ?? [];
    list.push(fn);
    this.byName.set(key, list);
  }

  private setPropertyType(className: string, prop: string, type: string | null): void {
    if (!type) return;
    const map = this.propertyTypes.get(className) ?? new Map<string, string>();
    map.set(prop, type);
    this.propertyTypes.set(className, map);
  }

  /** The function a call runs, when the runbook defines it and the call names it unambiguously. */
  resolve(call: PhpCall): PhpFunction | null {
    const found = this.targets(call);
    return found.length === 1 ? (found[0] as PhpFunction) : null;
  }

  /**
   * Whether the call names a function the runbook defines more than once where it points (two
   * `handle()` of one job class, in two versions of a step): what it does is not known, so no
   * rule may conclude from it that nothing is sent.
   */
  isAmbiguous(call: PhpCall): boolean {
    return this.targets(call).length > 1;
  }

  /** The functions a call can mean, by the same rules: one is a resolution, several an ambiguity. */
  private targets(call: PhpCall): PhpFunction[] {
    const job = dispatchedClass(call);
    if (job) return this.methods(job, 'handle');
    const candidates = this.byName.get(call.name.toLowerCase()) ?? [];
    if (candidates.length === 0) return [];
    const here = enclosingClassName(call.node);
    const inClass = (cls: string | null): PhpFunction[] =>
      cls ? candidates.filter((f) => f.kind === 'method' && f.className?.toLowerCase() === cls.toLowerCase()) : [];
    const ofKind = (kinds: PhpFunction['kind'][]): PhpFunction[] => candidates.filter((f) => kinds.includes(f.kind));
    // `$this->m()` in a fragment without its class: the runbook shows the class's methods as
    // loose `public function m()` snippets, which parse as functions of no class
    const fragmentMethod = (): PhpFunction[] => {
      const loose = candidates.filter((f) => f.className === null && f.kind !== 'closure');
      return loose.length === 1 ? loose : ofKind(['method']);
    };
    const own = (): PhpFunction[] => {
      const found = inClass(here);
      return found.length > 0 || here ? found : fragmentMethod();
    };
    if (call.kind === 'function') {
      // `$send()` calls the closure bound to $send; `send()` a function
      const fn = call.node.childForFieldName('function');
      return ofKind([fn?.type === 'variable_name' ? 'closure' : 'function']);
    }
    if (call.kind === 'scoped') {
      const scope = call.scope?.toLowerCase();
      if (scope === 'self' || scope === 'static' || scope === 'parent') return own();
      return inClass(call.scope);
    }
    const object = call.object;
    if (!object) return [];
    if (object.type === 'variable_name' && object.text === '$this') return own();
    // $this->client->send(): the property's declared type names the class
    if (object.type === 'member_access_expression' && object.childForFieldName('object')?.text === '$this') {
      const prop = object.childForFieldName('name')?.text;
      const type = here && prop ? this.propertyTypes.get(here)?.get(prop) : undefined;
      if (type) return inClass(type);
    }
    return [];
  }

  /** The one method of that name a class declares in the runbook. */
  private method(className: string, name: string): PhpFunction | null {
    const found = this.methods(className, name);
    return found.length === 1 ? (found[0] as PhpFunction) : null;
  }

  private methods(className: string, name: string): PhpFunction[] {
    return (this.byName.get(name.toLowerCase()) ?? []).filter(
      (f) => f.kind === 'method' && f.className?.toLowerCase() === className.toLowerCase(),
    );
  }

  /** The classes a class is given as typed properties (constructor promotion included): its collaborators. */
  collaborators(className: string): string[] {
    return [...(this.propertyTypes.get(className)?.values() ?? [])];
  }

  /**
   * The class of the object a method is called on, when the code declares it: `$this`, a typed
   * property (`$this->client`), a typed parameter of the enclosing function, or a local
   * variable assigned `new X(…)`.
   */
  receiverType(call: PhpCall): string | null {
    const object = call.object;
    if (call.kind !== 'member' || !object) return null;
    const here = enclosingClassName(call.node);
    if (object.type === 'variable_name' && object.text === '$this') return here;
    if (object.type === 'member_access_expression' && object.childForFieldName('object')?.text === '$this') {
      const prop = object.childForFieldName('name')?.text;
      return (here && prop ? this.propertyTypes.get(here)?.get(prop) : undefined) ?? null;
    }
    if (object.type !== 'variable_name') return null;
    const fn = innermostFunction(call.node);
    const param = fn ? params(fn).find((p) => `$${p.name}` === object.text) : undefined;
    if (param?.type) return param.type;
    const assigned = lastAssignment(object.text, call.node);
    if (assigned?.type === 'object_creation_expression') {
      const cls = assigned.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name');
      return cls ? lastSegment(cls.text) : null;
    }
    return null;
  }

  /** What a function sends, directly and through the functions it calls. */
  summary(fn: PhpFunction): FunctionSummary {
    return this.summarize(fn, 0, new Set());
  }

  /** What a piece of code sends: its calls, followed into the helpers the runbook defines. */
  sendsIn(parsed: ParsedBlock, container: Node): FunctionSummary {
    return this.collect(
      parsed,
      phpCalls(parsed.root).filter((c) => isInside(c.node, container)),
      0,
      new Set(),
    );
  }

  private summarize(fn: PhpFunction, depth: number, visiting: Set<Node>): FunctionSummary {
    const cached = this.summaries.get(fn.node);
    if (cached) return cached;
    if (!fn.body || depth > MAX_DEPTH || visiting.has(fn.node)) return { newServiceSends: [], legacySends: [] };
    visiting.add(fn.node);
    const own = phpCalls(fn.parsed.root).filter(
      (c) => isInside(c.node, fn.body as Node) && innermostFunction(c.node)?.equals(fn.node),
    );
    const result = this.collect(fn.parsed, own, depth, visiting);
    visiting.delete(fn.node);
    if (depth === 0) this.summaries.set(fn.node, result);
    return result;
  }

  private collect(parsed: ParsedBlock, calls: PhpCall[], depth: number, visiting: Set<Node>): FunctionSummary {
    const out: FunctionSummary = { newServiceSends: [], legacySends: [] };
    for (const call of calls) {
      if (this.isNewServiceSend(call)) {
        out.newServiceSends.push({ call, parsed, via: [], chain: [{ call, parsed }] });
        continue;
      }
      if (this.isLegacySend(call)) {
        out.legacySends.push({ call, parsed, via: [], chain: [{ call, parsed }] });
        continue;
      }
      const callee = this.resolve(call);
      if (!callee && this.isAmbiguous(call)) out.ambiguous = true;
      if (!callee || visiting.has(callee.node)) continue;
      const inner = this.summarize(callee, depth + 1, visiting);
      if (inner.ambiguous) out.ambiguous = true;
      const through = (s: SendSite): SendSite => ({
        ...s,
        via: [callee, ...s.via],
        chain: [{ call, parsed }, ...s.chain],
      });
      for (const s of inner.newServiceSends) out.newServiceSends.push(through(s));
      for (const s of inner.legacySends) out.legacySends.push(through(s));
    }
    return out;
  }

  /** A call of a seed name, or any call on an object of the client class (the new service itself). */
  isNewServiceSend(call: PhpCall): boolean {
    if (this.settings.newServiceCalls.some((n) => n.toLowerCase() === call.name.toLowerCase())) return true;
    const type = this.receiverType(call);
    return (
      type !== null && type.toLowerCase() === this.settings.clientClass.toLowerCase() && !isConstructorLike(call.name)
    );
  }

  /**
   * A call of a seed name, or a send-verb method (`send`, `deliver`, `dispatch`) on a class whose
   * name says legacy (`LegacySmsDriver`, `LegacySendJob::dispatch`) — the legacy path by the
   * team's own naming, read from the class name's words, not from text.
   */
  isLegacySend(call: PhpCall): boolean {
    if (this.settings.legacySendCalls.some((n) => n.toLowerCase() === call.name.replace(/^\$/, '').toLowerCase()))
      return true;
    const cls = call.kind === 'scoped' ? call.scope : this.receiverType(call);
    if (!cls) return false;
    const words = identifierWords(cls);
    // an action class named for the legacy send (`SendViaLegacy`, `LegacySender`): its entry point sends
    if (
      call.kind === 'member' &&
      ACTION_ENTRIES.has(call.name.toLowerCase()) &&
      words.includes('legacy') &&
      words.some((w) => SEND_WORDS.has(w))
    )
      return true;
    if (!SEND_VERBS.has(call.name.toLowerCase())) return false;
    if (call.kind === 'scoped' && this.method(cls, 'handle')) return false;
    return words.includes('legacy');
  }

  /**
   * The dry-run flag a call to the new service passes: a named argument, a key of an options
   * array (literal or in a local variable), a positional argument matched to the parameters the
   * runbook declares for that method, or the declared default when the call leaves it out.
   * `fallbackPosition` is the runbook's convention when nothing is declared (sendBatch's 4th).
   */
  dryRun(site: SendSite, fallbackPosition: number | null): Known<boolean> {
    const { call, parsed } = site;
    const bind = this.constructorBinding(site);
    const literal = (node: Node | null | undefined): Known<boolean> => {
      const v = this.booleanValue(node, call.node, bind);
      return v === null ? { known: false } : { known: true, value: v, node: node ?? null, parsed };
    };
    for (const a of call.args) if (a.label && isDryRunName(a.label)) return literal(a.value);
    for (const a of call.args) {
      const array = this.arrayValue(a.value, call.node);
      if (!array) continue;
      for (const el of array.namedChildren) {
        const [k, v] = el?.namedChildren ?? [];
        if (k && isDryRunName(stringValue(k) ?? '')) return literal(v);
      }
    }
    // `send(new GoBatch(tenantId: …, items: …))`: the flag is a constructor parameter of the value object
    for (const a of call.args) {
      const created = this.createdObject(a.value, call.node);
      if (!created) continue;
      const ctor = this.method(created.className, '__construct');
      const param = ctor?.params.find((p) => isDryRunName(p.name));
      if (!param) continue;
      const given =
        created.args.find((x) => x.label === param.name) ?? created.args.filter((x) => !x.label)[param.position];
      if (given) return literal(given.value);
      const v = phpBoolean(param.defaultValue);
      return v === null ? { known: false } : { known: true, value: v, node: null, parsed };
    }
    const declared = this.declarationOf(call);
    const positional = call.args.filter((a) => !a.label);
    if (declared) {
      const param = declared.params.find((p) => isDryRunName(p.name));
      if (!param) return { known: false };
      const given = positional[param.position];
      if (given) return literal(given.value);
      const v = phpBoolean(param.defaultValue);
      return v === null ? { known: false } : { known: true, value: v, node: null, parsed };
    }
    if (fallbackPosition === null) return { known: false };
    const given = positional[fallbackPosition];
    return given ? literal(given.value) : { known: true, value: false, node: null, parsed };
  }

  /** `new X(args)`, written in place or held by a local variable assigned it once: the class and its arguments. */
  private createdObject(
    value: Node,
    at: Node,
  ): { className: string; args: { label: string | null; value: Node }[] } | null {
    const node = value.type === 'variable_name' ? soleAssignment(value.text, at) : value;
    if (node?.type !== 'object_creation_expression') return null;
    const cls = node.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name');
    if (!cls) return null;
    const list = node.namedChildren.find((c) => c?.type === 'arguments');
    const args = (list?.namedChildren ?? []).flatMap((a) =>
      a?.type === 'argument'
        ? [{ label: a.childForFieldName('name')?.text ?? null, value: a.namedChildren.at(-1) as Node }]
        : [],
    );
    return { className: lastSegment(cls.text), args };
  }

  /**
   * The declaration of the method a call names: resolved, else the one method of that name the client class declares.
   */
  private declarationOf(call: PhpCall): PhpFunction | null {
    const resolved = this.resolve(call);
    if (resolved) return resolved;
    const candidates = (this.byName.get(call.name.toLowerCase()) ?? []).filter(
      (f) => f.kind === 'method' && f.className?.toLowerCase() === this.settings.clientClass.toLowerCase(),
    );
    return candidates.length === 1 ? (candidates[0] as PhpFunction) : null;
  }

  /** A literal boolean, or a local variable last assigned one before `at` in the same function. */
  /**
   * `$this->prop` inside a job, as the dispatch on the way to the send set it: the chain's call
   * that dispatched (or constructed) the send's class, its arguments matched to the class's
   * constructor parameters — `GoShadowJob::dispatch(options: ['dry_run' => false])` makes
   * `$this->options` that array in `GoShadowJob::handle()`. Promoted parameters' defaults stand
   * in for arguments left out.
   */
  private constructorBinding(site: SendSite): (prop: string) => Node | null {
    const cls = enclosingClassName(site.call.node);
    if (!cls) return () => null;
    const ctor = this.method(cls, '__construct');
    const entry = site.chain.find(
      ({ call }) =>
        dispatchedClass(call)?.toLowerCase() === cls.toLowerCase() ||
        createdClass(call)?.toLowerCase() === cls.toLowerCase(),
    );
    if (!ctor || !entry) return () => null;
    // X::dispatch(args) passes its own arguments; dispatch(new X(args)) and new X(args) those of the `new`
    const created = entry.call.args[0]?.value.type === 'object_creation_expression' ? entry.call.args[0].value : null;
    const list = created?.namedChildren.find((c) => c?.type === 'arguments') ?? null;
    const args = created
      ? (list?.namedChildren ?? []).flatMap((a) =>
          a?.type === 'argument'
            ? [{ label: a.childForFieldName('name')?.text ?? null, value: a.namedChildren.at(-1) as Node }]
            : [],
        )
      : entry.call.args;
    return (prop) => {
      const param = ctor.params.find((p) => p.name === prop);
      if (!param) return null;
      const named = args.find((a) => a.label === prop);
      if (named) return named.value;
      const positional = args.filter((a) => !a.label)[param.position];
      return positional ? positional.value : param.defaultValue;
    };
  }

  private booleanValue(
    node: Node | null | undefined,
    at: Node,
    bind: (prop: string) => Node | null = () => null,
  ): boolean | null {
    const v = phpBoolean(node);
    if (v !== null || !node) return v;
    if (node.type === 'parenthesized_expression' || node.type === 'cast_expression')
      return this.booleanValue(node.namedChildren.at(-1), at, bind);
    // $a ?? default: the default only when $a is known to be absent
    if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '??') {
      const left = node.childForFieldName('left');
      const found = this.element(left, at, bind);
      if (found === 'absent') return this.booleanValue(node.childForFieldName('right'), at, bind);
      return found ? this.booleanValue(found, at, bind) : null;
    }
    if (node.type === 'subscript_expression' || node.type === 'member_access_expression') {
      const found = this.element(node, at, bind);
      return found && found !== 'absent' ? this.booleanValue(found, at, bind) : null;
    }
    // env('SMS_GO_DRY_RUN', false), config('sms.dry_run', false): what runs when nobody set it
    if (
      node.type === 'function_call_expression' &&
      ['env', 'config'].includes(node.childForFieldName('function')?.text ?? '')
    ) {
      const args = node.childForFieldName('arguments')?.namedChildren.filter((a) => a?.type === 'argument') ?? [];
      return args.length === 2 ? phpBoolean(args[1]?.namedChildren.at(-1)) : null;
    }
    if (node.type !== 'variable_name') return null;
    const assigned = lastAssignment(node.text, at);
    return assigned ? this.booleanValue(assigned, assigned, bind) : null;
  }

  /**
   * What `$this->prop` or `$array['key']` holds, when the code says: the bound constructor
   * argument, a literal array's element; 'absent' for a key a literal array does not have.
   */
  private element(
    node: Node | null | undefined,
    at: Node,
    bind: (prop: string) => Node | null,
  ): Node | 'absent' | null {
    if (!node) return null;
    if (node.type === 'member_access_expression' && node.childForFieldName('object')?.text === '$this') {
      const prop = node.childForFieldName('name')?.text;
      return prop ? bind(prop) : null;
    }
    if (node.type === 'variable_name') return lastAssignment(node.text, at);
    if (node.type !== 'subscript_expression') return null;
    const [container, index] = node.namedChildren;
    const key = stringValue(index);
    const array = this.element(container, at, bind);
    if (key === null || !array || array === 'absent' || array.type !== 'array_creation_expression') return null;
    for (const el of array.namedChildren) {
      const [k, v] = el?.namedChildren ?? [];
      if (k && stringValue(k) === key) return v ?? null;
    }
    // a spread or a computed key could still supply it
    return array.namedChildren.some(
      (el) => el?.namedChildren.length !== 2 || stringValue(el?.namedChildren[0]) === null,
    )
      ? null
      : 'absent';
  }

  private arrayValue(node: Node | null | undefined, at: Node): Node | null {
    if (!node) return null;
    if (node.type === 'array_creation_expression') return node;
    if (node.type === 'variable_name') {
      const assigned = lastAssignment(node.text, at);
      return assigned?.type === 'array_creation_expression' ? assigned : null;
    }
    return null;
  }

  /** Every function, method and bound closure the runbook defines under a name (PHP names ignore case). */
  functionsNamed(name: string): readonly PhpFunction[] {
    return this.byName.get(name.replace(/^\$/, '').toLowerCase()) ?? [];
  }

  /** The indexed function whose declaration (or closure expression) is this node, if any. */
  functionOf(node: Node): PhpFunction | null {
    const name =
      node.type === 'method_declaration' || node.type === 'function_definition'
        ? node.childForFieldName('name')?.text
        : functionName(node);
    if (!name) return null;
    return this.functionsNamed(name).find((f) => f.node.equals(node)) ?? null;
  }

  /** Whether a function is declared in an enum (its `$this` is a case). */
  isEnumMethod(fn: PhpFunction): boolean {
    return fn.kind === 'method' && [...ancestors(fn.node)].some((a) => a.type === 'enum_declaration');
  }
}

const SEND_VERBS = new Set([
  'send',
  'sendsms',
  'sendmessage',
  'sendbatch',
  'deliver',
  'dispatch',
  'dispatchsync',
  'dispatchnow',
]);

/** The method an action or job class is run through. */
const ACTION_ENTRIES = new Set(['handle', '__invoke', 'execute', 'run']);
const SEND_WORDS = new Set(['send', 'sender', 'sends', 'deliver', 'delivery', 'dispatch', 'dispatcher', 'driver']);

function isConstructorLike(name: string): boolean {
  return name === '__construct' || name.toLowerCase() === 'make';
}

const DISPATCH = new Set([
  'dispatch',
  'dispatchsync',
  'dispatchnow',
  'dispatchif',
  'dispatchunless',
  'dispatchafterresponse',
]);

/**
 * The job class a Laravel dispatch runs: `X::dispatch(…)` (and dispatchSync, dispatchNow, …),
 * `dispatch(new X(…))`, `Bus::dispatch(new X(…))`, `$this->dispatch(new X(…))`. The queue
 * runs X::handle().
 */
/** The class `new X(…)` creates when it is a call's first argument (`dispatch(new X(…))`). */
function createdClass(call: PhpCall): string | null {
  const arg = call.args[0]?.value;
  if (arg?.type !== 'object_creation_expression') return null;
  const cls = arg.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name');
  return cls ? lastSegment(cls.text) : null;
}

function dispatchedClass(call: PhpCall): string | null {
  const name = call.name.toLowerCase();
  if (!DISPATCH.has(name)) return null;
  if (
    call.kind === 'scoped' &&
    call.scope &&
    !['bus', 'queue', 'self', 'static', 'parent'].includes(call.scope.toLowerCase())
  )
    return call.scope;
  const arg = call.args[0]?.value;
  if (arg?.type === 'object_creation_expression') {
    const cls = arg.namedChildren.find((c) => c?.type === 'name' || c?.type === 'qualified_name');
    return cls ? lastSegment(cls.text) : null;
  }
  return null;
}

export function isDryRunName(name: string): boolean {
  return /^\$?dry_?run$/i.test(name.trim());
}

function enclosingClassName(node: Node): string | null {
  for (const a of ancestors(node)) {
    if (a.type === 'class_declaration' || a.type === 'trait_declaration' || a.type === 'enum_declaration')
      return a.childForFieldName('name')?.text ?? null;
  }
  return null;
}

function innermostFunction(node: Node): Node | null {
  for (const a of ancestors(node)) {
    if (
      a.type === 'method_declaration' ||
      a.type === 'function_definition' ||
      a.type === 'anonymous_function' ||
      a.type === 'anonymous_function_creation_expression' ||
      a.type === 'arrow_function'
    )
      return a;
  }
  return null;
}

function typeName(node: Node | null): string | null {
  if (!node) return null;
  const named = descendants(node).find((n) => n.type === 'name' || n.type === 'qualified_name');
  return named ? lastSegment(named.text) : null;
}

function params(fn: Node): PhpParam[] {
  const list = fn.childForFieldName('parameters');
  const out: PhpParam[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (!p || !/parameter/.test(p.type)) continue;
    const name = p.childForFieldName('name')?.text.replace(/^\$/, '');
    if (!name) continue;
    out.push({
      name,
      position: out.length,
      type: typeName(p.childForFieldName('type')),
      defaultValue: p.childForFieldName('default_value'),
    });
  }
  return out;
}

function promotedProperties(ctor: Node): { name: string; type: string | null }[] {
  const list = ctor.childForFieldName('parameters');
  const out: { name: string; type: string | null }[] = [];
  for (const p of list?.namedChildren ?? []) {
    if (p?.type !== 'property_promotion_parameter') continue;
    const name = p.childForFieldName('name')?.text.replace(/^\$/, '');
    if (name) out.push({ name, type: typeName(p.childForFieldName('type')) });
  }
  return out;
}

/** The expression last assigned to a variable before `at`, inside the same function (or block). */
function lastAssignment(variable: string, at: Node): Node | null {
  const scope = innermostFunction(at) ?? rootOf(at);
  let best: Node | null = null;
  for (const n of descendants(scope)) {
    if (n.type !== 'assignment_expression' || n.startIndex >= at.startIndex) continue;
    if (n.childForFieldName('left')?.text !== variable) continue;
    const inner = innermostFunction(n);
    if ((inner === null && innermostFunction(at) !== null) || (inner !== null && !inner.equals(scope))) continue;
    best = n.childForFieldName('right');
  }
  return best;
}

function rootOf(node: Node): Node {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}
