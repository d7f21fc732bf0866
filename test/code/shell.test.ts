import { afterEach, describe, expect, it } from 'vitest';
import { embeddedSql, shellAssignments, shellCommands } from '../../src/code/shell.js';
import { blankSessionOutput, CodeIndex } from '../../src/code/tree-sitter.js';
import { Runbook } from '../../src/document/index.js';

let open: CodeIndex | null = null;
afterEach(() => {
  open?.dispose();
  open = null;
});

async function parsed(lang: string, code: string) {
  const runbook = new Runbook(`# Title\n\n\`\`\`${lang}\n${code}\n\`\`\`\n`);
  open = await CodeIndex.create(runbook);
  const block = runbook.codeBlocks[0];
  const tree = block ? open.parse(block) : null;
  if (!block || !tree) throw new Error('no shell tree');
  return { block, root: tree.root };
}

describe('shell commands', () => {
  it('names the program behind wrappers and kubectl exec, with each word as the shell passes it', async () => {
    const { root } = await parsed(
      'bash',
      [
        'DB=prod sudo -u postgres psql "$URL" -c \'SELECT 1\'',
        'timeout 30s env -i A=b kubectl apply -f "x.yaml"  # a comment',
        'kubectl exec -it db-0 -- mysql --execute="SHOW TABLES"',
        'echo "$(date)" "a\\"b"',
      ].join('\n'),
    );
    const read = shellCommands(root).map((c) => [c.program, c.args.map((a) => a.value)]);
    expect(read).toEqual([
      ['psql', [null, '-c', 'SELECT 1']],
      ['kubectl', ['apply', '-f', 'x.yaml']],
      ['mysql', ['--execute=SHOW TABLES']],
      ['echo', [null, 'a"b']],
      ['date', []],
    ]);
  });

  it('reads a session on its prompt lines only, offsets unchanged', () => {
    const session = '$ kubectl get pods \\\n    -n web\nNAME   READY\nweb-0  1/1\n$ echo done';
    const blanked = blankSessionOutput(session);
    expect(blanked.length).toBe(session.length);
    expect(blanked.split('\n')).toEqual([
      '  kubectl get pods \\',
      '    -n web',
      ' '.repeat(12),
      ' '.repeat(10),
      '  echo done',
    ]);
    expect(blankSessionOutput('kubectl get pods\n# $ not a prompt')).toBe('kubectl get pods\n# $ not a prompt');
  });

  it('keeps the body of a here-document a prompt line opens', () => {
    const session = "$ psql <<'SQL'\nDELETE FROM t;\nSQL\nDELETE 3";
    expect(blankSessionOutput(session).split('\n')).toEqual(["  psql <<'SQL'", 'DELETE FROM t;', 'SQL', ' '.repeat(8)]);
  });
});

describe('SQL handed to a client', () => {
  it('finds option values, sqlite3, here-documents and echo pipes at their offsets in the block', async () => {
    const code = [
      'psql "$URL" -c "DROP TABLE a;"',
      "mysql --execute='DELETE FROM b'",
      "sqlite3 app.db 'UPDATE c SET x = 1'",
      "cat <<'EOF' | mariadb -u root",
      'TRUNCATE d;',
      'EOF',
      'echo "DELETE FROM e;" | sudo psql',
      'echo "DROP TABLE f;" > notes.txt',
      '# psql -c "DROP TABLE g;"',
    ].join('\n');
    const { block, root } = await parsed('sh', code);
    const found = embeddedSql(root).map((s) => [s.text.trim(), s.command.program]);
    expect(found).toEqual([
      ['DROP TABLE a;', 'psql'],
      ['DELETE FROM b', 'mysql'],
      ['UPDATE c SET x = 1', 'sqlite3'],
      ['TRUNCATE d;', 'mariadb'],
      ['DELETE FROM e;', 'psql'],
    ]);
    for (const s of embeddedSql(root)) expect(block.text.slice(s.start, s.start + s.text.length)).toBe(s.text);
  });

  it('follows a client through a variable an earlier block set, and reads run-together flags', async () => {
    const first = await parsed(
      'bash',
      'export CAT="mysql --defaults-extra-file=$HOME/.my.cnf catalog"\nNS=$(cat ns.txt)',
    );
    const env = shellAssignments([first.root]);
    expect([...env.keys()]).toEqual(['CAT']);
    const { root } = await parsed(
      'bash',
      [
        "$CAT <<'SQL'",
        'DELETE FROM t;',
        'SQL',
        'echo "UPDATE u SET a = 1;" | ${CAT}',
        'psql -Atc "SELECT 1"',
        "$NS -e 'DROP TABLE x'",
      ].join('\n'),
    );
    expect(embeddedSql(root, env).map((s) => [s.text.trim(), s.command.program])).toEqual([
      ['DELETE FROM t;', 'mysql'],
      ['UPDATE u SET a = 1;', 'mysql'],
      ['SELECT 1', 'psql'],
    ]);
  });
});
