import type { CodeBlock, Runbook } from '../document/index.js';

/**
 * The file a code block belongs to, when the runbook says: a path as the block's first comment
 * (`// app/Services/CircuitBreaker.php`), a `title=` in the fence's meta, or exactly one path of
 * the block's language in the sentence that introduces it ("Create
 * `app/Services/CircuitBreaker.php` …. Its half-open probe:"). Two paths there, or none: null.
 */
export function blockFile(runbook: Runbook, block: CodeBlock): string | null {
  const ext = EXTENSIONS[block.lang ?? ''];
  if (!ext) return null;
  const fromMeta = block.meta ? pathsIn(block.meta, ext) : [];
  if (fromMeta.length === 1) return fromMeta[0] as string;
  for (const line of block.text.split(/\r\n|\r|\n/, 3)) {
    const t = line.trim();
    if (t === '' || t === '<?php' || t.startsWith('package ')) continue;
    const comment = /^(?:\/\/|#|\/\*+)\s*(.*)$/.exec(t);
    if (!comment) break;
    const paths = pathsIn(comment[1] ?? '', ext);
    if (paths.length === 1) return paths[0] as string;
    break;
  }
  const intro = runbook.proseBefore(block.startLine, 3).at(-1);
  if (!intro) return null;
  const paths = [...new Set(pathsIn(intro.text, ext))];
  return paths.length === 1 ? (paths[0] as string) : null;
}

/** `app/Services/CircuitBreaker.php` → `CircuitBreaker`: the class a PSR-4 file declares. */
export function fileClassName(path: string): string {
  const base = path.split('/').pop() ?? path;
  return base.replace(/\.[^.]+$/, '');
}

const EXTENSIONS: Record<string, string> = { php: 'php', go: 'go' };

function pathsIn(text: string, ext: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`(?:^|[\\s\`'"(=])((?:[\\w.-]+/)*[\\w-]+\\.${ext})(?=$|[\\s\`'"),:;.])`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] as string);
  return out;
}
