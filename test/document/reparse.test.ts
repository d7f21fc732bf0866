import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/load.js';
import { Runbook } from '../../src/document/index.js';
import { LineIndex } from '../../src/document/line-index.js';
import { parseMarkdown } from '../../src/document/parse.js';
import { reparse, type TextEdit } from '../../src/document/reparse.js';
import { applyEdits, fixToFixedPoint } from '../../src/fix/fix-loop.js';
import { corpus, corpusRequiredInCI } from '../helpers/corpus.js';

const root = join(import.meta.dirname, '..', '..');
const plain = (tree: unknown): unknown => JSON.parse(JSON.stringify(tree));

interface Before {
  root: ReturnType<typeof parseMarkdown>;
  text: string;
  lines: LineIndex;
  snapshot: unknown;
}

const parsed = (text: string): Before => {
  const root = parseMarkdown(text);
  return { root, text, lines: new LineIndex(text), snapshot: plain(root) };
};

/** The re-parsed tree of the edited text, or null when reparse declined; asserted equal to a full parse. */
function spliced(text: string | Before, edits: TextEdit[]): unknown {
  const before = typeof text === 'string' ? parsed(text) : text;
  const after = applyEdits(before.text, edits);
  const got = reparse(before, edits, after, new LineIndex(after));
  // the old tree is still the old text's: the report reads it after the fixes
  expect(plain(before.root)).toEqual(before.snapshot);
  if (got) expect(plain(got)).toEqual(plain(parseMarkdown(after)));
  return got;
}

const at = (text: string, needle: string): number => {
  const i = text.indexOf(needle);
  expect(i, needle).toBeGreaterThanOrEqual(0);
  return i;
};

describe('reparse: only the blocks an edit touches are parsed again', () => {
  const doc = [
    '# Title',
    '',
    'First paragraph.',
    '',
    '```php',
    '$a = 1;',
    '```',
    '',
    'Second one.',
    '',
    'Third one.',
    '',
    '- a',
    '- b',
    '',
  ].join('\n');

  it('splices an edited paragraph between unchanged blocks, positions of the later blocks moved', () => {
    const from = at(doc, 'First');
    const got = spliced(doc, [{ range: [from, from + 5], text: 'The first\nand longer' }]);
    expect(got).not.toBeNull();
  });

  it('takes an insertion between two blocks, and several edits at once', () => {
    const gap = at(doc, '\n\nSecond') + 1;
    const end = doc.length;
    expect(spliced(doc, [{ range: [gap, gap], text: '\n## Inserted\n\nText.\n' }])).not.toBeNull();
    expect(
      spliced(doc, [
        { range: [0, 1], text: '#' },
        { range: [gap, gap], text: '\nNew.\n' },
        { range: [end, end], text: '\nLast.\n' },
      ]),
    ).not.toBeNull();
  });

  it('gives up when an edit moves where a neighbour ends: a fence left open, two paragraphs joined', () => {
    const gap = at(doc, '\n\nSecond') + 1;
    expect(spliced(doc, [{ range: [gap, gap], text: '\n```\n' }])).toBeNull();
    const blank = at(doc, '\n\nThird');
    expect(spliced(doc, [{ range: [blank, blank + 1], text: '' }])).toBeNull();
    // a line after a list item is part of it (a lazy continuation): the list comes back longer
    expect(spliced(doc, [{ range: [doc.length, doc.length], text: 'Tail.\n' }])).toBeNull();
  });

  it('gives up on a text with a link reference definition: it gives meaning to text anywhere', () => {
    const withDefinition = `${doc}\n[ref]: https://example.com\n`;
    const from = at(withDefinition, 'Second');
    expect(spliced(withDefinition, [{ range: [from, from], text: '[see][ref] ' }])).toBeNull();
    const from2 = at(doc, 'Second');
    expect(spliced(doc, [{ range: [from2, from2], text: '\n[ref]: /u\n\n' }])).toBeNull();
  });

  it('keeps CRLF positions, and an edit at the very start or end of the text', () => {
    const crlf = doc.replace(/\n/g, '\r\n');
    const from = at(crlf, 'Second');
    expect(spliced(crlf, [{ range: [from, from + 6], text: 'Third\r\n\r\nFourth' }])).not.toBeNull();
    expect(spliced(crlf, [{ range: [crlf.length, crlf.length], text: '\r\nTail.\r\n' }])).not.toBeNull();
  });

  it('moves a block nested ten thousand levels deep without running out of stack', () => {
    // compared by its depth, not as JSON: serialising ten thousand levels would overflow the test's own stack
    const deep = `Top.\n\n${'>'.repeat(10_000)} deep\n`;
    const after = applyEdits(deep, [{ range: [0, 3], text: 'Above' }]);
    const got = reparse(
      { root: parseMarkdown(deep), text: deep, lines: new LineIndex(deep) },
      [{ range: [0, 3], text: 'Above' }],
      after,
      new LineIndex(after),
    );
    let depth = 0;
    let node = got?.children[1] as { type: string; children?: unknown[]; position?: { start: { offset?: number } } };
    expect(node?.position?.start.offset).toBe(8);
    while (node?.type === 'blockquote') {
      depth++;
      node = node.children?.[0] as typeof node;
    }
    expect(depth).toBe(10_000);
    expect(node?.position?.start.offset).toBe(10_009);
  });

  it('builds the same Runbook through the previous one as from the text', () => {
    const before = new Runbook(doc);
    const from = at(doc, 'Second');
    const edits = [{ range: [from, from] as [number, number], text: 'A ' }];
    const after = applyEdits(doc, edits);
    const viaPrevious = new Runbook(after, { runbook: before, edits });
    const fresh = new Runbook(after);
    expect(viaPrevious.sections.map((s) => [s.line, s.endLine, s.title])).toEqual(
      fresh.sections.map((s) => [s.line, s.endLine, s.title]),
    );
    expect(viaPrevious.prose.map((p) => [p.line, p.text])).toEqual(fresh.prose.map((p) => [p.line, p.text]));
    expect(viaPrevious.codeBlocks.map((c) => [c.range, c.text])).toEqual(
      fresh.codeBlocks.map((c) => [c.range, c.text]),
    );
  });
});

/** Deterministic edits from a seed: short replacements, deletions and insertions of Markdown that shifts structure. */
function randomEdits(text: string, seed: number): TextEdit[] {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
  const pieces = [
    '\n',
    '\n\n',
    '```\n',
    '- item\n',
    '> ',
    '# Heading\n',
    '    code\n',
    '|a|b|\n|-|-|\n',
    'word ',
    '\r\n',
  ];
  const points = Array.from({ length: 6 }, () => Math.floor(next() * (text.length + 1))).sort((a, b) => a - b);
  const edits: TextEdit[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const a = points[i] as number;
    const b = next() < 0.5 ? a : Math.min(points[i + 1] as number, a + 120);
    const last = edits[edits.length - 1];
    if (last && a <= last.range[1]) continue;
    edits.push({ range: [a, b], text: next() < 0.2 ? '' : (pieces[Math.floor(next() * pieces.length)] as string) });
  }
  return edits;
}

describe('reparse over runbooks written by others and by this project', () => {
  corpusRequiredInCI();
  const runbooks = readdirSync(join(corpus, 'runbooks'), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => join(corpus, 'runbooks', e.name));
  const own = [
    join(root, 'fixtures', 'MIGRATION_RUNBOOK.md'),
    ...readdirSync(join(root, 'eval'))
      .filter((n) => /^runbook-.*\.md$/.test(n))
      .map((n) => join(root, 'eval', n)),
  ];

  it('every spliced tree equals a full parse of the edited text (seeded random edits)', () => {
    let splices = 0;
    for (const file of [...own, ...runbooks]) {
      const before = parsed(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      for (let seed = 1; seed <= 3; seed++)
        if (spliced(before, randomEdits(before.text, seed * 7919 + before.text.length))) splices++;
    }
    // most edits land in a runbook of many blocks and are spliced: the comparison is not vacuous
    expect(splices).toBeGreaterThan((own.length + runbooks.length) * 2);
  }, 120_000);

  it("the fixer's own edits on the example and the eval runbooks are spliced, not parsed again whole", async () => {
    const config = resolveConfig({}, rules, null);
    for (const file of own.filter((f) => /MIGRATION|violations-1/.test(f))) {
      const text = readFileSync(file, 'utf8');
      const outcome = await fixToFixedPoint({ text, filePath: file, config, rules, unsafe: true });
      const edits = outcome.applied
        .filter((a) => a.pass === 1)
        .flatMap((a) => a.edits)
        .sort((a, b) => a.range[0] - b.range[0]);
      expect(edits.length, file).toBeGreaterThan(0);
      expect(spliced(text, edits), file).not.toBeNull();
    }
  }, 120_000);
});
