#!/usr/bin/env node
// Thin on purpose: answer an unchanged `check --cache` from the cache, else run main(), loaded
// through the V8 code cache (./code-cache.js).
import { setFlagsFromString } from 'node:v8';
import { cacheSlot, storeRun } from '../dist/cache.js';

// The grammars' wasm is compiled by Liftoff alone: V8 otherwise also compiles their largest
// functions (the lexers) with TurboFan on a background thread, which a run of a few files never
// uses and whose end it waits for at exit — 100 to 500 ms and up to 40 MB a run. (TurboFan's
// code parses faster only after some 30 parses of a runbook's code.) Set before any wasm
// compiles, and before the code cache loads, so the cache's flag hash is the same in every run.
setFlagsFromString('--liftoff-only');
// JavaScript is handed to TurboFan after 8 times the usual ticks: by default V8 optimizes hundreds
// of functions that a run of one runbook calls a few times, on the background thread that the
// tagger's worker and the collector need too. A check of the example 766 → 709 ms wall, 1095 → 925
// ms CPU; at 20× and 50× as fast as before with less CPU (README, Performance).
setFlagsFromString('--interrupt-budget=540672');
const argv = process.argv.slice(2);

// `runbook-lint --help | head`: once the reader has gone, the rest of the output has nowhere to
// go. Drop it and finish the run, so the exit code is still the run's, not a stack trace.
const gone = new Set();
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    gone.add(stream);
  });
const write = (stream, s) => (gone.has(stream) ? true : stream.write(s));

const slot = cacheSlot(argv, process.cwd(), process.env, process.stdout.isTTY === true, process.stdout.columns);
if (slot?.hit) {
  write(process.stdout, slot.hit.stdout);
  write(process.stderr, slot.hit.stderr);
  process.exitCode = slot.hit.exitCode;
} else {
  const { loadMain } = await import('./code-cache.js');
  const { main, save } = await loadMain();
  const run = { stdout: '', stderr: '', exitCode: 0 };
  const tee = (stream, key) => ({
    isTTY: stream.isTTY,
    columns: stream.columns,
    write: (s) => {
      run[key] += s;
      return write(stream, s);
    },
  });
  run.exitCode = await main({
    argv,
    stdin: process.stdin,
    stdout: tee(process.stdout, 'stdout'),
    stderr: tee(process.stderr, 'stderr'),
  });
  process.exitCode = run.exitCode;
  if (slot) storeRun(slot, run);
  save(argv, run.exitCode);
}
