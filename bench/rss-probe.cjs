// Preloaded into each measured process (node -r): records its peak resident set size at exit.
const { appendFileSync } = require('node:fs');
const out = process.env.RUNBOOK_BENCH_RSS_FILE;
if (out) process.on('exit', () => appendFileSync(out, `${process.resourceUsage().maxRSS}\n`));
