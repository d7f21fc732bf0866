import { createRequire } from 'node:module';

/**
 * The English tagger behind the prose claims: wink-nlp with its light English model
 * (tokens, Universal Dependencies part-of-speech tags, lemmas, negation scope). It is loaded
 * the first time a rule asks for a sentence's tokens — never at start-up, and never for a
 * runbook whose prose no rule needs — and the load is synchronous because rules are.
 */

export type Pos =
  | 'ADJ'
  | 'ADP'
  | 'ADV'
  | 'AUX'
  | 'CCONJ'
  | 'DET'
  | 'INTJ'
  | 'NOUN'
  | 'NUM'
  | 'PART'
  | 'PRON'
  | 'PROPN'
  | 'PUNCT'
  | 'SCONJ'
  | 'SYM'
  | 'VERB'
  | 'X'
  | 'SPACE';

export interface Token {
  /** the token as written */
  value: string;
  /** lower-case form */
  lower: string;
  pos: Pos;
  lemma: string;
  /** inside the scope of a negation ("not", "never", "no", "without", "neither"), per the tagger */
  negated: boolean;
  /** index in the text given to `tag` */
  start: number;
  end: number;
}

interface WinkTokens {
  out(f?: unknown): unknown[];
}
interface WinkDoc {
  tokens(): WinkTokens;
}
interface WinkNlp {
  readDoc(text: string): WinkDoc;
  its: Record<string, unknown>;
}

/** Longer texts are not tagged: a "sentence" of thousands of words is no sentence to read a claim from. */
export const MAX_TAGGED_CHARS = 2000;

let nlp: WinkNlp | null | undefined;

function load(): WinkNlp | null {
  if (nlp !== undefined) return nlp;
  try {
    // a plain `require` would be bundled; this one resolves wink at run time, from node_modules
    const requireAtRunTime = createRequire(import.meta.url);
    const winkNLP = requireAtRunTime('wink-nlp') as (model: unknown, pipe?: string[]) => WinkNlp;
    const model = requireAtRunTime('wink-eng-lite-web-model') as unknown;
    nlp = winkNLP(model, ['negation', 'pos']);
  } catch {
    // without the tagger no prose claim is read: the prose checks say nothing rather than guess
    nlp = null;
  }
  return nlp;
}

/**
 * The tagger on the other core. Loading wink and its model takes ~120 ms of CPU, as long as
 * parsing the runbook; `warmUpTagger()` starts the load in a worker thread while the main
 * thread parses, and `tag` then asks the worker synchronously (rules are synchronous) through
 * a shared buffer: a request written, `Atomics.wait` until the answer is there. Where a worker
 * cannot start, the tagger loads in this thread as before.
 */
interface TaggerWorker {
  control: Int32Array;
  bytes: Uint8Array;
  worker: import('node:worker_threads').Worker;
}

const BUFFER_BYTES = 1 << 20;
let remote: TaggerWorker | null | undefined;

/** Starts loading the tagger on another thread; idempotent, and a no-op once it is loaded here. */
export function warmUpTagger(): void {
  if (remote !== undefined || nlp !== undefined) return;
  remote = null;
  try {
    const requireAtRunTime = createRequire(import.meta.url);
    const { Worker } = requireAtRunTime('node:worker_threads') as typeof import('node:worker_threads');
    const shared = new SharedArrayBuffer(8 + BUFFER_BYTES);
    const paths = {
      wink: requireAtRunTime.resolve('wink-nlp'),
      model: requireAtRunTime.resolve('wink-eng-lite-web-model'),
    };
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { shared, paths, maxBytes: BUFFER_BYTES },
      // loading the model allocates in bursts that grow a default young generation to its
      // full size, pages the process keeps: capped at 4 MB, peak RSS of a check of the example
      // drops by ~17 MB (168 → 152), with no more time, at 1× and at 20× alike
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    worker.unref();
    worker.on('error', () => {
      remote = null;
    });
    remote = { control: new Int32Array(shared, 0, 2), bytes: new Uint8Array(shared, 8), worker };
  } catch {
    remote = null;
  }
}

// the worker: waits for a request (state 1), tags it, answers (state 2); JSON both ways
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const control = new Int32Array(workerData.shared, 0, 2);
const bytes = new Uint8Array(workerData.shared, 8);
let nlp = null;
try {
  nlp = require(workerData.paths.wink)(require(workerData.paths.model), ['negation', 'pos']);
} catch {
  nlp = null;
}
const decoder = new TextDecoder();
const encoder = new TextEncoder();
for (;;) {
  const state = Atomics.load(control, 0);
  if (state !== 1) {
    Atomics.wait(control, 0, state);
    continue;
  }
  const text = decoder.decode(bytes.slice(0, control[1]));
  let answer = 'null';
  if (nlp) {
    const t = nlp.readDoc(text).tokens();
    const its = nlp.its;
    answer = JSON.stringify([t.out(), t.out(its.pos), t.out(its.lemma), t.out(its.negationFlag)]);
  }
  const out = encoder.encode(answer);
  const fits = out.length <= workerData.maxBytes;
  if (fits) bytes.set(out);
  control[1] = fits ? out.length : -1;
  Atomics.store(control, 0, 2);
  Atomics.notify(control, 0);
}
`;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type Raw = [string[], Pos[], string[], boolean[]];

/** wink's four token columns for a text: from the worker when one runs, else from this thread. */
function columns(text: string): Raw | null {
  if (remote) {
    const { control, bytes } = remote;
    const req = encoder.encode(text);
    bytes.set(req);
    control[1] = req.length;
    Atomics.store(control, 0, 1);
    Atomics.notify(control, 0);
    // a generous bound: the load takes ~120 ms; past it the worker is taken as dead
    const waited = Atomics.wait(control, 0, 1, 30_000);
    if (waited === 'timed-out') {
      remote = null;
      return columns(text);
    }
    const raw = control[1] < 0 ? null : (JSON.parse(decoder.decode(bytes.slice(0, control[1]))) as Raw | null);
    Atomics.store(control, 0, 0);
    Atomics.notify(control, 0);
    return raw;
  }
  const w = load();
  if (!w) return null;
  const its = w.its;
  const tokens = w.readDoc(text).tokens();
  return [
    tokens.out() as string[],
    tokens.out(its.pos) as Pos[],
    tokens.out(its.lemma) as string[],
    tokens.out(its.negationFlag) as boolean[],
  ];
}

/** Whether the tagger has been loaded in this process (for tests of the lazy load). */
export function taggerLoaded(): boolean {
  return (nlp !== undefined && nlp !== null) || (remote !== undefined && remote !== null);
}

const memo = new Map<string, Token[] | null>();
let requests = 0;

/** How many texts `tag` has been asked in this process, from its memo or not (for the test of `meta.tagsProse`). */
export function tagRequests(): number {
  return requests;
}

/**
 * The tokens of a short text with their positions in it, or null when the text is too long
 * or the tagger is not installed. Results are kept per text: the same sentence asked by two
 * rules is tagged once.
 */
export function tag(text: string): Token[] | null {
  if (text.length === 0 || text.length > MAX_TAGGED_CHARS) return null;
  requests++;
  const cached = memo.get(text);
  if (cached !== undefined) return cached;
  const raw = columns(text);
  if (!raw) {
    memo.set(text, null);
    return null;
  }
  const [values, pos, lemmas, negation] = raw;
  const out: Token[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as string;
    const p = pos[i] as Pos;
    if (p === 'SPACE') continue;
    const at = text.indexOf(value, cursor);
    if (at < 0) {
      // the tokenizer rewrote the text (it never should): positions would lie, so read nothing
      memo.set(text, null);
      return null;
    }
    cursor = at + value.length;
    out.push({
      value,
      lower: value.toLowerCase(),
      pos: p,
      lemma: (lemmas[i] ?? value).toLowerCase(),
      negated: negation[i] === true,
      start: at,
      end: cursor,
    });
  }
  if (memo.size > 5000) memo.clear();
  memo.set(text, out);
  return out;
}
