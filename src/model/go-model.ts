import type { Node } from 'web-tree-sitter';
import { isReadOnlyExcerpt } from './excerpt.js';
import { goCalls, type GoCall } from '../code/go.js';
import { ancestors, descendants, isInside, ofType } from '../code/syntax.js';
import type { CodeIndex, ParsedBlock } from '../code/tree-sitter.js';
import type { Runbook } from '../document/index.js';
import { PerRunbook } from './memo.js';
import { identifierWords } from './names.js';

/** A Go function or method the runbook defines. */
export interface GoFunction {
  name: string;
  /** the receiver's type without `*` (`Handler` for `func (h *Handler) Send`), or null */
  receiverType: string | null;
  /** the receiver's name (`h`), or null */
  receiverName: string | null;
  node: Node;
  body: Node | null;
  parsed: ParsedBlock;
}

/** A call that reaches a provider, directly or through the functions it calls. */
export interface ProviderReach {
  /** the call that touches provider code */
  call: GoCall;
  parsed: ParsedBlock;
  /** the runbook's functions between the code asked about and that call, outermost first */
  via: GoFunction[];
  /** the call in the code asked about that leads there (the reach itself when direct) */
  entry: GoCall;
}

const MAX_DEPTH = 5;

/**
 * Words that, in a called name, mean provider code: loading a provider's credentials, a
 * provider client. Matched as whole words of the identifier (`LoadCredentials`,
 * `providerClient.Send`), not as substrings of text.
 */
const PROVIDER_WORDS = new Set([
  'provider',
  'providers',
  'credential',
  'credentials',
  'twilio',
  'vonage',
  'nexmo',
  'plivo',
  'sinch',
  'messagebird',
  'sns',
]);

/**
 * The runbook's Go code as one program: every function and method of every block that is not
 * a read-only excerpt, calls resolved to them (package functions by name, methods on the
 * enclosing method's receiver), and which code reaches a provider, followed through the calls.
 */
export class GoModel {
  private readonly byName = new Map<string, GoFunction[]>();
  private static readonly memo = new PerRunbook<readonly string[], GoModel>();

  private constructor(private readonly providerCalls: readonly string[]) {}

  static of(code: CodeIndex, runbook: Runbook, providerCalls: readonly string[]): GoModel {
    return GoModel.memo.get(code, providerCalls, () => {
      const model = new GoModel(providerCalls);
      for (const parsed of code.blocks('go')) if (!isReadOnlyExcerpt(parsed.block, runbook)) model.index(parsed);
      return model;
    });
  }

  private index(parsed: ParsedBlock): void {
    for (const n of ofType(parsed.root, 'function_declaration', 'method_declaration')) {
      const name = n.childForFieldName('name')?.text;
      if (!name) continue;
      const receiver =
        n.type === 'method_declaration'
          ? (n.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration') ?? null)
          : null;
      const fn: GoFunction = {
        name,
        receiverType: receiver?.childForFieldName('type')?.text.replace(/^\*/, '').replace(/\[.*$/, '') ?? null,
        receiverName: receiver?.childForFieldName('name')?.text ?? null,
        node: n,
        body: n.childForFieldName('body'),
        parsed,
      };
      const list = this.byName.get(name) ?? [];
      list.push(fn);
      this.byName.set(name, list);
    }
  }

  /** Every function and method the runbook defines under a name. */
  functionsNamed(name: string): readonly GoFunction[] {
    return this.byName.get(name) ?? [];
  }

  /** The function a call runs, when the runbook defines it unambiguously. */
  resolve(call: GoCall): GoFunction | null {
    const candidates = this.byName.get(call.name) ?? [];
    if (candidates.length === 0) return null;
    const pick = (xs: GoFunction[]): GoFunction | null => (xs.length === 1 ? (xs[0] as GoFunction) : null);
    if (!call.operand) return pick(candidates.filter((f) => f.receiverType === null));
    // a closure inside a method (`g.Go(func() error { h.sendOne(…) })`) still has the method's receiver
    const here = enclosingDeclaration(call.node);
    const receiverName =
      here?.type === 'method_declaration'
        ? here
            .childForFieldName('receiver')
            ?.namedChildren.find((c) => c?.type === 'parameter_declaration')
            ?.childForFieldName('name')?.text
        : undefined;
    if (call.operand.type === 'identifier' && receiverName && call.operand.text === receiverName) {
      const type = here
        ?.childForFieldName('receiver')
        ?.namedChildren.find((c) => c?.type === 'parameter_declaration')
        ?.childForFieldName('type')
        ?.text.replace(/^\*/, '');
      return pick(candidates.filter((f) => f.receiverType === type));
    }
    return null;
  }

  /** Whether a call is provider code by its own name: a configured provider call, or a name whose words say so. */
  isProviderCall(call: GoCall): boolean {
    const lower = call.name.toLowerCase();
    if (this.providerCalls.some((p) => p.toLowerCase() === lower)) return true;
    const named = [call.name, ...(call.operand ? identifiersOf(call.operand) : []), ...operandType(call)];
    return named.some((id) => identifierWords(id).some((w) => PROVIDER_WORDS.has(w)));
  }

  /**
   * Every call under `container` that reaches provider code, directly or through the runbook's
   * functions. `shielded(call, fn)` says a call inside a called function is protected there (a
   * DryRun check of its own): such a path is not followed further.
   */
  reachesIn(
    parsed: ParsedBlock,
    container: Node,
    shielded: (call: Node, fn: Node) => boolean = () => false,
  ): ProviderReach[] {
    const own = goCalls(parsed.root).filter((c) => isInside(c.node, container) && sameFunction(c.node, container));
    return this.collect(parsed, own, 0, new Set(), shielded);
  }

  private collect(
    parsed: ParsedBlock,
    calls: GoCall[],
    depth: number,
    visiting: Set<Node>,
    shielded: (call: Node, fn: Node) => boolean,
  ): ProviderReach[] {
    const out: ProviderReach[] = [];
    for (const call of calls) {
      if (this.isProviderCall(call)) {
        out.push({ call, parsed, via: [], entry: call });
        continue;
      }
      const callee = this.resolve(call);
      if (!callee?.body || depth >= MAX_DEPTH || visiting.has(callee.node)) continue;
      visiting.add(callee.node);
      const inner = goCalls(callee.parsed.root).filter(
        (c) => isInside(c.node, callee.body as Node) && sameFunction(c.node, callee.node),
      );
      for (const r of this.collect(callee.parsed, inner, depth + 1, visiting, shielded)) {
        if (!shielded(r.entry.node, callee.node)) out.push({ ...r, via: [callee, ...r.via], entry: call });
      }
      visiting.delete(callee.node);
    }
    return out;
  }
}

/**
 * The declared type of a call's operand when it is a parameter of an enclosing function:
 * `p.Warm(…)` in `func warm(p *providers.Registry)` is a call on a provider registry.
 */
function operandType(call: GoCall): string[] {
  const operand = call.operand;
  if (operand?.type !== 'identifier') return [];
  for (const a of ancestors(call.node)) {
    if (a.type !== 'function_declaration' && a.type !== 'method_declaration' && a.type !== 'func_literal') continue;
    for (const decl of ofType(a.childForFieldName('parameters') ?? a, 'parameter_declaration')) {
      if (!decl.childrenForFieldName('name').some((n) => n?.text === operand.text)) continue;
      const type = decl.childForFieldName('type');
      // `*providers.Registry`: the package and the type name are words of the type
      return type ? [type, ...descendants(type)].filter((n) => n.namedChildCount === 0).map((n) => n.text) : [];
    }
  }
  return [];
}

function identifiersOf(node: Node): string[] {
  return [node, ...descendants(node)]
    .filter((n) => n.type === 'identifier' || n.type === 'field_identifier')
    .map((n) => n.text);
}

function enclosingDeclaration(node: Node): Node | null {
  for (const a of ancestors(node)) if (a.type === 'function_declaration' || a.type === 'method_declaration') return a;
  return null;
}

/**
 * The call belongs to the declared function `container` is (or is in): closures inside it
 * count as its code (`workers.Submit(func() { … })` runs them), other declarations do not.
 */
function sameFunction(call: Node, container: Node): boolean {
  const own = (n: Node): Node | null => {
    for (const a of ancestors(n)) if (a.type === 'function_declaration' || a.type === 'method_declaration') return a;
    return null;
  };
  const fn = own(call);
  if (!fn) return true;
  return fn.equals(container) || (own(container)?.equals(fn) ?? false) || !isInside(fn, container);
}
