import { describe, expect, it } from 'vitest';
import { Runbook } from '../../src/document/index.js';
import { claimedPaths } from '../../src/verify/claimed-paths.js';

/** What verify takes the runbook to say the tree has: each path with how and where it is said. */
const claims = (text: string): string[] => {
  const runbook = new Runbook(text);
  return claimedPaths(runbook).map((c) => `${runbook.lines.pointAt(c.range[0]).line} ${c.how} ${c.path}`);
};

describe('the paths a runbook says to create or change', () => {
  it('a step heading, a sentence that makes or changes a file, a code block that belongs to one', () => {
    expect(
      claims(
        [
          '## Step 3: Create `app/Services/Client.php`', // 1
          '', // 2
          'Then update `config/services.php` with the URL.', // 3
          '', // 4
          '```go', // 5
          '// services/api/handler.go', // 6
          'package handler', // 7
          '```', // 8
          '',
        ].join('\n'),
      ),
    ).toEqual([
      '1 heading app/Services/Client.php',
      '3 procedure config/services.php',
      '5 code block services/api/handler.go',
    ]);
  });

  it('claims nothing a reader would not: deleted or moved files, bare names, other repositories, quotes', () => {
    expect(
      claims(
        [
          'Delete `app/Legacy/OldSender.php` once the switch is done.',
          '',
          'Add the host to `pg_hba.conf` and edit `homeserver.yaml`.',
          '',
          'Update `cluster.tf/main.tf` in the infrastructure repo.',
          '',
          'Edit `/etc/nginx/nginx.conf` on the server, then `~/.ssh/config`.',
          '',
          '> Create `docs/quoted/example.md` (a quotation).',
          '',
          'The handler lives in `app/Http/Handler.php`.',
          '',
          '## Appendix: history',
          '',
          'Create `app/Old/Thing.php`.',
          '',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  it('this repository is this tree; a path named twice is claimed once, where it is first said', () => {
    expect(claims('Create `ops/check.sh` in this repository.\n\n## Step 2: Change `ops/check.sh`\n')).toEqual([
      '1 procedure ops/check.sh',
    ]);
  });
});
