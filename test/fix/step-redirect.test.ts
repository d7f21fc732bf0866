import { describe, expect, it } from 'vitest';
import { Runbook, type Section } from '../../src/document/index.js';
import { applyEdits } from '../../src/fix/fix-loop.js';
import { redirectStepReferences } from '../../src/fix/step-redirect.js';

/** Step 17 is deleted, its work now in Step 18: what the references to it become. */
function redirect(source: string): string {
  const runbook = new Runbook(source);
  const step = (n: number): Section => {
    const s = runbook.steps().find((x) => x.stepNumber === n);
    if (!s) throw new Error(`no Step ${n}`);
    return s;
  };
  return applyEdits(source, redirectStepReferences(runbook, step(17), step(18)));
}

const runbook = (before: string, inCanonical: string): string =>
  `# Runbook\n\n## Step 16: Breaker\n\n${before}\n\n## Step 17: Wire SHADOW\n\nWiring.\n\n` +
  `## Step 18: All modes (CANONICAL)\n\n${inCanonical}\n`;

describe('references to a deleted duplicate step (issue 13, item 1)', () => {
  it('outside the step that holds the work now, "Step 17" becomes "Step 18"', () => {
    const source = runbook('Run this before Step 17 starts.', 'All three modes.');
    expect(redirect(source)).toBe(runbook('Run this before Step 18 starts.', 'All three modes.'));
  });

  it("inside it, the semicolon part about the deleted step goes, the sentence's end kept", () => {
    const source = runbook('Breaker.', 'Needs: Steps 7 and 16 deployed; Step 17’s SHADOW wiring merged.');
    expect(redirect(source)).toBe(runbook('Breaker.', 'Needs: Steps 7 and 16 deployed.'));
  });

  it('a part before the semicolon goes with the semicolon and the space after it', () => {
    const source = runbook('Breaker.', 'Step 17 merged; Step 16 deployed.');
    expect(redirect(source)).toBe(runbook('Breaker.', 'Step 16 deployed.'));
  });

  it('a sentence about the deleted step alone goes, the rest of the paragraph kept', () => {
    const source = runbook('Breaker.', 'All three modes. Wait for Step 17 first.');
    expect(redirect(source)).toBe(runbook('Breaker.', 'All three modes.'));
  });

  it('a paragraph that is only the reference says where the step went', () => {
    const source = runbook('Breaker.', 'Requires Step 17.');
    expect(redirect(source)).toBe(runbook('Breaker.', 'Requires Step 17 (merged into this step).'));
  });

  it('"Steps 17 and 18" outside, and a part naming another step too, are left for step-references', () => {
    const source = runbook('Read Steps 17 and 18 together.', 'Needs Step 16 and Step 17 done.');
    expect(redirect(source)).toBe(
      runbook('Read Steps 17 and 18 together.', 'Needs Step 16 and Step 17 (merged into this step) done.'),
    );
  });

  it('a reference that does not stand (negated, history) is left as it is', () => {
    const source = runbook('There is no Step 17 to wait for.', 'Step 17 was the first SHADOW wiring.');
    expect(redirect(source)).toBe(source);
  });
});
