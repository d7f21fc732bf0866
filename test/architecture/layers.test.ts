import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/**
 * A folder may import only folders of a lower rank (type imports too): cli → rules, lsp → rule-api →
 * engine → model → code/text/config → document. The rank of a src/ folder, or of a root module.
 */
const RANK: Record<string, number> = {
  'src/errors.ts': 0,
  'src/package-info.ts': 0,
  'src/io': 1,
  'src/document': 2,
  'src/text': 3,
  'src/code': 3,
  'src/config': 3,
  'src/model': 4,
  'src/engine': 5,
  'src/fix': 6,
  'src/formatters': 6,
  'src/rule-api.ts': 7,
  'src/baseline': 7,
  'src/report': 7,
  'src/eval': 7,
  rules: 8,
  'src/lsp': 8,
  'src/verify': 8,
  'src/cli': 9,
};

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** The layer a file belongs to: its src/ folder or root module, or `rules` for any rule folder. */
function layerOf(file: string): string {
  const rel = relative(root, file).split('\\').join('/');
  if (rel.startsWith('rules/')) return 'rules';
  const parts = rel.split('/');
  return parts.length === 2 ? rel : `${parts[0]}/${parts[1]}`;
}

/** Every relative import of a file, type-only ones included, resolved to a path. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

const files = [...tsFiles(join(root, 'src')), ...tsFiles(join(root, 'rules'))];

describe('layers point one way', () => {
  it('every source folder has a rank', () => {
    const unranked = [...new Set(files.map(layerOf))].filter((l) => RANK[l] === undefined);
    expect(unranked, 'add the folder to RANK in test/architecture/layers.test.ts').toEqual([]);
  });

  it('no module imports a module of its own rank in another folder or of a higher rank', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to === from) continue;
        if ((RANK[to] ?? 99) >= (RANK[from] ?? 99)) wrong.push(`${relative(root, file)} → ${relative(root, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a rule imports only src/rule-api.ts and files of its own folder', () => {
    const wrong: string[] = [];
    for (const file of files.filter((f) => layerOf(f) === 'rules')) {
      const folder = relative(root, file).split('/').slice(0, 2).join('/');
      for (const target of importsOf(file)) {
        const rel = relative(root, target);
        const registry = folder === 'rules/index.ts' && /^rules\/[\w-]+\/index\.ts$/.test(rel);
        if (rel === 'src/rule-api.ts' || rel.startsWith(`${folder}/`) || registry) continue;
        wrong.push(`${relative(root, file)} → ${rel}`);
      }
      const bare = ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map((f) => f.fileName)
        .filter((s) => !s.startsWith('.'));
      for (const pkg of bare)
        wrong.push(`${relative(root, file)} → ${pkg} (a package: reach it through src/rule-api.ts)`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('no import cycles', () => {
  it('no module reaches itself through its imports, type imports included', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === 'open')
          cycles.push([...stack.slice(stack.indexOf(t)), t].map((x) => relative(root, x)).join(' → '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
