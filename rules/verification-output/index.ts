import {
  type CodeBlock,
  defineRule,
  findTerm,
  option,
  type ProseBlock,
  type Runbook,
  type Section,
  sentences,
  words,
} from '../../src/rule-api.js';

const OPTIONS = {
  checkVerbs: option.strings(
    'verbs that open a sentence or a heading introducing a check',
    ['verify', 'check', 'confirm', 'validate', 'ensure', 'make sure'],
    { minItems: 1 },
  ),
  expectationTerms: option.strings(
    'words after a check (or in its comments) that say what it should print or what to look for',
    [
      'expect*',
      'should',
      'must',
      'output*',
      'print*',
      'return*',
      'show*',
      'see',
      'look* like',
      'display*',
      'list*',
      'contain*',
      'report*',
      'succeed*',
      'fail*',
      'empty',
      'no rows',
      'zero',
      'match*',
      'result*',
      'status',
      'if',
    ],
    { minItems: 1 },
  ),
};

/** Languages of a command a person runs and reads the answer of. */
const COMMAND_LANGS = new Set(['bash', 'sql', 'powershell', 'ps1', 'cmd', 'fish', 'nushell']);
/** Languages of what a command printed. */
const OUTPUT_LANGS = new Set(['text', 'txt', 'output', 'console-output', 'log', 'plaintext', 'json', 'yaml', 'none']);
/** Words after the check's verb that state what must hold: "check that …", "confirm the pods are Running". */
const STATES = new Set([
  'that',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'returns',
  'return',
  'shows',
  'show',
  'prints',
  'lists',
  'reports',
  'contains',
  'equals',
  'matches',
  'succeeds',
  'exists',
  'whether',
  'nothing',
  'no',
]);

export default defineRule({
  meta: {
    id: 'verification-output',
    description: 'A verification command is followed by what it should print.',
    invariant: null,
    fixable: false,
    defaultSeverity: 'warn',
    optIn: true,
    messages: {
      noExpectation:
        'This check does not say what it should print: "{{intro}}" runs it, and nothing says what a pass looks like.',
    },
    rationale:
      'A check whose expected output is not written down passes whenever the person running it thinks it looks ' +
      'fine; an agent cannot tell a pass from a failure at all, and the next step runs on either.',
    hints: {
      noExpectation:
        'Say what it prints when all is well (an output block, "Expected: …", a comment in the command), ' +
        'or put the condition in the sentence ("Check that every pod is Running").',
    },
    options: OPTIONS,
  },
  check(context) {
    const { runbook, options } = context;
    const verbs = options.checkVerbs.map((v) => v.toLowerCase());
    for (const block of runbook.codeBlocks) {
      if (!COMMAND_LANGS.has(block.lang ?? '') || block.text.trim() === '') continue;
      const intro = introduction(runbook, block, verbs);
      if (!intro) continue;
      if (intro.states || hasExpectation(runbook, block, options.expectationTerms)) continue;
      context.report({
        messageId: 'noExpectation',
        data: { intro: intro.text },
        loc: { range: [block.range[0], block.range[0] + Math.max(3, fenceLength(runbook, block))] },
      });
    }
  },
});

/**
 * What makes the block a check: the sentence right before it opens with a check verb ("Verify
 * the backup:", "4. Check the cluster status by running:", "Run this to confirm …"), or, with
 * no sentence between, the heading of its section does ("### Check Cluster Status"). Whether
 * that sentence already says what must hold is read from the words after the verb.
 */
function introduction(
  runbook: Runbook,
  block: CodeBlock,
  verbs: readonly string[],
): { text: string; states: boolean } | null {
  const before = runbook.proseBefore(block.startLine, 3).at(-1);
  const section = block.section;
  const candidates: ProseBlock[] = [];
  if (before && (!section || before.line >= section.line)) candidates.push(before);
  else if (section) {
    const heading = runbook.proseIn(section).find((p) => p.kind === 'heading' && p.line === section.line);
    if (heading) candidates.push(heading);
  }
  for (const p of candidates) {
    const all = sentences(p);
    const last = all.at(-1);
    if (!last) continue;
    const ws = words(last.text);
    const at = checkVerbAt(ws, verbs);
    if (at < 0) continue;
    const after = ws.slice(at + 1);
    return { text: shorten(last.text), states: after.some((w) => STATES.has(w)) || sectionStates(section, p) };
  }
  return null;
}

/** The check verb's index: first word (after a list number), or after "to" ("Run this to verify"). */
function checkVerbAt(ws: readonly string[], verbs: readonly string[]): number {
  const start = /^\d+$/.test(ws[0] ?? '') ? 1 : 0;
  for (const verb of verbs) {
    const at = findTerm(ws, verb);
    if (at < 0) continue;
    // "check out" a branch, "check in" a change are no checks
    if (verb === 'check' && (ws[at + 1] === 'out' || ws[at + 1] === 'in')) continue;
    if (at === start || ws[at - 1] === 'to') return at + verb.split(' ').length - 1;
  }
  return -1;
}

function sectionStates(section: Section | null, p: ProseBlock): boolean {
  return p.kind === 'heading' && section !== null && /\b(?:that|is|are|returns?|shows?)\b/i.test(section.title);
}

/**
 * What it should print, written: a comment in the command that says it ("# Expected: 26",
 * "-- should return no rows"), an output block right after it, or, before the next block or
 * heading, prose with one of the expectation terms ("You should see …", "It returns 0 rows").
 */
function hasExpectation(runbook: Runbook, block: CodeBlock, terms: readonly string[]): boolean {
  const has = (text: string): boolean => {
    const ws = words(text);
    return terms.some((t) => findTerm(ws, t) >= 0);
  };
  const lines = block.text.split('\n');
  for (const line of lines) {
    // a comment of the block's language: `--list` is an option of a shell command, not SQL's comment
    const comment = (block.lang === 'sql' ? /--\s*(.*)$/ : /(?:^|\s)#\s*(.*)$/).exec(line);
    // "# Expected: 26", a comment that states what must hold ("# check the process is running"),
    // or one at the end of a command's line: what that command gives ("… ;  -- 0", "# increased by 1")
    if (!comment?.[1]) continue;
    const trailing = line.slice(0, comment.index).trim() !== '';
    if (trailing || has(comment[1]) || words(comment[1]).some((w) => STATES.has(w))) return true;
  }
  // a session written with its prompts ("$ kubectl get pods" and what came back): the output is there
  const prompts = lines.filter((l) => /^\s*(?:\$|>|PS>|mysql>|postgres=#|\w+=>)\s/.test(l)).length;
  if (prompts > 0 && lines.some((l) => l.trim() !== '' && !/^\s*(?:\$|>|PS>|mysql>|postgres=#|\w+=>)\s/.test(l)))
    return true;
  const index = runbook.codeBlocks.indexOf(block);
  const next = runbook.codeBlocks[index + 1];
  const proseAfter = runbook.prose.filter(
    (p) => p.line > block.endLine && (!next || p.line < next.startLine) && p.kind !== 'heading',
  );
  const headingAfter = runbook.prose.find((p) => p.line > block.endLine && p.kind === 'heading');
  const limit = Math.min(next?.startLine ?? Number.POSITIVE_INFINITY, headingAfter?.line ?? Number.POSITIVE_INFINITY);
  if (next && next.startLine === limit && (next.lang === null || OUTPUT_LANGS.has(next.lang))) return true;
  return proseAfter.some((p) => p.line < limit && has(p.text));
}

function fenceLength(runbook: Runbook, block: CodeBlock): number {
  return runbook.lines.lineText(block.startLine).trimEnd().length;
}

function shorten(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}
