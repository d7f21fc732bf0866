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
const argv = process.argv.slice(2);

const slot = cacheSlot(argv, process.cwd(), process.env, process.stdout.isTTY === true, process.stdout.columns);
if (slot?.hit) {
  process.stdout.write(slot.hit.stdout);
  process.stderr.write(slot.hit.stderr);
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
      return stream.write(s);
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
