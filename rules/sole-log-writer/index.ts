import {
  actionIs,
  ancestors,
  asserted,
  blockClaims,
  clauseRange,
  clauses,
  defineRule,
  deleteCodeLines,
  descendants,
  doesSubject,
  enclosingStatement,
  findIdentifier,
  findTerm,
  type GoCall,
  goCalls,
  goChain,
  GoStrings,
  identifierWords,
  isReadOnlyExcerpt,
  type Node,
  nodeRange,
  option,
  type OptionsOf,
  type ParsedBlock,
  type PhpCall,
  phpCalls,
  phpChain,
  type ProseBlock,
  rewriteSentence,
  sectionSide,
  sentences,
  type RuleContext,
  sqlStatements,
  stringContentStart,
  stringValue,
  textRange,
  textSide,
  words,
  writeTarget,
} from '../../src/rule-api.js';

const OPTIONS = {
  ormWrites: option.strings('gorm methods that write through a chain', [
    'Create',
    'CreateInBatches',
    'Save',
    'Update',
    'Updates',
    'UpdateColumn',
    'UpdateColumns',
    'Delete',
    'FirstOrCreate',
  ]),
  sqlCalls: option.strings('Go calls whose string argument is SQL', [
    'Exec',
    'ExecContext',
    'Raw',
    'Query',
    'QueryContext',
    'QueryRow',
    'QueryRowContext',
    'Prepare',
    'PrepareContext',
    'MustExec',
    'NamedExec',
  ]),
};

type Options = OptionsOf<typeof OPTIONS>;

const GO_RESULT_FIELDS = ['message_uuid', 'status', 'provider_message_id'] as const;
const WRITE_VERBS = [
  'writ*',
  'insert*',
  'updat*',
  'mirror*',
  'sync*',
  'upsert*',
  'record*',
  'stor*',
  'delet*',
  'set',
  'sets',
  'setting',
  'mark',
  'marks',
  'marking',
];

/** The side the sentence before the one at `at` names, when the sentence at `at` opens with "It". */
function previousSentenceSide(
  block: ProseBlock,
  at: number,
  settings: RuleContext<Options>['settings'],
): 'new' | 'legacy' | null | undefined {
  const all = sentences(block);
  const i = all.findIndex((s) => at >= s.start && at < s.start + s.text.length);
  const here = all[i];
  const before = all[i - 1];
  if (!here || !before || !/^It\b/.test(here.text)) return undefined;
  return textSide(before.text, settings);
}

/** "the worker", "each handler": the service's own parts, named without the service. */
const BARE_SUBJECTS = ['the worker', 'each worker', 'the workers', 'the handler', 'the service', 'the consumer'];

export default defineRule({
  meta: {
    id: 'sole-log-writer',
    description:
      'The new service never writes the legacy log table; the legacy ' +
      'side records source, message_uuid, provider_message_id and status ' +
      'of its results.',
    invariant: 3,
    fixable: 'unsafe',
    tagsProse: true,
    defaultSeverity: 'error',
    messages: {
      ormWrite:
        'The {{newServiceName}} code writes {{legacyLogTable}} with {{method}}(): only {{legacyName}} may write it.',
      modelWrite:
        'The {{newServiceName}} code writes {{legacyLogTable}} through ' +
        '{{model}} (its TableName() is "{{legacyLogTable}}") with {{method}}(): ' +
        'only {{legacyName}} may write it.',
      rawWrite:
        'The {{newServiceName}} code runs {{verb}} on {{legacyLogTable}} ' +
        'in {{call}}(){{via}}: only {{legacyName}} may write it.',
      goResultIncomplete:
        '{{legacyName}} records a {{newServiceName}} result in {{legacyLogTable}} without {{missing}}.',
      prose:
        'This sentence has the {{newServiceName}} service write {{legacyLogTable}}, which contradicts Invariant 3.',
    },
    rationale:
      'With two writers, {{legacyLogTable}} and {{newLogTable}} stop ' +
      'being independent records: reconciliation compares a table with ' +
      'itself, a status written by one side is overwritten by the other, ' +
      'and a missing row that should reveal a double send or a lost ' +
      'message is hidden. {{legacyName}} alone writes {{legacyLogTable}}, ' +
      'recording each {{newServiceName}} result with source, message_uuid, ' +
      'provider_message_id and status.',
    hints: {
      ormWrite:
        'Delete the write; {{newServiceName}} writes {{newLogTable}} ' +
        'only, and {{legacyName}} records the result from the response.',
      modelWrite: 'Delete the write (and the model if nothing reads through it).',
      rawWrite: 'Delete the statement; reading {{legacyLogTable}} with SELECT is fine.',
      goResultIncomplete: "Pass source 'go' together with message_uuid, provider_message_id and status.",
      prose: 'Say instead that {{legacyName}} records the {{newServiceName}} result in {{legacyLogTable}}.',
    },
    fixes: {
      ormWrite: {
        description: 'Deleted the {{newServiceName}} write to {{legacyLogTable}}.',
        kind: 'unsafe',
        deletes: true,
      },
      modelWrite: {
        description: 'Deleted the {{newServiceName}} write to {{legacyLogTable}}.',
        kind: 'unsafe',
        deletes: true,
      },
      rawWrite: {
        description: 'Deleted the {{newServiceName}} SQL write to {{legacyLogTable}}.',
        kind: 'unsafe',
        deletes: true,
      },
      prose: {
        description: 'Replaced a sentence that had the {{newServiceName}} service write {{legacyLogTable}}.',
        kind: 'safe',
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const goBlocks = context.code.blocks('go');
    const models = legacyModels(goBlocks, context.settings.legacyLogTable);
    const strings = new GoStrings(goBlocks);
    for (const parsed of goBlocks) checkGo(parsed, models, strings, context);
    checkGoResultRecords(context);
    checkProse(context);
  },
});

function isLegacy(name: string | null, table: string): boolean {
  if (name === null) return false;
  const bare = name.replace(/[`"]/g, '').split('.').pop()?.trim() ?? '';
  return bare.toLowerCase() === table.toLowerCase();
}

/** Go types whose TableName() returns the legacy table. */
function legacyModels(blocks: ParsedBlock[], table: string): Set<string> {
  const out = new Set<string>();
  for (const { root } of blocks) {
    for (const n of descendants(root)) {
      if (n.type !== 'method_declaration' || n.childForFieldName('name')?.text !== 'TableName') continue;
      const body = n.childForFieldName('body');
      const returned = body ? [...descendants(body)].find((d) => d.type === 'return_statement') : undefined;
      const lit = returned ? [...descendants(returned)].find((d) => stringValue(d) !== null) : undefined;
      if (!isLegacy(stringValue(lit), table)) continue;
      // `(s *Store)`, `(Store)`, `(*LegacyLog)`: the type is the receiver's last word
      const receiver = (n.childForFieldName('receiver')?.text ?? '').replace(/[()*]/g, ' ').trim();
      const type = receiver.split(/\s+/).pop();
      if (type) out.add(type);
    }
  }
  return out;
}

function mentionsModel(node: Node, models: Set<string>): string | null {
  for (const n of descendants(node)) {
    if (n.type !== 'composite_literal') continue;
    const type = n.childForFieldName('type')?.text.split('.').pop() ?? '';
    if (models.has(type)) return type;
  }
  return null;
}

function checkGo(parsed: ParsedBlock, models: Set<string>, strings: GoStrings, context: RuleContext<Options>): void {
  const { settings, options } = context;
  const table = settings.legacyLogTable;
  const reported = new Set<number>();
  const report = (messageId: string, node: Node, data: Record<string, string>): void => {
    if (reported.has(node.startIndex)) return;
    reported.add(node.startIndex);
    const stmt = enclosingStatement(node);
    const fix =
      stmt?.type === 'expression_statement' ? () => deleteCodeLines(context.runbook, parsed.block, stmt) : undefined;
    context.report({ messageId, data, loc: { range: nodeRange(parsed.block, node) }, ...(fix ? { fix } : {}) });
  };
  for (const call of goCalls(parsed.root)) {
    if (options.ormWrites.includes(call.name)) {
      const chain = goChain(call.node);
      const tableCall = chain.find((c) => c.name === 'Table' && isLegacy(strings.value(c.args[0]), table));
      if (tableCall) {
        report('ormWrite', call.node, { method: call.name });
        continue;
      }
      const model = chain
        .map((c, i) =>
          c.name === 'Model' || i === 0 ? c.args.map((a) => mentionsModel(a, models)).find(Boolean) : null,
        )
        .find(Boolean);
      if (model) report('modelWrite', call.node, { method: call.name, model });
    }
    if (options.sqlCalls.includes(call.name)) checkRawSql(parsed, call, strings, context);
  }
}

function checkRawSql(parsed: ParsedBlock, call: GoCall, strings: GoStrings, context: RuleContext<Options>): void {
  for (const arg of call.args) {
    // a literal, or one built from literals and constants: "INSERT INTO " + logTable + " …"
    const literal = stringValue(arg) !== null;
    const sql = strings.value(arg);
    if (sql === null) continue;
    for (const stmt of sqlStatements(sql)) {
      const target = writeTarget(stmt);
      if (!target || !isLegacy(target.name, context.settings.legacyLogTable)) continue;
      const base = stringContentStart(arg);
      const whole = enclosingStatement(call.node);
      // the table named through a constant: say where it is set, the line to change
      const table = literal
        ? undefined
        : strings.constantsIn(arg).find((c) => isLegacy(c.value, context.settings.legacyLogTable));
      const via = table
        ? ` through ${table.name} = "${table.value}" (line ${table.parsed.block.toDoc(table.node.startIndex).line})`
        : '';
      context.report({
        messageId: 'rawWrite',
        data: { verb: stmt.kind.toUpperCase(), call: call.name, via },
        loc: {
          range: literal
            ? textRange(parsed.block, base + stmt.start, base + target.token.end)
            : nodeRange(parsed.block, arg),
        },
        ...(whole?.type === 'expression_statement'
          ? { fix: () => deleteCodeLines(context.runbook, parsed.block, whole) }
          : {}),
      });
    }
  }
}

interface Helper {
  params: string[];
}

/** PHP functions declared in the runbook that write the legacy table: name → parameter names. */
function legacyWriters(blocks: ParsedBlock[], table: string, models: ReadonlySet<string>): Map<string, Helper> {
  const out = new Map<string, Helper>();
  for (const { root } of blocks) {
    for (const fn of descendants(root)) {
      if (fn.type !== 'function_definition' && fn.type !== 'method_declaration') continue;
      const writes = phpCalls(fn).some((c) => isLegacyWrite(c, table, models));
      if (!writes) continue;
      const params = (fn.childForFieldName('parameters')?.namedChildren ?? [])
        .map((p) => p?.childForFieldName('name')?.text.replace(/^\$/, '') ?? '')
        .filter((p) => p.length > 0);
      const name = fn.childForFieldName('name')?.text;
      if (name) out.set(name.toLowerCase(), { params });
    }
  }
  return out;
}

const PHP_WRITES = new Set([
  'insert',
  'insertorignore',
  'updateorinsert',
  'upsert',
  'update',
  'create',
  'updateorcreate',
  'firstorcreate',
]);

function isLegacyWrite(call: PhpCall, table: string, models: ReadonlySet<string> = new Set()): boolean {
  if (!PHP_WRITES.has(call.name.toLowerCase())) return false;
  // SmsLog::updateOrCreate(…): an Eloquent model of the legacy table
  if (call.kind === 'scoped' && call.scope && models.has(call.scope.toLowerCase())) return true;
  return phpChain(call.node).some(
    (c) => c.name.toLowerCase() === 'table' && isLegacy(stringValue(c.args[0]?.value), table),
  );
}

/**
 * Eloquent models of the legacy table: a class that declares `protected $table = 'sms_logs'`,
 * or, by Laravel's convention, the class named for the table (sms_logs → SmsLog) unless it
 * declares another table.
 */
function eloquentModels(blocks: ParsedBlock[], table: string): Set<string> {
  const declared = new Map<string, string>();
  for (const { root } of blocks) {
    for (const cls of descendants(root)) {
      if (cls.type !== 'class_declaration') continue;
      const name = cls.childForFieldName('name')?.text;
      if (!name) continue;
      for (const prop of descendants(cls)) {
        if (prop.type !== 'property_element') continue;
        const v = prop.namedChildren.find((c) => c?.type === 'variable_name');
        if (v?.text !== '$table') continue;
        const value = prop.namedChildren.find((c) => c !== null && c.type !== 'variable_name');
        const t = stringValue(value?.type === 'property_initializer' ? value.namedChildren[0] : value);
        if (t) declared.set(name.toLowerCase(), t);
      }
    }
  }
  const out = new Set<string>();
  for (const [cls, t] of declared) if (isLegacy(t, table)) out.add(cls);
  const conventional = conventionalModel(table);
  if (conventional && !declared.has(conventional)) out.add(conventional);
  return out;
}

/** sms_logs → smslog: Laravel's model name for a table (snake_case plural of the class), lower-cased. */
function conventionalModel(table: string): string | null {
  const parts = table.toLowerCase().split('_').filter(Boolean);
  const last = parts.pop();
  if (!last) return null;
  const singular = last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.endsWith('s') ? last.slice(0, -1) : last;
  return [...parts, singular].join('');
}

/** The names of the class and function around a node: whose code this is, by the team's own naming. */
function ownerNames(node: Node): string[] {
  const out: string[] = [];
  for (const a of ancestors(node)) {
    if (a.type === 'class_declaration' || a.type === 'method_declaration' || a.type === 'function_definition') {
      const name = a.childForFieldName('name')?.text;
      if (name) out.push(name);
    }
  }
  return out;
}

/**
 * The literal arrays an argument is made of: itself, the operands of `+`, the arguments of
 * array_merge / array_replace. `open` when a part is anything else (a variable, a call): its
 * keys are not in the text.
 */
function arrayParts(value: Node): { arrays: Node[]; open: boolean } {
  if (value.type === 'array_creation_expression') return { arrays: [value], open: false };
  const parts: Node[] = [];
  if (value.type === 'binary_expression' && value.childForFieldName('operator')?.text === '+') {
    for (const side of ['left', 'right']) {
      const n = value.childForFieldName(side);
      if (n) parts.push(n);
    }
  } else if (value.type === 'parenthesized_expression' && value.namedChildren[0]) {
    parts.push(value.namedChildren[0]);
  } else if (value.type === 'function_call_expression') {
    const name = value.childForFieldName('function')?.text.replace(/^\\/, '').toLowerCase();
    if (name !== 'array_merge' && name !== 'array_replace') return { arrays: [], open: false };
    for (const a of value.childForFieldName('arguments')?.namedChildren ?? []) {
      const v = a?.type === 'argument' ? a.namedChildren[a.namedChildren.length - 1] : a;
      if (v) parts.push(v);
    }
  } else return { arrays: [], open: value.type === 'variable_name' };
  const out = { arrays: [] as Node[], open: false };
  for (const part of parts) {
    const inner = arrayParts(part);
    out.arrays.push(...inner.arrays);
    if (inner.open || (inner.arrays.length === 0 && part.type !== 'array_creation_expression')) out.open = true;
  }
  return out;
}

/** which result field a helper parameter carries, by its name ($messageUuid, $status, $providerMessageId) */
function fieldOfParam(param: string): (typeof GO_RESULT_FIELDS)[number] | null {
  const p = param.toLowerCase();
  if (p.includes('provider')) return 'provider_message_id';
  if (p.includes('uuid')) return 'message_uuid';
  if (p.includes('status')) return 'status';
  return null;
}

/**
 * Where the legacy side records a new-service result, it records all four fields. A write
 * records one when it sets source to the new service, or when it is the code of a class or
 * function named for the new service's results (`GoResultRecorder::record`, `recordGoResult`)
 * — then a missing source is one of the missing fields.
 */
function checkGoResultRecords(context: RuleContext<Options>): void {
  const { runbook, code, settings } = context;
  const blocks = code.blocks('php').filter((p) => !isReadOnlyExcerpt(p.block, runbook));
  const models = eloquentModels(blocks, settings.legacyLogTable);
  const helpers = legacyWriters(blocks, settings.legacyLogTable, models);
  const source = settings.newServiceName.toLowerCase();
  const serviceWords = identifierWords(settings.newServiceName);
  const namedForService = (node: Node): boolean =>
    ownerNames(node).some((n) => {
      const ws = identifierWords(n);
      return (
        serviceWords.every((w) => ws.includes(w)) && ws.some((w) => w.startsWith('result') || w.startsWith('record'))
      );
    });
  const isNull = (n: Node | null | undefined): boolean => n?.text.trim().toLowerCase() === 'null';
  for (const parsed of blocks) {
    for (const call of phpCalls(parsed.root)) {
      const present = new Set<string>();
      let sourceSet = false;
      const helper = call.kind === 'function' ? helpers.get(call.name.toLowerCase()) : undefined;
      if (helper) {
        if (!call.args.some((a) => stringValue(a.value)?.toLowerCase() === source)) continue;
        sourceSet = true;
        call.args.forEach((a, i) => {
          const field = fieldOfParam(a.label ?? helper.params[i] ?? '');
          if (field && !isNull(a.value)) present.add(field);
        });
      } else if (isLegacyWrite(call, settings.legacyLogTable, models)) {
        // updateOrCreate(keys, values): the record is what all its arrays set; an array joined with
        // one the code does not show (`[…] + $fields`, array_merge([…], $extra)) has keys unknown here
        const parts = call.args.map((a) => arrayParts(a.value));
        if (parts.some((p) => p.open)) continue;
        for (const data of parts.flatMap((p) => p.arrays)) {
          for (const el of data.namedChildren) {
            const [k, v] = el?.namedChildren ?? [];
            const key = stringValue(k);
            if (key === 'source' && stringValue(v)?.toLowerCase() === source) sourceSet = true;
            if (key && !isNull(v)) present.add(key);
          }
        }
        const ownSource = present.has('source') && !sourceSet;
        if (ownSource || (!sourceSet && !namedForService(call.node))) continue;
      } else continue;
      const missing: string[] = GO_RESULT_FIELDS.filter((f) => !present.has(f));
      if (!sourceSet) missing.unshift(`source = '${source}'`);
      if (missing.length === 0)
        context.evidence({ invariant: 3, range: nodeRange(parsed.block, call.node), kind: 'code' });
      if (missing.length > 0)
        context.report({
          messageId: 'goResultIncomplete',
          data: { missing: missing.join(', ') },
          loc: { range: nodeRange(parsed.block, call.node) },
        });
    }
  }
}

function checkProse(context: RuleContext<Options>): void {
  const { runbook, settings } = context;
  const newName = words(settings.newServiceName).join(' ');
  for (const block of runbook.prose) {
    if (block.kind === 'heading') continue;
    for (const clause of clauses(block)) {
      if (clause.text.endsWith('?') || findIdentifier(clause.text, settings.legacyLogTable).length === 0) continue;
      if (clause.negated) {
        if (doesSubject(clause.words, newName, ['must', 'never', 'does', 'do', 'will', 'writ*']))
          context.evidence({ invariant: 3, range: clauseRange(clause), kind: 'prose' });
        continue;
      }
      // "the worker also sets sms_logs.status": a bare service noun in a section about the new service is it
      const subjects = sectionSide(block.section, settings) === 'new' ? [newName, ...BARE_SUBJECTS] : [newName];
      // "…, which stores it in go_sms_logs. It also sets … on the sms_logs row": "It" is the service named before
      if (previousSentenceSide(block, clause.start, settings) === 'new') subjects.push('it');
      if (!subjects.some((s) => doesSubject(clause.words, s, WRITE_VERBS))) continue;
      // the sentence read as claims: history ("before this plan, a prototype let Go write …"),
      // a hypothesis, a quotation or a question states nothing about the design
      if (!assertsWrite(block, clause.start, settings)) continue;
      const correct = context.template('legacy-writes.md').trim();
      context.report({
        messageId: 'prose',
        loc: { range: clauseRange(clause) },
        fix: () => rewriteSentence(context.runbook, clause, correct),
      });
    }
  }
}

const WRITE_ACTIONS = [
  'write',
  'insert',
  'update',
  'mirror',
  'sync',
  'upsert',
  'record',
  'store',
  'delete',
  'set',
  'mark',
  'let',
  'allow',
];

/** Whether the sentence around a clause asserts a write as the runbook's design, not as history or a hypothesis. */
function assertsWrite(block: ProseBlock, at: number, settings: RuleContext<Options>['settings']): boolean {
  const table = words(settings.legacyLogTable);
  const found = blockClaims(block, settings, (ws) => findTerm(ws, table.join(' ')) >= 0).find(
    ({ sentence }) => at >= sentence.start && at < sentence.start + sentence.text.length,
  );
  // the tagger could not read it (too long, or not loaded): keep the clause reading
  if (!found || found.claims.length === 0) return true;
  const writes = found.claims.filter((c) => actionIs(c, WRITE_ACTIONS));
  return writes.length === 0 ? found.claims.some(asserted) : writes.some(asserted);
}
