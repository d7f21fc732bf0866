// Preloaded into each measured process (node -r): at exit, appends "<peak RSS KB> <user+sys CPU µs>" to a file.
// resourceUsage() covers every thread of the process, so a worker thread's CPU time is counted too.
const { appendFileSync } = require('node:fs');
const out = process.env.RUNBOOK_BENCH_PROBE_FILE;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    appendFileSync(out, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\n`);
  });
}
