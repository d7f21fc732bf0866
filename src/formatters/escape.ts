/**
 * Runbook text ends up in messages; a stray escape sequence or carriage return in it must not
 * repaint the user's terminal or split a CI log line.
 */
export function escapeControl(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 9) out += ' ';
    else if (c === 10 || c === 13) out += ' ';
    else if (c < 32 || c === 127 || (c >= 0x80 && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += text[i];
  }
  return out;
}
