import type { Runbook } from '../document/index.js';

export type DirectiveKind = 'disable-next-line' | 'disable-file' | 'disable' | 'enable';

export interface Directive {
  kind: DirectiveKind;
  /** rule ids named; empty means every rule */
  ruleIds: string[];
  justification: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** for disable-next-line: the lines it covers */
  covers?: [number, number];
}

export interface DirectiveProblem {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

const PREFIX = 'runbook-lint-';
const KINDS: readonly DirectiveKind[] = ['disable-next-line', 'disable-file', 'disable', 'enable'];

/**
 * Reads `<!-- runbook-lint-… -->` comments from the parsed document, so a directive quoted
 * inside a code block or inline code never counts.
 */
export function parseDirectives(
  runbook: Runbook,
  knownRuleIds: ReadonlySet<string>,
): { directives: Directive[]; problems: DirectiveProblem[] } {
  const directives: Directive[] = [];
  const problems: DirectiveProblem[] = [];
  for (const comment of runbook.comments) {
    const body = comment.body.trim();
    if (!body.startsWith(PREFIX)) continue;
    const start = runbook.lines.pointAt(comment.range[0]);
    const end = runbook.lines.pointAt(comment.range[1]);
    const where = { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    const word = /^runbook-lint-([a-z-]+)/.exec(body)?.[1] ?? '';
    const kind = KINDS.find((k) => k === word);
    if (!kind) {
      problems.push({
        ...where,
        message: `Unknown directive "${PREFIX}${word}": use ${KINDS.map((k) => PREFIX + k).join(', ')}.`,
      });
      continue;
    }
    const rest = body.slice(PREFIX.length + kind.length);
    const sep = rest.search(/\s--(\s|$)/);
    const list = sep >= 0 ? rest.slice(0, sep) : rest;
    const justification =
      sep >= 0
        ? rest
            .slice(sep)
            .replace(/^\s--\s*/, '')
            .trim()
        : '';
    const ruleIds = list.split(/[\s,]+/).filter((id) => id.length > 0);
    const unknown = ruleIds.filter((id) => !knownRuleIds.has(id));
    for (const id of unknown)
      problems.push({ ...where, message: `Unknown rule "${id}" in ${PREFIX}${kind} directive.` });
    const directive: Directive = {
      kind,
      ruleIds: ruleIds.filter((id) => knownRuleIds.has(id)),
      justification,
      ...where,
    };
    if (unknown.length > 0 && directive.ruleIds.length === 0) continue;
    if (kind === 'disable-next-line') {
      const next = end.line + 1;
      const block = runbook.codeBlocks.find((c) => c.startLine === next);
      directive.covers = block ? [block.startLine, block.endLine] : [next, next];
    }
    directives.push(directive);
  }
  return { directives, problems };
}

interface Suppressible {
  ruleId: string | null;
  line: number;
}

/**
 * Decides which directive, if any, silences a finding; records use so unused directives can
 * be reported. Range directives apply in document order, as ESLint's do.
 */
export class SuppressionState {
  private readonly used = new Map<Directive, Set<string>>();

  constructor(private readonly directives: Directive[]) {}

  suppressing(message: Suppressible): Directive | null {
    if (message.ruleId === null) return null;
    const id = message.ruleId;
    // the whole file, wherever the comment stands (markdownlint's disable-file)
    const file = this.directives.find(
      (d) => d.kind === 'disable-file' && (d.ruleIds.length === 0 || d.ruleIds.includes(id)),
    );
    if (file) return this.use(file, id);
    for (const d of this.directives) {
      if (d.kind !== 'disable-next-line' || !d.covers) continue;
      if (message.line < d.covers[0] || message.line > d.covers[1]) continue;
      if (d.ruleIds.length === 0 || d.ruleIds.includes(id)) return this.use(d, id);
    }
    let active: Directive | null = null;
    for (const d of this.directives) {
      if (d.kind === 'disable-next-line' || d.kind === 'disable-file' || d.line > message.line) continue;
      const names = d.ruleIds.length === 0 || d.ruleIds.includes(id);
      if (!names) continue;
      active = d.kind === 'disable' ? d : null;
    }
    return active ? this.use(active, id) : null;
  }

  /**
   * disable directives (or rule ids inside them) that silenced nothing; a disable-file says what
   * the file is (a generated report, say), so it is never unused
   */
  unused(): { directive: Directive; ruleId: string | null }[] {
    const out: { directive: Directive; ruleId: string | null }[] = [];
    for (const d of this.directives) {
      if (d.kind === 'enable' || d.kind === 'disable-file') continue;
      const used = this.used.get(d);
      if (d.ruleIds.length === 0) {
        if (!used) out.push({ directive: d, ruleId: null });
        continue;
      }
      for (const id of d.ruleIds) if (!used?.has(id)) out.push({ directive: d, ruleId: id });
    }
    return out;
  }

  private use(d: Directive, ruleId: string): Directive {
    let set = this.used.get(d);
    if (!set) this.used.set(d, (set = new Set()));
    set.add(ruleId);
    return d;
  }
}
