import { afterEach, describe, expect, it } from 'vitest';
import { descendants } from '../../src/code/syntax.js';
import { CodeIndex } from '../../src/code/tree-sitter.js';
import { Runbook } from '../../src/document/index.js';

let open: CodeIndex | null = null;
afterEach(() => {
  open?.dispose();
  open = null;
});

describe('node types read once per node object', () => {
  it('give what the tree says, for every node, however often asked', async () => {
    const php = '$client = new Client();\nif ($mode === "off") { $client->send($m); }\n// done\n';
    const runbook = new Runbook(`# T\n\n\`\`\`php\n${php}\`\`\`\n\n\`\`\`go\nfunc f() { if ok { g() } }\n\`\`\`\n`);
    open = await CodeIndex.create(runbook);
    let seen = 0;
    for (const block of runbook.codeBlocks) {
      const root = open.parse(block)?.root;
      if (!root) throw new Error(`no tree for ${block.lang}`);
      for (const n of descendants(root)) {
        const fromTree = n.tree.language.types[n.typeId] || 'ERROR';
        expect([n.type, n.type]).toEqual([fromTree, fromTree]);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
  });
});
