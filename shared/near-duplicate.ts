import { BestMatches, type NearMatch } from './best-matches.js';
import { bigramSets, type BigramSets } from './bigram-sets.js';
import { IntMultiMap } from './int-multimap.js';
import { ENTRY, PairIndex, RUN } from './pair-index.js';
import { compactText } from './text.js';

export type { NearMatch } from './best-matches.js';

export interface DescriptionEntry {
  id: number;
  unit: string;
  text: string;
}

/** Descriptions shorter than this (normalised) are not compared (SPEC section 5). */
export const NEAR_DUPLICATE_MIN_LENGTH = 10;

/**
 * Each item's best match among other units' items whose descriptions are nearly equal:
 * Jaccard similarity of character-bigram sets ≥ threshold; ties go to the lowest other id.
 *
 * An exact set-similarity join with two-token prefix signatures. Bigrams are ranked rarest
 * first; if two sets share at least α bigrams, then their first (size − α + 2) bigrams share
 * at least two (the two rarest common ones), so indexing every pair of bigrams from those
 * prefixes finds every similar pair. A pair of rare bigrams is far rarer than either alone,
 * which keeps the candidate lists short even for ledgers written from one template, where
 * single-bigram prefix filtering degenerates towards comparing all pairs. Finds exactly what an
 * all-pairs scan finds (test/shared/near-duplicate-exact.test.ts compares them).
 * @example findNearDuplicates([{ id: 1, unit: 'A', text: '…' }, { id: 2, unit: 'B', text: '…' }], 0.8)
 */
export function findNearDuplicates(entries: readonly DescriptionEntry[], threshold: number, options: { compacted?: boolean } = {}): Map<number, NearMatch> {
  const t = Math.min(1, Math.max(1e-6, threshold));
  const ids = new Float64Array(entries.length);
  const units = new Int32Array(entries.length);
  const unitNumbers = new Map<string, number>();
  const texts = new Array<string>(entries.length);
  entries.forEach((e, i) => {
    ids[i] = e.id;
    let u = unitNumbers.get(e.unit);
    if (u === undefined) unitNumbers.set(e.unit, (u = unitNumbers.size));
    units[i] = u;
    texts[i] = options.compacted === true ? e.text : compactText(e.text);
  });
  const sets = bigramSets(texts, NEAR_DUPLICATE_MIN_LENGTH);
  const best = new BestMatches(ids, units, sets);
  // Equal bigram sets of different units: similarity 1.
  for (let s = 0; s < sets.count; s++) if (sets.memberOffsets[s + 1]! - sets.memberOffsets[s]! > 1) best.pair(s, s, 1);
  search(sets, t, best);
  return best.toMap();
}

/** How many leading tokens of a set of n go into the pair index (0: too few, index singles). */
function indexLength(n: number, t: number): number {
  // Any similar larger set shares ≥ ⌈2t·n/(1+t)⌉ bigrams with this one.
  const overlap = Math.ceil((2 * t * n) / (1 + t) - 1e-9);
  return overlap >= 2 ? Math.min(n, n - overlap + 2) : 0;
}

/** Visits the sets by size, probing the pairs (and singles) of smaller sets indexed before. */
function search(sets: BigramSets, t: number, best: BestMatches): void {
  const { count, offsets, tokens } = sets;
  const size = new Int32Array(count);
  for (let s = 0; s < count; s++) size[s] = offsets[s + 1]! - offsets[s]!;
  // The first set of each size or more (sets are numbered by size).
  const firstOfSize = new Int32Array(size[count - 1]! + 2 || 1).fill(count);
  for (let s = count - 1; s >= 0; s--) firstOfSize[size[s]!] = s;
  for (let n = firstOfSize.length - 2; n >= 0; n--) firstOfSize[n] = Math.min(firstOfSize[n]!, firstOfSize[n + 1]!);
  const sketch = sketches(sets);
  const index = new PairIndex(offsets, tokens, sets.ranks, (s) => indexLength(size[s]!, t), sketch);
  const { regionStart, keyB, runs, entries } = index;
  const singles = new IntMultiMap(64);
  const verify = verifier(sets, t, best, sketch);
  const seen = new Int32Array(count).fill(-1);
  const share = t / (1 + t);
  for (let x = 0; x < count; x++) {
    const ox = offsets[x]!;
    const n = size[x]!;
    // Smaller-or-equal sets share ≥ ⌈t·n⌉ bigrams with this one if similar.
    const minSize = Math.ceil(t * n - 1e-9);
    const fromSet = firstOfSize[Math.max(0, minSize)]!;
    const probe2 = Math.min(n, n - Math.max(1, minSize) + 2);
    const sx0 = sketch[x * 4]! | sketch[x * 4 + 2]!;
    const sx1 = sketch[x * 4 + 1]! | sketch[x * 4 + 3]!;
    for (let i = 0; i + 1 < probe2; i++) {
      const regionEnd = regionStart[tokens[ox + i]! + 1]!;
      let k = regionStart[tokens[ox + i]!]!;
      for (let j = i + 1; j < probe2 && k < regionEnd; j++) {
        const b = tokens[ox + j]!;
        k = index.seek(k, regionEnd, b);
        if (k === regionEnd || keyB[k] !== b) continue;
        // Skip runs with no set indexed before this one of a size to match.
        const run = k * RUN;
        if (runs[run + 1]! >= x || runs[run + 2]! < fromSet) continue;
        const runEnd = runs[run + RUN]!;
        // The sets indexed before this one (numbered lower) that hold the pair, smallest first.
        for (let e = index.firstFrom(runs[run]!, runEnd, fromSet); e < runEnd; e++) {
          const at = e * ENTRY;
          const y = entries[at]!;
          if (y >= x) break;
          const m = entries[at + 1]!;
          const need = Math.ceil(share * (n + m) - 1e-9);
          // Positional filter: if this pair is the two rarest common bigrams, every other common
          // one follows it in both sets. Then the folded sketches bound the difference.
          if (2 + Math.min(n - 1 - j, entries[at + 2]!) < need) continue;
          if (popcount(sx0 ^ entries[at + 3]!) + popcount(sx1 ^ entries[at + 4]!) > n + m - 2 * need) continue;
          if (seen[y] === x) continue;
          seen[y] = x;
          verify(x, y, need);
        }
      }
    }
    if (!singles.isEmpty) {
      const probe1 = Math.min(n, n - Math.max(1, minSize) + 1);
      for (let i = 0; i < probe1; i++) {
        for (let e = singles.first(tokens[ox + i]!); e >= 0; e = singles.next(e)) {
          const y = singles.value(e);
          const m = size[y]!;
          if (m < minSize || seen[y] === x) continue;
          seen[y] = x;
          verify(x, y, Math.ceil(share * (n + m) - 1e-9));
        }
      }
    }
    if (indexLength(n, t) === 0) {
      // Too few bigrams to promise two in common: index single bigrams instead.
      const overlap = Math.max(1, Math.ceil(2 * share * n - 1e-9));
      for (let i = 0; i < Math.min(n, n - overlap + 1); i++) singles.add(tokens[ox + i]!, x);
    }
  }
}

/**
 * The exact check of a candidate pair of sets: 128-bit sketches first (they stay in cache where
 * each candidate's tokens would miss), then the overlap of the sorted tokens, stopping as soon as
 * `need` common bigrams are out of reach.
 */
function verifier(sets: BigramSets, t: number, best: BestMatches, sketch: Int32Array) {
  const { offsets, tokens } = sets;
  return (x: number, y: number, need: number): void => {
    const ax = offsets[x]!;
    const n = offsets[x + 1]! - ax;
    const by = offsets[y]!;
    const m = offsets[y + 1]! - by;
    // A bit set in one sketch only needs a bigram in one set only: differing bits bound the difference.
    let d = 0;
    for (let k = 0; k < 4; k++) d += popcount(sketch[x * 4 + k]! ^ sketch[y * 4 + k]!);
    if (d > n + m - 2 * need) return;
    let i = 0;
    let j = 0;
    let inter = 0;
    while (i < n && j < m) {
      if (inter + Math.min(n - i, m - j) < need) return;
      const a = tokens[ax + i]!;
      const b = tokens[by + j]!;
      if (a === b) {
        inter++;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    if (inter < need) return;
    const sim = inter / (n + m - inter);
    if (sim >= t) best.pair(x, y, sim);
  };
}

/** 128 bits per set, one per bigram hash. */
function sketches(sets: BigramSets): Int32Array {
  const out = new Int32Array(sets.count * 4);
  for (let s = 0; s < sets.count; s++) {
    for (let p = sets.offsets[s]!; p < sets.offsets[s + 1]!; p++) {
      const h = Math.imul(sets.tokens[p]! ^ 0x5bd1e995, 0x9e3779b1) >>> 25; // 0..127
      out[s * 4 + (h >>> 5)]! |= 1 << (h & 31);
    }
  }
  return out;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
