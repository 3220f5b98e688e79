import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface GcShare {
  ms: number;
  cpuMs: number;
  /** Young-generation collections (scavenges) during the run, and their pauses' sum (wall). */
  scavenges: number;
  scavengeMs: number;
  /** Full (mark-compact) collections during the run, and their pauses' sum (wall). */
  majors: number;
  majorMs: number;
}

/**
 * `fn` run `runs` times after one warm-up, each run's time and the GC pauses that fell inside it,
 * as Node reports them (perf_hooks 'gc' entries: no V8 flag needed, so the bench runs as shipped).
 * Entries arrive asynchronously: each run is followed by a turn of the event loop to collect them.
 */
export async function gcDuring(runs: number, fn: () => unknown): Promise<GcShare[]> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const out: GcShare[] = [];
  try {
    let kept = fn();
    for (let i = 0; i < runs; i++) {
      kept = undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
      const c = process.cpuUsage();
      const t0 = performance.now();
      kept = fn();
      const t1 = performance.now();
      const used = process.cpuUsage(c);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const share: GcShare = { ms: t1 - t0, cpuMs: (used.user + used.system) / 1000, scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0 };
      for (const e of entries) {
        if (e.startTime < t0 || e.startTime > t1) continue;
        const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
          share.scavenges++;
          share.scavengeMs += e.duration;
        } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
          share.majors++;
          share.majorMs += e.duration;
        }
      }
      entries.length = 0;
      out.push(share);
    }
    void kept;
  } finally {
    observer.disconnect();
  }
  return out;
}

/** The run of median wall time. */
export function medianRun(shares: GcShare[]): GcShare {
  return [...shares].sort((a, b) => a.ms - b.ms)[shares.length >> 1]!;
}
