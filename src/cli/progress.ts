import type { OutStream } from './streams.js';

/**
 * Files done out of the total, on stderr, for a person at a terminal whose run takes more than
 * a second: never on stdout, never when stderr is not a TTY, never in CI unless
 * RUNBOOK_LINT_PROGRESS=on asks for it (then from the first file; =off turns it off anywhere). One
 * line rewritten in place and erased at the end, so what stays on the screen is the output.
 */
export class Progress {
  private shown = false;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private readonly start: number;

  private constructor(
    private readonly out: OutStream,
    private readonly total: number,
    private readonly now: () => number,
    private readonly delayMs: number,
  ) {
    this.start = now();
  }

  static for(
    out: OutStream,
    total: number,
    env: Record<string, string | undefined>,
    now: () => number = Date.now,
    delayMs = 1000,
  ): Progress | null {
    const asked = env.RUNBOOK_LINT_PROGRESS;
    if (asked === 'off' || total < 2) return null;
    // asked for, it shows from the first file
    if (asked === 'on') return new Progress(out, total, now, 0);
    if (out.isTTY !== true || (env.CI !== undefined && env.CI !== '' && env.CI !== 'false')) return null;
    return new Progress(out, total, now, delayMs);
  }

  /** After a file: shown once the run has taken `delayMs`, rewritten at most every 100 ms. */
  done(count: number): void {
    const t = this.now();
    if (t - this.start < this.delayMs || (t - this.lastWrite < 100 && count < this.total)) return;
    this.lastWrite = t;
    this.shown = true;
    this.out.write(`\r\u001b[Krunbook-lint: ${count}/${this.total} files`);
  }

  /**
   * A step with no count (verify checks all files in one pass): shown in the line's place when
   * the run has taken `delayMs`, like a count.
   */
  phase(text: string): void {
    if (this.now() - this.start < this.delayMs) return;
    this.shown = true;
    this.out.write(`\r\u001b[Krunbook-lint: ${text}`);
  }

  /** Erases the line, if one was shown. */
  end(): void {
    if (this.shown) this.out.write('\r\u001b[K');
    this.shown = false;
  }
}
