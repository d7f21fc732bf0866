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

const compiled = new Map<Term, string[]>();

/** Terms are few and checked against every sentence: compile each once per process. */
function compile(term: Term): string[] {
  let pattern = compiled.get(term);
  if (!pattern) {
    pattern = term
      .split(/\s+/)
      .flatMap((w) => (w.endsWith('*') ? [`${words(w.slice(0, -1)).join(' ')}*`] : words(w)))
      .filter((w) => w.length > 0);
    compiled.set(term, pattern);
  }
  return pattern;
}

function wordMatches(word: string, pattern: string): boolean {
  return pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;
}

/** index of the first occurrence of the term in the words, or -1 */
export function findTerm(ws: readonly string[], term: Term): number {
  const pattern = compile(term);
  if (pattern.length === 0) return -1;
  outer: for (let i = 0; i + pattern.length <= ws.length; i++) {
    for (let j = 0; j < pattern.length; j++)
      if (!wordMatches(ws[i + j] as string, pattern[j] as string)) continue outer;
    return i;
  }
  return -1;
}

/** every term of at least one alternative occurs */
export function matchesAny(ws: readonly string[], alternatives: readonly (readonly Term[])[]): boolean {
  return alternatives.some((terms) => terms.every((t) => findTerm(ws, t) >= 0));
}
