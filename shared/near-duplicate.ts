import { BestMatches, type NearMatch } from './best-matches.js';
import { bigramSets, type BigramSets } from './bigram-sets.js';
import { sketchCommonAtMost } from './bigram-sketch.js';
import { IntMultiMap } from './int-multimap.js';
import { Overlap } from './overlap.js';
import { AHEAD, HEADER, LINE, prefixPostings } from './prefix-postings.js';
import { Scratch } from './scratch.js';

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

/**
 * The search's largest arrays (34 MB at 100,000 items, 7 MB at 20,000) on buffers kept between
 * searches (see Scratch), dropped after a search that needed more than 48 MB: a Worker isolate
 * (128 MB) does not keep a large corpus's buffers.
 */
const SCRATCH = new Scratch(48 << 20);

/** findNearDuplicates over the entries' columns (no object per entry). */
export function nearDuplicateColumns(ids: Float64Array, unitNames: readonly string[], texts: readonly string[], threshold: number): Map<number, NearMatch> {
  const t = Math.min(1, Math.max(1e-6, threshold));
  const units = unitNumbers(unitNames);
  SCRATCH.reset();
  const sets = bigramSets(texts, NEAR_DUPLICATE_MIN_LENGTH, (n) => probeLength(n, t), SCRATCH);
  const best = new BestMatches(ids, units, sets);
  pairEqualSets(sets, best);
  const overlap = new Overlap(sets);
  search(sets, t, overlap, best);
  // Not at the end of search: a cold process compiles search's loop while it runs, and a call
  // after the loop that has not run yet would throw that compilation away.
  searchTiny(sets, t, overlap, best);
  const found = best.toMap();
  SCRATCH.release();
  return found;
}

/** Equal bigram sets of different units: similarity 1. A function that ends with its loop (see unitNumbers). */
function pairEqualSets(sets: BigramSets, best: BestMatches): void {
  const { count, memberOffsets } = sets;
  for (let s = 0; s < count; s++) if (memberOffsets[s + 1]! - memberOffsets[s]! > 1) best.pair(s, s, 1);
}

/**
 * Each entry's unit as a number. A function that ends with its loop: a cold process compiles the
 * loop while it runs, and code after it that has not run yet would throw that compilation away
 * (it did at every search).
 */
function unitNumbers(unitNames: readonly string[]): Int32Array {
  const units = new Int32Array(unitNames.length);
  const numbers = new Map<string, number>();
  for (let i = 0; i < unitNames.length; i++) {
    let u = numbers.get(unitNames[i]!);
    if (u === undefined) numbers.set(unitNames[i]!, (u = numbers.size));
    units[i] = u;
  }
  return units;
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
 * candidates are turned down without reading anything of the other set. Sets come in order of
 * size, so an entry too small, or too far into its own prefix, for this set is so for every
 * later one: it is unlinked, and later sets do not walk past it again.
 */
function search(sets: BigramSets, t: number, overlap: Overlap, best: BestMatches): number {
  const { count, start: from, byPlace, size, tokens, ranks, sketch } = sets;
  let largest = 0;
  for (let s = 0; s < count; s++) largest = Math.max(largest, size[s]!);
  // Each set's probe and index lengths, looked up by its size.
  const probe = new Int32Array(largest + 1);
  const index = new Int32Array(largest + 1);
  for (let n = 1; n <= largest; n++) {
    probe[n] = probeLength(n, t);
    index[n] = indexLength(n, t);
  }
  // The overlap two sets of n + m bigrams in all need to be similar, looked up rather than worked out per candidate.
  const needFor = new Int32Array(2 * largest + 1);
  for (let k = 0; k < needFor.length; k++) needFor[k] = Math.ceil((t / (1 + t)) * k - 1e-9);
  const { start, record, position, records, longest } = prefixPostings(from, byPlace, size, tokens, ranks, probe, index, sketch, SCRATCH);
  const head = new Int32Array(ranks);
  const headToken = new Int32Array(ranks).fill(-1);
  // Per kept pair of the current token: its set, that set's size, how many of its tokens follow
  // b, the next in b's chain; and the set's sketch.
  const pairs = new Int32Array(longest * 4);
  const pairSketch = new Int32Array(longest * 4);
  // A posting's record is one cache miss (the records are read token by token, not in the order
  // they lie): every AHEAD-th posting reads an int of each line (two: a longer prefix takes the
  // second) of the next AHEAD postings' records, loads that do not wait on one another, so the
  // processor fetches those lines together while it works on the postings before them. The sum
  // keeps the reads from being dropped.
  let touched = 0;
  for (let a = 0; a < ranks; a++) {
    let kept = 0;
    const end = start[a + 1]!;
    for (let p = start[a]!; p < end; p++) {
      const r = record[p]!;
      if ((p & (AHEAD - 1)) === 0) {
        const q = p + AHEAD;
        const r0 = record[q]!, r1 = record[q + 1]!, r2 = record[q + 2]!, r3 = record[q + 3]!, r4 = record[q + 4]!, r5 = record[q + 5]!, r6 = record[q + 6]!, r7 = record[q + 7]!;
        touched = (touched + records[r0]! + records[r1]! + records[r2]! + records[r3]! + records[r4]! + records[r5]! + records[r6]! + records[r7]!
          + records[r0 + LINE]! + records[r1 + LINE]! + records[r2 + LINE]! + records[r3 + LINE]! + records[r4 + LINE]! + records[r5 + LINE]! + records[r6 + LINE]! + records[r7 + LINE]!) | 0;
      }
      const x = records[r]!;
      const n = records[r + 1]!;
      const len = probe[n]!;
      const indexed = index[n]!;
      const s0 = records[r + 2]!;
      const s1 = records[r + 3]!;
      const s2 = records[r + 4]!;
      const s3 = records[r + 5]!;
      // Smaller-or-equal sets share ≥ ⌈t·n⌉ bigrams with this one if similar.
      const minSize = Math.ceil(t * n - 1e-9);
      for (let j = position[p]! + 1; j < len; j++) {
        const b = records[r + HEADER + j]!;
        const restX = n - 1 - j;
        const chained = headToken[b] === a;
        if (chained) {
          // `link`: where the pointer to e lies (-1: head[b]; else its slot in pairs).
          for (let e = head[b]!, link = -1; e >= 0; ) {
            const q = 4 * e;
            const m = pairs[q + 1]!;
            let next = pairs[q + 3]!;
            const small = m < minSize;
            // Positional filter: if (a, b) are the two rarest common bigrams, every other common
            // one follows b in both sets. An entry too small for this set (and the smaller rest
            // of the chain), or too far into its prefix, is so for every later set: unlinked, at
            // one place, so a cold process has seen it run before compiling the loop (written
            // twice, the rarer copy had no type feedback yet and threw the compilation away).
            if (small || 2 + pairs[q + 2]! < needFor[n + m]!) {
              if (small) next = -1;
              if (link < 0) head[b] = next;
              else pairs[link] = next;
              e = next;
              continue;
            }
            const need = needFor[n + m]!;
            if (2 + restX >= need) {
              // A bit set in one sketch only needs a bigram in one set only: differing bits bound the difference.
              const room = n + m - 2 * need;
              // The first word's popcount written out: most candidates end here, without a call.
              let v = s0 ^ pairSketch[q]!;
              v = v - ((v >>> 1) & 0x55555555);
              v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
              let d = Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
              if (d <= room && (d += popcount(s1 ^ pairSketch[q + 1]!)) <= room && (d += popcount(s2 ^ pairSketch[q + 2]!)) <= room && d + popcount(s3 ^ pairSketch[q + 3]!) <= room) {
                const y = pairs[q]!;
                const common = overlap.of(x, y, need);
                if (common >= need) confirmed(best, t, x, y, n, m, common);
              }
            }
            link = q + 3;
            e = next;
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
  return touched;
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
function searchTiny(sets: BigramSets, t: number, overlap: Overlap, best: BestMatches): void {
  const { count, start, size, tokens, sketch } = sets;
  const share = t / (1 + t);
  let any = false;
  for (let s = 0; s < count && !any; s++) any = indexLength(size[s]!, t) === 0;
  if (!any) return;
  const singles = new IntMultiMap(64);
  const seen = new Int32Array(count).fill(-1);
  for (let x = 0; x < count; x++) {
    const ox = start[x]!;
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
          // The Worker's index turns its survivors down by the same bound (bigram-sketch.ts).
          if (sketchCommonAtMost(n, sketch, x * 4, m, sketch, y * 4) < need) continue;
          const common = overlap.of(x, y, need);
          if (common >= need) confirmed(best, t, x, y, n, m, common);
        }
      }
    }
    if (indexLength(n, t) === 0) {
      const least = Math.max(1, Math.ceil(2 * share * n - 1e-9));
      for (let i = 0; i < Math.min(n, n - least + 1); i++) singles.add(tokens[ox + i]!, x);
    }
  }
}

/** A pair of sets with `common` bigrams in common: similar if their Jaccard reaches t. */
function confirmed(best: BestMatches, t: number, x: number, y: number, n: number, m: number, common: number): void {
  const sim = common / (n + m - common);
  if (sim >= t) best.pair(x, y, sim);
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
