/**
 * Where an identifier occurs as a whole name (not inside a longer one), ignoring case as
 * PHP does for method names. Linear: indexOf plus a boundary check, no backtracking.
 */
export function findIdentifier(text: string, name: string): number[] {
  const hay = text.toLowerCase();
  const needle = name.toLowerCase();
  const hits: number[] = [];
  if (needle.length === 0) return hits;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) {
    if (!isIdentChar(hay.charCodeAt(at - 1)) && !isIdentChar(hay.charCodeAt(at + needle.length))) hits.push(at);
  }
  return hits;
}

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
