import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_HOME = 'https://github.com/runbook-lint/runbook-lint';

let cached: { root: string; version: string; homepage: string } | null = null;

/** The package root, found from this module whether it runs from src/ (tests) or dist/. */
export function packageInfo(): { root: string; version: string; homepage: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
        homepage?: string;
      };
      if (pkg.name === 'runbook-lint')
        return (cached = {
          root: dir,
          version: pkg.version ?? '0.0.0',
          homepage: (pkg.homepage ?? DEFAULT_HOME).replace(/#.*$/, ''),
        });
    } catch {
      // not here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return (cached = { root: dir, version: '0.0.0', homepage: DEFAULT_HOME });
    dir = parent;
  }
}
