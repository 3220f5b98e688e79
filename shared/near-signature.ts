import { NEAR_DUPLICATE_MIN_LENGTH } from './near-duplicate.js';
import { sketchCommonAtMost } from './bigram-sketch.js';

/**
 * What a persisted near-duplicate index stores and probes (the Worker's D1 index, issue 13),
 * defined as near-duplicate.ts compares: the distinct character bigrams of a description already
 * through compactText, over code points, none below NEAR_DUPLICATE_MIN_LENGTH characters.
 *
 * Prefix filtering: under one global order of bigrams, two sets of n and m with Jaccard ≥ t share
 * at least α = ⌈t·(n + m)/(1 + t)⌉ ≥ ⌈t·max(n, m)⌉ bigrams, so the first n − α + k bigrams of one
 * and the first m − α + k of the other share at least k = min(2, α) of them (the first common
 * ones). The index keeps each stored set's first m − ⌈t·m⌉ + 2 bigrams (its prefix, enough for
 * any partner) with their positions; a probe asks, for each of its positions, only the stored
 * positions and sizes the pair's own α allows (nearProbePlan), and keeps a pair only if its hits
 * leave room for α common bigrams (nearMayBeSimilar).
 */

/**
 * The distinct bigrams of a compacted description (each two code points as a string, in the
 * order they first occur), or null when it is too short to compare. Each bigram is one slice of
 * the text: Array.from made a string per character first, then one per pair (a 10,000-row
 * submission's index writes read ~500,000 bigrams).
 */
export function nearBigrams(compact: string): string[] | null {
  if (compact.length < NEAR_DUPLICATE_MIN_LENGTH) return null; // fewer code units, fewer characters
  const seen = new Set<string>();
  if (!/[\ud800-\udfff]/.test(compact)) {
    for (let i = 0; i + 1 < compact.length; i++) seen.add(compact.slice(i, i + 2));
    return [...seen];
  }
  // Where each code point starts; a lone surrogate is one, as near-duplicate.ts reads it.
  const starts: number[] = [];
  for (let i = 0; i < compact.length; i++) {
    starts.push(i);
    const c = compact.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (compact.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  if (starts.length < NEAR_DUPLICATE_MIN_LENGTH) return null;
  starts.push(compact.length);
  for (let k = 0; k + 2 < starts.length; k++) seen.add(compact.slice(starts[k], starts[k + 2]));
  return [...seen];
}

// Thresholds come from JSON; a product like 0.8 × 10 must not round above its ceiling.
const EPS = 1e-9;

/** How many of a set's first bigrams (in the index order) its prefix holds, for threshold t. */
export function nearPrefixLength(size: number, threshold: number): number {
  return Math.min(size, size - Math.ceil(threshold * size - EPS) + 2);
}

/** The sizes a set of `size` bigrams can be similar to: [⌈t·n⌉, ⌊n/t⌋] (Jaccard ≤ min/max). */
export function nearSizeRange(size: number, threshold: number): [number, number] {
  return [Math.ceil(threshold * size - EPS), Math.floor(size / threshold + EPS)];
}

/** The fewest common bigrams sets of n and m need for Jaccard ≥ t: ⌈t·(n + m)/(1 + t)⌉ (rounded down when in doubt). */
export function nearOverlap(n: number, m: number, threshold: number): number {
  return Math.max(1, Math.ceil((threshold * (n + m)) / (1 + threshold) - EPS));
}

/** One lookup of a probe: the set's bigram at position `at` (1-based) against stored sets' bigram at `pos`, of sizes lo..hi. */
export type NearLookup = [at: number, pos: number, lo: number, hi: number];

/**
 * What a set of `size` bigrams looks up in the index: for each of its positions and each stored
 * position, the stored sizes m for which both lie within the pair's shorter prefixes
 * (n − α + k and m − α + k bigrams, α = nearOverlap(n, m), k = min(2, α)): the first k common
 * bigrams of a similar pair lie there, so every similar pair is hit at least k times.
 */
export function nearProbePlan(size: number, threshold: number): NearLookup[] {
  const [lo, hi] = nearSizeRange(size, threshold);
  const reachX: number[] = [];
  const reachY: number[] = [];
  for (let m = lo; m <= hi; m++) {
    const alpha = nearOverlap(size, m, threshold);
    const k = Math.min(2, alpha);
    reachX.push(Math.min(size, size - alpha + k));
    reachY.push(Math.min(m, m - alpha + k));
  }
  const out: NearLookup[] = [];
  const maxX = Math.max(0, ...reachX);
  const maxY = Math.max(0, ...reachY);
  for (let at = 1; at <= maxX; at++) {
    for (let pos = 1; pos <= maxY; pos++) {
      // Sizes allowed for this pair of positions, as runs of consecutive sizes.
      let start = -1;
      for (let m = lo; m <= hi + 1; m++) {
        const ok = m <= hi && reachX[m - lo]! >= at && reachY[m - lo]! >= pos;
        if (ok && start < 0) start = m;
        if (!ok && start >= 0) {
          out.push([at, pos, start, m - 1]);
          start = -1;
        }
      }
    }
  }
  return out;
}

/**
 * Whether a stored set of m bigrams hit `hits` times by a probe of n (nearProbePlan's lookups),
 * its last hit at the probe's position `lastAt` and the stored set's `lastPos`, may still reach
 * Jaccard ≥ t: the hits are the pair's first common bigrams, so at least k = min(2, α) of them,
 * and the rest follow both last positions (at most min(n − lastAt, m − lastPos) more).
 */
export function nearMayBeSimilar(n: number, m: number, hits: number, lastAt: number, lastPos: number, threshold: number): boolean {
  const alpha = nearOverlap(n, m, threshold);
  return hits >= Math.min(2, alpha) && hits + Math.min(n - lastAt, m - lastPos) >= alpha;
}

/**
 * The probe's second check of a survivor (worker/db/near-index.ts does it in SQL): its stored
 * prefix of `prefixLength` bigrams shares `common` with the item's whole set, the last of them at
 * the item's position `lastAt`; the bigrams beyond the prefix are the only others it can share,
 * all after `lastAt` in the item. Whether that leaves room for α.
 */
export function nearPrefixMayBeSimilar(n: number, m: number, common: number, prefixLength: number, lastAt: number, threshold: number): boolean {
  return common + Math.min(m - prefixLength, n - lastAt) >= nearOverlap(n, m, threshold);
}

export { sketchBit as nearSketchBit, sketchOf as nearSketchOf, sketchCommonAtMost as nearSketchCommonAtMost } from './bigram-sketch.js';

/**
 * Whether sets of n and m bigrams whose 128-bit sketches (bigram-sketch.ts) are a[ia..ia + 4)
 * and b[ib..ib + 4) can share the α = nearOverlap(n, m) bigrams Jaccard ≥ t needs: the check the
 * Worker runs on the probe's survivors before reading their whole sets. Never false for a
 * similar pair, whichever sketch holds which bits, as long as each is its own set's (see
 * sketchCommonAtMost); a stored row without a sketch is not checked at all.
 */
export function nearSketchMayBeSimilar(n: number, a: Int32Array, ia: number, m: number, b: Int32Array, ib: number, threshold: number): boolean {
  return sketchCommonAtMost(n, a, ia, m, b, ib) >= nearOverlap(n, m, threshold);
}
