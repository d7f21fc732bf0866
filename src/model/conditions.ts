import { findTerm, words } from '../text/words.js';
import type { Token } from './nlp.js';

/**
 * What a fallback (or any action) is made conditional on, read from the words of a cell or of
 * a condition clause: "only on timeout / transport / breaker OPEN" → timeout, transport,
 * breaker-open; "whenever the Go call throws" → any-failure.
 */
export type Condition =
  /** the call took longer than the budget */
  | 'timeout'
  /** the connection failed: refused, reset, DNS, TLS, network */
  | 'transport'
  /** the circuit breaker is open */
  | 'breaker-open'
  /** the new service is down or unreachable as a whole */
  | 'unavailable'
  /** an error raised before the new service accepted the batch */
  | 'pre-acceptance'
  /** "when ON mode falls back": the fallback itself, whatever it is allowed on */
  | 'fallback'
  /** any error, any exception, whenever the call throws */
  | 'any-failure'
  /** an HTTP error answer: 5xx, 4xx, non-2xx */
  | 'error-response'
  /** the new service answered with a failed or rejected status */
  | 'failed-status'
  /** "on failure", "if the call fails": not said which failures */
  | 'failure'
  | 'other';

/** Conditions that certainly include failures after acceptance. */
export const BROAD_FAILURE: ReadonlySet<Condition> = new Set(['any-failure', 'error-response', 'failed-status']);

const SEPARATOR_VALUES = new Set([',', ';', '/', '|', '+', '&', '(', ')', '[', ']']);

/** A list of conditions cut where the writer lists them: commas, slashes, "or", "and". */
export function conditionsOf(tokens: readonly Token[]): Condition[] {
  const out: Condition[] = [];
  let segment: Token[] = [];
  const flush = (): void => {
    const c = classifySegment(segment);
    if (c && !out.includes(c)) out.push(c);
    segment = [];
  };
  for (const t of tokens) {
    if (SEPARATOR_VALUES.has(t.value) || t.pos === 'CCONJ') flush();
    else segment.push(t);
  }
  flush();
  return out;
}

/**
 * One listed condition. A segment whose words are all under a negation ("not on other
 * errors") names what is excluded, not a condition: it yields nothing. Specific causes win
 * over the generic word beside them: "transport failure", "connection error" and "timeout
 * exception" are transport, transport and timeout.
 */
function classifySegment(segment: readonly Token[]): Condition | null {
  const content = segment.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'SYM');
  if (content.length === 0) return null;
  if (
    content.some((t) => t.lower === 'not' || t.lower === 'never' || t.lower === 'except' || t.lower === 'excluding') ||
    content.every((t) => t.negated)
  )
    return null;
  const ws = words(content.map((t) => t.value).join(' '));
  if (ws.length === 0) return null;
  const has = (term: string): boolean => findTerm(ws, term) >= 0;
  if (has('before') && (has('accept*') || has('acknowledg*'))) return 'pre-acceptance';
  if (
    has('timeout*') ||
    has('time out') ||
    has('times out') ||
    has('timed out') ||
    has('deadline*') ||
    has('too slow') ||
    has('slower than') ||
    has('latency') ||
    isDuration(ws)
  )
    return 'timeout';
  if (
    has('transport*') ||
    has('connect*') ||
    has('network*') ||
    has('dns') ||
    has('tcp') ||
    has('tls') ||
    has('socket*') ||
    has('unreachable') ||
    has('refused')
  )
    return 'transport';
  if (has('breaker*') || has('circuit*')) return has('closed') || has('close') ? 'other' : 'breaker-open';
  if (
    has('unavailable') ||
    has('down') ||
    has('outage') ||
    has('offline') ||
    (has('503') &&
      (has('http') || has('status*') || has('error*') || has('response*') || has('return*') || has('answer*')))
  )
    return 'unavailable';
  if (has('fall* back') || has('fallback*')) return 'fallback';
  if (
    has('reject*') ||
    (has('fail*') && (has('status*') || has('report*') || has('answer*') || has('return*') || has('mark*')))
  )
    return 'failed-status';
  if (
    has('5xx') ||
    has('4xx') ||
    has('5 xx') ||
    has('4 xx') ||
    has('non 2 xx') ||
    has('non 2xx') ||
    has('error response*') ||
    has('error code*') ||
    has('http error*') ||
    has('error status*')
  )
    return 'error-response';
  if (has('exception*') || has('throw*') || has('throwable') || has('error*')) return 'any-failure';
  if (has('fail*'))
    return ['any', 'every', 'all', 'whatever', 'whenever'].some((q) => ws.includes(q)) ? 'any-failure' : 'failure';
  if (['any', 'every', 'whatever'].some((q) => ws.includes(q)) && (has('problem*') || has('issue*')))
    return 'any-failure';
  return 'other';
}

/** "> 500 ms", "2 s": a latency bound, which is the timeout written as a number. */
function isDuration(ws: readonly string[]): boolean {
  return ws.some(
    (w, i) => /^\d+$/.test(w) && ['ms', 's', 'sec', 'secs', 'seconds', 'milliseconds'].includes(ws[i + 1] ?? ''),
  );
}

/** Whether some condition certainly lets the fallback run after the new service accepted. */
export function anyBroad(conditions: readonly Condition[]): boolean {
  return conditions.some((c) => BROAD_FAILURE.has(c));
}
