/**
 * Where a run's time goes, by rule and by phase, when `TIMING` is set — ESLint's habit:
 * `TIMING=1` prints the ten slowest, `TIMING=all` every one, `TIMING=25` that many. A rule is
 * charged for what it asks first: a code block's parse, a model or the tagger's answer that
 * the rules after it then share.
 */
export class Timing {
  private readonly totals = new Map<string, number>();

  add(name: string, ms: number): void {
    this.totals.set(name, (this.totals.get(name) ?? 0) + ms);
  }

  /** A Markdown table of the `limit` largest totals, each with its share of all of them. */
  table(limit: number): string {
    const rows = [...this.totals].sort((a, b) => b[1] - a[1]);
    const all = rows.reduce((sum, [, ms]) => sum + ms, 0);
    const shown = rows.slice(0, limit);
    const width = Math.max('Rule'.length, ...shown.map(([name]) => name.length));
    const lines = [`${'Rule'.padEnd(width)} | Time (ms) | Relative`, `:${'-'.repeat(width)}|----------:|---------:`];
    for (const [name, ms] of shown) {
      const share = all > 0 ? (100 * ms) / all : 0;
      lines.push(`${name.padEnd(width)} | ${ms.toFixed(1).padStart(9)} | ${`${share.toFixed(1)}%`.padStart(8)}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

let active: Timing | null = null;

/** How many rows `TIMING` asks for, or null when it is unset or says nothing usable. */
export function timingRows(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  if (value.toLowerCase() === 'all') return Number.POSITIVE_INFINITY;
  const n = Number.parseInt(value, 10);
  // ESLint's floor: TIMING=1 means "on", and shows ten
  return Number.isFinite(n) && n > 0 ? Math.max(n, 10) : null;
}

export function startTiming(): Timing {
  active = new Timing();
  return active;
}

/** Ends `timing`: an overlapping run that started another keeps its own. */
export function stopTiming(timing: Timing): void {
  if (active === timing) active = null;
}

/** Whether a run is being timed: then a file's result is linted, not read from the cache. */
export function timingOn(): boolean {
  return active !== null;
}

/** Runs `fn`, charging its time to `name` when timing is on. */
export function timed<T>(name: string, fn: () => T): T {
  const timing = active;
  if (!timing) return fn();
  const start = performance.now();
  try {
    return fn();
  } finally {
    timing.add(name, performance.now() - start);
  }
}

export async function timedAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const timing = active;
  if (!timing) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    timing.add(name, performance.now() - start);
  }
}
