import type { Heading } from 'mdast';
import type { Node } from 'web-tree-sitter';
import { phpCallMatches } from '../../src/analysis/calls.js';
import { canonicalOf, controllerSteps, mentionsController, type ControllerStep } from '../../src/analysis/controller-steps.js';
import { ROLES } from '../../src/analysis/php-modes.js';
import { DEFAULT_UUID_FACTORIES } from '../../src/analysis/uuid-factories.js';
import { phpCall } from '../../src/code/php.js';
import { ancestors, descendants, enclosingStatement } from '../../src/code/syntax.js';
import type { Runbook, Section } from '../../src/document/index.js';
import { defineRule, type Edit, type RuleContext } from '../../src/engine/types.js';
import { deleteLines, insertCodeLineAfter, insertCodeLineBefore } from '../../src/fix/edits.js';

export interface Options {
  uuidFactories: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'canonical-controller-step',
    description: 'Exactly one step changes the controller; it pre-generates the uuid and recipient maps and holds the mode switch.',
    invariant: null,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      duplicate: '"{{step}}" also changes {{controller}}; "{{canonical}}" is the canonical step: merge this step into it or delete it.',
      none: 'No step changes {{controller}}, though the runbook names it: the integration has no canonical step.',
      missingUuidMap: 'The canonical step "{{step}}" does not pre-generate the message_uuid map before sending.',
      missingRecipientMap: 'The canonical step "{{step}}" does not pre-generate the recipient map next to the message_uuid map.',
      missingModeSwitch: 'The canonical step "{{step}}" has no mode switch covering {{missing}}.',
      notMarked: '"{{step}}" is the canonical step among {{count}} that change {{controller}}, but its heading does not say (CANONICAL).',
    },
    rationale:
      'Two steps that both edit {{controllerPath}} leave the reader (or an agent) to apply both: the SHADOW wiring of one and the OFF/SHADOW/ON switch of the other end up in the same method and the message is sent by two code paths. One canonical step, holding the UUID and recipient maps and the whole mode switch, is the single place that decides who sends.',
    hints: {
      duplicate: 'Move anything still needed into "{{canonical}}" and delete this step (Part C of the report lists it).',
      none: 'Add one step that changes {{controllerPath}}: pre-generate $messageUuidMap and $recipientMap, then switch on the mode.',
      missingUuidMap: 'Before any send: foreach ($campaignSMSs as $sms) { $messageUuidMap[$sms->id] = (string) Str::uuid(); }',
      missingRecipientMap: 'In the same loop: $recipientMap[$uuid] = the recipient; read it instead of looking the recipient up later.',
      missingModeSwitch: "switch ($mode) { case 'OFF': … case 'SHADOW': … case 'ON': … }",
      notMarked: 'Add " (CANONICAL)" to the heading so readers know which step wins.',
    },
    fixes: {
      duplicate: { description: 'Deleted the duplicate step "{{step}}"; "{{canonical}}" is the one step that changes {{controller}}.', kind: 'unsafe', deletes: true },
      notMarked: { description: 'Marked the step "(CANONICAL)".', kind: 'safe' },
      missingRecipientMap: { description: 'Pre-generated $recipientMap next to $messageUuidMap.', kind: 'unsafe' },
    },
    optionsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { uuidFactories: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 } },
    },
    defaultOptions: { uuidFactories: DEFAULT_UUID_FACTORIES },
  },
  check(context) {
    const { runbook, settings, code } = context;
    const controller = settings.controllerPath;
    const steps = controllerSteps(runbook, code, settings);
    const canonical = canonicalOf(steps);
    if (!canonical) {
      const named = runbook.prose.some((p) => mentionsController(p.text, settings)) || runbook.codeBlocks.some((b) => mentionsController(b.text, settings));
      const anchor = runbook.phases()[0] ?? runbook.sections[0];
      if (named && runbook.steps().length > 0 && anchor) context.report({ messageId: 'none', data: { controller }, loc: { node: anchor.heading } });
      return;
    }
    for (const s of steps) {
      if (s === canonical) continue;
      context.report({
        messageId: 'duplicate',
        data: { step: s.step.title, canonical: canonical.step.title, controller },
        loc: { node: s.step.heading },
        fix: () => deleteSection(runbook, s.step),
      });
    }
    if (steps.length > 1 && !canonical.marked) {
      const heading = canonical.step.heading;
      context.report({
        messageId: 'notMarked',
        data: { step: canonical.step.title, count: steps.length, controller },
        loc: { node: heading },
        fix: () => markCanonical(runbook, heading),
      });
    }
    const data = { step: canonical.step.title };
    const at = { node: canonical.step.heading };
    const assigned = canonical.blocks.flatMap((b) => mapAssignments(b.root));
    if (!assigned.some((a) => a.fromFactory(context.options.uuidFactories))) context.report({ messageId: 'missingUuidMap', data, loc: at });
    if (!assigned.some((a) => /recipient/i.test(a.target))) {
      const fix = recipientMapFix(canonical, context);
      context.report({ messageId: 'missingRecipientMap', data, loc: at, ...(fix ? { fix } : {}) });
    }
    if (canonical.switchRoles.size < ROLES.length) {
      const missing = ROLES.filter((r) => !canonical.switchRoles.has(r)).map((r) => settings.modes[r]);
      context.report({ messageId: 'missingModeSwitch', data: { ...data, missing: missing.join(', ') }, loc: at });
    }
  },
});

/** `$map[$key] = …` assignments: their target variable, and whether a UUID factory fills them. */
function mapAssignments(root: Node): { target: string; fromFactory: (factories: string[]) => boolean }[] {
  const out: { target: string; fromFactory: (factories: string[]) => boolean }[] = [];
  for (const n of descendants(root)) {
    if (n.type !== 'assignment_expression') continue;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type !== 'subscript_expression' || !right) continue;
    const target = left.namedChildren[0]?.text ?? '';
    out.push({
      target,
      fromFactory: (factories) => {
        for (const d of descendants(right)) {
          const call = phpCall(d);
          if (call && phpCallMatches(call, factories)) return true;
          if (d.type === 'variable_name' && /uuid/i.test(d.text)) return true;
        }
        return false;
      },
    });
  }
  return out;
}

/** The step's lines, keeping a closing thematic break (---) that separates it from what follows. */
function deleteSection(runbook: Runbook, step: Section): Edit {
  let last = step.endLine;
  while (last > step.line && runbook.lines.lineText(last).trim() === '') last--;
  if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(runbook.lines.lineText(last))) {
    last--;
    while (last > step.line && runbook.lines.lineText(last).trim() === '') last--;
  }
  return deleteLines(runbook, runbook.lines.lineStart(step.line), runbook.lines.lineEnd(last));
}

/** `## Step 18: Integrate …` → `## Step 18: Integrate … (CANONICAL)`, before any closing #s. */
function markCanonical(runbook: Runbook, heading: Heading): Edit {
  const line = heading.position?.start.line ?? 1;
  const text = runbook.lines.lineText(line);
  // end of the heading text: before trailing spaces and a closing run of #s (ATX style)
  let end = text.trimEnd().length;
  let hashes = end;
  while (hashes > 0 && text[hashes - 1] === '#') hashes--;
  if (hashes < end && hashes > 0 && (text[hashes - 1] === ' ' || text[hashes - 1] === '\t')) end = text.slice(0, hashes).trimEnd().length;
  const at = runbook.lines.lineStart(line) + end;
  return { range: [at, at], text: ' (CANONICAL)' };
}

/**
 * In the loop that fills the UUID map, add the recipient map: `$recipientMap = [];` before the
 * loop and `$recipientMap[<uuid>] = <recipient>;` after the UUID line, the recipient taken from
 * a `'recipient' => …` entry the step builds from the same loop variable.
 */
function recipientMapFix(step: ControllerStep, context: RuleContext<Options>): (() => Edit[] | null) | null {
  for (const parsed of step.blocks) {
    for (const n of descendants(parsed.root)) {
      if (n.type !== 'assignment_expression' || n.childForFieldName('left')?.type !== 'subscript_expression') continue;
      const right = n.childForFieldName('right');
      const fromFactory = right ? [...descendants(right)].some((d) => {
        const c = phpCall(d);
        return c !== null && phpCallMatches(c, context.options.uuidFactories) !== null;
      }) : false;
      if (!fromFactory) continue;
      const loop = [...ancestors(n)].find((a) => a.type === 'foreach_statement');
      const loopVar = loop?.namedChildren.filter((c): c is Node => c?.type === 'variable_name').at(-1)?.text;
      const stmt = enclosingStatement(n);
      if (!loop || !loopVar || !stmt) continue;
      const recipient = recipientExpression(step, loopVar);
      if (!recipient) return null;
      const { runbook } = context;
      const loopLine = parsed.block.toDoc(loop.startIndex).line;
      const stmtLine = parsed.block.toDoc(stmt.startIndex).line;
      const key = n.childForFieldName('left')?.text ?? '$uuid';
      const block = parsed.block;
      return () => [
        insertCodeLineBefore(runbook, block, loopLine, '$recipientMap = [];'),
        insertCodeLineAfter(runbook, block, stmtLine, `$recipientMap[${key}] = ${recipient};`),
      ];
    }
  }
  return null;
}

/** `'recipient' => '+' . $sms->phones->phone` somewhere in the step, using only the loop variable. */
function recipientExpression(step: ControllerStep, loopVar: string): string | null {
  for (const parsed of step.blocks) {
    for (const n of descendants(parsed.root)) {
      if (n.type !== 'array_element_initializer') continue;
      const [k, v] = n.namedChildren;
      if (!k || !v || !/^['"]recipient['"]$/.test(k.text)) continue;
      const vars = [...descendants(v)].filter((d) => d.type === 'variable_name').map((d) => d.text);
      if (vars.length > 0 && vars.every((x) => x === loopVar)) return v.text;
    }
  }
  return null;
}
