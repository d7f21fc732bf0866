import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { stripJsonComments } from '../../src/config/jsonc.js';
import { ConfigResolver } from '../../src/config/load.js';
import type { Rule } from '../../src/engine/types.js';
import { cli, tempRepo } from '../helpers/cli.js';

describe('JSON configs with comments', () => {
  it('drops // and /* */ comments outside strings, keeping every offset and line break', () => {
    const text = '{\r\n  // the SMS tables\r\n  "a": "https://x//y", /* two\nlines */ "b": "\\"/*not*/\\""\n}';
    const out = stripJsonComments(text);
    expect(out).toHaveLength(text.length);
    expect(out.split(/\r\n|\n/)).toHaveLength(text.split(/\r\n|\n/).length);
    expect(JSON.parse(out)).toEqual({ a: 'https://x//y', b: '"/*not*/"' });
  });

  it('leaves an unclosed block comment for JSON.parse to report', () => {
    expect(() => JSON.parse(stripJsonComments('{ /* open "a": 1 }'))).toThrow();
  });

  it('a .runbook-lint.json with comments is read; a JSON error after a comment names its own line', async () => {
    const good = tempRepo({
      '.runbook-lint.json': '{\n  // turn one rule off\n  "rules": { "no-recipient-lookup": "off" } /* end */\n}\n',
    });
    const config = await new ConfigResolver(rules as Rule<unknown>[], null, [], good).forFile(`${good}/r.md`);
    expect(config.rules.get('no-recipient-lookup')?.severity).toBe(0);
    const bad = tempRepo({ '.runbook-lint.json': '{\n  // a comment\n  "rules": {,}\n}\n', 'r.md': '# R\n' });
    const r = await cli(['check', 'r.md'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.runbook-lint\.json: invalid JSON at line 3, column 13/);
  });
});
