import { checkWorkbooks, findNearDuplicates } from '../shared/index.js';
import { compactText } from '../shared/text.js';
import { aggregateGrid, descriptions } from './ledger-gen.js';
import { bestOf, once, report } from './measure.js';
import { findNearDuplicates as previousNearDuplicates } from './near-duplicate-baseline.js';

/** The definition run over every pair: the naive way the index is measured against. */
function allPairs(entries: { id: number; unit: string; text: string }[], t: number): number {
  const sets = entries.map((e) => {
    const cs = Array.from(compactText(e.text));
    const s = new Set<string>();
    for (let i = 0; i + 1 < cs.length; i++) s.add(cs[i]! + cs[i + 1]!);
    return s;
  });
  let found = 0;
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (entries[i]!.unit === entries[j]!.unit) continue;
      let inter = 0;
      for (const g of sets[i]!) if (sets[j]!.has(g)) inter++;
      if (inter / (sets[i]!.size + sets[j]!.size - inter) >= t) found++;
    }
  }
  return found;
}

export async function run(): Promise<void> {
  const grid = aggregateGrid(100_000, 100);
  const heapBefore = process.memoryUsage().heapUsed;
  let peak = 0;
  const { ms, cpuMs, result } = bestOf(3, () => {
    const r = checkWorkbooks([{ file: 'bench.xlsx', sheets: [grid] }], { asOf: '2023-05-29' });
    peak = Math.max(peak, process.memoryUsage().heapUsed - heapBefore);
    return r;
  });
  report('check 100,000 ledger rows (one core)', ms, 1000, `CPU ${cpuMs.toFixed(0)} ms (GC threads included); ${result.stats.items} items, ${result.stats.errors} errors, ${result.stats.warnings} warnings`);
  const mb = peak / 1e6;
  console.log(`  ${'  memory: heap held by the report (beside the grid)'.padEnd(52)} ${mb.toFixed(0).padStart(9)} MB ${mb < 200 ? '  ✓' : '  ✗ MISSES'} target < 200 MB`);

  // The index beside the one before issue 13, runs alternated, best of each (wall and its CPU).
  const many = descriptions(100_000, 100);
  const nd = alternate(2, () => findNearDuplicates(many, 0.8), () => previousNearDuplicates(many, 0.8));
  report('near-duplicates over 100,000 items (bigram index)', nd.a.ms, 5000, `CPU ${nd.a.cpuMs.toFixed(0)} ms; ${nd.a.result.size} items with a match`);
  report('  … the index before issue 13', nd.b.ms, undefined, `CPU ${nd.b.cpuMs.toFixed(0)} ms; ${(nd.b.cpuMs / nd.a.cpuMs).toFixed(1)}× the CPU`);
  // The worst case: every finding written on one sentence skeleton, so even the rarest bigrams
  // of a description are shared by thousands of others. Shown, not held to the target.
  const templated = descriptions(100_000, 100, 7, false);
  const worst = alternate(0, () => findNearDuplicates(templated, 0.8), () => previousNearDuplicates(templated, 0.8));
  report('  … same, every finding on one sentence skeleton', worst.a.ms, undefined, `CPU ${worst.a.cpuMs.toFixed(0)} ms; ${worst.a.result.size} items with a match`);
  report('  … one skeleton, the index before issue 13', worst.b.ms, undefined, `CPU ${worst.b.cpuMs.toFixed(0)} ms; ${(worst.b.cpuMs / worst.a.cpuMs).toFixed(1)}× the CPU`);

  const small = descriptions(4_000, 100);
  const fast = bestOf(3, () => findNearDuplicates(small, 0.8));
  const before = bestOf(3, () => previousNearDuplicates(small, 0.8));
  const naive = once(() => allPairs(small, 0.8));
  report('near-duplicates over 4,000 items (bigram index)', fast.ms, undefined, `CPU ${fast.cpuMs.toFixed(0)} ms; before issue 13 ${before.ms.toFixed(1)} ms (CPU ${before.cpuMs.toFixed(0)} ms)`);
  report('near-duplicates over 4,000 items (all pairs, naive)', naive.ms, undefined, `${(naive.ms / fast.ms).toFixed(0)}× slower; ${naive.result} pairs`);
}

/** Two ways run alternately after one warm-up each: the best wall time of each, with that run's CPU. */
function alternate<A, B>(runs: number, a: () => A, b: () => B) {
  const time = <T>(fn: () => T) => {
    const c = process.cpuUsage();
    const t = performance.now();
    const result = fn();
    const u = process.cpuUsage(c);
    return { ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000, result };
  };
  let ra = time(a);
  let rb = time(b);
  for (let i = 0; i < runs; i++) {
    const x = time(a);
    if (x.ms < ra.ms || i === 0) ra = x;
    const y = time(b);
    if (y.ms < rb.ms || i === 0) rb = y;
  }
  return { a: ra, b: rb };
}
