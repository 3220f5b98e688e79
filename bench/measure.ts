/** The middle of xs (the upper middle for an even count): every suite's median. */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Runs fn once and returns its wall time in ms (for the slow naive ways). */
export function once<T>(fn: () => T): { ms: number; result: T } {
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
}

/** Runs fn `runs` times after one warm-up and returns the best wall time in ms, and that run's CPU time. */
export function bestOf<T>(runs: number, fn: () => T): { ms: number; cpuMs: number; result: T } {
  let result = fn();
  let best = Infinity;
  let cpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    result = fn();
    const ms = performance.now() - t;
    const u = process.cpuUsage(c);
    if (ms < best) [best, cpuMs] = [ms, (u.user + u.system) / 1000];
  }
  return { ms: best, cpuMs, result };
}

/** One line of a benchmark table: the figure, the target, and whether it is met. */
export function report(name: string, ms: number, targetMs?: number, extra = ''): void {
  const verdict = targetMs === undefined ? '' : ms <= targetMs ? `  ✓ target < ${targetMs} ms` : `  ✗ MISSES target < ${targetMs} ms`;
  console.log(`  ${name.padEnd(52)} ${ms.toFixed(1).padStart(9)} ms${verdict}${extra ? '  ' + extra : ''}`);
}
