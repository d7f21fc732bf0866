import { describe, expect } from 'vitest';
import { type PathologicalCase, pathologicalTests } from '../helpers/pathological.js';

/**
 * Inputs built to break a parser or a regex. Each must end — in seconds, with exit 0, 1 or a
 * one-line refusal (2) — and never with a stack trace or an "internal error". The test
 * timeout is the hang detector; nothing here asserts a speed. Lists 5,000 deep are in
 * pathological.slow.test.ts (npm run test:slow).
 */
const cases: PathologicalCase[] = [
  ['an empty file', () => '', (r) => expect(r.code).toBe(0)],
  [
    'an unclosed fence',
    () => '# T\n\n```php\n$a = 1;\n\n## Step 2\n',
    (r) =>
      expect([r.code, r.stderr, r.stdout]).toEqual([
        1,
        '',
        expect.stringContaining('r.md:3:1  error  This code fence is never closed'),
      ]),
  ],
  ['10,000 nested blockquotes', () => `${'> '.repeat(10_000)}deep\n`, (r) => expect(r.code).toBe(0)],
  [
    'a 1 MB line',
    () => `# PHASE A\n\nLogs to \`sms_logs\`. ${'word '.repeat(200_000)}\n`,
    (r) => expect(r.code).toBe(1),
  ],
  [
    'NUL bytes',
    () => Buffer.from('# x\n\u0000\n'),
    (r) => expect(r.stderr).toMatch(/looks like a binary file \(NUL byte at offset 4\)/),
  ],
  ['inline markup 20,000 deep', () => `# x\n\n${'*a '.repeat(20_000)}\n`, (r) => expect([0, 1]).toContain(r.code)],
  ['100,000 unclosed HTML comments', () => `${'<!--'.repeat(100_000)}\n`, (r) => expect(r.code).toBe(0)],
  [
    'a 300 KB line of backticks in a PHP block',
    () => `\`\`\`php\n$a;\n${'`'.repeat(300_000)}x\n\`\`\`\n`,
    (r) => expect(r.stdout).toMatch(/could not be parsed within 750 ms, so the code rules did not check it/),
  ],
  ['2,000 code blocks', () => '```php\n$a = 1;\n```\n\n'.repeat(2_000), (r) => expect(r.code).toBe(0)],
  [
    'a 50 MB file: refused by the size limit, with the option to raise it',
    () => Buffer.alloc(50 * 1024 * 1024, 'a'),
    (r) => expect(r.stderr).toMatch(/50\.0 MB is over the 5\.0 MB limit; raise it with --max-file-size <MB>/),
  ],
];

describe('pathological input ends without a stack trace', () => {
  pathologicalTests(cases);
});
