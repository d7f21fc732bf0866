import {
  declares,
  defineRule,
  insertBlockAfterLine,
  type InvariantConcept,
  invariantConcepts,
  isAboutMigration,
  modeTables,
  option,
  type ProseBlock,
  type Runbook,
  type Section,
  type Settings,
  sentences,
  wordsOf,
} from '../../src/rule-api.js';

const OPTIONS = {
  withinFirstSections: option.integer("how many of Phase A's first subsections may hold the declaration", 2, {
    minimum: 1,
  }),
};

interface Candidate {
  section: Section | null;
  prose: ProseBlock[];
}

export default defineRule({
  meta: {
    id: 'invariants-section',
    description: 'A section near the top of Phase A declares the four hard execution invariants.',
    invariant: null,
    fixable: 'safe',
    defaultSeverity: 'error',
    messages: {
      missing:
        '"{{anchor}}" has no section near its top that declares the hard execution invariants (missing: {{missing}}).',
      incomplete: 'The invariants section "{{section}}" does not declare {{missing}}.',
      misplaced:
        'The invariants are declared in "{{section}}", {{where}}: declare ' +
        'them in a section near the top of Phase A, before the steps ' +
        'they govern.',
    },
    rationale:
      'The invariants are the contract every later step is checked ' +
      'against; stated nowhere, or after the steps, a reader (or an ' +
      'agent executing the runbook) follows a step that sends twice ' +
      'or bills wrongly without knowing it breaks a rule.',
    hints: {
      missing:
        'Add "## 0. HARD EXECUTION INVARIANTS" right after the Phase ' +
        'A heading: single execution authority (with the mode table), ' +
        'UUID generated once, {{legacyLogTable}} written only by the ' +
        'legacy side, quota safety.',
      incomplete:
        'Add the missing invariant(s) to this section, each as its own sub-heading with its MUST / MUST NOT rules.',
      misplaced: 'Move the section to the top of Phase A (keep one copy).',
    },
    fixes: {
      missing: {
        description:
          'Added Section 0 "HARD EXECUTION INVARIANTS" (the four invariants ' +
          'and the mode table) right after the heading.',
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, settings, options } = context;
    if (!isAboutMigration(runbook, settings)) return;
    const concepts = invariantConcepts(settings);
    const anchor = phaseA(runbook);
    const candidates = nearTop(runbook, anchor, options.withinFirstSections);
    let best: { candidate: Candidate; declared: Map<InvariantConcept, number> } | null = null;
    for (const candidate of candidates) {
      const declared = declaredIn(candidate.prose, concepts);
      if (!best || declared.size > best.declared.size) best = { candidate, declared };
    }
    if (best && best.declared.size === concepts.length) {
      for (const [concept, at] of best.declared)
        context.evidence({ invariant: concept.invariant, range: [at, at], kind: 'declaration' });
      return;
    }

    const elsewhere = runbook.sections.find(
      (s) =>
        isDeclarationShaped(s) &&
        !candidates.some((c) => c.section === s) &&
        declaredIn(runbook.proseIn(s), concepts).size === concepts.length &&
        !hasDeclaringChild(runbook, s, concepts),
    );
    if (elsewhere) {
      context.report({
        messageId: 'misplaced',
        data: {
          section: elsewhere.title,
          where: isInAppendix(elsewhere) ? 'an appendix' : `at line ${elsewhere.line}, away from the top of Phase A`,
        },
        loc: { node: elsewhere.heading },
      });
      return;
    }
    const missing = (declared: Map<InvariantConcept, number>): string =>
      concepts
        .filter((c) => !declared.has(c))
        .map((c) => `${c.invariant} (${c.title})`)
        .join(', ');
    if (best && best.declared.size >= 2 && best.candidate.section) {
      context.report({
        messageId: 'incomplete',
        data: { section: best.candidate.section.title, missing: missing(best.declared) },
        loc: { node: best.candidate.section.heading },
      });
      return;
    }
    context.report({
      messageId: 'missing',
      data: { anchor: anchor?.title ?? 'The runbook', missing: missing(new Map()) },
      loc: anchor ? { node: anchor.heading } : { line: 1 },
      fix: anchor
        ? () => {
            const depth = Math.min(anchor.depth + 1, 6);
            const block = context.template('section-0.md', {
              h2: '#'.repeat(depth),
              h3: '#'.repeat(Math.min(depth + 1, 6)),
              sourceValue: settings.newServiceName.toLowerCase(),
              modeTable: modeTableOrReference(context.runbook, settings, (name) => context.template(name)),
            });
            return insertBlockAfterLine(runbook, anchor.heading.position?.end.line ?? anchor.line, block);
          }
        : undefined,
    });
  },
});

/**
 * Invariant 1's mode table: the runbook's own when it has one (a second table, with other
 * columns, would be two contracts to keep in step), otherwise the template's.
 */
function modeTableOrReference(runbook: Runbook, settings: Settings, template: (name: string) => string): string {
  const own = modeTables(runbook, settings).find((t) => t.rows.length === 3);
  if (!own) return template('mode-table.md').trim();
  const where = own.table.section ? `“${own.table.section.title}”` : `line ${own.table.line}`;
  return `The mode table in ${where} says what each mode does; it is the contract for this invariant.`;
}

function phaseA(runbook: Runbook): Section | null {
  const phases = runbook.phases();
  // "PHASE A: …", "2. PHASE A — PREPARE", "Phase A — Baseline": the phase named A, wherever its numbering puts it
  return phases.find((p) => /(^|[\s.:·—–-])phase\s+a\b/i.test(p.title)) ?? phases[0] ?? null;
}

/** The anchor's own introduction and its first subsections; without an anchor, the first sections. */
function nearTop(runbook: Runbook, anchor: Section | null, count: number): Candidate[] {
  if (!anchor) return runbook.sections.slice(0, count + 1).map((s) => ({ section: s, prose: runbook.proseIn(s) }));
  const firstChild = anchor.children[0];
  const introEnd = firstChild ? firstChild.line - 1 : anchor.endLine;
  const intro = runbook.prose.filter((p) => p.line > anchor.line && p.line <= introEnd);
  return [
    { section: null, prose: intro },
    ...anchor.children.slice(0, count).map((s) => ({ section: s, prose: runbook.proseIn(s) })),
  ];
}

function declaredIn(prose: ProseBlock[], concepts: InvariantConcept[]): Map<InvariantConcept, number> {
  const found = new Map<InvariantConcept, number>();
  // headings first: "### Invariant 4 — Quota Decrement Safety" is better evidence than a table header
  const ordered = [...prose.filter((p) => p.kind === 'heading'), ...prose.filter((p) => p.kind !== 'heading')];
  for (const block of ordered) {
    for (const sentence of sentences(block)) {
      const ws = wordsOf(sentence);
      for (const c of concepts) if (!found.has(c) && declares(ws, c)) found.set(c, block.docOffset(sentence.start));
    }
    if (found.size === concepts.length) break;
  }
  return found;
}

/** report the innermost section that holds the whole declaration, not each of its ancestors */
function hasDeclaringChild(runbook: Runbook, section: Section, concepts: InvariantConcept[]): boolean {
  return section.children.some((c) => declaredIn(runbook.proseIn(c), concepts).size === concepts.length);
}

/** a section holding phases or steps is a part of the runbook, not a declaration scattered through it */
function isDeclarationShaped(section: Section): boolean {
  const structural = (s: Section): boolean => s.kind === 'phase' || s.kind === 'step' || s.children.some(structural);
  return !structural(section);
}

function isInAppendix(section: Section): boolean {
  for (let s: Section | null = section; s; s = s.parent) if (s.kind === 'appendix') return true;
  return false;
}
