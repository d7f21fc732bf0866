// npm run docs: rewrites the generated regions of the READMEs; --check only reports stale ones.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { generatedDocs } from './docs.js';

const check = process.argv.includes('--check');
const stale = generatedDocs().filter((f) => f.current !== f.expected);
for (const f of stale) {
  if (check) process.stderr.write(`${relative(process.cwd(), f.path)}: out of date; run npm run docs\n`);
  else writeFileSync(f.path, f.expected);
}
if (!check) process.stdout.write(`${stale.length} file(s) rewritten\n`);
process.exitCode = check && stale.length > 0 ? 1 : 0;
