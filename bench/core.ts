import { checkWorkbooks, findNearDuplicates } from '../shared/index.js';
import { compactText } from '../shared/text.js';
import { aggregateGrid, descriptions } from './ledger-gen.js';
import { bestOf, once, report } from './measure.js';

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

  const many = descriptions(100_000, 100);
  const nd = bestOf(2, () => findNearDuplicates(many, 0.8));
  report('near-duplicates over 100,000 items (bigram index)', nd.ms, 5000, `${nd.result.size} items with a match`);
  // The worst case: every finding written on one sentence skeleton, so even the rarest bigrams
  // of a description are shared by thousands of others. Shown, not held to the target.
  const templated = descriptions(100_000, 100, 7, false);
  const worst = once(() => findNearDuplicates(templated, 0.8));
  report('  … same, every finding on one sentence skeleton', worst.ms, undefined, `${worst.result.size} items with a match`);

  const small = descriptions(4_000, 100);
  const fast = bestOf(3, () => findNearDuplicates(small, 0.8));
  const naive = once(() => allPairs(small, 0.8));
  report('near-duplicates over 4,000 items (bigram index)', fast.ms);
  report('near-duplicates over 4,000 items (all pairs, naive)', naive.ms, undefined, `${(naive.ms / fast.ms).toFixed(0)}× slower; ${naive.result} pairs`);
}
