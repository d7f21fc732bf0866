import { describe, expect, it } from 'vitest';
import { Runbook, headingPath } from '../../src/document/index.js';

/** The document offset where `needle` starts in the code block's text, through the block's map. */
function mapped(runbook: Runbook, blockIndex: number, needle: string): { line: number; column: number; text: string } {
  const block = runbook.codeBlocks[blockIndex];
  if (!block) throw new Error('no block');
  const at = block.text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  const p = block.toDoc(at);
  return { line: p.line, column: p.column, text: runbook.text.slice(p.offset, p.offset + needle.length) };
}

describe('heading tree', () => {
  const text = [
    '# Title', // 1
    '', // 2
    '# PHASE A: BASELINE', // 3
    '', // 4
    '## 1. Architecture', // 5
    '', // 6
    '# PHASE B: FOUNDATIONS', // 7
    '', // 8
    '## Step 1: Install doctrine/dbal', // 9
    '', // 10
    '### 1. Purpose & Pre-requisites', // 11
    '', // 12
    'Text.', // 13
    '', // 14
    '## Step 2: Add Tracing Columns to `sms_logs`', // 15
    '', // 16
    '# APPENDIX A: FAQ', // 17
  ].join('\n');
  const runbook = new Runbook(text);

  it('classifies phases, steps and appendices', () => {
    expect(runbook.phases().map((p) => p.title)).toEqual(['PHASE A: BASELINE', 'PHASE B: FOUNDATIONS']);
    expect(runbook.steps().map((s) => s.stepNumber)).toEqual([1, 2]);
    expect(runbook.sections.at(-1)?.kind).toBe('appendix');
  });

  it('keeps the exact source line and the line range of each section', () => {
    const step2 = runbook.steps()[1];
    expect(step2?.sourceLine).toBe('## Step 2: Add Tracing Columns to `sms_logs`');
    expect(step2?.title).toBe('Step 2: Add Tracing Columns to sms_logs');
    const phaseB = runbook.phases()[1];
    expect([phaseB?.line, phaseB?.endLine]).toEqual([7, 16]);
    const step1 = runbook.steps()[0];
    expect([step1?.line, step1?.endLine]).toEqual([9, 14]);
    expect(step1?.children.map((c) => c.title)).toEqual(['1. Purpose & Pre-requisites']);
  });

  it('finds the innermost section of a line and its heading path', () => {
    const s = runbook.sectionAt(13);
    expect(s?.title).toBe('1. Purpose & Pre-requisites');
    expect(s && headingPath(s)).toBe(
      'PHASE B: FOUNDATIONS › Step 1: Install doctrine/dbal › 1. Purpose & Pre-requisites',
    );
    expect(runbook.sectionAt(1)?.title).toBe('Title');
  });
});

describe('tables and prose', () => {
  const runbook = new Runbook(
    'Intro with `code` and **bold**.\n' +
      '\n| Mode | Go dry_run |\n' +
      '|------|-----------|\n' +
      '| SHADOW | `true` |\n' +
      '\n- item one\n- item two\n',
  );

  it('reads GFM tables with cell positions', () => {
    const table = runbook.tables[0];
    expect(table?.header.map((c) => c.text)).toEqual(['Mode', 'Go dry_run']);
    expect(table?.rows.map((r) => r.map((c) => c.text))).toEqual([['SHADOW', 'true']]);
    expect([table?.rows[0]?.[1]?.line, table?.rows[0]?.[1]?.column]).toEqual([5, 10]);
  });

  it('maps prose text back to the document, inline code included', () => {
    const p = runbook.prose[0];
    expect(p?.text).toBe('Intro with code and bold.');
    const at = p?.text.indexOf('code') ?? -1;
    expect(runbook.text.slice(p?.docOffset(at), (p?.docOffset(at) ?? 0) + 4)).toBe('code');
    expect(p?.isCodeAt(at)).toBe(true);
    const bold = p?.text.indexOf('bold') ?? -1;
    expect(runbook.text.slice(p?.docOffset(bold), (p?.docOffset(bold) ?? 0) + 4)).toBe('bold');
  });

  it('marks list-item prose', () => {
    expect(runbook.prose.filter((p) => p.container === 'listItem').map((p) => p.text)).toEqual([
      'item one',
      'item two',
    ]);
  });
});

describe('code block position mapping', () => {
  it('maps a top-level fence', () => {
    const runbook = new Runbook('Text\n\n```php\n$a = 1;\n$uuid = Str::uuid();\n```\n');
    expect(mapped(runbook, 0, 'Str::uuid')).toEqual({ line: 5, column: 9, text: 'Str::uuid' });
    expect(runbook.codeBlocks[0]?.lang).toBe('php');
  });

  it('maps code inside a list item (indented fence)', () => {
    const runbook = new Runbook('1. Step:\n\n   ```go\n   x := uuid.New()\n   ```\n');
    expect(mapped(runbook, 0, 'uuid.New')).toEqual({ line: 4, column: 9, text: 'uuid.New' });
  });

  it('maps code inside a blockquote, and inside a list in a blockquote', () => {
    const runbook = new Runbook('> ```sql\n> SELECT 1;\n> ```\n\n> - item\n>\n>   ```go\n>   go send()\n>   ```\n');
    expect(mapped(runbook, 0, 'SELECT')).toEqual({ line: 2, column: 3, text: 'SELECT' });
    expect(mapped(runbook, 1, 'send')).toEqual({ line: 8, column: 8, text: 'send' });
  });

  it('maps CRLF files line by line', () => {
    const runbook = new Runbook('# T\r\n\r\n```go\r\nfunc a() {}\r\nfunc b() {}\r\n```\r\n');
    expect(mapped(runbook, 0, 'b()')).toEqual({ line: 5, column: 6, text: 'b()' });
  });

  it('maps lines whose indentation is a tab the parser expanded', () => {
    const runbook = new Runbook('- item\n\n  ```go\n  if ok {\n\t\treturn\n  }\n  ```\n');
    const block = runbook.codeBlocks[0];
    expect(block?.text).toContain('return');
    expect(mapped(runbook, 0, 'return')).toEqual({ line: 5, column: 3, text: 'return' });
  });

  it('maps back from the document into the code', () => {
    const runbook = new Runbook('> ```php\n> $x = f();\n> ```\n');
    const block = runbook.codeBlocks[0];
    const docOffset = runbook.text.indexOf('f()');
    expect(block?.fromDoc(docOffset)).toBe(block?.text.indexOf('f()'));
    expect(block?.fromDoc(0)).toBeNull();
  });

  it('normalises language names', () => {
    const runbook = new Runbook('```golang\na\n```\n\n```PHP title="x"\nb\n```\n\n```\nc\n```\n');
    expect(runbook.codeBlocks.map((c) => [c.lang, c.meta])).toEqual([
      ['go', null],
      ['php', 'title="x"'],
      [null, null],
    ]);
  });

  it('finds fences left open', () => {
    expect(new Runbook('```php\n$a;\n```\n').unclosedFences()).toHaveLength(0);
    expect(new Runbook('Text\n\n```php\n$a;\n\n# Heading swallowed\n').unclosedFences()).toHaveLength(1);
    expect(new Runbook('````md\n```\n````\n').unclosedFences()).toHaveLength(0);
    expect(new Runbook('text\n\n```').unclosedFences()).toHaveLength(1);
  });
});

describe('HTML comments', () => {
  it('collects block and inline comments with positions, not those in code', () => {
    const runbook = new Runbook('<!-- a -->\n\nText <!-- b --> more.\n\n```html\n<!-- c -->\n```\n');
    expect(runbook.comments.map((c) => [c.body.trim(), c.line])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });
});

describe('prose offsets map back to the source exactly', () => {
  // the text a rule reads is not the source read straight: container prefixes, references, escapes
  it.each([
    ['a list item’s continuation line', '- Then go on\n  with step 17 here.\n'],
    ['a blockquote’s continuation line', '> Then go on Step\n> 17 here.\n'],
    ['a nested blockquote, CRLF', '> > deep\r\n> > 17 x\r\n'],
    ['after a character reference', 'Tom &amp; Jerry with step 17.\n'],
    ['after an astral numeric reference', 'x &#x1F600; 17\n'],
    ['after a backslash escape', 'A \\* star then step 17.\n'],
  ])('%s', (_name, source) => {
    const runbook = new Runbook(source);
    const block = runbook.prose[0];
    if (!block) throw new Error('no prose');
    const at = block.text.indexOf('17');
    expect(source.slice(block.docOffset(at), block.docOffset(at + 2, 'end'))).toBe('17');
  });

  it('a character reference maps to the whole reference', () => {
    const source = 'Tom &amp; Jerry.\n';
    const block = new Runbook(source).prose[0];
    const at = block?.text.indexOf('&') ?? -1;
    expect(source.slice(block?.docOffset(at), block?.docOffset(at + 1, 'end'))).toBe('&amp;');
  });
});
