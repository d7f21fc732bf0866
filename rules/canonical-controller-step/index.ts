import type { Node } from 'web-tree-sitter';
import { phpCallMatches } from '../../src/analysis/calls.js';
import { canonicalOf, controllerSteps, mentionsController } from '../../src/analysis/controller-steps.js';
import { ROLES } from '../../src/analysis/php-modes.js';
import { DEFAULT_UUID_FACTORIES } from '../../src/analysis/uuid-factories.js';
import { phpCall } from '../../src/code/php.js';
import { descendants } from '../../src/code/syntax.js';
import { defineRule } from '../../src/engine/types.js';

export interface Options {
  uuidFactories: string[];
}

export default defineRule<Options>({
  meta: {
    id: 'canonical-controller-step',
    description: 'Exactly one step changes the controller; it pre-generates the uuid and recipient maps and holds the mode switch.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'error',
    messages: {
      duplicate: '"{{step}}" also changes {{controller}}; "{{canonical}}" is the canonical step: merge this step into it or delete it.',
      none: 'No step changes {{controller}}, though the runbook names it: the integration has no canonical step.',
      missingUuidMap: 'The canonical step "{{step}}" does not pre-generate the message_uuid map before sending.',
      missingRecipientMap: 'The canonical step "{{step}}" does not pre-generate the recipient map next to the message_uuid map.',
      missingModeSwitch: 'The canonical step "{{step}}" has no mode switch covering {{missing}}.',
    },
    rationale:
      'Two steps that both edit {{controllerPath}} leave the reader (or an agent) to apply both: the SHADOW wiring of one and the OFF/SHADOW/ON switch of the other end up in the same method and the message is sent by two code paths. One canonical step, holding the UUID and recipient maps and the whole mode switch, is the single place that decides who sends.',
    hints: {
      duplicate: 'Move anything still needed into "{{canonical}}" and delete this step (Part C of the report lists it).',
      none: 'Add one step that changes {{controllerPath}}: pre-generate $messageUuidMap and $recipientMap, then switch on the mode.',
      missingUuidMap: 'Before any send: foreach ($campaignSMSs as $sms) { $messageUuidMap[$sms->id] = (string) Str::uuid(); }',
      missingRecipientMap: 'In the same loop: $recipientMap[$uuid] = the recipient; read it instead of looking the recipient up later.',
      missingModeSwitch: "switch ($mode) { case 'OFF': … case 'SHADOW': … case 'ON': … }",
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
      context.report({ messageId: 'duplicate', data: { step: s.step.title, canonical: canonical.step.title, controller }, loc: { node: s.step.heading } });
    }
    const data = { step: canonical.step.title };
    const at = { node: canonical.step.heading };
    const assigned = canonical.blocks.flatMap((b) => mapAssignments(b.root));
    if (!assigned.some((a) => a.fromFactory(context.options.uuidFactories))) context.report({ messageId: 'missingUuidMap', data, loc: at });
    if (!assigned.some((a) => /recipient/i.test(a.target))) context.report({ messageId: 'missingRecipientMap', data, loc: at });
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
