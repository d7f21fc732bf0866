// Bundles the CLI into dist/. It builds into a folder of its own and swaps it in with renames,
// so a test or a second build running meanwhile never sees a half-written or missing dist/,
// and chunks of an earlier build never linger (they would ship: package.json lists dist/).
import { build } from 'esbuild';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const next = join(root, `.dist-next-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);

await build({
  entryPoints: [join(root, 'src/cli/main.ts'), join(root, 'src/cli/cache.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  outdir: next,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['web-tree-sitter', 'tree-sitter-php', 'tree-sitter-go'],
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; " +
      'const require = __createRequire(import.meta.url);',
  },
  logLevel: 'warning',
});
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
