import { clauses, NEGATIONS, type Clause } from '../text/clauses.js';
import { findIdentifier } from '../text/identifiers.js';
import type { ProseBlock } from '../document/index.js';

/**
 * What the prose of a step says about one file (the controller): for every clause that names
 * it by path, file name or class name, whether the clause says the step changes it (an
 * instruction or a statement: "Edit `app/…/SmsController.php`", "Wire SHADOW into
 * SmsController", "In `SmsController::send()`, wrap …", "Changes to …", "This step modifies
 * …"), or only mentions it, and whether the mention is negated ("is not touched", "stays as
 * it is", "no change to …", "unchanged"), historical ("used to", "was"), hypothetical ("if",
 * "would"), a read-only excerpt, or about another step ("… is changed once, in Step 18").
 *
 * Words, not regular expressions over the raw text: each clause is cut into tokens with their
 * offsets, a mention of the file is one token, and a change verb is tied to the mention only
 * when they stand close together with no clause boundary (a parenthesis, a semicolon, a dash,
 * a relative pronoun) between them.
 */

export type MentionStatus = 'change' | 'mention' | 'negated' | 'historical' | 'hypothetical' | 'excerpt' | 'otherStep';

export interface ControllerMention {
  block: ProseBlock;
  clause: Clause;
  /** index of the mention in the block's text */
  start: number;
  end: number;
  status: MentionStatus;
  /** for `change`: the word that says so ("edit", "wire", "changes", "new") */
  verb: string | null;
}

interface Token {
  /** lower case, ’ read as ' */
  w: string;
  start: number;
  end: number;
  mention: boolean;
  code: boolean;
}

const CHANGE_WORDS = new Set(
  [
    'edit edits edited editing',
    'modify modifies modified modifying modification modifications',
    'change changes changed changing',
    'update updates updated updating',
    'replace replaces replaced replacing',
    'rewrite rewrites rewrote rewritten rewriting',
    'patch patches patched patching hotfix hotfixes hotfixed',
    'fix fixes fixed fixing',
    'add adds added adding insert inserts inserted inserting append appends appended appending',
    'remove removes removed removing delete deletes deleted deleting drop drops dropped',
    'wire wires wired wiring integrate integrates integrated integrating integration',
    'refactor refactors refactored refactoring rework reworks reworked restructure restructures restructured',
    'amend amends amended alter alters altered adjust adjusts adjusted',
    'implement implements implemented implementing introduce introduces introduced',
    'put puts move moves moved moving touch touches touched touching',
    'extend extends extended swap swaps swapped wrap wraps wrapped',
  ]
    .join(' ')
    .split(' '),
);

/** What an imperative after "In `SmsController::send()`, …" may be besides a change word. */
const LOCATIVE_IMPERATIVES = new Set(
  (
    'call use set guard pass inject register route build generate pre-generate pregenerate create dispatch ' +
    'switch branch compute fill map return throw catch log decrement resolve keep split extract inline'
  ).split(' '),
);

/** Adjectives that present the changed file: "the new `SmsController::send()`". */
const CHANGED_ADJECTIVES = new Set([
  'new',
  'updated',
  'modified',
  'changed',
  'rewritten',
  'patched',
  'refactored',
  'edited',
  'final',
  'resulting',
]);

/** Words that open a look at the file without changing it; "Open X and add …" is a change. */
const NAVIGATION = new Set(['open', 'in', 'inside', 'within', 'go', 'navigate', 'locate', 'find']);

// the clause reader's negations, plus contractions and the words that say a file stays as it is
const NEGATORS = new Set([
  ...NEGATIONS,
  "can't",
  "don't",
  "doesn't",
  "isn't",
  "aren't",
  "won't",
  "mustn't",
  "shouldn't",
  "didn't",
  "wasn't",
  "weren't",
  "hasn't",
  "haven't",
  "needn't",
  'unchanged',
  'untouched',
  'unmodified',
  'intact',
]);

/** After the mention: "stays as it is", "remains the same", "is left alone", "as is". */
const KEEP_WORDS = new Set(['stays', 'stay', 'remains', 'remain', 'kept', 'left', 'alone', 'same']);

/** Between a mention and its verb ("SmsController::send() is then edited"). */
const AUXILIARIES = new Set([
  'is',
  'are',
  'be',
  'being',
  'been',
  'gets',
  'get',
  'got',
  'will',
  'must',
  'should',
  'shall',
  'needs',
  'need',
  'to',
  'now',
  'also',
  'then',
  'here',
  'itself',
  'only',
  'again',
  'has',
  'have',
  'had',
  'was',
  'were',
  'can',
  'may',
  'as',
  'follows',
  'below',
]);

const HISTORICAL = new Set(['was', 'were', 'had', 'earlier', 'already', 'ago', 'did']);

const HYPOTHETICAL = new Set([
  'if',
  'unless',
  'would',
  'could',
  'might',
  'suppose',
  'supposing',
  'whether',
  'imagine',
  'hypothetically',
  'otherwise',
]);

/** Tokens that open another clause inside a sentence: a verb before one is not tied to a mention after it. */
const BARRIER_WORDS = new Set([
  'that',
  'which',
  'who',
  'whose',
  'where',
  'when',
  'whenever',
  'while',
  'because',
  'so',
  'than',
  'if',
  'unless',
  'until',
  'whereas',
  'although',
  'though',
]);

const UNDO = new Set(['revert', 'reverts', 'reverting', 'undo', 'undoes', 'rollback', 'restore', 'restores']);

/** A relative clause keeps the negation of its head: "no other step that edits X". */
const RELATIVES = new Set(['that', 'which', 'who']);

/** Markers of the past anywhere in the clause ("used to", "before this migration"). */
const PAST_PHRASES = [
  ['used', 'to'],
  ['already'],
  ['previously'],
  ['originally'],
  ['formerly'],
  ['before', 'this', 'migration'],
  ['before', 'the', 'migration'],
  ['in', 'the', 'past'],
];

const EXCERPT_PHRASES = [
  ['read', 'only'],
  ['excerpt'],
  ['for', 'reference'],
  ['as', 'deployed'],
  ['current', 'production'],
  ['for', 'context'],
];

/** Another step named in a clause: "Step 18", "Task 4", "T021", "C-04", "C.4". */
const STEP_WORD_REF = /\b(?:step|task|phase|stage)s?\s+#?([A-Za-z]?\d+[\w.-]*)/gi;
const STEP_ID_REF = /\b(T\d{2,4}|[A-Z]{1,2}[-.]\d{1,3})\b/g;
const OTHER_STEP_WORDS = [
  ['another', 'step'],
  ['other', 'step'],
  ['other', 'steps'],
  ['other', 'task'],
  ['other', 'tasks'],
  ['second', 'step'],
  ['later', 'step'],
  ['next', 'step'],
  ['previous', 'step'],
  ['earlier', 'step'],
  ['following', 'step'],
  ['canonical', 'step'],
  ['canonical', 'task'],
];

/** Every mention of the file in a block's clauses, with what the clause says about it. */
export function controllerMentions(
  block: ProseBlock,
  className: string,
  selfIds: readonly string[],
): ControllerMention[] {
  if (className.length === 0 || findIdentifier(block.text, className).length === 0) return [];
  const out: ControllerMention[] = [];
  for (const clause of clauses(block)) {
    const spans = mentionSpans(clause.text, className);
    if (spans.length === 0) continue;
    const tokens = tokenize(clause, spans);
    // punctuation inside inline code (`send()`, `a;b`) is no clause boundary
    let masked = '';
    for (let k = 0; k < clause.text.length; k++)
      masked += clause.block.isCodeAt(clause.start + k) ? ' ' : clause.text.charAt(k);
    const whole = tokens.map((t) => t.w);
    const excerpt = EXCERPT_PHRASES.some((p) => hasPhrase(whole, p)) || whole.includes('read-only');
    const question = /\?\s*$/.test(clause.text);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as Token;
      if (!t.mention) continue;
      // the stretch between parentheses, dashes, colons and semicolons that holds the mention
      let from = t.start;
      while (from > 0 && !SEGMENT_BREAK.test(masked.charAt(from - 1))) from--;
      let to = t.end;
      while (to < masked.length && !SEGMENT_BREAK.test(masked.charAt(to))) to++;
      const segment = tokens.filter((x) => x.start >= from && x.end <= to);
      const context: ClauseContext = { excerpt, question, ...segmentContext(masked.slice(from, to), segment, selfIds) };
      let judged = judge(masked, segment, segment.indexOf(t), context);
      // "Hotfix: retry once in SmsController", "Step 23: Patch — guard the body in SmsController"
      if (judged.status === 'mention' && isLocative(segment, segment.indexOf(t))) {
        const label = tokens.filter((x) => x.end <= from).find((x) => CHANGE_LABELS.has(x.w));
        if (label && !tokens.some((x) => x.end <= from && NEGATORS.has(x.w)))
          judged = { status: 'change', verb: label.w };
      }
      out.push({
        block,
        clause,
        start: clause.start + t.start,
        end: clause.start + t.end,
        status: judged.status,
        verb: judged.verb,
      });
    }
  }
  return out;
}

/** Nouns that label what follows as a change: "Hotfix: …", "Patch — …". */
const CHANGE_LABELS = new Set([
  'hotfix',
  'fix',
  'patch',
  'change',
  'changes',
  'edit',
  'edits',
  'update',
  'modification',
  'modifications',
  'amendment',
]);

/** The mention stands where something is done: "… in SmsController", "… to `SmsController::send()`". */
function isLocative(tokens: Token[], m: number): boolean {
  return m > 0 && ['in', 'inside', 'into', 'to', 'within', 'of'].includes((tokens[m - 1] as Token).w);
}

const SEGMENT_BREAK = /[();:—–[\]]/;

function hasPhrase(ws: readonly string[], phrase: readonly string[]): boolean {
  return ws.some((_, i) => phrase.every((p, k) => ws[i + k] === p));
}

interface ClauseContext {
  excerpt: boolean;
  past: boolean;
  otherStep: boolean;
  question: boolean;
}

function segmentContext(
  text: string,
  tokens: Token[],
  selfIds: readonly string[],
): { past: boolean; otherStep: boolean } {
  const ws = tokens.map((t) => t.w);
  let otherStep = OTHER_STEP_WORDS.some((p) =>
    ws.some((_, i) => p.every((x, k) => ws[i + k] === x) && ws[i - 1] !== 'this'),
  );
  const self = new Set(selfIds.map((s) => s.toLowerCase()));
  for (const re of [STEP_WORD_REF, STEP_ID_REF]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const id = (m[1] ?? '').toLowerCase().replace(/[.:)]+$/, '');
      // the step's own id ("T021 Rewrite …" in task T021) is no other step
      if (self.has(id)) continue;
      otherStep = true;
    }
  }
  return { past: PAST_PHRASES.some((p) => hasPhrase(ws, p)), otherStep };
}

function judge(
  text: string,
  tokens: Token[],
  m: number,
  context: ClauseContext,
): { status: MentionStatus; verb: string | null } {
  if (context.excerpt) return { status: 'excerpt', verb: null };
  if (context.question) return { status: 'hypothetical', verb: null };
  if (isNegatedMention(text, tokens, m)) return { status: 'negated', verb: null };
  const verb = changeVerb(text, tokens, m);
  const scopeEnd = verb === null ? m : Math.max(m, verb.index);
  const before = tokens.slice(0, scopeEnd + 1).map((t) => t.w);
  if (before.some((w) => HYPOTHETICAL.has(w)) || (before[0] === 'should' && before.length > 1))
    return { status: 'hypothetical', verb: null };
  if (context.past || before.some((w) => HISTORICAL.has(w)) || hasPerfect(before))
    return { status: 'historical', verb: null };
  if (context.otherStep) return { status: 'otherStep', verb: null };
  if (verb === null) return { status: 'mention', verb: null };
  if (verb.negated) return { status: 'negated', verb: null };
  // "the commit that changed SmsController.php": a past relative clause describes, it does not instruct
  const prev = tokens[verb.index - 1]?.w ?? '';
  if (RELATIVES.has(prev) && /(?:ed|rote|ritten)$/.test(verb.word)) return { status: 'historical', verb: null };
  // "Revert the edit to SmsController.php", "Roll back the change": undoing is not changing
  if (before.some((w, i) => UNDO.has(w) || (w === 'roll' && before[i + 1] === 'back')))
    return { status: 'mention', verb: null };
  return { status: 'change', verb: verb.word };
}

/** "has been changed", "have been edited": already done, not an instruction. */
function hasPerfect(ws: string[]): boolean {
  return ws.some((w, i) => (w === 'has' || w === 'have') && ws[i + 1] === 'been');
}

/**
 * Negation that belongs to the mention itself: after it ("is not touched", "stays as it is",
 * "remains unchanged", "is left alone"), or right before it in the same comma-free stretch
 * ("no change to", "leave … untouched", "without touching").
 */
function isNegatedMention(text: string, tokens: Token[], m: number): boolean {
  for (let j = m + 1; j < Math.min(tokens.length, m + 6); j++) {
    const w = (tokens[j] as Token).w;
    if (boundaryBetween(text, tokens, j - 1, j, true)) {
      // "SmsController: no change"
      if (
        j === m + 1 &&
        text.slice((tokens[m] as Token).end, (tokens[j] as Token).start).trim() === ':' &&
        NEGATORS.has(w)
      )
        return true;
      break;
    }
    if ((NEGATORS.has(w) && w !== 'without') || KEEP_WORDS.has(w)) return true;
    if (w === 'as' && (tokens[j + 1]?.w === 'is' || (tokens[j + 1]?.w === 'it' && tokens[j + 2]?.w === 'is')))
      return true;
    if (
      (tokens[j] as Token).code ||
      AUXILIARIES.has(w) ||
      w === 'does' ||
      w === 'do' ||
      w === 'itself' ||
      w === 'class' ||
      w === 'file'
    )
      continue;
    break;
  }
  for (let j = m - 1; j >= 0; j--) {
    if (boundaryBetween(text, tokens, j, j + 1, true)) break;
    const w = (tokens[j] as Token).w;
    if (NEGATORS.has(w) || w === 'leave' || w === 'keep') return true;
    if (BARRIER_WORDS.has(w) && !RELATIVES.has(w)) break;
  }
  return false;
}

/**
 * The change word tied to the mention: before it within eight tokens with no boundary
 * between ("Edit the loop of `SmsController::send()`"), after it across auxiliaries only
 * ("SmsController::send() is rewritten"), an adjective right before it ("the new
 * SmsController"), "In SmsController, wrap …", or "Open SmsController.php and add …".
 */
function changeVerb(
  text: string,
  tokens: Token[],
  m: number,
): { word: string; index: number; negated: boolean } | null {
  const negatedBefore = (v: number): boolean => {
    for (let j = v - 1; j >= 0; j--) {
      if (boundaryBetween(text, tokens, j, j + 1, false)) break;
      const w = (tokens[j] as Token).w;
      if (NEGATORS.has(w)) return true;
      if (BARRIER_WORDS.has(w) && !RELATIVES.has(w)) break;
    }
    return false;
  };
  const negatedBetween = (a: number, b: number): boolean => tokens.slice(a + 1, b).some((t) => NEGATORS.has(t.w));
  // verb … mention
  for (let v = m - 1; v >= Math.max(0, m - 9); v--) {
    if (boundaryBetween(text, tokens, v, v + 1, false)) break;
    const t = tokens[v] as Token;
    if (BARRIER_WORDS.has(t.w)) break;
    if (t.code || t.mention) continue;
    if (CHANGE_WORDS.has(t.w) || (v === m - 1 && CHANGED_ADJECTIVES.has(t.w))) {
      return { word: t.w, index: v, negated: negatedBefore(v) || negatedBetween(v, m) };
    }
  }
  // "In SmsController::send(), wrap …"
  const lead = tokens.slice(0, m).map((t) => t.w);
  if (['in', 'inside', 'within'].includes(lead[lead.length - 1] ?? '') && lead.length <= 3) {
    const comma = text.indexOf(',', (tokens[m] as Token).end);
    const next = tokens.findIndex((t, i) => i > m && t.start > comma);
    if (comma >= 0 && next > m && next - m <= 4) {
      const w = (tokens[next] as Token).w;
      if (CHANGE_WORDS.has(w) || LOCATIVE_IMPERATIVES.has(w))
        return { word: w, index: next, negated: negatedBefore(next) };
    }
  }
  // mention … verb (passive or intransitive), or "Open X and add"
  const navigated = m > 0 && NAVIGATION.has((tokens[m - 1] as Token).w);
  for (let v = m + 1; v < Math.min(tokens.length, m + 5); v++) {
    if (boundaryBetween(text, tokens, v - 1, v, false)) break;
    const t = tokens[v] as Token;
    if (CHANGE_WORDS.has(t.w)) return { word: t.w, index: v, negated: negatedBetween(m, v) };
    if (t.code || AUXILIARIES.has(t.w) || NEGATORS.has(t.w) || (navigated && (t.w === 'and' || t.w === 'then')))
      continue;
    break;
  }
  return null;
}

/**
 * Whether a clause boundary stands between two tokens: a parenthesis, a semicolon, a colon,
 * a dash, a quotation mark, or a comma — unless `commaBreaks` is off and a preposition
 * follows it ("Edit `SmsController.php`, inside the loop of `send()`").
 */
function boundaryBetween(text: string, tokens: Token[], a: number, b: number, commaBreaks: boolean): boolean {
  const left = tokens[a];
  const right = tokens[b];
  if (!left || !right) return true;
  const gap = text.slice(left.end, right.start);
  if (/[()[\];:—–"“”]|\s-\s/.test(gap)) return true;
  if (gap.includes(',')) {
    if (commaBreaks) return true;
    return !['in', 'inside', 'into', 'to', 'within', 'of', 'at'].includes(right.w);
  }
  return false;
}

/** The mention's extent: the class name with a path before it and `.php`, `::send()` or `->send()` after it. */
function mentionSpans(text: string, className: string): [number, number][] {
  const out: [number, number][] = [];
  for (const at of findIdentifier(text, className)) {
    let start = at;
    while (start > 0 && /[\w/\\.-]/.test(text.charAt(start - 1))) start--;
    let end = at + className.length;
    const rest = text.slice(end);
    const tail = /^(?:\.php\b|(?:::|->)\w+(?:\(\))?)*/.exec(rest);
    end += tail?.[0].length ?? 0;
    out.push([start, end]);
  }
  return out;
}

function tokenize(clause: Clause, spans: [number, number][]): Token[] {
  const out: Token[] = [];
  const re = /[A-Za-z0-9_]+(?:['’][A-Za-z]+)?(?:-[A-Za-z]+)*/g;
  const text = clause.text;
  let spanIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    while (spanIndex < spans.length && (spans[spanIndex] as [number, number])[1] <= start) spanIndex++;
    const span = spans[spanIndex];
    if (span && start < span[1] && end > span[0]) {
      const last = out[out.length - 1];
      if (last?.mention && last.start === span[0]) {
        last.end = Math.max(last.end, end);
        continue;
      }
      out.push({ w: '\u0000controller', start: span[0], end: Math.max(span[1], end), mention: true, code: true });
      continue;
    }
    out.push({
      w: m[0].toLowerCase().replace(/’/g, "'"),
      start,
      end,
      mention: false,
      code: clause.block.isCodeAt(clause.start + start),
    });
  }
  return out;
}
