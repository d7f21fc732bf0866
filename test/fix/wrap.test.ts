import { describe, expect, it } from 'vitest';
import { Runbook, sentences } from '../../src/document/index.js';
import { replaceSentence } from '../../src/fix/edits.js';
import { applyEdits } from '../../src/fix/fix-loop.js';

/** Replaces the first sentence of the first prose block with `text`, as the prose fixes do. */
function replaceFirst(source: string, text: string, which = 0): string {
  const runbook = new Runbook(source);
  const block = runbook.prose[0];
  const sentence = block ? sentences(block)[which] : undefined;
  if (!block || !sentence) throw new Error('no sentence');
  return applyEdits(source, [replaceSentence(runbook, block, sentence, text)]);
}

const NEW = 'In SHADOW mode the Go service is called with dry_run=true and calls no provider, sandbox included.';

describe('replacement prose in the paragraph’s own style (issue 13, item 2)', () => {
  it('a paragraph on one line keeps its replacement on one line', () => {
    expect(replaceFirst('The Go service calls the sandbox in SHADOW.\n', NEW)).toBe(`${NEW}\n`);
  });

  it('a wrapped paragraph gets its replacement wrapped to its widest line', () => {
    const source = 'The Go service calls the sandbox in SHADOW mode.\nIt is wrapped at forty\ncolumns or so.\n';
    const out = replaceFirst(source, NEW);
    expect(out).toBe(
      'In SHADOW mode the Go service is called with\n' +
        'dry_run=true and calls no provider, sandbox\n' +
        'included.\nIt is wrapped at forty\ncolumns or so.\n',
    );
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(48);
  });

  it('continuation lines carry the list item’s indent and the blockquote’s marker, in CRLF', () => {
    const item = '- The Go service calls the sandbox in SHADOW mode.\r\n  Wrapped at fifty columns here.\r\n';
    expect(replaceFirst(item, NEW)).toBe(
      '- In SHADOW mode the Go service is called with\r\n' +
        '  dry_run=true and calls no provider, sandbox\r\n' +
        '  included.\r\n  Wrapped at fifty columns here.\r\n',
    );
    const quote = '> The Go service calls the sandbox in SHADOW mode.\n> Wrapped at fifty columns here.\n';
    expect(replaceFirst(quote, NEW).split('\n').slice(0, 3)).toEqual([
      '> In SHADOW mode the Go service is called with',
      '> dry_run=true and calls no provider, sandbox',
      '> included.',
    ]);
  });

  it('never starts a line with a word that would open a list, a heading or a quote', () => {
    const source = 'The Go service calls the sandbox.\nIt is wrapped at thirty-three.\n';
    // 33 columns: the break would fall before "-", which would open a list item; it goes after it
    const out = replaceFirst(source, 'The legacy path sends all of them - then it stops.');
    expect(out).toBe('The legacy path sends all of them -\nthen it stops.\nIt is wrapped at thirty-three.\n');
  });
});
