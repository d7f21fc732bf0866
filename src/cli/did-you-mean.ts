/**
 * "Did you mean …?" for a mistyped command, option or rule id: the candidates at the smallest
 * Damerau–Levenshtein distance (optimal string alignment: a swapped pair of letters is one edit),
 * at most two edits away and sharing more than 40% of the longer word, as commander judges
 * options. Failing that, the candidates that contain the word (`uuid` → `uuid-once`).
 */
function similar(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  let best: string[] = [];
  let bestDistance = 3;
  for (const c of new Set(candidates)) {
    if (c.length <= 1) continue;
    const d = editDistance(w, c.toLowerCase());
    const length = Math.max(w.length, c.length);
    if ((length - d) / length <= 0.4) continue;
    if (d < bestDistance) {
      bestDistance = d;
      best = [c];
    } else if (d === bestDistance) best.push(c);
  }
  if (best.length === 0 && w.length >= 3) best = [...new Set(candidates)].filter((c) => c.toLowerCase().includes(w));
  return best.sort((a, b) => a.localeCompare(b));
}

/** `. Did you mean check?`, `. Did you mean one of a, b?`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const found = similar(word, candidates);
  if (found.length === 0) return '';
  return `. Did you mean ${found.length === 1 ? found[0] : `one of ${found.join(', ')}`}?`;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Math.max(a.length, b.length);
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  const row0 = d[0] as number[];
  for (let j = 0; j <= b.length; j++) row0[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const up = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}
