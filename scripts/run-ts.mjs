// Runs a TypeScript script of the project (npm run eval): bundled by esbuild into a temporary
// file beside it, imported, then removed. Dependencies stay external.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = resolve(process.argv[2] ?? '');
const out = join(dirname(entry), `.${basename(entry, '.ts')}-${process.pid}.mjs`);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  packages: 'external',
  logLevel: 'warning',
});
process.argv.splice(2, 1);
// on exit too: a script that ends with process.exit() never reaches a finally block
const cleanUp = () => rmSync(out, { force: true });
process.on('exit', cleanUp);
try {
  await import(pathToFileURL(out).href);
} finally {
  cleanUp();
}
