import { createRequire } from 'node:module';

/**
 * The English tagger behind the prose claims: wink-nlp with its light English model
 * (tokens, Universal Dependencies part-of-speech tags, lemmas, negation scope). It is loaded
 * the first time a rule asks for a sentence's tokens — never at start-up, and never for a
 * runbook whose prose no rule needs — and the load is synchronous because rules are.
 */

export type Pos = 'ADJ' | 'ADP' | 'ADV' | 'AUX' | 'CCONJ' | 'DET' | 'INTJ' | 'NOUN' | 'NUM' | 'PART' | 'PRON' | 'PROPN' | 'PUNCT' | 'SCONJ' | 'SYM' | 'VERB' | 'X' | 'SPACE';

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

/** Whether the tagger has been loaded in this process (for tests of the lazy load). */
export function taggerLoaded(): boolean {
  return nlp !== undefined && nlp !== null;
}

const memo = new Map<string, Token[] | null>();

/**
 * The tokens of a short text with their positions in it, or null when the text is too long
 * or the tagger is not installed. Results are kept per text: the same sentence asked by two
 * rules is tagged once.
 */
export function tag(text: string): Token[] | null {
  if (text.length === 0 || text.length > MAX_TAGGED_CHARS) return null;
  const cached = memo.get(text);
  if (cached !== undefined) return cached;
  const w = load();
  if (!w) return null;
  const its = w.its;
  const tokens = w.readDoc(text).tokens();
  const values = tokens.out() as string[];
  const pos = tokens.out(its.pos) as Pos[];
  const lemmas = tokens.out(its.lemma) as string[];
  const negation = tokens.out(its.negationFlag) as boolean[];
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
    out.push({ value, lower: value.toLowerCase(), pos: p, lemma: (lemmas[i] ?? value).toLowerCase(), negated: negation[i] === true, start: at, end: cursor });
  }
  if (memo.size > 5000) memo.clear();
  memo.set(text, out);
  return out;
}
