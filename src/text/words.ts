/**
 * Prose matching on words, not on raw text: "message_uuid", "messageUuidMap" and
 * "UUID" all yield the word "uuid"; `sms_logs` in backticks and "sms logs" match alike.
 */
export function words(text: string): string[] {
  return (
    text
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .match(/[a-z0-9]+/g) ?? []
  );
}

const sentenceWords = new WeakMap<object, string[]>();

/** The words of a sentence or clause object, computed once however many rules ask. */
export function wordsOf(item: { text: string }): string[] {
  let ws = sentenceWords.get(item);
  if (!ws) {
    ws = words(item.text);
    sentenceWords.set(item, ws);
  }
  return ws;
}

/**
 * A term is a word or a phrase of words; a word ending in `*` matches by prefix
 * ("writ*" → write, writes, writer, written).
 */
export type Term = string;

/** one word of a term: matched whole, or as a prefix when the term's word ended in `*` */
interface TermWord {
  word: string;
  prefix: boolean;
}

const compiled = new Map<Term, TermWord[]>();

/** Terms are few and checked against every sentence: compile each once per process. */
function compile(term: Term): TermWord[] {
  let pattern = compiled.get(term);
  if (!pattern) {
    pattern = term
      .split(/\s+/)
      .flatMap((w) =>
        w.endsWith('*')
          ? [{ word: words(w.slice(0, -1)).join(' '), prefix: true }]
          : words(w).map((word) => ({ word, prefix: false })),
      )
      .filter((w) => w.word.length > 0 || w.prefix);
    compiled.set(term, pattern);
  }
  return pattern;
}

function wordMatches(word: string, pattern: TermWord): boolean {
  return pattern.prefix ? word.startsWith(pattern.word) : word === pattern.word;
}

/** index of the first occurrence of the term in the words, or -1 */
export function findTerm(ws: readonly string[], term: Term): number {
  const pattern = compile(term);
  const first = pattern[0];
  if (!first) return -1;
  // most terms are one whole word: the engine's own search
  if (pattern.length === 1 && !first.prefix) return ws.indexOf(first.word);
  outer: for (let i = 0; i + pattern.length <= ws.length; i++) {
    for (let j = 0; j < pattern.length; j++)
      if (!wordMatches(ws[i + j] as string, pattern[j] as TermWord)) continue outer;
    return i;
  }
  return -1;
}

/** every term of at least one alternative occurs */
export function matchesAny(ws: readonly string[], alternatives: readonly (readonly Term[])[]): boolean {
  return alternatives.some((terms) => terms.every((t) => findTerm(ws, t) >= 0));
}
