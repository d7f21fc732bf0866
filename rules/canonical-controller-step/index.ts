import {
  ancestors,
  canonicalStep,
  type ControllerStep,
  DEFAULT_UUID_FACTORIES,
  defineRule,
  deleteLines,
  descendants,
  type Edit,
  enclosingStatement,
  findModeDispatches,
  type Heading,
  insertCodeLineAfter,
  insertCodeLineBefore,
  isReadOnlyExcerpt,
  type MapFill,
  mapFillsReachable,
  mentionsController,
  type Node,
  ofType,
  option,
  type OptionsOf,
  type ParsedBlock,
  phpCall,
  phpCallMatches,
  phpCalls,
  PhpModel,
  possibleControllerSteps,
  redirectStepReferences,
  ROLES,
  type RuleContext,
  type Runbook,
  type Section,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  uuidFactories: option.strings('calls that make a UUID for the recipient map', DEFAULT_UUID_FACTORIES, {
    minItems: 1,
  }),
};

type Options = OptionsOf<typeof OPTIONS>;

export default defineRule({
  meta: {
    id: 'canonical-controller-step',
    description:
      'Exactly one step changes the controller; it pre-generates the ' +
      'uuid and recipient maps and holds the mode switch.',
    invariant: null,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      duplicate:
        '"{{step}}" also changes {{controller}}; "{{canonical}}" is the ' +
        'canonical step: merge this step into it or delete it.',
      none: 'No step changes {{controller}}, though the runbook names it: the integration has no canonical step.',
      missingUuidMap: 'The canonical step "{{step}}" does not pre-generate the message_uuid map before sending.',
      missingRecipientMap:
        'The canonical step "{{step}}" does not pre-generate the recipient map next to the message_uuid map.',
      missingModeSwitch: 'The canonical step "{{step}}" has no mode switch covering {{missing}}.',
      notMarked:
        '"{{step}}" is the canonical step among {{count}} that change ' +
        '{{controller}}, but its heading does not say (CANONICAL).',
    },
    rationale:
      'Two steps that both edit {{controllerPath}} leave the reader ' +
      '(or an agent) to apply both: the SHADOW wiring of one and the ' +
      'OFF/SHADOW/ON switch of the other end up in the same method ' +
      'and the message is sent by two code paths. One canonical step, ' +
      'holding the UUID and recipient maps and the whole mode switch, ' +
      'is the single place that decides who sends.',
    hints: {
      duplicate:
        'Move anything still needed into "{{canonical}}" and delete this step (Part C of the report lists it).',
      none:
        'Add one step that changes {{controllerPath}}: pre-generate $messageUuidMap ' +
        'and $recipientMap, then switch on the mode.',
      missingUuidMap:
        'Before any send: foreach ($campaignSMSs as $sms) { $messageUuidMap[$sms->id] = (string) Str::uuid(); }',
      missingRecipientMap:
        'In the same loop: $recipientMap[$uuid] = the recipient; read it instead of looking the recipient up later.',
      missingModeSwitch: "switch ($mode) { case 'OFF': … case 'SHADOW': … case 'ON': … }",
      notMarked: 'Add " (CANONICAL)" to the heading so readers know which step wins.',
    },
    fixes: {
      duplicate: {
        description:
          'Deleted the duplicate step "{{step}}"; "{{canonical}}" is the one step that changes {{controller}}.',
        kind: 'unsafe',
        deletes: true,
      },
      notMarked: { description: 'Marked the step "(CANONICAL)".', kind: 'safe' },
      missingRecipientMap: { description: 'Pre-generated $recipientMap next to $messageUuidMap.', kind: 'unsafe' },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, settings, code } = context;
    const controller = settings.controllerPath;
    const { canonical, steps } = canonicalStep(runbook, code, settings);
    if (!canonical) {
      if (noCanonicalStep(context)) {
        const anchor = runbook.phases()[0] ?? runbook.sections[0];
        if (anchor) context.report({ messageId: 'none', data: { controller }, loc: { node: anchor.heading } });
      }
      return;
    }
    const deleted = steps.filter((s) => s !== canonical && s.certain);
    for (const s of steps) {
      if (s === canonical) continue;
      // the unsafe fix deletes a step only when the model shows it certainly changes the controller;
      // what pointed at it is pointed at the canonical step (or reported in Part C)
      const others = deleted.filter((d) => d !== s).map((d) => d.step.range);
      const fix = s.certain
        ? {
            fix: () => [
              deleteSection(runbook, s.step),
              ...redirectStepReferences(runbook, s.step, canonical.step, others),
            ],
          }
        : {};
      context.report({
        messageId: 'duplicate',
        data: { step: s.title, canonical: canonical.title, controller },
        loc: { node: s.anchor },
        ...fix,
      });
    }
    if (steps.length > 1 && !canonical.marked) {
      const anchor = canonical.anchor;
      context.report({
        messageId: 'notMarked',
        data: { step: canonical.title, count: steps.length, controller },
        loc: { node: anchor },
        ...(anchor.type === 'heading' ? { fix: () => markCanonical(runbook, anchor) } : {}),
      });
    }
    const data = { step: canonical.title };
    const at = { node: canonical.anchor };
    const fills = mapFillsReachable(canonical.blocks, PhpModel.of(code, runbook, settings));
    if (!fills.some((f) => isUuidMapFill(f, context.options.uuidFactories)))
      context.report({ messageId: 'missingUuidMap', data, loc: at });
    if (!fills.some(isRecipientMapFill)) {
      const fix = recipientMapFix(canonical, context);
      context.report({ messageId: 'missingRecipientMap', data, loc: at, ...(fix ? { fix } : {}) });
    }
    // a step that hands the mode to code the runbook does not show may switch there: unknown, no finding
    const unknown = canonical.switchRoles.size === 0 && canonical.modeDelegated;
    if (canonical.switchRoles.size < ROLES.length && !unknown) {
      const missing = ROLES.filter((r) => !canonical.switchRoles.has(r)).map((r) => settings.modes[r]);
      context.report({ messageId: 'missingModeSwitch', data: { ...data, missing: missing.join(', ') }, loc: at });
    }
  },
});

/**
 * `none` only when the runbook names the controller, has steps, and no step changes the
 * controller or even names it next to PHP code, and no PHP of the runbook holds a mode
 * switch: then the integration really has no step.
 */
function noCanonicalStep(context: RuleContext<Options>): boolean {
  const { runbook, settings, code } = context;
  if (runbook.steps().length === 0) return false;
  const named =
    runbook.prose.some((p) => mentionsController(p.text, settings)) ||
    runbook.codeBlocks.some((b) => mentionsController(b.text, settings));
  if (!named) return false;
  if (possibleControllerSteps(runbook, code, settings).length > 0) return false;
  for (const parsed of code.blocks('php')) {
    if (isReadOnlyExcerpt(parsed.block, runbook)) continue;
    if (findModeDispatches(parsed.root, settings).some((d) => new Set(d.branches.map((b) => b.role)).size >= 2))
      return false;
  }
  return true;
}

/** A fill of the message_uuid map: an element from a UUID factory, or a map-named variable built by a helper. */
function isUuidMapFill(f: MapFill, factories: string[]): boolean {
  const made = factoryVariables(f.parsed, factories);
  // a variable filled from a factory before the fill: `$id = (string) Str::uuid(); $map[$row->id] = $id;`
  const earlier = (name: string): boolean => (made.get(name) ?? Infinity) < f.node.startIndex;
  if (f.form === 'builder') {
    // a builder over rows that carry a UUID made earlier: array_column($rows, 'message_uuid', 'sms_id')
    return callsFactory(f.node, factories) || ofType(f.node, 'variable_name').some((d) => earlier(d.text));
  }
  if (f.form === 'subscript') {
    const v = f.value;
    if (!v) return false;
    if (callsFactory(v, factories)) return true;
    const vars = v.type === 'variable_name' ? [v] : ofType(v, 'variable_name');
    return vars.some((d) => /uuid/i.test(d.text) || earlier(d.text));
  }
  return /uuid/i.test(f.variable) && /map|by|index|lookup|uuids\b/i.test(f.variable);
}

function callsFactory(node: Node, factories: string[]): boolean {
  return phpCalls(node).some((c) => phpCallMatches(c, factories) !== null);
}

const factoryMemo = new WeakMap<Node, Map<string, Map<string, number>>>();

/** Variables a block assigns from a UUID factory, with where the first such assignment starts. */
function factoryVariables(parsed: ParsedBlock, factories: string[]): Map<string, number> {
  const key = factories.join('\u0000');
  const byFactories = factoryMemo.get(parsed.root) ?? new Map<string, Map<string, number>>();
  factoryMemo.set(parsed.root, byFactories);
  let out = byFactories.get(key);
  if (out) return out;
  out = new Map();
  for (const n of ofType(parsed.root, 'assignment_expression')) {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type !== 'variable_name' || !right || !callsFactory(right, factories)) continue;
    if (!out.has(left.text)) out.set(left.text, n.startIndex);
  }
  byFactories.set(key, out);
  return out;
}

const RECIPIENT_WORDS = new Set([
  'recipient',
  'recipients',
  'phone',
  'phones',
  'msisdn',
  'number',
  'numbers',
  'to',
  'destination',
  'destinations',
]);

/**
 * A fill of the recipient map: a keyed element (`$recipientMap[$uuid] = …`, mapWithKeys,
 * pluck, array_column, array_combine) of a map named for recipients or holding a phone
 * number, or a recipient-map variable assigned from a helper; never `$list[] = …`.
 */
function isRecipientMapFill(f: MapFill): boolean {
  const named = words(f.variable).some((w) => RECIPIENT_WORDS.has(w));
  if (f.form === 'subscript' || f.form === 'builder') {
    if (!f.keyed) return false;
    if (named) return true;
    const v = f.value;
    return (
      v !== null &&
      v.type !== 'array_creation_expression' &&
      words(v.text).some((w) => w === 'phone' || w === 'phones' || w === 'recipient' || w === 'msisdn')
    );
  }
  return /recipient/i.test(f.variable) && /map|by|index|lookup|recipients/i.test(f.variable);
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
  if (hashes < end && hashes > 0 && (text[hashes - 1] === ' ' || text[hashes - 1] === '\t'))
    end = text.slice(0, hashes).trimEnd().length;
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
      const fromFactory = right
        ? [...descendants(right)].some((d) => {
            const c = phpCall(d);
            return c !== null && phpCallMatches(c, context.options.uuidFactories) !== null;
          })
        : false;
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
