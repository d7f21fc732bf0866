// npm run new-rule -- <id>: a new rule from scripts/rule-template/, registered in rules/index.ts,
// with the README tables regenerated. The files it writes are the recipe of README "Adding a rule".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.cwd();
const id = process.argv[2] ?? '';
const fail = (message: string): never => {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
};
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/.test(id)) fail(`"${id}" is not a rule id: lowercase words joined by "-"`);
const folder = join(root, 'rules', id);
if (existsSync(folder)) fail(`rules/${id} already exists`);

const template = join(import.meta.dirname, 'rule-template');
const written: string[] = [];
const copy = (from: string, to: string): void => {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    const target = join(to, name.replace(/^rule\.test\.ts/, `${id}.test.ts`).replace(/\.tmpl$/, ''));
    if (statSync(source).isDirectory()) {
      mkdirSync(target, { recursive: true });
      copy(source, target);
    } else {
      writeFileSync(target, readFileSync(source, 'utf8').replaceAll('__ID__', id));
      written.push(relative(root, target));
    }
  }
};
mkdirSync(folder, { recursive: true });
copy(template, folder);

// the registry: one import, one entry
const registryPath = join(root, 'rules', 'index.ts');
const registry = readFileSync(registryPath, 'utf8');
const name = id.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const lastImport = registry.lastIndexOf('\nimport ');
const importEnd = registry.indexOf('\n', lastImport + 1);
const listEnd = registry.lastIndexOf('];');
if (lastImport < 0 || listEnd < 0) fail('rules/index.ts does not look like the registry');
writeFileSync(
  registryPath,
  `${registry.slice(0, importEnd)}\nimport ${name} from './${id}/index.js';${registry.slice(importEnd, listEnd)} ` +
    ` ${name},\n${registry.slice(listEnd)}`,
);
written.push('rules/index.ts');

const docs = spawnSync(
  process.execPath,
  [join(import.meta.dirname, 'run-ts.mjs'), join(import.meta.dirname, 'write-docs.ts')],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (docs.status !== 0) fail(`npm run docs failed: ${docs.stderr.trim()}`);
written.push('README.md (rules table and configuration example)');
process.stdout.write(
  `${written.map((f) => `  ${f}`).join('\n')}\nNext: write ` +
    `the check in rules/${id}/index.ts, its cases in rules/${id}/${id}.test.ts, ` +
    `its README, a fixture with <!-- expect: ${id} --> markers; then npm run docs and npm test.\n`,
);
