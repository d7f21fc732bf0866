import { isReadOnlyExcerpt } from './excerpt.js';
import { phpCalls } from '../code/php.js';
import { ancestors, descendants } from '../code/syntax.js';
import type { CodeIndex } from '../code/tree-sitter.js';
import type { CodeBlock, ProseBlock, Runbook, Section } from '../document/index.js';

/**
 * What a timeout gate is written from: the ways the runbook itself makes the new service slow
 * (a Toxiproxy toxic, a `tc … netem delay`, an Istio fault delay, a delay endpoint, an
 * `Http::fake` stub that sleeps), and the placeholders a written gate still has to fill.
 */
export type SlowdownKind = 'toxiproxy' | 'netem' | 'istio' | 'delay-endpoint' | 'http-fake';

export interface Slowdown {
  kind: SlowdownKind;
  /** 1-based document line where the runbook has it */
  line: number;
  section: Section | null;
  /**
   * the runbook's own text: a command (its `\` continuation lines included), a URL, the
   * `Http::fake(…)` statement, the fault's delay line; null when prose only names it
   */
  text: string | null;
  /** a code block line, an inline code span, or a sentence that only names it */
  from: 'code' | 'inline' | 'prose';
}

const TOXIPROXY_COMMAND = /\btoxiproxy-cli\b.*\b(?:toxic|t)\s+(?:add|a|update|u)\b|\/proxies\/[^\s/]+\/toxics\b/;
const NETEM_COMMAND = /\btc\s+qdisc\s+(?:add|change|replace)\b.*\bnetem\b.*\bdelay\b/;
const URL = /\bhttps?:\/\/[^\s'"`<>)\]]+/g;
const DELAY_URL = /\/(?:delay|sleep|slow)(?:[/?#]|$)|[?&](?:delay|latency|sleep)(?:_?ms)?=/i;
const COMMENT_LINE = /^\s*(?:#|\/\/|--|;|\/\*|\*)/;
const SLEEPS = new Set(['sleep', 'usleep', 'time_nanosleep', 'delay']);
const NAMED: [SlowdownKind, RegExp][] = [
  ['toxiproxy', /\btoxiproxy\b/i],
  ['netem', /\bnetem\b/i],
  ['istio', /\bistio\b.*\b(?:fault|delay)\b|\bfault\s+injection\b.*\bistio\b/i],
];

/**
 * The slowdown a gate should use: the first command, endpoint or fault in the runbook's code
 * or inline code (in document order), else its `Http::fake` stub that sleeps, else the first
 * mechanism its prose only names (text null), else null.
 */
export function findSlowdown(runbook: Runbook, code: CodeIndex): Slowdown | null {
  const all = findSlowdowns(runbook, code);
  return (
    all.find((s) => s.from !== 'prose' && s.kind !== 'http-fake') ??
    all.find((s) => s.kind === 'http-fake') ??
    all.find((s) => s.from === 'prose') ??
    null
  );
}

/** Every slowdown the runbook has, in document order; Go code and read-only excerpts left out. */
export function findSlowdowns(runbook: Runbook, code: CodeIndex): Slowdown[] {
  const out: Slowdown[] = [];
  const at = (line: number): Section | null => runbook.sectionAt(line);
  for (const block of runbook.codeBlocks) {
    if (block.lang === 'go' || isReadOnlyExcerpt(block, runbook)) continue;
    out.push(...blockSlowdowns(block, at));
  }
  for (const parsed of code.blocks('php')) {
    if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
    for (const call of phpCalls(parsed.root)) {
      if (call.scope !== 'Http' || call.name.toLowerCase() !== 'fake') continue;
      const slow = call.args.some((a) =>
        [a.value, ...descendants(a.value)].some(
          (d) =>
            (d.type === 'name' && SLEEPS.has(d.text.toLowerCase())) ||
            (d.type === 'name' && d.text === 'ConnectionException'),
        ),
      );
      if (!slow) continue;
      const statement = [...ancestors(call.node)].find((a) => a.type === 'expression_statement') ?? call.node;
      const start = parsed.block.toDoc(statement.startIndex);
      out.push({
        kind: 'http-fake',
        line: start.line,
        section: at(start.line),
        text: dedent(statement.text, statement.startPosition.column),
        from: 'code',
      });
    }
  }
  for (const prose of runbook.prose) {
    if (prose.kind === 'heading' || !/toxiproxy|netem|istio|delay|sleep|slow|latency/i.test(prose.text)) continue;
    for (const span of inlineCode(prose)) {
      const found = lineSlowdown(span);
      if (found) out.push({ ...found, line: prose.line, section: at(prose.line), from: 'inline' });
    }
    const plain = [...prose.text].map((c, i) => (prose.isCodeAt(i) ? ' ' : c)).join('');
    for (const [kind, pattern] of NAMED)
      if (pattern.test(plain)) out.push({ kind, line: prose.line, section: at(prose.line), text: null, from: 'prose' });
  }
  return out.sort((a, b) => a.line - b.line);
}

function blockSlowdowns(block: CodeBlock, at: (line: number) => Section | null): Slowdown[] {
  const out: Slowdown[] = [];
  const rows = block.text.split(/\r\n|\r|\n/);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    if (COMMENT_LINE.test(row)) continue;
    const line = block.docLineOfRow(i);
    // an Istio VirtualService: `fault:`, and under it `delay:` with its `fixedDelay: 2s`
    const fault = /^(\s*(?:-\s+)?)fault:\s*$/.exec(row);
    if (fault) {
      const delay = istioDelay(rows, i, (fault[1] ?? '').length);
      if (delay !== null) {
        const delayLine = block.docLineOfRow(delay);
        const text = (rows[delay] as string).trim();
        out.push({ kind: 'istio', line: delayLine, section: at(delayLine), text, from: 'code' });
      }
      continue;
    }
    if (block.lang === 'php') {
      // a PHP string may hold a delay endpoint; its commands are not shell commands
      const url = delayUrl(row);
      if (url) out.push({ kind: 'delay-endpoint', line, section: at(line), text: url, from: 'code' });
      continue;
    }
    let command = row.trim().replace(/^\$\s+/, '');
    let last = i;
    while (/\\$/.test(command) && last + 1 < rows.length) command += `\n${(rows[++last] as string).trim()}`;
    const found = lineSlowdown(command);
    if (found) {
      out.push({ ...found, line, section: at(line), from: 'code' });
      i = last;
    }
  }
  return out;
}

/** The row of the fault's `fixedDelay:` (else its `delay:`), among the rows indented under `fault:`. */
function istioDelay(rows: readonly string[], faultRow: number, indent: number): number | null {
  let delay: number | null = null;
  for (let j = faultRow + 1; j < rows.length; j++) {
    const r = rows[j] as string;
    if (r.trim() === '') continue;
    if ((/^\s*/.exec(r)?.[0].length ?? 0) <= indent) break;
    if (/^\s*fixedDelay:/.test(r)) return j;
    if (delay === null && /^\s*delay:/.test(r)) delay = j;
  }
  return delay;
}

/** A command (or inline code span) that slows the service: its kind and text. */
function lineSlowdown(text: string): Pick<Slowdown, 'kind' | 'text'> | null {
  if (TOXIPROXY_COMMAND.test(text)) return { kind: 'toxiproxy', text };
  if (NETEM_COMMAND.test(text)) return { kind: 'netem', text };
  const url = delayUrl(text);
  return url ? { kind: 'delay-endpoint', text: url } : null;
}

function delayUrl(text: string): string | null {
  for (const m of text.matchAll(URL)) if (DELAY_URL.test(m[0])) return m[0].replace(/[.,;:]+$/, '');
  return null;
}

/** The inline code spans of a paragraph or cell, each as its text. */
function inlineCode(prose: ProseBlock): string[] {
  const out: string[] = [];
  let span = '';
  for (let i = 0; i <= prose.text.length; i++) {
    if (i < prose.text.length && prose.isCodeAt(i)) span += prose.text[i];
    else if (span) {
      out.push(span.trim());
      span = '';
    }
  }
  return out;
}

/** Each line of a text with the offset it starts at. */
function rowsOf(text: string): { row: string; offset: number }[] {
  const out: { row: string; offset: number }[] = [];
  for (const m of text.matchAll(/[^\r\n]*(?:\r\n|\r|\n|$)/g)) {
    if (m[0] === '' && (m.index ?? 0) >= text.length && out.length > 0) break;
    out.push({ row: m[0], offset: m.index ?? 0 });
  }
  return out;
}

/** A statement's continuation lines without the indentation of its first line. */
function dedent(text: string, column: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  const indent = new RegExp(`^[ \\t]{0,${column}}`);
  return lines.map((l, i) => (i === 0 ? l : l.replace(indent, ''))).join('\n');
}

/** The marker of a gate's unfilled step: `# runbook-lint: fill in how to …`, or an HTML comment. */
export const FILL_IN = 'runbook-lint: fill in';
const FILL_IN_TEXT = /runbook-lint:\s*fill in\b[ \t]*((?:(?!\*\/|-->)[^\r\n])*)/i;

export interface Placeholder {
  /** the marker and what it asks for, in document offsets */
  range: [number, number];
  line: number;
  /** what is to be filled in: "how to make the Go service answer after 800 ms" */
  what: string;
}

/**
 * Every `runbook-lint: fill in …` marker: on a line of a code block (a comment, or a comment
 * inside a line of code) or as an HTML comment of the Markdown. Read-only excerpts left out.
 */
export function findPlaceholders(runbook: Runbook): Placeholder[] {
  const out: Placeholder[] = [];
  for (const block of runbook.codeBlocks) {
    if (!/runbook-lint:\s*fill in/i.test(block.text) || isReadOnlyExcerpt(block, runbook)) continue;
    for (const { row, offset } of rowsOf(block.text)) {
      const m = FILL_IN_TEXT.exec(row);
      if (m) {
        const start = block.toDoc(offset + m.index);
        const text = m[0].trimEnd();
        out.push({
          range: [start.offset, block.toDoc(offset + m.index + text.length).offset],
          line: start.line,
          what: (m[1] ?? '').trim(),
        });
      }
    }
  }
  for (const comment of runbook.comments) {
    const m = FILL_IN_TEXT.exec(comment.body);
    if (m && comment.body.trim().startsWith('runbook-lint:'))
      out.push({ range: comment.range, line: comment.line, what: (m[1] ?? '').trim() });
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}
