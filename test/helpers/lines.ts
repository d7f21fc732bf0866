import { structuredPatch } from 'diff';

/** Lines with their own terminators (\r\n, \n, or none for the last). */
export function rawLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * The lines outside the diff's hunks, on each side, in order: for a surgical change they are
 * the same byte for byte (line endings included).
 */
export function linesOutsideHunks(before: string, after: string): { before: string[]; after: string[]; hunks: number } {
  const patch = structuredPatch('a', 'b', before, after, '', '', { context: 0 });
  const oldLines = rawLines(before);
  const newLines = rawLines(after);
  const inOld = new Set<number>();
  const inNew = new Set<number>();
  for (const h of patch.hunks) {
    for (let i = 0; i < h.oldLines; i++) inOld.add(h.oldStart + i);
    for (let i = 0; i < h.newLines; i++) inNew.add(h.newStart + i);
  }
  return {
    before: oldLines.filter((_, i) => !inOld.has(i + 1)),
    after: newLines.filter((_, i) => !inNew.has(i + 1)),
    hunks: patch.hunks.length,
  };
}
