import { describe, expect, it } from 'vitest';
import { Runbook, sentences } from '../../src/document/index.js';
import { deleteSentence, replaceSentence } from '../../src/fix/edits.js';
import { applyEdits } from '../../src/fix/fix-loop.js';
import { wrapInsertedMarkdown } from '../../src/fix/wrap.js';

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

describe('the paragraph keeps its width and its lines around an edit', () => {
  it('what follows the sentence on its line is wrapped with the replacement when it would overflow', () => {
    const source = 'Go calls the sandbox. The rest of this line stays as it is, up to here.\n' + 'The next line.\n';
    const runbook = new Runbook(source);
    const block = runbook.prose[0];
    const sentence = block ? sentences(block)[0] : undefined;
    if (!block || !sentence) throw new Error('no sentence');
    const out = applyEdits(source, [
      replaceSentence(runbook, block, sentence, 'Go calls no provider in SHADOW mode, sandbox included.'),
    ]);
    expect(out).toBe(
      'Go calls no provider in SHADOW mode, sandbox included. The rest of this\n' +
        'line stays as it is, up to here.\nThe next line.\n',
    );
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(71);
  });

  it('deleting the last sentence leaves no trailing space, and one on lines of its own no empty line', () => {
    const del = (source: string): string => {
      const runbook = new Runbook(source);
      const block = runbook.prose[0];
      const all = block ? sentences(block) : [];
      const last = all[all.length - 1];
      if (!block || !last) throw new Error('no sentence');
      return applyEdits(source, [deleteSentence(runbook, block, last)]);
    };
    expect(del('Keep this. Drop\nthis one.\n\nNext.\n')).toBe('Keep this.\n\nNext.\n');
    expect(del('Keep this one\nhere.\nDrop this.\n')).toBe('Keep this one\nhere.\n');
    expect(del('- Keep this.\r\n  Drop this.\r\n')).toBe('- Keep this.\r\n');
    expect(del('> Keep this.\n> Drop this.\n')).toBe('> Keep this.\n');
  });
});

describe('an inserted section in the file’s width', () => {
  // widest line 28 columns
  const para = 'A paragraph wrapped at about\ntwenty-eight columns wide.\n';
  const source = `# Runbook\n\n${para}\n${para}\n${para}`;

  it('wraps long paragraph lines and list items, and leaves headings, tables and code alone', () => {
    const runbook = new Runbook(source);
    const long = 'The mode table in “4. Modes” says what each mode does; it is the contract.';
    const code = "    $client->sendBatch(1, [['message_uuid' => 'gate', 'recipient' => '+15550000000']]);";
    const table = '| OFF | Laravel sends | Go is not called at all, not even for a health check |';
    const md = [
      `## 0. Invariants (${'x'.repeat(40)})`,
      '',
      long,
      '',
      `- ${long}`,
      '',
      table,
      '',
      '```php',
      code,
      '```',
    ];
    expect(wrapInsertedMarkdown(runbook, md.join('\n'))).toBe(
      [
        md[0],
        '',
        'The mode table in “4. Modes”',
        'says what each mode does; it',
        'is the contract.',
        '',
        '- The mode table in “4.',
        '  Modes” says what each mode',
        '  does; it is the contract.',
        '',
        table,
        '',
        '```php',
        code,
        '```',
      ].join('\n'),
    );
  });

  it('a file that does not wrap its paragraphs gets the section as written, in its line endings', () => {
    const runbook = new Runbook('# Runbook\r\n\r\nOne long line that is not wrapped at all by its author.\r\n');
    expect(wrapInsertedMarkdown(runbook, `a\n${'word '.repeat(30)}`)).toBe(`a\r\n${'word '.repeat(30)}`);
  });
});
