/**
 * The near-duplicate index as it was before issue 13 (hash multimap of token pairs, Map-based
 * bigram ids), kept only so `npm run bench` can show the current one beside it in the same run.
 */
import { IntMultiMap } from '../shared/int-multimap.js';
import { compactText } from '../shared/text.js';

export interface DescriptionEntry {
  id: number;
  unit: string;
  text: string;
}

export interface NearMatch {
  other: number;
  similarity: number;
}

/** Descriptions shorter than this (normalised) are not compared (SPEC section 5). */
export const NEAR_DUPLICATE_MIN_LENGTH = 10;

interface Group {
  /** Sorted token ranks (distinct bigrams, rarest first). */
  tokens: Int32Array;
  entries: number[];
  /** The unit of the first entry, and an entry of another unit (or -1), to pair members quickly. */
  firstUnit: string;
  otherUnitEntry: number;
}

/**
 * Each item's best match among other units' items whose descriptions are nearly equal:
 * Jaccard similarity of character-bigram sets ≥ threshold.
 *
 * An exact set-similarity join with two-token prefix signatures. Bigrams are ranked rarest
 * first; if two sets share at least α bigrams, then their first (size − α + 2) bigrams share
 * at least two (the two rarest common ones), so indexing every pair of bigrams from those
 * prefixes finds every similar pair. A pair of rare bigrams is far rarer than either alone,
 * which keeps the candidate lists short even for ledgers written from one template, where
 * single-bigram prefix filtering degenerates towards comparing all pairs. Finds exactly what an
 * all-pairs scan finds.
 * @example findNearDuplicates([{ id: 1, unit: 'A', text: '…' }, { id: 2, unit: 'B', text: '…' }], 0.8)
 */
export function findNearDuplicates(entries: readonly DescriptionEntry[], threshold: number, options: { compacted?: boolean } = {}): Map<number, NearMatch> {
  const t = Math.min(1, Math.max(1e-6, threshold));
  const unitOf = new Map<number, string>();
  const groups = groupByText(entries, unitOf, options.compacted === true);
  const best = new Map<number, NearMatch>();
  const offer = (id: number, other: number, similarity: number) => {
    const cur = best.get(id);
    if (!cur || similarity > cur.similarity || (similarity === cur.similarity && other < cur.other)) best.set(id, { other, similarity });
  };
  // Identical texts of different units: similarity 1.
  for (const g of groups) pairGroups(g, g, 1, unitOf, offer);

  const order = groups.map((_, i) => i).sort((a, b) => groups[a]!.tokens.length - groups[b]!.tokens.length || a - b);
  const pairIndex = new IntMultiMap(groups.length * 8);
  const singleIndex = new IntMultiMap(64);
  const seenBy = new Int32Array(groups.length).fill(-1);
  const sketch = sketches(groups);
  const size = Int32Array.from(groups, (g) => g.tokens.length);
  let x = 0;
  let n = 0;
  let tx: Int32Array = new Int32Array(0);
  let minSize = 0;
  // Candidates are checked through typed arrays first (size, seen, sketch): they stay in cache,
  // where touching each candidate's token array would miss on every one.
  const check = (y: number) => {
    const m = size[y]!;
    if (m < minSize || seenBy[y] === x) return;
    seenBy[y] = x;
    // J ≥ t needs an overlap of at least t(n+m)/(1+t), so at most n+m−2·need differences;
    // the 128-bit sketches bound the differences from below in a few instructions.
    const need = Math.ceil((t * (n + m)) / (1 + t) - 1e-9);
    if (sketchDistance(sketch, x, y) > n + m - 2 * need) return;
    const inter = overlapAtLeast(tx, groups[y]!.tokens, need);
    if (inter < 0) return;
    const sim = inter / (n + m - inter);
    if (sim >= t) pairGroups(groups[x]!, groups[y]!, sim, unitOf, offer);
  };
  for (const g of order) {
    x = g;
    tx = groups[x]!.tokens;
    n = tx.length;
    minSize = Math.ceil(t * n - 1e-9);
    // Probe smaller-or-equal sets: they share ≥ ⌈t·n⌉ bigrams with this one if similar.
    const probeOverlap = Math.max(1, minSize);
    const probe2 = Math.min(n, n - probeOverlap + 2);
    for (let i = 0; i < probe2; i++) {
      for (let j = i + 1; j < probe2; j++) {
        for (let e = pairIndex.first(pairKey(tx[i]!, tx[j]!)); e >= 0; e = pairIndex.next(e)) check(pairIndex.value(e));
      }
    }
    if (!singleIndex.isEmpty) {
      const probe1 = Math.min(n, n - probeOverlap + 1);
      for (let i = 0; i < probe1; i++) for (let e = singleIndex.first(tx[i]!); e >= 0; e = singleIndex.next(e)) check(singleIndex.value(e));
    }
    // Index for larger sets: any similar one shares ≥ ⌈2t·n/(1+t)⌉ bigrams with this one.
    const indexOverlap = Math.ceil((2 * t * n) / (1 + t) - 1e-9);
    if (indexOverlap >= 2) {
      const len = Math.min(n, n - indexOverlap + 2);
      for (let i = 0; i < len; i++) for (let j = i + 1; j < len; j++) pairIndex.add(pairKey(tx[i]!, tx[j]!), x);
    } else {
      // Too few bigrams to promise two in common: index single bigrams instead.
      const len = Math.min(n, n - Math.max(1, indexOverlap) + 1);
      for (let i = 0; i < len; i++) singleIndex.add(tx[i]!, x);
    }
  }
  return best;
}

/**
 * 128 bits per set, one per bigram hash: a bit set in one sketch and not the other needs a
 * bigram of its own in one set only, so differing bits never exceed the sets' difference.
 */
function sketches(groups: readonly Group[]): Int32Array {
  const out = new Int32Array(groups.length * 4);
  groups.forEach((g, gi) => {
    for (const tok of g.tokens) {
      const h = Math.imul(tok ^ 0x5bd1e995, 0x9e3779b1) >>> 25; // 0..127
      out[gi * 4 + (h >>> 5)]! |= 1 << (h & 31);
    }
  });
  return out;
}

function sketchDistance(s: Int32Array, a: number, b: number): number {
  let d = 0;
  for (let k = 0; k < 4; k++) d += popcount(s[a * 4 + k]! ^ s[b * 4 + k]!);
  return d;
}

function popcount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}


/**
 * Two token ranks as one small-integer key (fast Map keys). Distinct pairs may share a key;
 * that only adds a candidate, which the exact similarity then rejects.
 */
function pairKey(a: number, b: number): number {
  const h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** `compacted`: the caller passes texts already through compactText (the core computes it once). */
function groupByText(entries: readonly DescriptionEntry[], unitOf: Map<number, string>, compacted: boolean): Group[] {
  const byText = new Map<string, { bigrams: Int32Array; entries: number[] }>();
  // Characters as small ids, so a bigram key stays a small integer (fast Map keys).
  const charIds = new CharIds();
  const bigramIds = new BigramIds();
  for (const e of entries) {
    unitOf.set(e.id, e.unit);
    const text = compacted ? e.text : compactText(e.text);
    if (text.length < NEAR_DUPLICATE_MIN_LENGTH) continue; // fewer code units, fewer characters
    let g = byText.get(text);
    if (!g) {
      const bigrams = bigramsOf(text, charIds, bigramIds);
      if (bigrams === null) continue;
      byText.set(text, (g = { bigrams, entries: [] }));
    }
    g.entries.push(e.id);
  }
  // Rank bigrams by how many texts hold them, rarest first: prefixes of rare bigrams.
  const rank = bigramIds.ranks();
  const groups: Group[] = [];
  for (const g of byText.values()) {
    const tokens = g.bigrams.map((b) => rank[b]!).sort();
    const firstUnit = unitOf.get(g.entries[0]!)!;
    const otherUnitEntry = g.entries.find((id) => unitOf.get(id) !== firstUnit) ?? -1;
    groups.push({ tokens, entries: g.entries, firstUnit, otherUnitEntry });
  }
  return groups;
}

/**
 * Bigram keys numbered densely, with how many distinct texts hold each: typed arrays instead
 * of a Set per text and two Maps over every bigram.
 */
class BigramIds {
  private readonly ids = new Map<number, number>();
  keys = new Float64Array(1024);
  freq = new Int32Array(1024);
  /** The text that last counted each bigram, so a text counts it once. */
  stamp = new Int32Array(1024).fill(-1);
  private texts = 0;

  get size(): number {
    return this.ids.size;
  }

  /** Starts a new text; returns its number. */
  nextText(): number {
    return this.texts++;
  }

  /** The bigram's id, counted once for `text`; -1 when this text already has it. */
  add(key: number, text: number): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
      if (id === this.keys.length) this.grow();
      this.keys[id] = key;
    }
    if (this.stamp[id] === text) return -1;
    this.stamp[id] = text;
    this.freq[id]!++;
    return id;
  }

  /** Each id's rank: by how many texts hold it, then by key (so ties break the same way every run). */
  ranks(): Int32Array {
    const n = this.ids.size;
    const { freq, keys } = this;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => freq[a]! - freq[b]! || keys[a]! - keys[b]!);
    const rank = new Int32Array(n);
    order.forEach((id, r) => (rank[id] = r));
    return rank;
  }

  private grow(): void {
    const k = new Float64Array(this.keys.length * 2);
    k.set(this.keys);
    this.keys = k;
    const f = new Int32Array(this.freq.length * 2);
    f.set(this.freq);
    this.freq = f;
    const st = new Int32Array(this.stamp.length * 2).fill(-1);
    st.set(this.stamp);
    this.stamp = st;
  }
}

/** The distinct character bigrams of a normalised text, or null when it is too short. */
function bigramsOf(text: string, charIds: CharIds, bigramIds: BigramIds): Int32Array | null {
  const ids: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    ids.push(charIds.of(cp));
  }
  if (ids.length < NEAR_DUPLICATE_MIN_LENGTH) return null;
  const out = new Int32Array(ids.length - 1);
  let n = 0;
  const textNo = bigramIds.nextText();
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = ids[i]!;
    const b = ids[i + 1]!;
    // Exact either way; the first form is a small integer, which Maps hash fastest.
    const id = bigramIds.add(a < 0x8000 && b < 0x8000 ? a * 0x8000 + b : 0x40000000 + a * 0x110000 + b, textNo);
    if (id >= 0) out[n++] = id;
  }
  return out.subarray(0, n);
}

/** Characters numbered in order of first appearance: a table for the BMP, a Map beyond it. */
class CharIds {
  private readonly bmp = new Int32Array(0x10000).fill(-1);
  private readonly astral = new Map<number, number>();
  private count = 0;

  of(cp: number): number {
    if (cp < 0x10000) {
      const id = this.bmp[cp]!;
      return id >= 0 ? id : (this.bmp[cp] = this.count++);
    }
    let id = this.astral.get(cp);
    if (id === undefined) this.astral.set(cp, (id = this.count++));
    return id;
  }
}

/** |a ∩ b| of two sorted arrays, or -1 as soon as `need` common elements cannot be reached. */
function overlapAtLeast(a: Int32Array, b: Int32Array, need: number): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (inter + Math.min(a.length - i, b.length - j) < need) return -1;
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return inter >= need ? inter : -1;
}

/** Offers each member of one group a member of the other group that belongs to another unit. */
function pairGroups(a: Group, b: Group, sim: number, unitOf: Map<number, string>, offer: (id: number, other: number, s: number) => void) {
  const partner = (g: Group, unit: string) => (g.firstUnit !== unit ? g.entries[0]! : g.otherUnitEntry);
  for (const id of a.entries) {
    const other = partner(b, unitOf.get(id)!);
    if (other >= 0 && other !== id) offer(id, other, sim);
  }
  if (a === b) return;
  for (const id of b.entries) {
    const other = partner(a, unitOf.get(id)!);
    if (other >= 0) offer(id, other, sim);
  }
}
