import {
  isAboutMigration,
  clauses,
  type CodeBlock,
  defineRule,
  type Edit,
  equalityColumns,
  fromAndJoins,
  goCalls,
  hasAny,
  insertBlockAfterLine,
  insertLinesBefore,
  lastContentLine,
  matchesAny,
  mismatchChecks,
  type MismatchKind,
  type Node,
  nodeRange,
  option,
  type OptionsOf,
  phpCalls,
  phpChain,
  replaceNode,
  type RuleContext,
  type Runbook,
  type Section,
  selectList,
  sentences,
  type SqlStatement,
  sqlStatements,
  stringContentStart,
  stringValue,
  type Term,
  textRange,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  joinKey: option.string('the only column the two logs may be joined on', 'message_uuid'),
};

type Options = OptionsOf<typeof OPTIONS>;

interface SqlSource {
  block: CodeBlock;
  /** offset of the SQL text inside the block's text */
  base: number;
  statements: SqlStatement[];
}

export default defineRule({
  meta: {
    id: 'reconciliation-join-key',
    description:
      'Reconciliation joins the two logs on message_uuid only, shows ' +
      'both verification queries and states the mismatch rule.',
    invariant: null,
    fixable: 'unsafe',
    defaultSeverity: 'error',
    messages: {
      wrongJoinKey:
        'The reconciliation joins {{legacyLogTable}} and {{newLogTable}} ' +
        'on {{columns}}: {{joinKey}} must be the only join key.',
      missingQueries: 'The reconciliation steps do not show the verification {{count}}: {{queries}}.',
      noMismatchRule: 'The reconciliation steps do not state when rows mismatch: {{missing}} {{verb}} not named.',
    },
    rationale:
      'Only {{joinKey}} identifies one message on both sides. Joined ' +
      'on id, tenant or recipient, two different messages to the same ' +
      'number match each other, so a message sent twice, or sent by ' +
      'neither system, reconciles as clean: exactly the failure reconciliation ' +
      'exists to catch before a tenant moves to ON.',
    hints: {
      wrongJoinKey: 'Join ON g.{{joinKey}} = l.{{joinKey}} and nothing else.',
      missingQueries:
        'Show both: SELECT {{joinKey}} FROM {{legacyLogTable}} WHERE ' +
        "source = 'go'; SELECT {{joinKey}} FROM {{newLogTable}};",
      noMismatchRule:
        'State the rule: missing_in_go, missing_in_laravel, status_mismatch, provider_message_id_mismatch.',
    },
    fixes: {
      wrongJoinKey: { description: 'Joined the two logs on {{joinKey}} only.', kind: 'unsafe' },
      missingQueries: { description: 'Added the join key and the mandatory verification {{count}}.', kind: 'safe' },
      noMismatchRule: {
        description:
          'Added the mismatch detection rule (missing_in_go, missing_in_laravel, ' +
          'status_mismatch, provider_message_id_mismatch).',
        kind: 'safe',
      },
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook } = context;
    // the innermost sections named for reconciliation ("Step 19: Reconciliation Gate",
    // "### D-03 · Reconciliation", a phase of that name without such a subsection)
    const named = runbook.sections.filter((s) => s.kind !== 'appendix' && /reconcil/i.test(s.title));
    const within = (inner: Section, outer: Section): boolean => {
      for (let p = inner.parent; p; p = p.parent) if (p === outer) return true;
      return false;
    };
    const steps = named.filter((s) => !named.some((o) => o !== s && within(o, s)));
    if (steps.length === 0) return;
    const blocks = steps.flatMap((s) => runbook.codeIn(s));
    const sources = sqlSources(blocks, context);
    for (const src of sources) for (const stmt of src.statements) checkJoin(src, stmt, context);
    checkBuilderJoins(blocks, context);
    // what the step must show is this migration's: another team's reconciliation (of jobs, of
    // accounts) is not asked for queries on the SMS tables
    if (!isAboutMigration(runbook, context.settings)) return;
    checkQueries(sources, steps[0] as Section, context);
    checkMismatchRule(steps, blocks, sources, context);
  },
});

/** SQL from sql blocks and from string literals in PHP and Go code. */
function sqlSources(blocks: CodeBlock[], context: RuleContext<Options>): SqlSource[] {
  const out: SqlSource[] = [];
  for (const block of blocks) {
    if (block.lang === 'sql') {
      out.push({ block, base: 0, statements: sqlStatements(block.text) });
      continue;
    }
    const parsed = context.code.parse(block);
    if (!parsed) continue;
    const calls =
      block.lang === 'go'
        ? goCalls(parsed.root).map((c) => c.args)
        : phpCalls(parsed.root).map((c) => c.args.map((a) => a.value));
    for (const args of calls) {
      for (const arg of args) {
        const text = stringValue(arg);
        if (text === null || !/\b(select|join)\b/i.test(text)) continue;
        out.push({ block, base: stringContentStart(arg), statements: sqlStatements(text) });
      }
    }
  }
  return out;
}

const same = (a: string, b: string): boolean => a.replace(/[`"]/g, '').toLowerCase() === b.toLowerCase();

function checkJoin(src: SqlSource, stmt: SqlStatement, context: RuleContext<Options>): void {
  const { settings, options } = context;
  const { from, joins } = fromAndJoins(stmt);
  const tables = [...from, ...joins.map((j) => j.table)];
  const hasLegacy = tables.some((t) => same(t.name, settings.legacyLogTable));
  const hasNew = tables.some((t) => same(t.name, settings.newLogTable));
  if (!hasLegacy || !hasNew) return;
  for (const join of joins) {
    const pairs = equalityColumns(join.on);
    const wrong = pairs.filter((p) => !same(p.left, options.joinKey) || !same(p.right, options.joinKey));
    const usingWrong = join.using.filter((c) => !same(c, options.joinKey));
    if (wrong.length === 0 && usingWrong.length === 0 && (pairs.length > 0 || join.using.length > 0)) continue;
    const columns = [...new Set([...wrong.flatMap((p) => [p.left, p.right]), ...usingWrong])].filter(
      (c) => !same(c, options.joinKey),
    );
    const first = join.on[0] ?? join.table.token;
    const last = join.on[join.on.length - 1] ?? join.table.token;
    const other = tables.find(
      (t) => t !== join.table && (same(t.name, settings.legacyLogTable) || same(t.name, settings.newLogTable)),
    );
    const range = textRange(src.block, src.base + first.start, src.base + last.end);
    const key = options.joinKey;
    context.report({
      messageId: 'wrongJoinKey',
      data: { columns: columns.length > 0 ? columns.join(', ') : 'no condition' },
      loc: { range },
      ...(join.on.length > 0 && other && src.base === 0
        ? {
            fix: () => ({
              range,
              text: `${join.table.alias ?? join.table.name}.${key} = ${other.alias ?? other.name}.${key}`,
            }),
          }
        : {}),
    });
  }
}

/** Laravel ->join('go_sms_logs', 'a.id', '=', 'b.id') and ->keyBy('id') on the log tables. */
function checkBuilderJoins(blocks: CodeBlock[], context: RuleContext<Options>): void {
  const { settings, options } = context;
  for (const block of blocks) {
    if (block.lang !== 'php') continue;
    const parsed = context.code.parse(block);
    if (!parsed) continue;
    for (const call of phpCalls(parsed.root)) {
      const name = call.name.toLowerCase();
      const strings = call.args.map((a) => stringValue(a.value));
      if (
        /^(left|right|inner)?join$/.test(name) &&
        strings[0] &&
        (same(strings[0], settings.newLogTable) || same(strings[0], settings.legacyLogTable))
      ) {
        const cols = [strings[1], strings[3] ?? strings[2]]
          .filter((c): c is string => !!c)
          .map((c) => c.split('.').pop() ?? c);
        const bad = cols.filter((c) => !same(c, options.joinKey));
        if (bad.length > 0) report(block, call.node, bad, context);
      }
      if (name === 'keyby' && strings[0] && !same(strings[0], options.joinKey)) {
        const onLog = phpChain(call.node).some(
          (c) =>
            c.name.toLowerCase() === 'table' &&
            [settings.legacyLogTable, settings.newLogTable].some((t) => same(stringValue(c.args[0]?.value) ?? '', t)),
        );
        const arg = call.args[0]?.value;
        if (onLog && arg)
          report(block, arg, [strings[0]], context, () => replaceNode(block, arg, `'${options.joinKey}'`));
      }
    }
  }
}

function report(
  block: CodeBlock,
  node: Node,
  columns: string[],
  context: RuleContext<Options>,
  fix?: () => Edit,
): void {
  context.report({
    messageId: 'wrongJoinKey',
    data: { columns: columns.join(', ') },
    loc: { range: nodeRange(block, node) },
    ...(fix ? { fix } : {}),
  });
}

/** SELECT message_uuid FROM legacy WHERE source = 'go', and SELECT message_uuid FROM new. */
function checkQueries(sources: SqlSource[], anchor: Section, context: RuleContext<Options>): void {
  const { settings, options } = context;
  let legacy = false;
  let fresh = false;
  for (const src of sources) {
    for (const stmt of src.statements) {
      if (stmt.kind !== 'select') continue;
      if (!selectList(stmt).some((t) => same(t.value, options.joinKey))) continue;
      const { from, joins } = fromAndJoins(stmt);
      if (joins.length > 0 || from.length !== 1) continue;
      const table = from[0]?.name ?? '';
      if (same(table, settings.newLogTable)) fresh = true;
      if (same(table, settings.legacyLogTable) && filtersSource(stmt, settings.newServiceName)) legacy = true;
    }
  }
  const missing: string[] = [];
  const sql: string[] = [];
  if (!legacy) {
    missing.push(
      `SELECT ${options.joinKey} FROM ${settings.legacyLogTable} ` +
        `WHERE source = '${settings.newServiceName.toLowerCase()}'`,
    );
    sql.push(`-- ${settings.legacyName} side`, `${missing[missing.length - 1]};`);
  }
  if (!fresh) {
    missing.push(`SELECT ${options.joinKey} FROM ${settings.newLogTable}`);
    sql.push(`-- ${settings.newServiceName} side`, `${missing[missing.length - 1]};`);
  }
  if (missing.length === 0) return;
  const { runbook } = context;
  context.report({
    messageId: 'missingQueries',
    data: { count: missing.length === 1 ? 'query' : 'queries', queries: missing.join('; ') },
    loc: { node: anchor.heading },
    fix: () => {
      const block = context.template('verification-queries.md', { queries: sql.join('\n') }).trimEnd();
      const before = introOfFirstSql(runbook, anchor);
      if (before) return insertLinesBefore(runbook, before, [...block.split(runbook.eol), '']);
      return insertBlockAfterLine(runbook, lastContentLine(runbook, anchor), block);
    },
  });
}

function filtersSource(stmt: SqlStatement, newServiceName: string): boolean {
  const t = stmt.tokens;
  for (let i = 0; i + 2 < t.length; i++) {
    if (
      same(t[i]?.value ?? '', 'source') &&
      t[i + 1]?.value === '=' &&
      t[i + 2]?.type === 'string' &&
      same(t[i + 2]?.value ?? '', newServiceName)
    )
      return true;
  }
  return false;
}

/**
 * Where new queries go: before the step's first SQL block, or before the paragraph that
 * introduces it ("Run the comparison query:").
 */
function introOfFirstSql(runbook: Runbook, step: Section): number | null {
  const block = runbook.codeIn(step).find((b) => b.lang === 'sql');
  if (!block) return null;
  let line = block.startLine - 1;
  while (line > step.line && runbook.lines.lineText(line).trim() === '') line--;
  const intro = runbook.prose.find((p) => p.kind === 'paragraph' && p.node.position?.end.line === line);
  if (intro && /:\s*$/.test(runbook.lines.lineText(line))) return intro.line;
  return block.startLine;
}

function checkMismatchRule(
  steps: Section[],
  blocks: CodeBlock[],
  sources: SqlSource[],
  context: RuleContext<Options>,
): void {
  const { runbook, settings } = context;
  const newName = words(settings.newServiceName).join(' ');
  const legacyName = words(settings.legacyName).join(' ');
  const newTable = words(settings.newLogTable).join(' ');
  const legacyTable = words(settings.legacyLogTable).join(' ');
  // "missing in Go", "missing from Go", "not in go_sms_logs", "absent from Go"
  const missingFrom = (name: string, table: string): Term[][] => [
    [`missing in ${name}`],
    [`missing from ${name}`],
    [`not in ${table}`],
    [`absent from ${name}`],
  ];
  const rules: { name: string; kind: MismatchKind; terms: Term[][] }[] = [
    { name: 'missing_in_go', kind: 'missing_in_new', terms: missingFrom(newName, newTable) },
    { name: 'missing_in_laravel', kind: 'missing_in_legacy', terms: missingFrom(legacyName, legacyTable) },
    {
      name: 'status_mismatch',
      kind: 'status',
      terms: [['status mismatch*'], ['status*', 'differ*'], ['status*', 'mismatch*']],
    },
    {
      name: 'provider_message_id_mismatch',
      kind: 'provider_message_id',
      terms: [
        ['provider message id mismatch*'],
        ['provider message id*', 'differ*'],
        ['provider message id*', 'mismatch*'],
      ],
    },
  ];
  // a clause about totals ("the counts differ by more than 1%") states no per-message rule
  const aggregate = (ws: string[]): boolean =>
    hasAny(ws, ['count', 'counts', 'total*', 'toleran*', 'percent*', 'ratio*', 'drift*', 'sum', 'sums']);
  const units: string[][] = [];
  for (const s of steps) {
    for (const p of runbook.proseIn(s)) {
      // judged by the whole sentence: "Messages missing in Go, and …, show up as the counts drifting apart"
      const aboutTotals = sentences(p).filter((x) => aggregate(words(x.text)));
      for (const c of clauses(p)) {
        if (aboutTotals.some((x) => c.start >= x.start && c.start < x.start + x.text.length)) continue;
        units.push(c.words);
      }
    }
  }
  for (const b of blocks)
    for (const line of b.text.split(/\r\n|\r|\n/)) if (!aggregate(words(line))) units.push(words(line));
  // what the queries themselves compare, message by message
  const checked = new Set<MismatchKind>();
  const tables = {
    legacyTable: settings.legacyLogTable,
    newTable: settings.newLogTable,
    joinKey: context.options.joinKey,
  };
  for (const src of sources)
    for (const stmt of src.statements) for (const k of mismatchChecks(stmt, tables)) checked.add(k);
  const missing = rules
    .filter((r) => !checked.has(r.kind) && !units.some((ws) => matchesAny(ws, r.terms)))
    .map((r) => r.name);
  if (missing.length === 0) return;
  const first = steps[0] as Section;
  context.report({
    messageId: 'noMismatchRule',
    data: { missing: missing.join(', '), verb: missing.length === 1 ? 'is' : 'are' },
    loc: { node: first.heading },
    fix: () => {
      const sqlBlock = runbook.codeIn(first).find((b) => b.lang === 'sql');
      const section = (sqlBlock && runbook.sectionAt(sqlBlock.startLine)) ?? first;
      const block = context.template('mismatch-rule.md', { source: settings.newServiceName.toLowerCase() });
      return insertBlockAfterLine(runbook, lastContentLine(runbook, section), block);
    },
  });
}
