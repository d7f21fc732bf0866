import type { Node } from 'web-tree-sitter';
import { afterEach, describe, expect, it } from 'vitest';
import { descendants, ofType } from '../../src/code/syntax.js';
import { CodeIndex } from '../../src/code/tree-sitter.js';
import { Runbook } from '../../src/document/index.js';

let open: CodeIndex | null = null;
afterEach(() => {
  open?.dispose();
  open = null;
});

/** The subtree as tree-sitter gives it, child list by child list: what a range of the tree's walk must equal. */
function fromTree(node: Node): string[] {
  const out = [`${node.type}@${node.startIndex}-${node.endIndex}`];
  for (const child of node.namedChildren) if (child) out.push(...fromTree(child));
  return out;
}
const describeAll = (nodes: Node[]) => nodes.map((n) => `${n.type}@${n.startIndex}-${n.endIndex}`);

const PHP = `class Sender {
  public function send(array $m): void {
    $uuid = $m['uuid'] ?? (string) Str::uuid();
    if ($this->mode === 'off') { $this->legacy->send($uuid, $m); return; }
    foreach ($m['to'] as $to) { $this->go->dispatch(fn ($x) => [$x, $uuid]); }
  }
}
`;
const GO = [
  'func (s *S) Send(ctx context.Context, m Msg) error {',
  '\tfor _, r := range m.To {',
  '\t\tif err := s.c.Do(r); err != nil { return err }',
  '\t}',
  '\treturn nil',
  '}',
  '',
].join('\n');

describe('subtree walks are ranges of the tree’s walk', () => {
  it('give every named node’s subtree as tree-sitter does, in source order', async () => {
    const runbook = new Runbook(`# T\n\n\`\`\`php\n${PHP}\`\`\`\n\n\`\`\`go\n${GO}\`\`\`\n`);
    open = await CodeIndex.create(runbook);
    let subtrees = 0;
    for (const block of runbook.codeBlocks) {
      const root = open.parse(block)?.root;
      if (!root) throw new Error(`no tree for ${block.lang}`);
      // asked in an order unlike the walk's (deepest first), so no range is read before its tree is walked
      for (const n of [...descendants(root)].reverse()) {
        expect(describeAll(descendants(n))).toEqual(fromTree(n));
        subtrees++;
      }
    }
    expect(subtrees).toBeGreaterThan(60);
  });

  it('find the nodes of a type under a node, and only under it', async () => {
    const runbook = new Runbook(`# T\n\n\`\`\`php\n${PHP}\`\`\`\n`);
    open = await CodeIndex.create(runbook);
    const block = runbook.codeBlocks[0];
    const root = block ? open.parse(block)?.root : null;
    if (!root) throw new Error('no tree');
    const [ifStatement] = ofType(root, 'if_statement');
    if (!ifStatement) throw new Error('no if');
    expect(ofType(ifStatement, 'member_call_expression').map((n) => n.text)).toEqual([
      '$this->legacy->send($uuid, $m)',
    ]);
    expect(ofType(root, 'member_call_expression')).toHaveLength(2);
  });

  it('walk an anonymous node by itself', async () => {
    const runbook = new Runbook(`# T\n\n\`\`\`go\n${GO}\`\`\`\n`);
    open = await CodeIndex.create(runbook);
    const block = runbook.codeBlocks[0];
    const root = block ? open.parse(block)?.root : null;
    const brace = root?.descendantsOfType('{')[0];
    if (!brace) throw new Error('no brace');
    expect(describeAll(descendants(brace))).toEqual([`{@${brace.startIndex}-${brace.endIndex}`]);
  });
});
