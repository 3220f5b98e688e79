import { BestMatches, type NearMatch } from './best-matches.js';
import { bigramSets, type BigramSets } from './bigram-sets.js';
import { IntMultiMap } from './int-multimap.js';
import { HEADER, prefixPostings } from './prefix-postings.js';

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
 * single-bigram prefix filtering degenerates towards comparing all pairs. The pairs are made
 * token by token from flat typed arrays (see prefix-postings.ts), and a positional filter and 128-bit
 * sketches discard most candidates before their bigrams are compared. Finds exactly what an
 * all-pairs scan finds (test/shared/near-duplicate-exact.test.ts compares them). The map lists
 * the items in input order.
 * @example findNearDuplicates([{ id: 1, unit: 'A', text: '…' }, { id: 2, unit: 'B', text: '…' }], 0.8)
 */
export function findNearDuplicates(entries: readonly DescriptionEntry[], threshold: number): Map<number, NearMatch> {
  const ids = new Float64Array(entries.length);
  const units = new Array<string>(entries.length);
  const texts = new Array<string>(entries.length);
  entries.forEach((e, i) => {
    ids[i] = e.id;
    units[i] = e.unit;
    texts[i] = e.text;
  });
  return nearDuplicateColumns(ids, units, texts, threshold);
}

/** findNearDuplicates over the entries' columns (no object per entry). */
export function nearDuplicateColumns(ids: Float64Array, unitNames: readonly string[], texts: readonly string[], threshold: number): Map<number, NearMatch> {
  const t = Math.min(1, Math.max(1e-6, threshold));
  const units = new Int32Array(ids.length);
  const unitNumbers = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    let u = unitNumbers.get(unitNames[i]!);
    if (u === undefined) unitNumbers.set(unitNames[i]!, (u = unitNumbers.size));
    units[i] = u;
  }
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
 * Joins the sets token by token: in token a's postings (sets in order of size), each pair
 * (a, b) of a set's probe prefix meets the earlier sets (smaller, already indexed) that hold the
 * pair in their index prefix, through a chain per b, newest first, so a chain stops at the first
 * set too small to match. Only index-prefix pairs are kept, with the set's sketch, in scratch
 * arrays reused from token to token (a chain belongs to the token that last stamped it): most
 * candidates are turned down without reading anything of the other set.
 */
function search(sets: BigramSets, t: number, best: BestMatches): void {
  const { count, offsets, tokens, ranks } = sets;
  const size = new Int32Array(count);
  const probe = new Int32Array(count);
  const index = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    size[s] = offsets[s + 1]! - offsets[s]!;
    probe[s] = probeLength(size[s]!, t);
    index[s] = indexLength(size[s]!, t);
  }
  const sketch = sketches(sets);
  // The overlap two sets of n + m bigrams in all need to be similar, looked up rather than worked out per candidate.
  let largest = 0;
  for (let s = 0; s < count; s++) largest = Math.max(largest, size[s]!);
  const needFor = new Int32Array(2 * largest + 1);
  for (let k = 0; k < needFor.length; k++) needFor[k] = Math.ceil((t / (1 + t)) * k - 1e-9);
  const { start, record, position, records, longest } = prefixPostings(offsets, tokens, ranks, probe, index, sketch);
  const head = new Int32Array(ranks);
  const headToken = new Int32Array(ranks).fill(-1);
  // Per kept pair of the current token: its set, that set's size, how many of its tokens follow
  // b, the next in b's chain; and the set's sketch.
  const pairs = new Int32Array(longest * 4);
  const pairSketch = new Int32Array(longest * 4);
  for (let a = 0; a < ranks; a++) {
    let kept = 0;
    for (let p = start[a]!; p < start[a + 1]!; p++) {
      const r = record[p]!;
      const x = records[r]!;
      const n = records[r + 1]!;
      const len = records[r + 2]!;
      const indexed = records[r + 3]!;
      const s0 = records[r + 4]!;
      const s1 = records[r + 5]!;
      const s2 = records[r + 6]!;
      const s3 = records[r + 7]!;
      // Smaller-or-equal sets share ≥ ⌈t·n⌉ bigrams with this one if similar.
      const minSize = Math.ceil(t * n - 1e-9);
      for (let j = position[p]! + 1; j < len; j++) {
        const b = records[r + HEADER + j]!;
        const restX = n - 1 - j;
        const chained = headToken[b] === a;
        if (chained) {
          for (let e = head[b]!; e >= 0; e = pairs[4 * e + 3]!) {
            const m = pairs[4 * e + 1]!;
            if (m < minSize) break;
            const need = needFor[n + m]!;
            // Positional filter: if (a, b) are the two rarest common bigrams, every other common
            // one follows b in both sets.
            if (2 + Math.min(restX, pairs[4 * e + 2]!) < need) continue;
            // A bit set in one sketch only needs a bigram in one set only: differing bits bound the difference.
            const d = popcount(s0 ^ pairSketch[4 * e]!) + popcount(s1 ^ pairSketch[4 * e + 1]!) + popcount(s2 ^ pairSketch[4 * e + 2]!) + popcount(s3 ^ pairSketch[4 * e + 3]!);
            if (d <= n + m - 2 * need) confirm(sets, t, best, x, pairs[4 * e]!, need);
          }
        }
        if (j < indexed) {
          const k = 4 * kept;
          pairs[k] = x;
          pairs[k + 1] = n;
          pairs[k + 2] = restX;
          pairs[k + 3] = chained ? head[b]! : -1;
          pairSketch[k] = s0;
          pairSketch[k + 1] = s1;
          pairSketch[k + 2] = s2;
          pairSketch[k + 3] = s3;
          head[b] = kept++;
          headToken[b] = a;
        }
      }
    }
  }
  searchTiny(sets, size, t, sketch, best);
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
function searchTiny(sets: BigramSets, size: Int32Array, t: number, sketch: Int32Array, best: BestMatches): void {
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
          const need = Math.ceil(share * (n + m) - 1e-9);
          let d = 0;
          for (let k = 0; k < 4; k++) d += popcount(sketch[x * 4 + k]! ^ sketch[y * 4 + k]!);
          if (d <= n + m - 2 * need) confirm(sets, t, best, x, y, need);
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
 * The exact check of a candidate pair of sets that passed the sketches: the overlap of their
 * sorted tokens, stopping as soon as `need` common bigrams are out of reach.
 */
function confirm(sets: BigramSets, t: number, best: BestMatches, x: number, y: number, need: number): void {
  const { offsets, tokens } = sets;
  const ax = offsets[x]!;
  const n = offsets[x + 1]! - ax;
  const by = offsets[y]!;
  const m = offsets[y + 1]! - by;
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
