import type { ProseBlock, Runbook, Section } from '../document/index.js';
import { sentences } from '../document/index.js';
import { blockFile } from '../model/block-file.js';
import { asFilePath } from '../model/file-paths.js';
import { words } from '../text/words.js';

/** A file the runbook says the project has, once its steps are done: where it says so. */
export interface ClaimedPath {
  path: string;
  /** document offsets of the mention */
  range: [number, number];
  /** the step (or section) that names it */
  section: Section | null;
  how: 'heading' | 'procedure' | 'code block';
}

/** Verbs of a sentence that makes or changes a file; "delete", "remove" make one go. */
const MAKES = new Set([
  'create',
  'creates',
  'add',
  'adds',
  'change',
  'changes',
  'edit',
  'edits',
  'update',
  'updates',
  'modify',
  'modifies',
  'write',
  'writes',
  'extend',
  'extends',
  'implement',
  'implements',
  'introduce',
  'introduces',
  'register',
  'registers',
  'new',
]);
const UNMAKES = new Set(['delete', 'deletes', 'remove', 'removes', 'drop', 'drops', 'rename', 'renames', 'move']);

/**
 * The paths the runbook says to create or change: inline-code paths in step headings, in a
 * sentence of the procedure whose words make or change a file ("Create `app/…`", "in
 * `config/services.php` add …"), and the file a code block belongs to (its caption or first
 * comment, as the rules read it). A sentence that deletes, removes, renames or moves a file names
 * one that must not be there, or not there any more: its paths are not claimed. Quoted text,
 * appendices and change logs say nothing about the tree.
 */
export function claimedPaths(runbook: Runbook): ClaimedPath[] {
  const out: ClaimedPath[] = [];
  const seen = new Set<string>();
  const add = (c: ClaimedPath): void => {
    if (seen.has(c.path)) return;
    seen.add(c.path);
    out.push(c);
  };
  for (const block of runbook.prose) {
    if (block.container === 'blockquote' || block.kind === 'tableCell' || aside(block.section)) continue;
    for (const sentence of sentences(block)) {
      const ws = words(sentence.text);
      if (ws.some((w) => UNMAKES.has(w)) || elsewhere(ws)) continue;
      if (block.kind !== 'heading' && !ws.some((w) => MAKES.has(w))) continue;
      for (const at of codePaths(block, sentence.start, sentence.text)) {
        // a bare name (`homeserver.yaml`, `pg_hba.conf`) is "the file" wherever the reader keeps
        // it: only a path with a folder says where in the tree
        if (!at.path.includes('/')) continue;
        add({
          path: at.path,
          range: [block.docOffset(at.index), block.docOffset(at.index + at.length, 'end')],
          section: block.kind === 'heading' ? (runbook.sectionAt(block.line) ?? block.section) : block.section,
          how: block.kind === 'heading' ? 'heading' : 'procedure',
        });
      }
    }
  }
  for (const code of runbook.codeBlocks) {
    if (aside(code.section)) continue;
    const path = blockFile(runbook, code);
    if (path) add({ path, range: [code.range[0], code.range[0] + 3], section: code.section, how: 'code block' });
  }
  return out.sort((a, b) => a.range[0] - b.range[0]);
}

/** Inline code in the sentence that is a path, with its index in the block's text. */
function codePaths(block: ProseBlock, start: number, text: string): { path: string; index: number; length: number }[] {
  const out: { path: string; index: number; length: number }[] = [];
  let i = 0;
  while (i < text.length) {
    if (!block.isCodeAt(start + i)) {
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && block.isCodeAt(start + j)) j++;
    const value = text.slice(i, j);
    const path = asFilePath(value);
    const lead = value.length - value.trimStart().length;
    if (path) out.push({ path, index: start + i + lead, length: value.trim().length });
    i = j;
  }
  return out;
}

/**
 * A sentence about another repository or another machine's files: "Update `cluster.tf` in
 * `cloud-platform-infrastructure`", "in the infra repo", "on the server" — its paths are not
 * this tree's. "This repository" is this one.
 */
function elsewhere(ws: readonly string[]): boolean {
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    const own = ws[i - 1] === 'this' || ws[i - 1] === 'our';
    if ((w === 'repo' || w === 'repository' || w === 'repos') && !own) return true;
    if ((w === 'server' || w === 'host' || w === 'machine' || w === 'installation') && ws[i - 1] !== 'go') return true;
  }
  return false;
}

function aside(section: Section | null): boolean {
  for (let s = section; s; s = s.parent) {
    if (s.kind === 'appendix') return true;
    const ws = words(s.title);
    if (ws.includes('changelog') || (ws.includes('change') && ws.includes('log')) || ws.includes('history'))
      return true;
  }
  return false;
}
