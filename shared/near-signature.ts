import { NEAR_DUPLICATE_MIN_LENGTH } from './near-duplicate.js';

/**
 * What a persisted near-duplicate index stores and probes (the Worker's D1 index, issue 13),
 * defined as near-duplicate.ts compares: the distinct character bigrams of a description already
 * through compactText, over code points, none below NEAR_DUPLICATE_MIN_LENGTH characters.
 *
 * Prefix filtering: under one global order of bigrams, two sets with Jaccard ≥ t share at least
 * α = ⌈t·max(n, m)⌉ bigrams, so the first n − ⌈t·n⌉ + 2 bigrams of one and the first
 * m − ⌈t·m⌉ + 2 of the other share at least min(2, α) of them (the two first common ones). The
 * index keeps each stored set's prefix; a probe counts the prefix tokens it shares with each.
 */

/**
 * The distinct bigrams of a compacted description (each two code points as a string, in the
 * order they first occur), or null when it is too short to compare.
 */
export function nearBigrams(compact: string): string[] | null {
  if (compact.length < NEAR_DUPLICATE_MIN_LENGTH) return null; // fewer code units, fewer characters
  const chars = Array.from(compact); // code points; a lone surrogate stays one, as near-duplicate.ts reads it
  if (chars.length < NEAR_DUPLICATE_MIN_LENGTH) return null;
  const seen = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) seen.add(chars[i]! + chars[i + 1]!);
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

/**
 * The largest set size for which two similar sets may share a single prefix token: when
 * t·max(n, m) ≤ 1, one common bigram is all Jaccard ≥ t promises; above, two.
 */
export function nearSingleTokenSize(threshold: number): number {
  return Math.floor(1 / threshold + EPS);
}
