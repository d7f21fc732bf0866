/**
 * JSON with comments, as `.eslintrc.json` and `.markdownlint.json` allow: `// …` and `/* … *\/`
 * outside strings become spaces (line breaks kept), so JSON.parse reads the rest and its error
 * positions still point into the file as written. Read character by character: a `//` inside a
 * string (`"https://…"`) is the string's.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let copiedTo = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      const line = text[i + 1] === '/';
      let end = line ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      // an unclosed block comment is left for JSON.parse to report
      if (end < 0 && !line) break;
      end = end < 0 ? text.length : line ? end : end + 2;
      out += text.slice(copiedTo, i) + text.slice(i, end).replace(/[^\r\n]/g, ' ');
      copiedTo = end;
      i = end;
      continue;
    }
    i++;
  }
  return out + text.slice(copiedTo);
}
