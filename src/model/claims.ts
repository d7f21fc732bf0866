import type { ModeRole } from './php-modes.js';
import { words } from '../text/words.js';
import type { Settings } from '../config/settings.js';
import { sentences, type ProseBlock, type Sentence, type TableCell } from '../document/index.js';
import { conditionsOf, type Condition } from './conditions.js';
import { tag, type Token } from './nlp.js';

/**
 * Prose read as claims. A sentence (or a table cell) is tagged by an English tagger (see
 * nlp.ts); each verb becomes a claim — who does what to whom, in which mode — with what
 * the sentence says around it: negated or not, a requirement or a possibility, history
 * ("used to", "before the migration"), a hypothesis ("if we had", "would"), the condition of
 * another claim ("whenever ON mode falls back, …") or asserted under conditions of its own
 * ("… falls back whenever the call throws"), a listing of modes (`{OFF|SHADOW|ON}`), a
 * quotation or a question. Rules ask for claims; only an asserted one can contradict an
 * invariant.
 */

/** What a mention in a sentence stands for. */
export type Entity =
  /** the new service (settings.newServiceName: "the Go service", "Go") */
  | 'new'
  /** the legacy system and its send path ("Laravel", "the legacy driver") */
  | 'legacy'
  /** the legacy side's caller of the new service (the controller, the client class) */
  | 'controller'
  /** a dry run ("dry runs", "dry_run=true", "a shadow call") */
  | 'dryRun'
  | 'provider'
  | 'sandbox'
  /** the new service's result ("the Go result", "the result of the Go call", "the shadow response") */
  | 'result'
  /** the HTTP response and whoever gets it (the caller, the user) */
  | 'response'
  /** "the fallback" as a thing that runs */
  | 'fallback';

export interface Mention {
  entity: Entity;
  /** first and last token */
  first: number;
  last: number;
  /** under a negation: "no provider", "not even its sandbox" */
  negated: boolean;
  /** the preposition it follows: "to", "through", "by", "with", … */
  prep: string | null;
  /** for a dry-run mention, the value written with it: dry_run=false is no dry run */
  value: boolean | null;
}

export interface ModeMention {
  role: ModeRole;
  /** index in the unit's text */
  start: number;
  end: number;
  /** one of several modes listed together: `{OFF|SHADOW|ON}`, "from SHADOW to ON", a `a | b | OFF` line */
  listing: boolean;
  /** "In ON mode", "ON mode", "during SHADOW": sets the mode for the sentences that follow */
  framing: boolean;
}

export type Modality = 'fact' | 'must' | 'may' | 'would';

export interface Claim {
  /** the verb's lemma; "fall back" for the phrasal verb */
  action: string;
  /** token index of the verb */
  at: number;
  /** who does it (for a passive verb: who it is done by, when said) */
  actor: Mention | null;
  /** a passive verb's subject: "the Go service is called" → the Go service */
  patient: Mention | null;
  /** what follows the verb in its clause, each with its preposition */
  objects: Mention[];
  passive: boolean;
  /** the mode the claim is about; null when none is named, or only as a listing */
  mode: ModeRole | null;
  /** the mode came from a listing only: the claim is about no one mode */
  listing: boolean;
  negated: boolean;
  modality: Modality;
  historical: boolean;
  hypothetical: boolean;
  /** the claim is the condition of another ("whenever ON mode falls back, …") */
  isCondition: boolean;
  /** the conditions it is asserted under, from an if/when/whenever clause or "on any error" */
  conditions: Condition[];
  /**
   * Conditions named in what the verb acts on, to the end of its clause: "re-sends any message
   * Go reports as failed" → failed-status. Not understood ones are left out.
   */
  complement: Condition[];
  quoted: boolean;
  question: boolean;
  unit: Unit;
}

/** A sentence of a block or a table cell's text: what claims are read from. */
export interface Unit {
  block: ProseBlock;
  /** index in the block's text */
  start: number;
  text: string;
  tokens: Token[];
}

/** Whether a claim is stated as a fact of the runbook's present design. */
export function asserted(c: Claim): boolean {
  // "may", "can": a possibility is no statement of the design
  return (
    !c.negated && !c.historical && !c.hypothetical && !c.isCondition && !c.quoted && !c.question && c.modality !== 'may'
  );
}

/**
 * Whether the claim's verb is one of these (lemmas, or their stems: "prefer" covers a "preferred" the tagger left
 * unlemmatized).
 */
export function actionIs(c: Claim, actions: readonly string[]): boolean {
  return actions.some((a) => c.action === a || (c.action.startsWith(a) && c.action.length - a.length <= 3));
}

/** The claim's complements that are of these entities and not negated. */
export function positive(
  mentions: readonly Mention[],
  entities: readonly Entity[],
  preps: readonly (string | null)[] | null = null,
): Mention[] {
  return mentions.filter(
    (m) => entities.includes(m.entity) && !m.negated && (preps === null || preps.includes(m.prep)),
  );
}

// --- modes -------------------------------------------------------------------------------

const ROLE_ORDER: readonly ModeRole[] = ['off', 'shadow', 'on'];
const LISTING_GAP =
  /^[\s|/,{}()[\]'"`→>=+\-–—]*(?:(?:or|and|to|then|from|vs\.?|through|via|into)[\s|/,{}()[\]'"`→>=+\-–—]*)?$/i;
const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * The modes a text names, each as the configured word in its own case ("ON" the mode, not
 * "on" the preposition). No pattern is built from a configured name: indexOf and a
 * boundary check, linear in the text.
 */
export function modeMentions(text: string, settings: Settings): ModeMention[] {
  const found: ModeMention[] = [];
  for (const role of ROLE_ORDER) {
    const name = settings.modes[role];
    if (name.length === 0) continue;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const end = at + name.length;
      if (WORD_CHAR.test(text.charAt(at - 1)) || WORD_CHAR.test(text.charAt(end))) continue;
      // "ON DELETE", "ON CONFLICT": an upper-case word after it makes it SQL, not a mode
      const next = /^\s+([A-Z][A-Z_]+)\b/.exec(text.slice(end, end + 40));
      if (next && next[1] !== 'MODE' && !ROLE_ORDER.some((r) => settings.modes[r] === next[1])) continue;
      found.push({ role, start: at, end, listing: false, framing: false });
    }
  }
  found.sort((a, b) => a.start - b.start);
  // a line of cells ("sms.go_send | NULL | OFF") lists values; so do modes side by side
  const pipes = text.split('|').length - 1;
  for (let i = 0; i < found.length; i++) {
    const m = found[i] as ModeMention;
    if (pipes >= 2) m.listing = true;
    const next = found[i + 1];
    if (next && next.start - m.end <= 40 && LISTING_GAP.test(text.slice(m.end, next.start))) {
      m.listing = true;
      next.listing = true;
    }
  }
  // a mode named after a negation ("this never happens in SHADOW mode") frames nothing
  const firstNegation = negationAt(text);
  const negatedBefore = (at: number): boolean => firstNegation < at;
  for (const m of found) {
    const before = text.slice(Math.max(0, m.start - 12), m.start).toLowerCase();
    const after = text.slice(m.end, m.end + 8).toLowerCase();
    m.framing =
      !m.listing &&
      !negatedBefore(m.start) &&
      (/(?:^|\s)(?:in|during|under|for|while in)\s+[`'"*_]*$/.test(before) ||
        /^[`'"*_]*\s+mode/.test(after) ||
        (m.start <= 2 && /^[`'"*_]*\s*[:—–]/.test(after)));
  }
  return found;
}

/**
 * Index of the first negating word of a text ("not", "never", "no", "unless", "-n't"), or Infinity; one linear pass.
 */
function negationAt(text: string): number {
  const NEG = new Set(['not', 'never', 'no', 'nor', 'except', 'unless', 'outside', 'besides']);
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      const w = text.slice(start, i).toLowerCase();
      if (NEG.has(w) || (w.endsWith('n') && text.charAt(i) === "'" && text.charAt(i + 1) === 't')) return start;
      start = -1;
    }
  }
  return Number.POSITIVE_INFINITY;
}

// --- entities ----------------------------------------------------------------------------

const SERVICE_NOUNS = new Set([
  'service',
  'services',
  'handler',
  'handlers',
  'client',
  'side',
  'api',
  'endpoint',
  'endpoints',
  'worker',
  'workers',
  'app',
  'application',
  'backend',
  'server',
  'messaging',
  'microservice',
]);
const RESULT_NOUNS = new Set([
  'result',
  'results',
  'response',
  'responses',
  'answer',
  'answers',
  'outcome',
  'reply',
  'replies',
]);
const PROVIDER_ATTRIBUTES = new Set([
  'message',
  'messages',
  'id',
  'ids',
  'response',
  'responses',
  'name',
  'names',
  'field',
  'column',
  'key',
  'keys',
  'status',
  'error',
  'errors',
  'credential',
  'credentials',
  'config',
  'configuration',
  'result',
  'results',
  'type',
  'adapter',
  'adapters',
  'code',
  'receipt',
  'receipts',
  'callback',
  'callbacks',
  'webhook',
  'webhooks',
  'rate',
  'limit',
  'limits',
  'account',
]);
const CALLER_NOUNS = new Set(['caller', 'callers', 'user', 'users', 'browser', 'frontend', 'ui']);

interface NameMatcher {
  words: string[];
  exact: string | null;
}

function matcher(name: string): NameMatcher {
  const ws = words(name);
  // a name written with capitals is matched in its case: "Go" the service, not "go" the verb
  return { words: ws, exact: ws.length === 1 && /[A-Z]/.test(name) ? name : null };
}

/** Token count of the name at i, or 0. */
function nameAt(tokens: readonly Token[], i: number, m: NameMatcher): number {
  if (m.words.length === 0) return 0;
  const t = tokens[i] as Token;
  if (m.exact !== null) return t.value === m.exact ? 1 : 0;
  let k = 0;
  let j = i;
  while (j < tokens.length && k < m.words.length) {
    const tw = words((tokens[j] as Token).value);
    if (tw.length === 0 && ['-', '_', '.'].includes((tokens[j] as Token).value) && k > 0) {
      j++;
      continue;
    }
    for (const w of tw) {
      if (w !== m.words[k]) return 0;
      k++;
    }
    j++;
  }
  return k === m.words.length ? j - i : 0;
}

const memoMentions = new WeakMap<Token[], Map<string, Mention[]>>();

/** The entities a tagged text mentions, in order (kept per token list and per configured names). */
export function entityMentions(tokens: Token[], settings: Settings): Mention[] {
  const key = `${settings.newServiceName}\u0000${settings.legacyName}\u0000${settings.clientClass}`;
  let byNames = memoMentions.get(tokens);
  if (!byNames) {
    byNames = new Map();
    memoMentions.set(tokens, byNames);
  }
  const cached = byNames.get(key);
  if (cached) return cached;
  const out: Mention[] = [];
  const newName = matcher(settings.newServiceName);
  const legacyName = matcher(settings.legacyName);
  const push = (entity: Entity, first: number, last: number, value: boolean | null = null): void => {
    let negated = false;
    for (let k = first; k <= last; k++) if ((tokens[k] as Token).negated) negated = true;
    out.push({ entity, first, last, negated, prep: prepositionBefore(tokens, first), value });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const next = tokens[i + 1];
    let n = nameAt(tokens, i, newName);
    // "Go to Step 3", "Go back": the verb at the start of an instruction
    if (n > 0 && i === 0 && next && (next.pos === 'ADP' || next.pos === 'ADV' || next.pos === 'PART')) n = 0;
    if (n > 0) {
      let last = i + n - 1;
      while (tokens[last + 1] && SERVICE_NOUNS.has((tokens[last + 1] as Token).lower)) last++;
      // "the Go call", "a Go request" — but "the Go service call the provider" has the verb
      const call = tokens[last + 1];
      if (
        call &&
        last === i + n - 1 &&
        ['call', 'request'].includes(call.lower) &&
        !['DET', 'PRON', 'PROPN'].includes(tokens[last + 2]?.pos ?? 'X')
      )
        last++;
      let k = last + 1;
      const possessive = tokens[k]?.value === "'s" || tokens[k]?.value === '’s';
      if (possessive) k++;
      if (tokens[k] && RESULT_NOUNS.has((tokens[k] as Token).lower)) {
        push('result', i, k);
        i = k;
        continue;
      }
      // "the Go service's metrics endpoint", "Go's logs": a thing of the service's, not the service
      if (
        possessive &&
        tokens[k] &&
        ['NOUN', 'PROPN', 'ADJ'].includes((tokens[k] as Token).pos) &&
        !SERVICE_NOUNS.has((tokens[k] as Token).lower) &&
        !['send', 'batch', 'handler'].includes((tokens[k] as Token).lower)
      ) {
        i = k - 1;
        continue;
      }
      push('new', i, last);
      i = last;
      continue;
    }
    const l = nameAt(tokens, i, legacyName);
    if (l > 0 || (t.lower === 'legacy' && next && (next.pos === 'NOUN' || next.pos === 'PROPN'))) {
      let last = l > 0 ? i + l - 1 : i + 1;
      while (
        tokens[last + 1] &&
        (tokens[last + 1] as Token).pos === 'NOUN' &&
        [
          'legacy',
          'driver',
          'path',
          'send',
          'sender',
          'gateway',
          'stack',
          'system',
          'code',
          'side',
          'fallback',
        ].includes((tokens[last + 1] as Token).lower)
      )
        last++;
      push('legacy', i, last);
      i = last;
      continue;
    }
    if (
      t.lower === 'controller' ||
      t.value === settings.clientClass ||
      (/Controller$/.test(t.value) && t.value.length > 10)
    ) {
      push('controller', i, i);
      continue;
    }
    // dry run, dry-run, dry_run, DryRun, dryRun, "a shadow call"
    const dry = dryRunAt(tokens, i);
    if (dry > 0) {
      const last = i + dry - 1;
      push('dryRun', i, last, valueAfter(tokens, last));
      i = last;
      continue;
    }
    if (
      t.lower === 'shadow' &&
      next &&
      ['call', 'calls', 'request', 'requests', 'send', 'sends', 'batch', 'batches'].includes(next.lower)
    ) {
      push('dryRun', i, i + 1);
      i++;
      continue;
    }
    if (t.lemma === 'provider' || t.lower === 'providers') {
      let k = i + 1;
      if (tokens[k]?.value === "'s" || tokens[k]?.value === '’s') k++;
      if (tokens[k]?.lemma === 'sandbox') {
        push('sandbox', i, k);
        i = k;
        continue;
      }
      if (next && PROVIDER_ATTRIBUTES.has(next.lower)) continue;
      push('provider', i, i);
      continue;
    }
    if (t.lemma === 'sandbox' || t.lower === 'sandboxes') {
      push('sandbox', i, i);
      continue;
    }
    if (RESULT_NOUNS.has(t.lower)) {
      // "the shadow result", "the result of the Go call"
      if (tokens[i - 1]?.lower === 'shadow') {
        push('result', i - 1, i);
        continue;
      }
      const of = tokens[i + 1];
      let owner = -1;
      if (of && (of.lower === 'of' || of.lower === 'from')) {
        for (let k = i + 2; k < Math.min(tokens.length, i + 5) && owner < 0; k++) {
          const n = nameAt(tokens, k, newName);
          if (n > 0) owner = k + n - 1;
        }
      }
      if (owner >= 0) {
        while (tokens[owner + 1] && SERVICE_NOUNS.has((tokens[owner + 1] as Token).lower)) owner++;
        push('result', i, owner);
        i = owner;
        continue;
      }
      if (t.lemma === 'response' || t.lower === 'response') push('response', i, i);
      continue;
    }
    // "the HTTP status", "the status code" the caller gets
    if (
      (t.lower === 'status' && tokens[i - 1]?.lower === 'http') ||
      (t.lower === 'code' && tokens[i - 1]?.lower === 'status')
    ) {
      push('response', i, i);
      continue;
    }
    if (CALLER_NOUNS.has(t.lower)) {
      push('response', i, i);
      continue;
    }
    if (t.lower === 'fallback' && t.pos !== 'ADJ') push('fallback', i, i);
  }
  byNames.set(key, out);
  return out;
}

function dryRunAt(tokens: readonly Token[], i: number): number {
  const t = tokens[i] as Token;
  const tw = words(t.value);
  if (tw.length === 2 && tw[0] === 'dry' && tw[1] === 'run') return 1;
  if (t.lower === 'dryrun' || t.lower === 'isdryrun') return 1;
  if (t.lower !== 'dry') return 0;
  let k = i + 1;
  if (tokens[k] && ['-', '_', '‐'].includes((tokens[k] as Token).value)) k++;
  const run = tokens[k];
  return run && ['run', 'runs', 'running'].includes(run.lower) ? k - i + 1 : 0;
}

/** `dry_run=true`, "dry_run: false", "dry_run set to true". */
function valueAfter(tokens: readonly Token[], last: number): boolean | null {
  for (let k = last + 1; k < Math.min(tokens.length, last + 5); k++) {
    const w = (tokens[k] as Token).lower;
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (!['=', ':', '==', 'is', 'set', 'to', '`', "'", '"', 'as'].includes(w)) break;
  }
  return null;
}

function prepositionBefore(tokens: readonly Token[], first: number): string | null {
  for (let k = first - 1; k >= 0 && k >= first - 4; k--) {
    const t = tokens[k] as Token;
    if (t.pos === 'ADP') return t.lower;
    if (t.pos === 'SCONJ' && t.lower === 'than') return t.lower;
    if (!['DET', 'ADJ', 'PRON', 'NUM', 'PART'].includes(t.pos) && t.value !== "'s" && t.value !== '’s') return null;
  }
  return null;
}

// --- clauses -----------------------------------------------------------------------------

const CLAUSE_PUNCT = new Set([',', ';', ':', '—', '–', '(', ')', '[', ']']);
const CONDITION_WORDS = new Set(['if', 'when', 'whenever', 'unless', 'once', 'until', 'after', 'before', 'provided']);
const NEGATIVE_SUBJECTS = new Set(['nothing', 'nobody', 'none', 'neither', 'noone']);
const HISTORY_ADVERBS = new Set(['previously', 'formerly', 'originally', 'historically', 'earlier']);
const HISTORY_EVENTS = new Set(['migration', 'cutover', 'rollout', 'switch', 'change', 'fix', 'refactor', 'rewrite']);

interface Span {
  from: number;
  to: number;
  /** the word that opens it: "if", "unless", "on" */
  by: string;
}

function clauseIds(tokens: readonly Token[]): number[] {
  const ids: number[] = [];
  let id = 0;
  for (const t of tokens) {
    if (CLAUSE_PUNCT.has(t.value) || t.pos === 'SCONJ' || t.pos === 'CCONJ' || CONDITION_WORDS.has(t.lower)) id++;
    ids.push(id);
  }
  return ids;
}

/** if / when / whenever / unless … clauses: from the word to the next comma, semicolon or colon. */
function conditionSpans(tokens: readonly Token[]): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (!CONDITION_WORDS.has(t.lower) || !['SCONJ', 'ADV', 'ADP'].includes(t.pos)) continue;
    // "before the migration" is a time, "after Step 9" too: a clause needs a verb
    let j = i + 1;
    let verb = false;
    while (j < tokens.length && ![',', ';', ':', '—', '–'].includes((tokens[j] as Token).value)) {
      if (['VERB', 'AUX'].includes((tokens[j] as Token).pos)) verb = true;
      j++;
    }
    if (verb || t.lower === 'if' || t.lower === 'unless' || t.lower === 'whenever')
      out.push({ from: i, to: j - 1, by: t.lower });
    i = j - 1;
  }
  return out;
}

function inSpans(spans: readonly Span[], i: number): Span | null {
  return spans.find((s) => i >= s.from && i <= s.to) ?? null;
}

// --- verbs -------------------------------------------------------------------------------

const AUX_LIKE = new Set(['AUX', 'PART', 'ADV']);

function isVerb(tokens: readonly Token[], i: number, inMention: (k: number) => boolean = () => false): boolean {
  const t = tokens[i] as Token;
  if (t.pos === 'VERB') return !(t.lemma === 'use' && tokens[i + 1]?.lower === 'to' && tokens[i + 2]?.pos === 'VERB');
  // a third-person verb the tagger read as a plural noun or an adverb: "the dry run records
  // the message", "the Go handler still contacts the provider", "which it forwards to …"
  if ((t.pos === 'NOUN' || t.pos === 'ADV') && t.lower.endsWith('s') && t.lower.length > 3) {
    let p = i - 1;
    while (p >= 0 && (tokens[p] as Token).pos === 'ADV') p--;
    const prev = tokens[p];
    const next = tokens[i + 1];
    const subjectBefore =
      !!prev &&
      (['NOUN', 'PROPN'].includes(prev.pos) ||
        inMention(p) ||
        (prev.pos === 'PRON' && ['it', 'they', 'he', 'she', 'which', 'that', 'who'].includes(prev.lower)));
    return (
      subjectBefore &&
      !!next &&
      (['DET', 'PRON', 'PROPN', 'ADP'].includes(next.pos) || (next.pos === 'NOUN' && inMention(p))) &&
      (t.pos === 'NOUN' ? t.lemma !== t.lower || prev?.pos !== 'NOUN' || inMention(p) : true)
    );
  }
  // a passive participle the tagger read as an adjective: "the Go result is preferred for …"
  if (t.pos === 'ADJ' && t.lower.endsWith('ed')) {
    let p = i - 1;
    while (p >= 0 && ['ADV', 'PART'].includes((tokens[p] as Token).pos)) p--;
    return (tokens[p] as Token | undefined)?.pos === 'AUX' && ['be', 'get'].includes((tokens[p] as Token).lemma);
  }
  return false;
}

/**
 * The verb's lemma, also where the tagger gave none: "re-sends" → "resend", "forwards" (read as an adverb) → "forward".
 */
function verbLemma(t: Token): string {
  let lemma = t.lemma;
  if (t.pos !== 'VERB' && lemma === t.lower && lemma.endsWith('s'))
    lemma =
      lemma.endsWith('sses') || lemma.endsWith('shes') || lemma.endsWith('ches')
        ? lemma.slice(0, -2)
        : lemma.slice(0, -1);
  return lemma.replace(/-/g, '');
}

function participle(t: Token): boolean {
  return (
    t.lower.endsWith('ed') ||
    t.lower.endsWith('en') ||
    (t.lower !== t.lemma && !t.lower.endsWith('s') && !t.lower.endsWith('ing'))
  );
}

function pastForm(t: Token): boolean {
  return t.lower !== t.lemma && !t.lower.endsWith('s') && !t.lower.endsWith('ing');
}

/**
 * The claims of a tagged unit. `context` is the mode the sentences before it set; `subject`
 * stands in for a missing subject (a glossary cell "calls the provider's sandbox" under the
 * term "Dry run").
 */
export function claimsOf(
  unit: Unit,
  settings: Settings,
  opts: { context?: ModeRole | null; subject?: Entity } = {},
): Claim[] {
  const { tokens } = unit;
  const mentions = entityMentions(tokens, settings);
  const clause = clauseIds(tokens);
  const spans = conditionSpans(tokens);
  const modes = tokenModes(unit, settings, spans);
  const question = unit.text.trimEnd().endsWith('?');
  const quoted = quotedTokens(tokens);
  const historyAt = historyMarkers(tokens);
  const hypotheticalSentence =
    spans.some(
      (s) => s.by === 'if' && tokens.slice(s.from, s.to + 1).some((t) => t.lower === 'had' || t.lower === 'were'),
    ) || ['suppose', 'imagine', 'hypothetically'].includes(tokens[0]?.lower ?? '');
  const inMention = (i: number): boolean => mentions.some((m) => i >= m.first && i <= m.last);
  const out: Claim[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (inMention(i) || !isVerb(tokens, i, inMention)) continue;
    const v = tokens[i] as Token;
    // "…, calls to the Go service are disabled": a third-person form opening its clause is a noun
    if (
      v.lower.endsWith('s') &&
      v.lower !== v.lemma &&
      opensClause(tokens, clause, i) &&
      (tokens[clauseStart(clause, i)] as Token).pos !== 'CCONJ' &&
      laterPredicate(tokens, i, inMention)
    )
      continue;
    let action = verbLemma(v);
    if (tokens[i + 1]?.lower === 'back' && v.lemma === 'fall') action = 'fall back';
    // the verb group: "should never be called", "does not call", "used to call"
    let g = i - 1;
    const group: Token[] = [];
    while (
      g >= 0 &&
      AUX_LIKE.has((tokens[g] as Token).pos) &&
      i - g <= 5 &&
      !CONDITION_WORDS.has((tokens[g] as Token).lower)
    ) {
      group.unshift(tokens[g] as Token);
      g--;
    }
    const usedTo = tokens[i - 1]?.lower === 'to' && tokens[i - 2]?.lemma === 'use' && tokens[i - 2]?.lower === 'used';
    const auxes = group.filter((t) => t.pos === 'AUX');
    const passive =
      auxes.some((t) => t.lemma === 'be' || t.lemma === 'get') && participle(v) && !v.lower.endsWith('ing');
    let modality: Modality = 'fact';
    for (const a of auxes) {
      if (['would', 'could', 'might'].includes(a.lower)) modality = 'would';
      else if (['must', 'shall', 'should'].includes(a.lower)) modality = 'must';
      else if (['may', 'can'].includes(a.lower) && modality === 'fact') modality = 'may';
    }
    // "stops receiving traffic", "avoids calling the provider"
    const stopped =
      v.lower.endsWith('ing') &&
      ['stop', 'cease', 'quit', 'avoid', 'skip', 'prevent', 'forbid'].includes(tokens[i - 1]?.lemma ?? '');
    const negated =
      stopped ||
      v.negated ||
      group.some((t) => t.lower === 'not' || t.lower === "n't" || t.lower === 'never') ||
      negativeSubject(tokens, clause, i) ||
      negativeObject(tokens, i) ||
      insteadOf(tokens, g);

    // subject and objects, within the verb's clause
    const before = mentions.filter(
      (m) => m.last < i && clause[m.last] === clause[i] && (m.prep === null || m.prep === 'of'),
    );
    const infinitive = tokens[i - 1]?.lower === 'to' && tokens[i - 1]?.pos === 'PART' && !usedTo;
    let subject: Mention | null = infinitive ? null : (before[before.length - 1] ?? null);
    // "…, which it forwards to …": a pronoun subject is the subject of the claim before it
    const pronoun = !subject && !infinitive && pronounBefore(tokens, clause, i);
    if (infinitive || pronoun) {
      const prev = out[out.length - 1];
      subject = prev ? (prev.passive ? prev.patient : prev.actor) : null;
    } else if (!subject && (tokens[clauseStart(clause, i)] as Token | undefined)?.pos === 'CCONJ') {
      const prev = out[out.length - 1];
      subject = prev ? (prev.passive ? prev.patient : prev.actor) : null;
    }
    const implicit: Mention | null =
      !subject && opts.subject
        ? { entity: opts.subject, first: -1, last: -1, negated: false, prep: null, value: null }
        : null;
    const nextVerb = nextVerbIndex(tokens, mentions, i);
    const after = mentions.filter(
      (m) =>
        m.first > i && m.first < nextVerb && sameStretch(tokens, i, m.first) && !subjectOfNext(tokens, m, inMention),
    );
    // a participle opening a cell or clause with its subject left out: "sent to the provider sandbox …"
    const bareParticiple =
      auxes.length === 0 &&
      !subject &&
      opts.subject !== undefined &&
      participle(v) &&
      !v.lower.endsWith('ing') &&
      opensClause(tokens, clause, i);
    const reduced = auxes.length === 0 && (reducedPassive(tokens, mentions, i, clause) || bareParticiple);
    const isPassive = passive || reduced;
    const past =
      usedTo ||
      auxes.some((a) => ['was', 'were', 'had', 'did'].includes(a.lower)) ||
      (auxes.length === 0 && pastForm(v) && !isPassive);
    const agent = isPassive ? (after.find((m) => m.prep === 'by') ?? null) : null;
    const objects = after.filter((m) => m !== agent);
    const { role, listing } = modeFor(modes, clause, i, opts.context ?? null, tokens);
    const span = inSpans(spans, i);
    const conditions: Condition[] = [];
    for (const s of spans) {
      if (s === span) continue;
      for (const c of conditionsOf(tokens.slice(s.from + 1, s.to + 1))) if (!conditions.includes(c)) conditions.push(c);
    }
    for (const c of prepositionalConditions(tokens, i)) if (!conditions.includes(c)) conditions.push(c);
    let end = i + 1;
    while (
      end < tokens.length &&
      ![';', ':', '.', '—', '–'].includes((tokens[end] as Token).value) &&
      (tokens[end] as Token).pos !== 'SCONJ' &&
      !CONDITION_WORDS.has((tokens[end] as Token).lower)
    )
      end++;
    const complement = conditionsOf(tokens.slice(i + 1, end)).filter((c) => c !== 'other');
    out.push({
      action,
      at: i,
      actor: isPassive ? agent : (subject ?? implicit),
      patient: isPassive ? (subject ?? implicit) : null,
      objects,
      passive: isPassive,
      mode: role,
      listing,
      negated,
      modality,
      historical: past || historyAt.some((h) => h.from <= i && i <= h.to),
      hypothetical: modality === 'would' || hypotheticalSentence,
      isCondition: span !== null,
      conditions,
      complement,
      quoted: quoted.has(i),
      question,
      unit,
    });
  }
  return out;
}

/** Only punctuation, determiners or adjectives before the token in its clause. */
function opensClause(tokens: readonly Token[], clause: readonly number[], i: number): boolean {
  for (let k = clauseStart(clause, i); k < i; k++)
    if (!['PUNCT', 'DET', 'ADJ', 'SCONJ', 'CCONJ'].includes((tokens[k] as Token).pos)) return false;
  return true;
}

/**
 * A verb or auxiliary after the token, before the sentence's next semicolon: the predicate a noun phrase is the subject
 * of.
 */
function laterPredicate(tokens: readonly Token[], i: number, inMention: (k: number) => boolean): boolean {
  for (let k = i + 1; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if ([';', ':', '.'].includes(t.value) || t.pos === 'CCONJ' || t.pos === 'SCONJ') return false;
    if (t.pos === 'AUX' || (isVerb(tokens, k, inMention) && !inMention(k))) return true;
  }
  return false;
}

/**
 * "Laravel sends every message and the Go service is never called": a mention followed by its own verb is that verb's
 * subject.
 */
function subjectOfNext(tokens: readonly Token[], m: Mention, inMention: (k: number) => boolean): boolean {
  let k = m.last + 1;
  while (tokens[k] && ((tokens[k] as Token).pos === 'ADV' || (tokens[k] as Token).lower === 'not')) k++;
  const t = tokens[k];
  return !!t && (t.pos === 'AUX' || (isVerb(tokens, k, inMention) && t.lower.endsWith('s') && !t.lower.endsWith('ss')));
}

function clauseStart(clause: readonly number[], i: number): number {
  let k = i;
  while (k > 0 && clause[k - 1] === clause[i]) k--;
  return k;
}

/**
 * Whether a mention after the verb is still its complement: only list commas, brackets and
 * "and"/"or" between them ("calls the provider (not even its sandbox)", "the provider or its
 * sandbox"), no new clause ("so that …", "; …", "when …").
 */
function sameStretch(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) {
    const t = tokens[k] as Token;
    if ([';', ':', '—', '–'].includes(t.value) || t.pos === 'SCONJ' || CONDITION_WORDS.has(t.lower)) return false;
    if (t.pos === 'CCONJ' && t.lower === 'but') return false;
  }
  return true;
}

/** Where the verb's complement ends: the next verb (not a participle describing a noun) or a semicolon. */
function nextVerbIndex(tokens: readonly Token[], mentions: readonly Mention[], i: number): number {
  for (let k = i + 1; k < tokens.length; k++) {
    if (isVerb(tokens, k) && !mentions.some((m) => k >= m.first && k <= m.last) && !participleIsAdjective(tokens, k))
      return k;
    if ([';', ':', '.'].includes((tokens[k] as Token).value)) return k;
  }
  return tokens.length;
}

/** "the provider sandbox accounts used for tests": a participle after a noun describes it. */
function participleIsAdjective(tokens: readonly Token[], k: number): boolean {
  const prev = tokens[k - 1];
  return (
    !!prev &&
    ['NOUN', 'PROPN'].includes(prev.pos) &&
    participle(tokens[k] as Token) &&
    !(tokens[k] as Token).lower.endsWith('s')
  );
}

/**
 * "the sandbox not used", "provider never called": a noun, then a participle with no auxiliary and nothing after it.
 */
function reducedPassive(
  tokens: readonly Token[],
  mentions: readonly Mention[],
  i: number,
  clause: readonly number[],
): boolean {
  const v = tokens[i] as Token;
  if (!participle(v) || v.lower.endsWith('ing')) return false;
  let k = i - 1;
  while (k >= 0 && ((tokens[k] as Token).lower === 'not' || (tokens[k] as Token).lower === 'never')) k--;
  const m = mentions.find((x) => x.last === k);
  if (!m) return false;
  return !mentions.some((x) => x.first > i && clause[x.first] === clause[i] && x.prep === null);
}

function negativeSubject(tokens: readonly Token[], clause: readonly number[], i: number): boolean {
  for (let k = clauseStart(clause, i); k < i; k++)
    if (
      NEGATIVE_SUBJECTS.has((tokens[k] as Token).lower) ||
      ((tokens[k] as Token).lower === 'no' && (tokens[k + 1] as Token | undefined)?.lower === 'one')
    )
      return true;
  return false;
}

function pronounBefore(tokens: readonly Token[], clause: readonly number[], i: number): boolean {
  for (let k = i - 1; k >= 0 && clause[k] === clause[i]; k--) {
    const t = tokens[k] as Token;
    if (t.pos === 'PRON' && ['it', 'they', 'he', 'she'].includes(t.lower)) return true;
  }
  return false;
}

/** "sends nothing", "calls none of them" */
function negativeObject(tokens: readonly Token[], i: number): boolean {
  let k = i + 1;
  if (tokens[k]?.lower === 'back') k++;
  while (tokens[k] && (tokens[k] as Token).pos === 'ADV') k++;
  return NEGATIVE_SUBJECTS.has(tokens[k]?.lower ?? '') || tokens[k]?.lower === 'no';
}

/** "instead of calling the provider", "rather than reach the sandbox" */
function insteadOf(tokens: readonly Token[], g: number): boolean {
  const a = tokens[g];
  const b = tokens[g - 1];
  return (a?.lower === 'of' && b?.lower === 'instead') || (a?.lower === 'than' && b?.lower === 'rather');
}

/** "on any error", "on timeout, transport failure or open circuit", "for any exception" after the verb. */
function prepositionalConditions(tokens: readonly Token[], i: number): Condition[] {
  const out: Condition[] = [];
  for (let k = i + 1; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if ([';', ':', '.'].includes(t.value)) break;
    if (t.pos === 'SCONJ' || CONDITION_WORDS.has(t.lower)) break;
    if (t.pos !== 'ADP' || !['on', 'upon', 'for', 'after', 'in'].includes(t.lower)) continue;
    let j = k + 1;
    if (t.lower === 'in' && tokens[j]?.lower === 'case') j += tokens[j + 1]?.lower === 'of' ? 2 : 1;
    else if (t.lower === 'in') continue;
    const start = j;
    while (j < tokens.length) {
      const u = tokens[j] as Token;
      if (
        [';', ':', '.', '—', '–'].includes(u.value) ||
        u.pos === 'SCONJ' ||
        CONDITION_WORDS.has(u.lower) ||
        (isVerb(tokens, j) && !participle(u))
      )
        break;
      if (u.value === ',' && !['NOUN', 'ADJ', 'NUM', 'CCONJ', 'PROPN'].includes(tokens[j + 1]?.pos ?? 'X')) break;
      j++;
    }
    const found = conditionsOf(tokens.slice(start, j)).filter((c) => c !== 'other');
    for (const c of found) if (!out.includes(c)) out.push(c);
    k = j - 1;
  }
  return out;
}

interface TokenMode {
  role: ModeRole;
  token: number;
  listing: boolean;
  excluded: boolean;
}

function tokenModes(unit: Unit, settings: Settings, spans: readonly Span[]): TokenMode[] {
  const out: TokenMode[] = [];
  for (const m of modeMentions(unit.text, settings)) {
    const token = unit.tokens.findIndex((t) => t.start <= m.start && m.start < t.end);
    if (token < 0) continue;
    const t = unit.tokens[token] as Token;
    const span = inSpans(spans, token);
    const lead = unit.tokens.slice(Math.max(0, token - 3), token).map((x) => x.lower);
    const excluded =
      t.negated ||
      span?.by === 'unless' ||
      lead.includes('except') ||
      lead.includes('outside') ||
      lead.includes('besides') ||
      (lead.includes('than') && lead.includes('other'));
    out.push({ role: m.role, token, listing: m.listing, excluded });
  }
  return out;
}

/**
 * The mode a verb's claim is about: the last mode named in its own clause, else the nearest
 * one named in the sentence, else the paragraph's. A sentence that names modes only as a
 * listing, or only to exclude them ("unless the flag is OFF"), is about no one mode.
 */
function modeFor(
  modes: readonly TokenMode[],
  clause: readonly number[],
  i: number,
  context: ModeRole | null,
  tokens: readonly Token[],
): { role: ModeRole | null; listing: boolean } {
  if (modes.length === 0) return { role: context, listing: false };
  const usable = modes.filter((m) => !m.listing && !m.excluded);
  if (usable.length === 0) return { role: null, listing: modes.some((m) => m.listing) };
  const same = usable.filter((m) => clause[m.token] === clause[i]);
  if (same.length > 0) return { role: (same[same.length - 1] as TokenMode).role, listing: false };
  const before = usable.filter((m) => m.token < i);
  if (before.length > 0) return { role: (before[before.length - 1] as TokenMode).role, listing: false };
  // a mode named later in a clause of purpose or supposition ("…, so that the report shows what
  // ON would cost") is not the mode of the claim; one in its condition ("… when the flag is ON") is
  const later = usable.filter((m) => !subordinateBetween(tokens, i, m.token));
  if (later.length > 0) return { role: (later[0] as TokenMode).role, listing: false };
  return { role: context, listing: false };
}

/** "so that", "in order to", "would": a clause of purpose or supposition between the verb and the mode. */
function subordinateBetween(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from + 1; k < to; k++) {
    const t = tokens[k] as Token;
    const next = tokens[k + 1]?.lower;
    if (['would', 'could', 'might'].includes(t.lower)) return true;
    if ((t.lower === 'so' && next === 'that') || (t.lower === 'in' && next === 'order')) return true;
  }
  return false;
}

function quotedTokens(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  let open = -1;
  tokens.forEach((t, i) => {
    const straight = t.value === '"';
    if (t.value === '“' || t.value === '«' || (straight && open < 0)) open = i;
    else if ((t.value === '”' || t.value === '»' || straight) && open >= 0) {
      for (let k = open + 1; k < i; k++) out.add(k);
      open = -1;
    }
  });
  return out;
}

/**
 * Stretches of a sentence told as history, up to a "now": all of it after "previously",
 * "formerly", "in the past" or "used to"; after "Before the migration, …" or "Until the
 * cutover, …" when the sentence opens with it (later in a sentence, "before cutover" is the
 * time of something else: "… can be compared before cutover").
 */
function historyMarkers(tokens: readonly Token[]): { from: number; to: number }[] {
  let mark = -1;
  tokens.forEach((t, i) => {
    if (mark >= 0) return;
    if (HISTORY_ADVERBS.has(t.lower)) mark = i;
    else if (t.lower === 'past' && tokens[i - 1]?.lower === 'the' && tokens[i - 2]?.lower === 'in') mark = i;
    else if ((t.lower === 'before' || t.lower === 'until') && i <= 1) {
      for (let k = i + 1; k < Math.min(tokens.length, i + 4); k++)
        if (HISTORY_EVENTS.has((tokens[k] as Token).lemma)) mark = i;
    }
  });
  if (mark < 0) return [];
  const now = tokens.findIndex((t, i) => i > mark && ['now', 'today', 'currently', 'henceforth'].includes(t.lower));
  return [{ from: 0, to: now < 0 ? tokens.length - 1 : now - 1 }];
}

// --- units -------------------------------------------------------------------------------

function unitOf(block: ProseBlock, start: number, text: string): Unit | null {
  const tokens = tag(text);
  return tokens ? { block, start, text, tokens } : null;
}

export interface SentenceClaims {
  sentence: Sentence;
  claims: Claim[];
}

const TEMPORAL_SHIFT = new Set(['after', 'afterwards', 'later', 'then', 'next', 'finally', 'eventually']);

/**
 * The claims of a block's sentences, each sentence told the mode the paragraph is in (the
 * last mode a sentence before it framed: "In SHADOW mode both paths run. The Go result is …").
 * Only sentences `wanted` by the rule — a cheap test on their words — are tagged, so a
 * runbook whose prose never talks about the subject never loads the tagger.
 */
export function blockClaims(
  block: ProseBlock,
  settings: Settings,
  wanted: (words: string[], modes: { named: ModeMention[]; context: ModeRole | null }) => boolean,
): SentenceClaims[] {
  const out: SentenceClaims[] = [];
  let context: ModeRole | null = null;
  for (const sentence of sentences(block)) {
    const modes = modeMentions(sentence.text, settings);
    const ws = words(sentence.text);
    if (TEMPORAL_SHIFT.has(ws[0] ?? '')) context = null;
    if (wanted(ws, { named: modes, context })) {
      const unit = unitOf(block, sentence.start, sentence.text);
      if (unit) out.push({ sentence, claims: claimsOf(unit, settings, { context }) });
    }
    const framing = modes.filter((m) => m.framing);
    if (framing.length > 0) context = (framing[framing.length - 1] as ModeMention).role;
    else if (modes.length > 0 && modes.every((m) => m.listing)) context = null;
  }
  return out;
}

/** The claims of a table cell, with a subject standing in for the one a cell leaves out. */
export function cellClaims(
  cell: TableCell,
  settings: Settings,
  opts: { subject?: Entity; context?: ModeRole | null } = {},
): Claim[] | null {
  const raw = cell.text;
  const lead = raw.length - raw.trimStart().length;
  const unit = unitOf(cell.prose, lead, raw.trim());
  return unit ? claimsOf(unit, settings, opts) : null;
}

/** The tagged tokens and mentions of a cell, for cells without a verb ("provider sandbox"). */
export function cellMentions(cell: TableCell, settings: Settings): Mention[] | null {
  const tokens = tag(cell.text.trim());
  return tokens ? entityMentions(tokens, settings) : null;
}
