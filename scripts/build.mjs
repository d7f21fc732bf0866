// Bundles the CLI into dist/. It builds into a folder of its own and swaps it in with renames,
// so a test or a second build running meanwhile never sees a half-written or missing dist/,
// and chunks of an earlier build never linger (they would ship: package.json lists dist/).
import { build } from 'esbuild';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const next = join(root, `.dist-next-${process.pid}`);
const old = join(root, `.dist-old-${process.pid}`);
// loaded at run time from node_modules: the grammars' wasm sits beside them, and the language
// server's protocol library is for `lsp` alone, so no other command parses it
const external = [
  'web-tree-sitter',
  'tree-sitter-php',
  'tree-sitter-go',
  'tree-sitter-bash',
  'vscode-languageserver/node.js',
  'vscode-languageserver-textdocument',
  'tinypool',
];

/**
 * dist/main.cjs: the same CLI as one CommonJS file, which bin/code-cache.js compiles with
 * vm.Script and a V8 code cache (Node 20 has no module.enableCompileCache). The loader wraps it
 * in `(function (exports, require, module, __filename, __dirname, __rblImport) {…})`:
 * import.meta.url becomes the file's own URL, as in the ESM bundle, so the package root, the
 * rule docs and the wasm grammars are found from dist/ alike; and import() of an external,
 * which a vm.Script cannot run on Node 20 without --experimental-vm-modules, goes through
 * __rblImport, the loader's own import(), so the same ESM web-tree-sitter loads as in main.js.
 */
async function buildCommonJs() {
  const out = await build({
    entryPoints: [join(root, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: join(next, 'main.cjs'),
    external,
    define: { 'import.meta.url': '__rblImportMetaUrl' },
    banner: { js: "var __rblImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    write: false,
    logLevel: 'warning',
  });
  let text = out.outputFiles[0].text;
  for (const name of external) text = text.replaceAll(`import(${JSON.stringify(name)})`, `__rblImport("${name}")`);
  const left = /(?:^|[^\w$.])import\s*\(/m.exec(text);
  if (left)
    throw new Error(`dist/main.cjs: an import() a vm.Script cannot run: ${text.slice(left.index, left.index + 80)}`);
  mkdirSync(next, { recursive: true });
  writeFileSync(join(next, 'main.cjs'), text);
}

await Promise.all([
  build({
    entryPoints: [join(root, 'src/cli/main.ts'), join(root, 'src/cli/cache.ts'), join(root, 'src/cli/lint-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: true,
    outdir: next,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    external,
    banner: {
      js:
        "import { createRequire as __createRequire } from 'node:module'; " +
        'const require = __createRequire(import.meta.url);',
    },
    logLevel: 'warning',
  }),
  buildCommonJs(),
]);
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });
