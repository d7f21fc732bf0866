#!/usr/bin/env node
// npm run bench — whole-process timings of runbook-lint check / fix / report against markdownlint-cli2, on two
// differently written runbooks repeated to 1×, 20× and 50×; then the floor (what any run pays before linting)
// and the cache. Prints Markdown to paste into the README's "## Performance"; progress goes to stderr.
// Whole processes, not functions: start-up and loading are most of a 1× run, and that is what a user waits for.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'runbook-lint.js');
const mdlDir = join(root, 'node_modules', 'markdownlint-cli2');
const mdl = join(mdlDir, 'markdownlint-cli2-bin.mjs');
const probe = join(root, 'bench', 'rss-probe.cjs');
const work = join(tmpdir(), `runbook-lint-bench-${process.pid}`);
const probeFile = join(work, 'probe.txt');

const quick = process.argv.includes('--quick');
const sizes = quick ? [1, 20] : [1, 20, 50];
// fewer rounds where one run takes seconds: there the noise is small next to the time itself
const runsFor = (size) => (quick ? 3 : size === 1 ? 11 : size === 20 ? 5 : 3);
const floorRuns = quick ? 5 : 11;
const manyRuns = quick ? 3 : 5;
const MANY = 50;
const POOL_SIZES = ['off', 2, 3];

const INPUTS = [
  { name: 'fixture', path: 'fixtures/MIGRATION_RUNBOOK.md', title: /^# SMS Sending Migration Runbook.*$/m },
  { name: 'runbook-b', path: 'eval/runbook-b-queued-jobs.md', title: /^# Runbook — .*$/m },
];
// "## Step 3:", "# PHASE B:", "## Phase A:", "### A-01 ·" get a suffix per copy, so the linter sees new steps and
// phases (as in a long runbook) rather than one step repeated, which rules about duplicates would treat apart
const NUMBERED = [/^(#+ (?:Step|Phase) )([\w.]+)/gim, /^(#+ )([A-Z]-\d+)(?= ·)/gm];

// and each PHP, Go and shell block ends with a comment naming its copy: a block of the same text is parsed once and
// shared (as the same check repeated after several steps is), and copies of every block would measure that alone
const COMMENT = { php: '//', go: '//', golang: '//', bash: '#', sh: '#', shell: '#', zsh: '#', console: '#' };

/** Where to put a line before each closing fence of a PHP, Go or shell block: [offset, comment marker, indent]. */
function blockEnds(text) {
  const out = [];
  const visit = (node) => {
    const marker = node.type === 'code' ? COMMENT[(node.lang ?? '').toLowerCase()] : undefined;
    if (marker) {
      const end = node.position.end.offset;
      const lineStart = text.lastIndexOf('\n', end - 1) + 1;
      const fence = text.slice(lineStart, end);
      // an unclosed block runs to the end of the text: nothing to put before
      if (/^\s*(`{3,}|~{3,})\s*$/.test(fence) && lineStart > node.position.start.offset)
        out.push([lineStart, marker, /^\s*/.exec(fence)[0]]);
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(unified().use(remarkParse).parse(text));
  return out;
}

/** `times` copies of the runbook, deterministic: the first as written, the others renumbered and titled "Part n". */
function generate(input, times) {
  return copiesOf(input, times).join('\n');
}

function copiesOf(input, times) {
  const base = readFileSync(join(root, input.path), 'utf8');
  const ends = blockEnds(base);
  const copies = [base];
  for (let i = 1; i < times; i++) {
    let copy = '';
    let at = 0;
    for (const [offset, marker, indent] of ends) {
      copy += `${base.slice(at, offset)}${indent}${marker} copy ${i + 1}\n`;
      at = offset;
    }
    copy = (copy + base.slice(at)).replace(input.title, `# Part ${i + 1}`);
    for (const re of NUMBERED) copy = copy.replace(re, (_, head, n) => `${head}${n}.${i}`);
    copies.push(copy);
  }
  return copies;
}

/** One node process under the probe: wall time from here, CPU and peak RSS as the child saw them at its exit. */
function run(args) {
  rmSync(probeFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', probe, ...args], {
    cwd: work,
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1', RUNBOOK_BENCH_PROBE_FILE: probeFile },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // 1 means "problems found": the fixture has them on purpose
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const [rssKb, cpuUs] = readProbe();
  return { ms, cpu: cpuUs / 1000, rss: rssKb / 1024 };
}

function readProbe() {
  try {
    return readFileSync(probeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  } catch {
    return [Number.NaN, Number.NaN];
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summarize = (samples) => ({
  ms: median(samples.map((s) => s.ms)),
  cpu: median(samples.map((s) => s.cpu)),
  rss: Math.max(...samples.map((s) => s.rss)),
});

/**
 * One warm-up run per tool (disk cache), then `runs` rounds. The order rotates each round so that no tool always
 * follows the same neighbour, and a change in the machine's load falls on every tool alike.
 */
function measure(tools, runs) {
  const names = Object.keys(tools);
  const samples = Object.fromEntries(names.map((t) => [t, []]));
  for (const t of names) run(tools[t]);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < names.length; j++) {
      const t = names[(i + j) % names.length];
      samples[t].push(run(tools[t]));
    }
  }
  return Object.fromEntries(names.map((t) => [t, summarize(samples[t])]));
}

const lintTools = (file) => ({
  check: [bin, 'check', file],
  fix: [bin, 'fix', file],
  report: [bin, 'report', file],
  mdl: [mdl, file],
});

/** What every run pays before any rule: Node itself, loading the bundle, and a bare parse of the text. */
function floorTools(file) {
  const bundle = JSON.stringify(pathToFileURL(join(root, 'dist', 'main.js')).href);
  const micromark = JSON.stringify(pathToFileURL(join(root, 'node_modules', 'micromark', 'index.js')).href);
  const parse =
    `import { parse, postprocess, preprocess } from ${micromark}; import { readFileSync } from 'node:fs';` +
    `const text = readFileSync(${JSON.stringify(file)}, 'utf8');` +
    'postprocess(parse().document().write(preprocess()(text, undefined, true)));';
  return {
    'node -e 0': ['-e', '0'],
    'import dist/main.js': ['--input-type=module', '-e', `await import(${bundle});`],
    'micromark parse (CommonMark events, no HTML)': ['--input-type=module', '-e', parse],
    'runbook-lint check': [bin, 'check', file],
  };
}

/** An unchanged file checked again with --cache: the bin's fast path, against a bare `node -e 0`. */
function measureUnchangedCache(file) {
  const args = [bin, 'check', '--cache', '--cache-location', join(work, 'cache-one'), file];
  run(args);
  return measure({ cached: args, bare: ['-e', '0'] }, floorRuns);
}

/**
 * The edit-and-re-run loop: MANY copies in a folder, the cache filled by one run over the folder; then each round
 * changes one file and checks the folder again with --cache, against a plain check of that file alone.
 */
function measureManyFiles(text) {
  const dir = join(work, 'many');
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= MANY; i++) writeFileSync(join(dir, `runbook-${String(i).padStart(2, '0')}.md`), text);
  const cacheDir = join(work, 'cache-many');
  const folder = [bin, 'check', '--cache', '--cache-location', cacheDir, 'many'];
  const changed = join('many', 'runbook-25.md');
  const single = [bin, 'check', changed];
  const fill = run(folder);
  const entries = existsSync(cacheDir) ? readdirSync(cacheDir).length : 0;
  run(single);
  const samples = { folder: [], single: [] };
  for (let i = 0; i < manyRuns; i++) {
    // a different edit each round, so the folder run always has exactly one file the cache has not seen
    appendFileSync(join(work, changed), `\n<!-- bench edit ${i} -->\n`);
    samples.folder.push(run(folder));
    samples.single.push(run(single));
  }
  return { fill, entries, folder: summarize(samples.folder), single: summarize(samples.single) };
}

/**
 * Many files on worker threads (--concurrency) against one thread: MANY files, each a different copy (half the
 * fixture's, half runbook-b's), so no file is answered from what the thread already tagged or parsed for another.
 */
function measurePool() {
  const dir = join(work, 'pool');
  mkdirSync(dir, { recursive: true });
  const half = MANY / 2;
  for (const input of INPUTS) {
    copiesOf(input, half).forEach((text, i) => {
      writeFileSync(join(dir, `${input.name}-${i + 1}.md`), text);
    });
  }
  const tools = Object.fromEntries(POOL_SIZES.map((n) => [n, [bin, 'check', '--concurrency', String(n), 'pool']]));
  return measure(tools, manyRuns);
}

// ---- formatting

const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const ratio = (a, b) => `${f(a / b, 2)}×`;
const table = (head, rows) => [
  `| ${head.join(' | ')} |`,
  `|${head.map(() => '---').join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
const per100 = (row, tool) => (row.m[tool].ms / row.kb) * 100;
const TOOL_NAMES = { check: 'check', fix: 'fix', report: 'report', mdl: 'markdownlint-cli2' };

function header(startLoad, mdlVersion) {
  const cpu = cpus();
  return (
    `runbook-lint benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ` +
    `${cpu[0]?.model.trim()} × ${cpu.length}, ${f(totalmem() / 2 ** 30)} GiB RAM, ` +
    `load average (1/5/15) ${startLoad} at start, ${load()} at end; markdownlint-cli2 ${mdlVersion}; ` +
    `${quick ? 'quick run (--quick)' : 'full run'}`
  );
}

function timeTables(rows) {
  const wall = rows.map((r) => {
    const { check, fix, report, mdl: d } = r.m;
    return [r.input, `${r.size}×`, f(r.kb), r.lines, f(check.ms), f(fix.ms), f(report.ms), f(d.ms)].concat(
      [check, fix, report].map((t) => ratio(t.ms, d.ms)),
    );
  });
  const cpu = rows.map((r) => {
    const { check, fix, report, mdl: d } = r.m;
    return [r.input, `${r.size}×`, f(check.cpu), f(fix.cpu), f(report.cpu), f(d.cpu)].concat(
      [check, fix, report].map((t) => ratio(t.cpu, d.cpu)),
    );
  });
  const rss = rows.map((r) => {
    const { check, fix, report, mdl: d } = r.m;
    return [r.input, `${r.size}×`, f(check.rss), f(fix.rss), f(report.rss), f(d.rss), ratio(check.rss, d.rss)];
  });
  const tools = ['check', 'fix', 'report', 'mdl'];
  const ratios = ['check / mdl', 'fix / mdl', 'report / mdl'];
  return [
    '**Wall time**, median ms (spawn to exit)',
    '',
    ...table(['input', 'size', 'KB', 'lines', ...tools, ...ratios], wall),
    '',
    '**CPU time**, median ms (user + sys of the process, all its threads)',
    '',
    ...table(['input', 'size', ...tools, ...ratios], cpu),
    '',
    '**Peak RSS**, MB',
    '',
    ...table(['input', 'size', ...tools, 'check / mdl'], rss),
  ];
}

function growthTable(rows) {
  const last = sizes.at(-1);
  const out = [];
  for (const input of INPUTS) {
    const mine = rows.filter((r) => r.input === input.name);
    for (const tool of Object.keys(TOOL_NAMES)) {
      const v = mine.map((r) => per100(r, tool));
      out.push([input.name, TOOL_NAMES[tool], ...v.map((x) => f(x, 1)), f(v.at(-1) / v[0], 2)]);
    }
  }
  return [
    '**ms per 100 KB** (wall); linear growth or better when the last column is ≤ 1',
    '',
    ...table(['input', 'tool', ...sizes.map((s) => `${s}×`), `${last}× / 1×`], out),
  ];
}

function floorTable(floor, kb) {
  const check = floor['runbook-lint check'];
  const out = Object.entries(floor).map(([name, m]) => [name, f(m.ms), f(m.cpu), f(m.rss), ratio(m.ms, check.ms)]);
  return [
    `**Floor**, on the 1× fixture (${f(kb)} KB), same alternation`,
    '',
    ...table(['process', 'wall ms', 'CPU ms', 'RSS MB', 'of check (wall)'], out),
  ];
}

function cacheTable(unchanged, many) {
  return [
    '**Cache**',
    '',
    ...table(
      ['run', 'wall ms', 'against', 'wall ms', 'ratio'],
      [
        [
          '`check --cache`, unchanged 1× fixture',
          f(unchanged.cached.ms),
          '`node -e 0`',
          f(unchanged.bare.ms),
          ratio(unchanged.cached.ms, unchanged.bare.ms),
        ],
        [
          `\`check --cache\` over ${MANY} copies of the fixture, one changed`,
          f(many.folder.ms),
          '`check` of that file alone',
          f(many.single.ms),
          ratio(many.folder.ms, many.single.ms),
        ],
      ],
    ),
    '',
    `Filling run over the ${MANY} files: ${f(many.fill.ms)} ms; cache entries it left: ${many.entries}.`,
  ];
}

/** The targets, read off the tables above. */
function goalsTable(rows, many) {
  const at = (input, size) => rows.find((r) => r.input === input && r.size === size);
  const judge = (value, max, text) => `${text} ${value <= max ? 'yes' : 'no'}`;
  const wallRatio = (tool, size, max) => (input) => {
    const r = at(input, size);
    return judge(r.m[tool].ms / r.m.mdl.ms, max, ratio(r.m[tool].ms, r.m.mdl.ms));
  };
  const growth = (input) => {
    const v = rows.filter((r) => r.input === input).map((r) => per100(r, 'check'));
    return judge(v.at(-1) / v[0], 1, f(v.at(-1) / v[0], 2));
  };
  const rss = (input) => {
    const r = at(input, 1);
    return judge(r.m.check.rss / r.m.mdl.rss, 1.1, ratio(r.m.check.rss, r.m.mdl.rss));
  };
  const cache = (input) =>
    input === 'fixture' ? judge(many.folder.ms / many.single.ms, 1.5, ratio(many.folder.ms, many.single.ms)) : '—';
  const goals = [
    ['check 1× / mdl, wall', '≤ 0.80×', wallRatio('check', 1, 0.8)],
    ['check 20× / mdl, wall', '≤ 1.00×', wallRatio('check', 20, 1)],
    ['fix 1× / mdl, wall', '≤ 0.95×', wallRatio('fix', 1, 0.95)],
    ['report 1× / mdl, wall', '≤ 1.00×', wallRatio('report', 1, 1)],
    [`check ms per 100 KB, ${sizes.at(-1)}× / 1×`, '≤ 1.00', growth],
    ['peak RSS check / mdl, 1×', '≤ 1.10×', rss],
    [`cached re-run, 1 of ${MANY} changed / check of that file`, '≤ 1.50×', cache],
  ];
  return [
    '**Goals** (met: yes / no)',
    '',
    ...table(
      ['goal', 'target', ...INPUTS.map((i) => i.name)],
      goals.map(([name, target, value]) => [name, target, ...INPUTS.map((i) => value(i.name))]),
    ),
  ];
}

function poolTable(pool) {
  const serial = pool.off;
  const rows = POOL_SIZES.map((n) => {
    const m = pool[n];
    const workers = n === 'off' ? 1 : n;
    const speedup = serial.ms / m.ms;
    return [
      n === 'off' ? 'off (this thread)' : `${n} workers`,
      f(m.ms),
      f(m.cpu),
      f(m.rss),
      ratio(m.ms, serial.ms),
      `${f(speedup / workers, 2)}×`,
    ];
  });
  return [
    `**Many files on worker threads** (\`check --concurrency N\` over ${MANY} different runbooks: ${MANY / 2} ` +
      'copies of each input; `auto` would lint them on this thread here, with two cores)',
    '',
    ...table(['--concurrency', 'wall ms', 'CPU ms', 'RSS MB', 'wall / off', 'speed-up per thread'], rows),
  ];
}

function footer() {
  const runs = sizes.map((s) => `${s}× ${runsFor(s)}`).join(', ');
  return (
    `Runs per tool: ${runs}; floor and unchanged cache ${floorRuns}; ${MANY}-file cache and pool ${manyRuns}. ` +
    'One warm-up each, then tools alternate (order rotating each round); medians; RSS = peak of the runs. ' +
    '`fix` without --write (prints the diff); markdownlint-cli2 with an empty config (its default rules). Inputs: ' +
    INPUTS.map((i) => `${i.name} = \`${i.path}\``).join(', ') +
    ', repeated with numbered headings renumbered and each PHP, Go and shell block ending in a comment naming its copy.'
  );
}

// ---- main

function main() {
  const startLoad = load();
  const mdlVersion = JSON.parse(readFileSync(join(mdlDir, 'package.json'), 'utf8')).version;
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, '.markdownlint-cli2.jsonc'), '{}\n');
  const rows = [];
  for (const input of INPUTS) {
    for (const size of sizes) {
      const text = generate(input, size);
      const file = `${input.name}-${size}x.md`;
      writeFileSync(join(work, file), text);
      const m = measure(lintTools(file), runsFor(size));
      rows.push({ input: input.name, size, kb: Buffer.byteLength(text) / 1024, lines: text.split('\n').length, m });
      process.stderr.write(`measured ${input.name} ${size}× (${runsFor(size)} runs each)\n`);
    }
  }
  const fixture1x = 'fixture-1x.md';
  const floor = measure(floorTools(fixture1x), floorRuns);
  process.stderr.write('measured the floor\n');
  const unchanged = measureUnchangedCache(fixture1x);
  const many = measureManyFiles(generate(INPUTS[0], 1));
  process.stderr.write('measured the cache\n');
  const pool = measurePool();
  process.stderr.write('measured the worker pool\n');
  const sections = [
    [header(startLoad, mdlVersion)],
    timeTables(rows),
    growthTable(rows),
    floorTable(floor, rows[0].kb),
    cacheTable(unchanged, many),
    poolTable(pool),
    goalsTable(rows, many),
    [footer()],
  ];
  console.log(sections.map((s) => s.join('\n')).join('\n\n'));
}

try {
  main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
