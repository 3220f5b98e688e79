import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { median } from './measure.js';

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

/** One phase of a run split into phases: its wall and CPU time and the GC pauses inside it. */
export interface PhaseShare {
  name: string;
  ms: number;
  cpuMs: number;
  gcMs: number;
  scavenges: number;
  majors: number;
}

/**
 * A run split into named phases (each a step that takes the previous step's result), run `runs`
 * times after one warm-up, the last run's result kept alive meanwhile (as a caller that writes the
 * report out keeps it); per phase the median of its wall, CPU and GC pause time, and its
 * collections per run. This is how a whole check's time is told apart where timing the parts alone is
 * not: the parts alone leave out the collections the previous parts' survivors cause inside them.
 */
export async function phasesDuring(runs: number, phases: readonly [string, (previous: unknown) => unknown][]): Promise<PhaseShare[]> {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const per: PhaseShare[][] = phases.map(() => []);
  try {
    let kept: unknown;
    for (let i = 0; i <= runs; i++) {
      const spans: [number, number][] = [];
      const times: [number, number][] = [];
      let value: unknown = undefined;
      for (const [, step] of phases) {
        const c = process.cpuUsage();
        const t0 = performance.now();
        value = step(value);
        const t1 = performance.now();
        const used = process.cpuUsage(c);
        spans.push([t0, t1]);
        times.push([t1 - t0, (used.user + used.system) / 1000]);
      }
      kept = value;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (i > 0) {
        phases.forEach(([name], k) => {
          const [t0, t1] = spans[k]!;
          const share: PhaseShare = { name, ms: times[k]![0], cpuMs: times[k]![1], gcMs: 0, scavenges: 0, majors: 0 };
          for (const e of entries) {
            if (e.startTime < t0 || e.startTime > t1) continue;
            share.gcMs += e.duration;
            const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
            if (kind === constants.NODE_PERFORMANCE_GC_MINOR) share.scavenges++;
            else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) share.majors++;
          }
          per[k]!.push(share);
        });
      }
      entries.length = 0;
    }
    void kept;
  } finally {
    observer.disconnect();
  }
  return per.map((shares, k) => ({
    name: phases[k]![0],
    ms: median(shares.map((s) => s.ms)),
    cpuMs: median(shares.map((s) => s.cpuMs)),
    gcMs: median(shares.map((s) => s.gcMs)),
    scavenges: shares.reduce((n, s) => n + s.scavenges, 0) / shares.length,
    majors: shares.reduce((n, s) => n + s.majors, 0) / shares.length,
  }));
}
