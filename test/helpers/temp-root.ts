import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    tempRoot: string;
  }
}

/**
 * One folder per test run that holds every temporary repository the tests make, removed when
 * the run ends. An `afterAll` in a helper module cannot do it: with `isolate: false` the helper is
 * loaded once per worker, so its hook belonged to the first test file only and the rest leaked.
 */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'runbook-lint-tests-'));
  // readable by the other user some tests run the CLI as
  chmodSync(root, 0o755);
  project.provide('tempRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
