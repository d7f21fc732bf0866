import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

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
    nlp = loadWink(createRequire(import.meta.url), true).nlp as WinkNlp;
  } catch {
    // without the tagger no prose claim is read: the prose checks say nothing rather than guess
    nlp = null;
  }
  return nlp;
}

/**
 * wink with its English model, for tokens, part of speech (with lemmas) and negation scope: no sentences, entities
 * or sentiment. With `lean`, the model is built from the files of wink-eng-lite-web-model for that pipe, and the
 * package's own loader is the fallback where that fails. The package's loader costs ~40 ms and ~20 MB of peak memory
 * more: it copies the 3 MB core model it has just parsed (JSON.stringify, then JSON.parse), decodes the lexicon's
 * base64 one character at a time, and parses the entity and sentiment models, which this pipe never runs. Built here,
 * the core model is parsed once and kept, the base64 goes through Buffer, and those two models are empty machines.
 * The tags are the same: test/model/wink-model.test.ts compares every column for every line of the runbooks.
 * Self-contained (no name from outside but its arguments and globals): the tagger's worker runs its source text.
 */
export function loadWink(
  requireAtRunTime: NodeJS.Require,
  lean: boolean,
): { nlp: unknown; loader: 'lean' | 'package' } {
  const pipe = ['negation', 'pos'];
  const winkNLP = requireAtRunTime('wink-nlp') as (model: unknown, pipe: string[]) => unknown;
  const modelMain = requireAtRunTime.resolve('wink-eng-lite-web-model');
  const dir = modelMain.slice(0, Math.max(modelMain.lastIndexOf('/'), modelMain.lastIndexOf('\\')) + 1);
  const part = (file: string): unknown => requireAtRunTime(dir + file);
  const words = (base64: string) => {
    const bytes = Buffer.from(base64, 'base64');
    return new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  };
  const indexOf = (list: string[]) => {
    const hash: Record<string, number> = Object.create(null);
    for (let k = 0; k < list.length; k++) hash[list[k] as string] = k;
    return hash;
  };
  type Feature = { list: string[]; hash?: unknown; intrinsicSize?: number; index?: number; maxIndex?: number };
  // what the package's read-core-model.js and load-core-model.js make of the same file, without the copy
  const core = () => {
    const fs = requireAtRunTime('node:fs') as typeof import('node:fs');
    const model = JSON.parse(fs.readFileSync(`${dir}languages/cur/models/eng-core-web-model.json`, 'utf8'));
    const layout: Record<string, number[]> = model.packing.layout;
    const features: Record<string, Feature> = model.features;
    model.lexicon = words(model.lexicon);
    model.xpansions = words(model.xpansions);
    model.packing.efList = [];
    for (const name in layout) {
      const [, bits = 0, shift = 0, extractable, listed] = layout[name] as number[];
      const feature = features[name] as Feature;
      if (extractable === 0) {
        feature.hash = indexOf(feature.list);
        feature.intrinsicSize = feature.list.length;
        feature.index = feature.list.length;
        feature.maxIndex = bits >>> shift;
      }
      if (listed === 1) model.packing.efList.push(name);
    }
    const lexeme = features.lexeme as Feature;
    lexeme.hash = indexOf(lexeme.list);
    lexeme.intrinsicSize = lexeme.list.length;
    lexeme.index = lexeme.list.length;
    const clusters = (features.posClusters as Feature).list as unknown[];
    const tags: Record<string, number> = model.pos.hash;
    for (let k = 0; k < clusters.length; k++) {
      clusters[k] = new Set((clusters[k] as string).split('_').map((t) => tags[t] || 0));
    }
    return model;
  };
  if (lean) {
    try {
      const empty = '[100,0,{"0":{}},{},{},{}]';
      const model = {
        core,
        sbd: part('load-sbd-model.js'),
        pos: part('load-pos-model.js'),
        negation: part('load-negation-model.js'),
        metaCER: part('load-cer-meta-model.js'),
        ner: () => ({ machines: [], transformers: [] }),
        sa: () => ({ machines: [empty], setter: () => undefined }),
        featureFn: part('feature.js'),
        addons: {
          stem: part('porter-stemmer.js'),
          lemmatize: part('lemmatize.js'),
          readabilityStats: part('readability-stats.js'),
          wordVectors: undefined,
        },
      };
      return { nlp: winkNLP(model, pipe), loader: 'lean' };
    } catch {
      // a model package laid out otherwise than the one this was written against: its own loader still works
    }
  }
  return { nlp: winkNLP(requireAtRunTime(modelMain), pipe), loader: 'package' };
}

/**
 * The tagger on the other core. Loading wink and its model takes ~130 ms of CPU, as long as
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
    const { Worker, isMainThread } = requireAtRunTime('node:worker_threads') as typeof import('node:worker_threads');
    // a worker of check's pool tags on its own thread: the pool already has a thread per free core
    if (!isMainThread) return;
    const shared = new SharedArrayBuffer(8 + BUFFER_BYTES);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { shared, from: fileURLToPath(import.meta.url), maxBytes: BUFFER_BYTES },
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
  nlp = (${loadWink.toString()})(require('node:module').createRequire(workerData.from), true).nlp;
} catch {
  nlp = null;
}
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const tagged = (text) => {
  const t = nlp.readDoc(text).tokens();
  const its = nlp.its;
  return JSON.stringify([t.out(), t.out(its.pos), t.out(its.lemma), t.out(its.negationFlag)]);
};
// the first sentences a fresh tagger reads take milliseconds each (its code compiling, lexer paths
// for symbols, links and numbers taken once): read four here, while the asking thread still
// parses, so that the asking thread's questions are answered at the speed of a warm tagger
// (a text's tags do not depend on what was read before it: test/model/wink-model.test.ts)
const warmUp = [
  'The new service does not call the provider in shadow mode; the old worker kept sending.',
  "If Go's result differs, it's logged, and quotas were decremented only once per message.",
  "Quota->decrement('sms', 1) runs\\nonly when sms_logs.status is ON",
  '(see https://x.io/a#b, ops@x.io) — 3 × 5 s, 10:30, 2%…',
];
if (nlp) {
  for (const text of warmUp) {
    try {
      tagged(text);
    } catch {}
  }
}
for (;;) {
  const state = Atomics.load(control, 0);
  if (state !== 1) {
    Atomics.wait(control, 0, state);
    continue;
  }
  const text = decoder.decode(bytes.slice(0, control[1]));
  // a worker that could not load the tagger says so, and the text is tagged in the asking thread
  let answer = '"unavailable"';
  if (nlp) answer = tagged(text);
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
    // a generous bound: the load takes ~130 ms; past it the worker is taken as dead
    const waited = Atomics.wait(control, 0, 1, 30_000);
    if (waited === 'timed-out') {
      remote = null;
      return columns(text);
    }
    const raw = control[1] < 0 ? null : (JSON.parse(decoder.decode(bytes.slice(0, control[1]))) as Raw | 'unavailable');
    Atomics.store(control, 0, 0);
    Atomics.notify(control, 0);
    if (raw !== 'unavailable') return raw;
    remote.worker.terminate();
    remote = null;
    return columns(text);
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

/** Where the tagger answers from: its worker, this thread (no worker, or one that could not load it), or nowhere. */
export function taggerThread(): 'worker' | 'this thread' | null {
  if (remote) return 'worker';
  return nlp ? 'this thread' : null;
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
