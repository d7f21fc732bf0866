import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { generatedDocs } from '../../scripts/docs.js';
import { lint } from '../helpers/lint.js';

const root = join(import.meta.dirname, '..', '..');
const SECTIONS = ['## What it checks', '## Why', '## Incorrect', '## Correct', '## Options', '## Fix'];

/** The first ````markdown example under a heading. */
function example(readme: string, heading: string): string {
  const from = readme.indexOf(`${heading}\n`);
  const m = /````markdown\n([\s\S]*?)\n````/.exec(readme.slice(from));
  if (from < 0 || !m) throw new Error(`no example under ${heading}`);
  return `${m[1] as string}\n`;
}

describe('rule docs are complete and kept honest', () => {
  for (const rule of rules) {
    const { id } = rule.meta;
    const path = join(root, 'rules', id, 'README.md');

    it(`${id}: README exists with the common outline`, () => {
      expect(existsSync(path)).toBe(true);
      const readme = readFileSync(path, 'utf8');
      expect(readme.startsWith(`# ${id}\n`)).toBe(true);
      let at = -1;
      for (const s of SECTIONS) {
        const next = readme.indexOf(`\n${s}\n`);
        expect(next, s).toBeGreaterThan(at);
        at = next;
      }
    });

    it(`${id}: README states the same fixability, invariant and options as the rule's meta`, () => {
      const readme = readFileSync(path, 'utf8');
      const fixable = /\*\*Fixable:\*\* (\w+)/.exec(readme)?.[1];
      expect(fixable).toBe(rule.meta.fixable === false ? 'no' : rule.meta.fixable);
      const invariant = /\*\*Invariant:\*\* (\w+)/.exec(readme)?.[1];
      expect(invariant).toBe(rule.meta.invariant === null ? 'none' : String(rule.meta.invariant));
      const severity = /\*\*Default severity:\*\* (\w+)/.exec(readme)?.[1];
      expect(severity).toBe(rule.meta.defaultSeverity);
      for (const option of Object.keys(rule.meta.options ?? {})) expect(readme).toContain(`\`${option}\``);
    });

    it(`${id}: the README's Fix section lists every fix with its kind`, () => {
      const readme = readFileSync(path, 'utf8');
      const fixSection = readme.slice(readme.indexOf('\n## Fix\n'));
      for (const [messageId, info] of Object.entries(rule.meta.fixes ?? {})) {
        const row = fixSection.split('\n').find((l) => l.startsWith('|') && l.includes(`\`${messageId}\``));
        expect(row, `row for ${messageId}`).toBeDefined();
        expect(row?.trim().endsWith(`| ${info.kind ?? rule.meta.fixable} |`), `kind of ${messageId}`).toBe(true);
      }
      if (rule.meta.fixable === false) expect(Object.keys(rule.meta.fixes ?? {})).toEqual([]);
    });

    it(`${id}: the README's incorrect example is reported and its correct example is not`, async () => {
      const readme = readFileSync(path, 'utf8');
      expect((await lint(example(readme, '## Incorrect'), { only: id })).messages.length).toBeGreaterThan(0);
      expect((await lint(example(readme, '## Correct'), { only: id })).messages).toEqual([]);
    });
  }
});

describe('the READMEs say what the rule metadata says', () => {
  it("the rules table, the configuration example and each rule's options table are generated and current", () => {
    const stale = generatedDocs()
      .filter((f) => f.current !== f.expected)
      .map((f) => relative(root, f.path));
    expect(stale, 'stale generated regions: run `npm run docs` and commit the READMEs').toEqual([]);
  });
});
