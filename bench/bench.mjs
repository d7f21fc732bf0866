#!/usr/bin/env node
// npm run bench — whole-process timings of runbook-lint check / fix and markdownlint-cli2 on
// the same generated runbooks (1×, 10×, 50× the example), alternating, after a warm-up.
// Prints medians, peak RSS, the ratios to markdownlint-cli2 and ms per 100 KB.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'runbook-lint.js');
const mdl = join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
const probe = join(root, 'bench', 'rss-probe.cjs');
const work = join(tmpdir(), `runbook-lint-bench-${process.pid}`);
const quick = process.argv.includes('--quick');
const sizes = quick ? [1, 10] : [1, 10, 50];
const runsFor = (size) => (quick ? 3 : size === 1 ? 11 : size === 10 ? 7 : 3);

/** The example repeated: each copy's steps and phases renumbered, so headings stay distinct. */
function generate(times) {
  const base = readFileSync(join(root, 'fixtures', 'MIGRATION_RUNBOOK.md'), 'utf8');
  const parts = [];
  for (let i = 0; i < times; i++) {
    parts.push(
      i === 0
        ? base
        : base
            .replace(/^(#+ (?:Step|PHASE) )([\w.]+)/gm, (_, head, n) => `${head}${n}.${i}`)
            .replace(/^# SMS Sending Migration Runbook.*$/m, `# Part ${i + 1}`),
    );
  }
  return parts.join('\n');
}

function run(cmd, args, cwd) {
  const rssFile = join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', probe, cmd, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, NO_COLOR: '1', RUNBOOK_BENCH_RSS_FILE: rssFile },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status === null || r.status > 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  let rss = NaN;
  try {
    rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024;
  } catch {}
  return { ms, rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

mkdirSync(work, { recursive: true });
writeFileSync(join(work, '.markdownlint-cli2.jsonc'), '{}\n');
const tools = {
  'node -e 0': (_f) => ['-e', ['0']],
  'rl check': (f) => [bin, ['check', f]],
  'rl fix': (f) => [bin, ['fix', f]],
  'mdl-cli2': (f) => [mdl, [f]],
};
const rows = [];
for (const size of sizes) {
  const text = generate(size);
  const file = `runbook-${size}x.md`;
  writeFileSync(join(work, file), text);
  const kb = Buffer.byteLength(text) / 1024;
  const samples = Object.fromEntries(Object.keys(tools).map((t) => [t, { ms: [], rss: [] }]));
  for (const t of Object.keys(tools)) {
    const [cmd, args] = tools[t](file);
    if (t === 'node -e 0') spawnSync(process.execPath, args);
    else run(cmd, args, work);
  }
  for (let i = 0; i < runsFor(size); i++) {
    for (const t of Object.keys(tools)) {
      const [cmd, args] = tools[t](file);
      const r = t === 'node -e 0' ? run('-e', ['0'], work) : run(cmd, args, work);
      samples[t].ms.push(r.ms);
      samples[t].rss.push(r.rss);
    }
  }
  const m = Object.fromEntries(
    Object.entries(samples).map(([t, s]) => [t, { ms: median(s.ms), rss: Math.max(...s.rss) }]),
  );
  rows.push({ size, kb, lines: text.split('\n').length, m, runs: runsFor(size) });
  process.stderr.write(`measured ${size}× (${runsFor(size)} runs each)\n`);
}

// the cache: an unchanged file checked again with --cache
const cacheFile = 'runbook-1x.md';
const cacheDir = join(work, 'cache');
const cached = [];
const bare = [];
try {
  run(bin, ['check', '--cache', '--cache-location', cacheDir, cacheFile], work);
  for (let i = 0; i < 11; i++) {
    cached.push(run(bin, ['check', '--cache', '--cache-location', cacheDir, cacheFile], work).ms);
    bare.push(run('-e', ['0'], work).ms);
  }
} catch (e) {
  process.stderr.write(`--cache not measured: ${e.message.split('\n')[0]}\n`);
}

const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const out = [];
out.push(
  `runbook-lint benchmark — ${new Date().toISOString().slice(0, 10)}, ` +
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
    `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
);
out.push('');
out.push(
  '| size | KB | lines | check ms | fix ms | markdownlint-cli2 ' +
    'ms | check / mdl | fix / mdl | RSS MB check / fix / mdl | RSS ' +
    'check / mdl |',
);
out.push('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const c = r.m['rl check'];
  const x = r.m['rl fix'];
  const d = r.m['mdl-cli2'];
  out.push(
    `| ${r.size}× | ${f(r.kb)} | ${r.lines} | ${f(c.ms)} | ${f(x.ms)} ` +
      `| ${f(d.ms)} | ${f(c.ms / d.ms, 2)}× | ${f(x.ms / d.ms, 2)}× ` +
      `| ${f(c.rss)} / ${f(x.rss)} / ${f(d.rss)} | ${f(c.rss / d.rss, 2)}× |`,
  );
}
out.push('');
const per100 = (r, t) => (r.m[t].ms / r.kb) * 100;
const checkGrowth =
  rows.length > 1
    ? `${rows.at(-1).size}× / 1× = ${f(per100(rows.at(-1), 'rl check') / per100(rows[0], 'rl check'), 2)}`
    : '';
out.push(
  `ms per 100 KB (check): ${rows.map((r) => `${r.size}× ${f(per100(r, 'rl check'), 1)}`).join(', ')}; ${checkGrowth}`,
);
out.push(`ms per 100 KB (fix):   ${rows.map((r) => `${r.size}× ${f(per100(r, 'rl fix'), 1)}`).join(', ')}`);
out.push(
  `ms per 100 KB (markdownlint-cli2): ${rows.map((r) => `${r.size}× ${f(per100(r, 'mdl-cli2'), 1)}`).join(', ')}`,
);
out.push(
  `node -e 0: ${f(rows[0].m['node -e 0'].ms)} ms; check --cache ` +
    `on an unchanged file: ${f(median(cached))} ms = ${f(median(cached) / median(bare), 2)}× ` +
    `node -e 0 (${f(median(bare))} ms in the same run)`,
);
out.push(
  `runs per tool: ${rows.map((r) => `${r.size}× ${r.runs}`).join(', ')}, ` +
    `after one warm-up each, tools alternating; medians; RSS ` +
    `= peak of the runs`,
);
console.log(out.join('\n'));
rmSync(work, { recursive: true, force: true });
