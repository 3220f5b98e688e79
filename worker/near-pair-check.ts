import { nearMayBeSimilar, nearOverlap, nearPrefixMayBeSimilar } from '../shared/near-signature.js';

/**
 * The probe's checks of one pair (a probing item, a stored version hit at least twice), done in
 * the Worker from the version's stored prefix (near_sets, 0008) rather than in SQL: the same two
 * necessary conditions shared/near-signature.ts defines, so the pairs kept are the ones the SQL
 * of 0007 kept. First the hits of the probe's lookups (the bigrams common to both within the
 * pair's own prefixes, nearProbePlan), then the whole stored prefix against the item's set.
 *
 * `atOf`: the item's stored bigrams (seqs) → their 1-based positions in its set (size n);
 * `prefix`: the version's stored seqs (any order: positions are ranks by seq descending), or
 * null if its row is missing (then kept: the probe offers a superset, never one fewer).
 */
export function pairMayBeSimilar(n: number, atOf: ReadonlyMap<number, number>, m: number, prefix: readonly number[] | null, threshold: number): boolean {
  if (!prefix) return true;
  const alpha = nearOverlap(n, m, threshold);
  const k = Math.min(2, alpha);
  const reachX = Math.min(n, n - alpha + k);
  const reachY = Math.min(m, m - alpha + k);
  const ordered = isDescending(prefix) ? prefix : [...prefix].sort((a, b) => b - a);
  let hits = 0;
  let lastAt = 0;
  let lastPos = 0;
  let common = 0;
  let lastCommon = 0;
  for (let pos = 1; pos <= ordered.length; pos++) {
    const at = atOf.get(ordered[pos - 1]!);
    if (at === undefined) continue;
    common++;
    if (at > lastCommon) lastCommon = at;
    if (at <= reachX && pos <= reachY) {
      hits++;
      if (at > lastAt) lastAt = at;
      lastPos = pos;
    }
  }
  return nearMayBeSimilar(n, m, hits, lastAt, lastPos, threshold) && nearPrefixMayBeSimilar(n, m, common, ordered.length, lastCommon, threshold);
}

/** Whether seqs are already in the index order (as the Worker writes them). */
function isDescending(seqs: readonly number[]): boolean {
  for (let i = 1; i < seqs.length; i++) if (seqs[i]! > seqs[i - 1]!) return false;
  return true;
}

/**
 * The check of a pair from the version's whole set (near_sets.bigrams, 0010): its bigrams common
 * with the item's set (`atOf`, its stored bigrams; one not stored yet is in no stored set) counted
 * exactly, against the fewest a similar pair of sizes n and m shares (nearOverlap, rounded down
 * when in doubt). Exact, so the core is offered the pairs it will find and no others.
 */
export function setsMayBeSimilar(n: number, atOf: ReadonlyMap<number, number>, m: number, bigrams: ArrayLike<number>, threshold: number): boolean {
  const need = nearOverlap(n, m, threshold);
  let common = 0;
  // Stops as soon as the answer is known: enough common bigrams, or too few left to reach them.
  for (let i = 0; i < bigrams.length && common < need && common + bigrams.length - i >= need; i++) if (atOf.has(bigrams[i]!)) common++;
  return common >= need;
}
