import { structuredPatch } from 'diff';

/**
 * A unified diff git can apply (`git apply`, `patch -p1`): a/ and b/ paths relative to the
 * working directory, hunks from jsdiff, and the "\ No newline at end of file" markers.
 * Texts are compared whole, byte-order mark and line endings included, so the hunks' context
 * matches the file on disk.
 */
export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const p = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context });
  const out = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  for (const h of p.hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    out.push(...h.lines);
  }
  return `${out.join('\n')}\n`;
}

/** A zero-line side names the line before it, as the unified format says. */
function range(start: number, lines: number): string {
  return `${lines === 0 ? start - 1 : start},${lines}`;
}
