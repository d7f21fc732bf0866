/**
 * Characters a reader of a finding must see rather than have act on the text around them:
 *  - C0 controls, DEL and C1 controls (U+0085 NEL, U+009B CSI, …): terminal escape sequences,
 *    line breaks a CI log splits on;
 *  - bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): they
 *    reorder the text shown around them ("Trojan Source", CVE-2021-42574);
 *  - zero-width and invisible format characters (U+200B–U+200D, U+2060–U+2064, the rest of
 *    U+2060–U+206F, U+FEFF, the interlinear annotation marks U+FFF9–U+FFFB): they hide a
 *    difference between two names that look the same;
 *  - U+2028 and U+2029, which JavaScript and some viewers take as line breaks;
 *  - the noncharacters U+FFFE and U+FFFF, which XML cannot carry.
 */
const INVISIBLE =
  /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]/g;
/** the same set without the C0 controls, which JSON.stringify already escapes */
const INVISIBLE_IN_JSON =
  /[\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]/g;

/** the one notation of every human format: a JavaScript escape, `\x1b` up to U+00FF, `\u202e` above */
function notation(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A multi-line text (the report's before/after blocks) with its layout kept: tabs and line
 * breaks stay, every other invisible or control character is shown.
 */
export function showInvisibleKeepingLines(text: string): string {
  return text.replace(INVISIBLE, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : notation(c)));
}

/**
 * Runbook text and file names end up in messages; a stray escape sequence, carriage return,
 * bidi override or zero-width character in them must not repaint the user's terminal, split a
 * CI log line, reorder or hide what the reader sees. A tab or line break becomes a space (the
 * message stays one line); every other such character is shown as `\x1b` / `\u202e`.
 */
export function escapeControl(text: string): string {
  return text.replace(INVISIBLE, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : notation(c)));
}

/**
 * Serialized JSON with the invisible characters that JSON.stringify leaves raw (DEL, C1, bidi,
 * zero-width, U+2028/U+2029, …) written as `\uXXXX` escapes. Outside string literals JSON has
 * only ASCII punctuation, digits, keywords and whitespace, so every such character is inside a
 * string and its escape parses back to the same string.
 */
export function escapeJsonText(json: string): string {
  return json.replace(INVISIBLE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
