import { clauses } from '../text/clauses.js';
import { isReadOnlyExcerpt } from './excerpt.js';
import { findTerm, words } from '../text/words.js';
import { phpCalls } from '../code/php.js';
import { descendants, ofType } from '../code/syntax.js';
import type { CodeIndex } from '../code/tree-sitter.js';
import type { Settings } from '../config/settings.js';
import type { CodeBlock, ProseBlock, Runbook, Section } from '../document/index.js';

/**
 * Where a runbook proves that the legacy fallback fires when the new service is too slow: a
 * gate, drill or verification — a section of its own ("Timeout & Fallback Drill", "Chaos
 * test: slow Go", "Game day: Go latency drill") or the Verification Gate of a step — whose
 * procedure makes the new service slower than the budget (a delay or latency injected with
 * Toxiproxy or `tc netem`, a sleeping stub, an endpoint that answers late, `Http::fake` with a
 * delay) and checks the fallback (the legacy path sends once, the fallback is logged). A
 * PHP test anywhere that fakes a slow or timing-out service and asserts the legacy send
 * counts too. Comments in commands are not a procedure; a negated sentence is not one either.
 */
export interface TimeoutDrill {
  section: Section;
  /** 1-based document line where the slowdown is made */
  simulationLine: number;
  /** 1-based document line where the fallback is checked */
  checkLine: number;
}

/** Titles of gates, drills, verifications and tests: words, word prefixes, phrases. */
const GATE_WORDS = new Set([
  'gate',
  'gates',
  'verification',
  'verify',
  'verifying',
  'drill',
  'drills',
  'chaos',
  'gameday',
  'test',
  'tests',
  'testing',
  'smoke',
  'checkpoint',
  'check',
  'checks',
  'acceptance',
  'latency',
  'fallback',
]);
const GATE_PREFIXES = ['fault', 'rehears', 'experiment', 'validat', 'timeout', 'slow'];
const GATE_PHRASES = ['failure injection', 'game day', 'time out'];

/** Words of a procedure sentence that make the service slow (a timeout alone is what is expected, not how). */
const SLOWING_TERMS = [
  'slow*',
  'delay*',
  'latency',
  'sleep*',
  'usleep',
  'stall*',
  'hang',
  'hangs',
  'toxiproxy',
  'toxic',
  'netem',
  'tc qdisc',
  'blackhole',
  // "chaos" and "inject faults" name no slowdown: a breaker forced open or a killed pod is a fault too
  'simulat* timeout*',
  'simulat* * timeout*',
  'forc* timeout*',
  'forc* * timeout*',
  'trigger* * timeout*',
  'provok* * timeout*',
];

const FALLBACK_TERMS = ['fallback', 'fall* back', 'legacy'];

/** Commands that pass for a slowdown besides the rule's configured words. */
const EXTRA_SIMULATIONS = ['latency', 'usleep', 'stall', 'blackhole', 'toxic', 'netem'];

const COMMENT_LINE = /^\s*(?:#|\/\/|--|;|\/\*|\*)/;

/** The first timeout drill, or null: all `noGate` needs to know. */
export function findTimeoutDrill(
  runbook: Runbook,
  code: CodeIndex,
  settings: Settings,
  simulations: readonly string[],
): TimeoutDrill | null {
  for (const d of drills(runbook, code, settings, simulations)) return d;
  return null;
}

function* drills(
  runbook: Runbook,
  code: CodeIndex,
  settings: Settings,
  simulations: readonly string[],
): Generator<TimeoutDrill> {
  const simTerms = [...simulations, ...EXTRA_SIMULATIONS];
  const fallbackTerms = [...FALLBACK_TERMS, ...(settings.legacyName ? [settings.legacyName] : [])];
  const blockLines = new Map<CodeBlock, { simulation: number | null; check: number | null }>();
  // a block sits in a section and in its gate-like parents: read it once
  const linesOf = (b: CodeBlock): { simulation: number | null; check: number | null } => {
    let known = blockLines.get(b);
    if (!known) {
      known = {
        simulation: definesCode(b, code) ? null : commandSimulation(b, simTerms),
        check: textMatch(b, fallbackTerms),
      };
      blockLines.set(b, known);
    }
    return known;
  };
  for (const section of runbook.sections) {
    if (!gateLike(section) || aggregates(section)) continue;
    const blocks = runbook.codeIn(section).filter((b) => !isReadOnlyExcerpt(b, runbook));
    const prose = runbook.proseIn(section).filter((p) => p.kind !== 'heading');
    // a class or function the section defines is a change, not a command: its `timeout(0.5)` simulates nothing
    const simulationLine = firstLine([
      ...blocks.map((b) => linesOf(b).simulation),
      ...prose.map((p) => proseMatch(p, SLOWING_TERMS)),
    ]);
    if (simulationLine === null) continue;
    const checkLine = firstLine([
      ...blocks.map((b) => linesOf(b).check),
      ...prose.map((p) => proseMatch(p, fallbackTerms)),
    ]);
    if (checkLine === null) continue;
    yield { section, simulationLine, checkLine };
  }
  for (const parsed of code.blocks('php')) {
    const block = parsed.block;
    if (isReadOnlyExcerpt(block, runbook) || !block.section) continue;
    const calls = phpCalls(parsed.root);
    const fake = calls.find(
      (c) =>
        c.name.toLowerCase() === 'fake' &&
        c.scope === 'Http' &&
        c.args.some((a) =>
          descendants(a.value).some(
            (d) => d.namedChildCount === 0 && simTerms.some((t) => findTerm(words(d.text), t) >= 0),
          ),
        ),
    );
    if (!fake || !calls.some((c) => /^(?:assert|expect|shouldreceive|shouldhavereceived|tobe)/i.test(c.name))) continue;
    const check = linesOf(block).check;
    if (check === null) continue;
    yield { section: block.section, simulationLine: block.toDoc(fake.node.startIndex).line, checkLine: check };
  }
}

const DECLARATIONS = ['class_declaration', 'function_definition', 'method_declaration', 'function_declaration'];

/** PHP or Go that declares a class, method or function. */
function definesCode(block: CodeBlock, code: CodeIndex): boolean {
  const parsed = block.lang === 'php' || block.lang === 'go' ? code.parse(block) : null;
  return parsed !== null && ofType(parsed.root, ...DECLARATIONS).length > 0;
}

const gateMemo = new WeakMap<Section, boolean>();

/** A gate, drill, verification or test by its own title or one of its parents'. */
function gateLike(section: Section): boolean {
  let known = gateMemo.get(section);
  if (known === undefined) {
    const ws = words(section.title);
    known =
      ws.some((w) => GATE_WORDS.has(w) || GATE_PREFIXES.some((p) => w.startsWith(p))) ||
      GATE_PHRASES.some((t) => findTerm(ws, t) >= 0) ||
      (section.parent !== null && gateLike(section.parent));
    gateMemo.set(section, known);
  }
  return known;
}

/**
 * A phase or step container read as a whole would mix the slowdown of one step with the
 * check of another: its subsections are read on their own instead.
 */
function aggregates(section: Section): boolean {
  if (section.children.length === 0) return false;
  return section.kind === 'phase' || section.children.some((c) => c.kind === 'step' || c.kind === 'phase');
}

function firstLine(lines: (number | null)[]): number | null {
  const found = lines.filter((l): l is number => l !== null);
  return found.length > 0 ? Math.min(...found) : null;
}

/** The first command line (comments left out) that slows the service down. */
function commandSimulation(block: CodeBlock, terms: readonly string[]): number | null {
  const lines = block.text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (COMMENT_LINE.test(line)) continue;
    const ws = words(line.replace(/\s#\s.*$/, ''));
    if (terms.some((t) => findTerm(ws, t) >= 0)) return block.docLineOfRow(i);
  }
  return null;
}

/** The first line of a block (comments included: `-- exactly 1 row, source='legacy'`) naming the fallback. */
function textMatch(block: CodeBlock, terms: readonly string[]): number | null {
  const lines = block.text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const ws = words(lines[i] as string);
    if (terms.some((t) => findTerm(ws, t) >= 0)) return block.docLineOfRow(i);
  }
  return null;
}

/** A clause of a paragraph, list item or table cell that says it, not negated. */
function proseMatch(block: ProseBlock, terms: readonly string[]): number | null {
  for (const clause of clauses(block)) {
    if (clause.negated) continue;
    if (terms.some((t) => findTerm(clause.words, t) >= 0)) return block.line;
  }
  return null;
}
