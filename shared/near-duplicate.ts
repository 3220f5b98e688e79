import { BestMatches, type NearMatch } from './best-matches.js';
import { bigramSets, type BigramSets } from './bigram-sets.js';
import { IntMultiMap } from './int-multimap.js';
import { pairBlocks } from './pair-blocks.js';
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
 * single-bigram prefix filtering degenerates towards comparing all pairs. The pairs are joined
 * block by block in flat typed arrays (see pair-blocks.ts), and a positional filter and 128-bit
 * sketches discard most candidates before their bigrams are compared. Finds exactly what an
 * all-pairs scan finds (test/shared/near-duplicate-exact.test.ts compares them). The map lists
 * the items in input order.
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

/**
 * Joins the sets block by block (pairs grouped by first token): within a block, each record
 * meets the earlier records (smaller sets, already indexed) of the same second token through a
 * chain per token, newest first, so a chain stops at the first set too small to match.
 */
function search(sets: BigramSets, t: number, best: BestMatches): void {
  const { count, offsets, tokens, ranks } = sets;
  const size = new Int32Array(count);
  for (let s = 0; s < count; s++) size[s] = offsets[s + 1]! - offsets[s]!;
  const sketch = sketches(sets);
  const verify = verifier(sets, t, best, sketch);
  const share = t / (1 + t);
  const { blockStart, records } = pairBlocks(offsets, tokens, ranks, (s) => probeLength(size[s]!, t), (s) => indexLength(size[s]!, t));
  const head = new Int32Array(ranks).fill(-1);
  let longest = 0;
  for (let a = 0; a < ranks; a++) longest = Math.max(longest, blockStart[a + 1]! - blockStart[a]!);
  const next = new Int32Array(longest);
  for (let a = 0; a < ranks; a++) {
    const from = blockStart[a]!;
    const to = blockStart[a + 1]!;
    for (let r = from; r < to; r++) {
      const x = records[4 * r]!;
      const b = records[4 * r + 1]!;
      const restX = records[4 * r + 2]! >> 1;
      const n = records[4 * r + 3]!;
      // Smaller-or-equal sets share ≥ ⌈t·n⌉ bigrams with this one if similar.
      const minSize = Math.ceil(t * n - 1e-9);
      for (let e = head[b]!; e >= 0; e = next[e - from]!) {
        const y = records[4 * e]!;
        const m = records[4 * e + 3]!;
        if (m < minSize) break;
        const need = Math.ceil(share * (n + m) - 1e-9);
        // Positional filter: if (a, b) are the two rarest common bigrams, every other common one
        // follows b in both sets.
        if (2 + Math.min(restX, records[4 * e + 2]! >> 1) >= need) verify(x, y, need);
      }
      if (records[4 * r + 2]! & 1) {
        next[r - from] = head[b]!;
        head[b] = r;
      }
    }
    // Clear the chains of this block.
    for (let r = from; r < to; r++) head[records[4 * r + 1]!] = -1;
  }
  searchTiny(sets, size, t, verify);
}

/** How many leading tokens of a set of n probe the pairs of smaller sets. */
function probeLength(n: number, t: number): number {
  // Smaller-or-equal sets share ≥ ⌈t·n⌉ bigrams with this one if similar.
  return Math.min(n, n - Math.max(1, Math.ceil(t * n - 1e-9)) + 2);
}

/**
 * Sets too small to promise two common bigrams with a similar larger one are indexed by single
 * bigrams; every set probes them. (Rare: a set of one bigram, or a low threshold.)
 */
function searchTiny(sets: BigramSets, size: Int32Array, t: number, verify: (x: number, y: number, need: number) => void): void {
  const share = t / (1 + t);
  let any = false;
  for (let s = 0; s < sets.count && !any; s++) any = indexLength(size[s]!, t) === 0;
  if (!any) return;
  const { count, offsets, tokens } = sets;
  const singles = new IntMultiMap(64);
  const seen = new Int32Array(count).fill(-1);
  for (let x = 0; x < count; x++) {
    const ox = offsets[x]!;
    const n = size[x]!;
    const minSize = Math.ceil(t * n - 1e-9);
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
