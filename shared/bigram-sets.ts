import { BigramTable, hashPair } from './bigram-table.js';
import type { Scratch } from './scratch.js';
import { droppedChars, isDroppedAstral } from './text.js';

/**
 * The distinct character-bigram sets of many texts, as flat typed arrays: each bigram becomes a
 * rank (rarest first), each set its ranks, and texts with equal sets share one set. Sets are
 * numbered in the order the near-duplicate search visits them (by size), so everything it reads
 * for a set sits at one index. No Map, no per-text array: 100,000 texts cost a few passes over
 * one Int32Array, where per-text objects cost more in garbage collection than the work itself.
 *
 * Only a set's leading ranks are sorted (as many as the caller's prefix needs): the search reads
 * its prefix in order and everything else as a set, and selecting a short prefix is a fraction of
 * sorting ~40 ranks a text.
 */
export interface BigramSets {
  /** How many distinct sets; set s holds tokens[start[s] .. start[s] + size[s]) (where its first text's bigrams were read). */
  count: number;
  /** How many distinct bigrams (ranks run 0 .. ranks − 1). */
  ranks: number;
  start: Int32Array;
  size: Int32Array;
  /** The sets in the order their tokens lie (by start): a pass over every set's tokens reads them in one sweep. */
  byPlace: Int32Array;
  /** Each set's bigram ranks: its `leading(size)` smallest first, ascending, then the others in no order. */
  tokens: Int32Array;
  /** 128 bits per set (4 ints), one per bigram hash: sets that differ in k bigrams differ in at most k bits. */
  sketch: Int32Array;
  /** The texts (input indices, ascending) of set s: members[memberOffsets[s] .. memberOffsets[s + 1]). */
  memberOffsets: Int32Array;
  members: Int32Array;
}

/**
 * Texts are read as compactText leaves them; those with fewer than `minChars` characters (code
 * points) left are left out. `leading(n)`: how many of a set of n's smallest ranks come first, in order.
 * `scratch`: the largest arrays (the flat bigrams, the sketches, the grouping's table) made on its
 * buffers, valid until it is reset (the near-duplicate search's own; see Scratch).
 * @example bigramSets(['执法记录仪视频未全程记录', '执法记录仪视频未全程记录'], 10, (n) => n).count === 1
 */
export function bigramSets(texts: readonly string[], minChars: number, leading: (n: number) => number, scratch?: Scratch): BigramSets {
  const grams = new BigramTable();
  const hashes = new Int32Array(texts.length);
  const sketches = scratch ? scratch.int32(texts.length * 4) : new Int32Array(texts.length * 4);
  const { flat, textStart } = readBigrams(texts, minChars, grams, hashes, sketches, scratch);
  const sets = groupBySet(flat, textStart, hashes, sketches, grams.size, scratch);
  layOut(sets, flat, textStart, ranksOf(grams), leading);
  return { ...sets, ranks: grams.size };
}

/** The distinct bigrams of many texts as dense ids, the way the near-duplicate search reads them. */
export interface BigramIds {
  /** Text k's ids, each bigram once, in the order they first occur: flat[textStart[k] .. textStart[k + 1]) (empty: left out). */
  flat: Int32Array;
  textStart: Int32Array;
  /** How many distinct bigrams; ids are numbered 0 .. count − 1 in the order first seen over the texts. */
  count: number;
  /** How many texts hold each id. */
  freq: Int32Array;
  /** Each id's two code points as a string (nearBigrams's form). */
  strings: string[];
}

/**
 * The texts' bigram sets as bigramSets reads them, without grouping or ranking: for the Worker's
 * index writes, which number a 10,000-row submission's ~450,000 bigrams without making a string
 * for each (nearBigrams does; the same sets, the same order, see near-signature.test.ts).
 */
export function bigramIds(texts: readonly string[], minChars: number): BigramIds {
  const grams = new BigramTable();
  const { flat, textStart } = readBigrams(texts, minChars, grams, new Int32Array(texts.length), new Int32Array(texts.length * 4), undefined);
  const { slots } = grams;
  const codes = new Int32Array(2 * grams.size);
  for (let q = 0; q < slots.length; q += 3) {
    if (slots[q]! < 0) continue;
    codes[2 * slots[q + 2]!] = slots[q]!;
    codes[2 * slots[q + 2]! + 1] = slots[q + 1]!;
  }
  // Numbered again in the order the texts kept first hold them: the table also numbered the
  // bigrams of texts left out (too short once compacted), which are in no set.
  const renumber = new Int32Array(grams.size).fill(-1);
  const freq = new Int32Array(grams.size);
  const strings: string[] = [];
  const end = textStart[texts.length]!;
  for (let p = 0; p < end; p++) {
    const id = flat[p]!;
    let r = renumber[id]!;
    if (r < 0) {
      r = renumber[id] = strings.length;
      freq[r] = grams.freq[id]!;
      strings.push(String.fromCodePoint(codes[2 * id]!, codes[2 * id + 1]!));
    }
    flat[p] = r;
  }
  return { flat, textStart, count: strings.length, freq, strings };
}

/**
 * Each text's distinct bigram ids, in text order, flat; an empty range for a text left out. The
 * texts are read as compactText would leave them (whitespace, punctuation and symbols skipped in
 * place), and a bigram is looked up by its two code points. Each text's set is hashed (a sum:
 * the same in any order) and sketched as its bigrams come.
 */
function readBigrams(texts: readonly string[], minChars: number, grams: BigramTable, hashes: Int32Array, sketches: Int32Array, scratch: Scratch | undefined) {
  const most = bigramsAtMost(texts, minChars);
  const flat = scratch ? scratch.int32(most) : new Int32Array(most);
  const textStart = new Int32Array(texts.length + 1);
  // The loop in a function of its own that ends with it: a cold process compiles the loop while
  // it runs, and code after it that has not run yet would throw that compilation away.
  readTexts(texts, minChars, grams, hashes, sketches, flat, textStart);
  return { flat, textStart };
}

/** How many bigrams the texts long enough to compare can have at most. */
function bigramsAtMost(texts: readonly string[], minChars: number): number {
  let total = 0;
  for (let k = 0; k < texts.length; k++) if (texts[k]!.length >= minChars) total += texts[k]!.length - 1;
  return total;
}

/** readBigrams's loop: each text's ids into flat, from textStart[k]; textStart[k + 1] is where the next begins. */
function readTexts(texts: readonly string[], minChars: number, grams: BigramTable, hashes: Int32Array, sketches: Int32Array, flat: Int32Array, textStart: Int32Array): void {
  const drop = droppedChars();
  let used = 0;
  for (let k = 0; k < texts.length; k++) {
    const s = texts[k]!;
    textStart[k + 1] = used;
    if (s.length < minChars) continue; // fewer code units, fewer characters
    const from = used;
    let chars = 0;
    let prev = -1;
    let h = 0;
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const lo = s.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i++;
          if (isDroppedAstral(cp)) continue;
        } else if (drop[cp]) continue;
      } else if (drop[cp]) continue;
      chars++;
      if (prev >= 0) {
        // The bigram's id, numbered on first sight (see BigramTable.slots).
        let id = -1;
        for (let slot = hashPair(prev, cp); ; slot++) {
          const q = 3 * (slot & grams.mask);
          const x = grams.slots[q]!;
          if (x === prev && grams.slots[q + 1] === cp) id = grams.slots[q + 2]!;
          else if (x < 0) id = grams.add(q, prev, cp);
          else continue;
          break;
        }
        if (grams.stamp[id] !== k) {
          // A set: a repeated bigram counts once.
          grams.stamp[id] = k;
          grams.freq[id]!++;
          flat[used++] = id;
          const m = Math.imul(id ^ 0x5bd1e995, 0x9e3779b1);
          h = (h + (m ^ (m >>> 15))) | 0;
          sketches[4 * k + (m >>> 30)]! |= 1 << ((m >>> 25) & 31); // bit m >>> 25, 0..127
        }
      }
      prev = cp;
    }
    if (chars < minChars) {
      // Too short once compacted: its bigrams are not counted after all.
      for (let p = from; p < used; p++) grams.freq[flat[p]!]!--;
      used = from;
      sketches.fill(0, 4 * k, 4 * k + 4);
    } else hashes[k] = h + (used - from);
    textStart[k + 1] = used;
  }
}

/** Each bigram id's rank: by how many texts hold it, rarest first (counting sort, ties by first appearance). */
function ranksOf(grams: BigramTable): Int32Array {
  const r = grams.size;
  const { freq } = grams;
  let maxF = 0;
  for (let id = 0; id < r; id++) if (freq[id]! > maxF) maxF = freq[id]!;
  const byFreq = new Int32Array(maxF + 2);
  for (let id = 0; id < r; id++) byFreq[freq[id]! + 1]!++;
  for (let f = 1; f < byFreq.length; f++) byFreq[f]! += byFreq[f - 1]!;
  const rank = new Int32Array(r);
  for (let id = 0; id < r; id++) rank[id] = byFreq[freq[id]!]!++;
  return rank;
}

/**
 * Each set's ranks, where its first text's bigram ids are (no copy: the search reads a set's
 * prefix once, into its record, and the rest only to confirm a candidate): the ids become ranks
 * in place and the leading ranks are selected, in the same pass (each rank is placed as it is
 * made, not read back in a second pass over every token).
 */
function layOut(sets: Omit<BigramSets, 'ranks'>, flat: Int32Array, textStart: Int32Array, rank: Int32Array, leading: (n: number) => number): void {
  const { count, start, byPlace, size, members, memberOffsets } = sets;
  // How many leading ranks a set of n gets, looked up by size rather than asked per set.
  let largest = 0;
  for (let s = 0; s < count; s++) if (size[s]! > largest) largest = size[s]!;
  const leadOf = new Int32Array(largest + 1);
  for (let n = 1; n <= largest; n++) leadOf[n] = Math.max(1, Math.min(n, leading(n)));
  // Visited in text order, so the ids are read and written in one sweep.
  const setAt = new Int32Array(textStart.length - 1).fill(-1);
  for (let s = 0; s < count; s++) setAt[members[memberOffsets[s]!]!] = s; // the first text holding the set
  for (let k = 0, placed = 0; k < setAt.length; k++) {
    const s = setAt[k]!;
    if (s < 0) continue;
    byPlace[placed++] = s;
    const q = textStart[k]!;
    start[s] = q;
    rankLeading(flat, rank, q, q + size[s]!, leadOf[size[s]!]!);
  }
}

/**
 * Turns the ids of flat[a .. e) into ranks and moves the `lead` smallest to the front, ascending
 * (insertion into a short sorted run); the others stay in no order.
 */
function rankLeading(flat: Int32Array, rank: Int32Array, a: number, e: number, lead: number): void {
  const last = a + lead - 1;
  flat[a] = rank[flat[a]!]!;
  for (let i = a + 1; i <= last; i++) {
    const v = rank[flat[i]!]!;
    let j = i - 1;
    while (j >= a && flat[j]! > v) {
      flat[j + 1] = flat[j]!;
      j--;
    }
    flat[j + 1] = v;
  }
  let top = flat[last]!;
  for (let i = last + 1; i < e; i++) {
    const v = rank[flat[i]!]!;
    if (v >= top) {
      flat[i] = v;
      continue;
    }
    flat[i] = top;
    let j = last - 1;
    while (j >= a && flat[j]! > v) {
      flat[j + 1] = flat[j]!;
      j--;
    }
    flat[j + 1] = v;
    top = flat[last]!;
  }
}

/** Equal sets become one (hashed, then compared), numbered by size, ties by first appearance; a set's tokens are its first text's. */
function groupBySet(flat: Int32Array, textStart: Int32Array, hashes: Int32Array, sketches: Int32Array, ranks: number, scratch: Scratch | undefined): Omit<BigramSets, 'ranks'> {
  const texts = textStart.length - 1;
  let cap = 1024;
  while (cap < texts * 2) cap *= 2;
  const slots = scratch ? scratch.int32(cap, -1) : new Int32Array(cap).fill(-1);
  const setOf = scratch ? scratch.int32(texts, -1) : new Int32Array(texts).fill(-1);
  const firstText = scratch ? scratch.int32(texts) : new Int32Array(texts);
  const mark = new Int32Array(ranks).fill(-1);
  let groups = 0;
  let maxN = 0;
  let compared = 0;
  for (let k = 0; k < texts; k++) {
    const n = textStart[k + 1]! - textStart[k]!;
    if (n === 0) continue;
    const h = hashes[k]!;
    let s = Math.imul(h, 0x9e3779b1) >>> 12;
    for (;;) {
      s &= cap - 1;
      const g = slots[s]!;
      if (g < 0) {
        slots[s] = groups;
        setOf[k] = groups;
        firstText[groups++] = k;
        if (n > maxN) maxN = n;
        break;
      }
      const f = firstText[g]!;
      if (hashes[f] === h && sameSet(flat, textStart, f, k, mark, compared++)) {
        setOf[k] = g;
        break;
      }
      s++;
    }
  }
  // Number the sets by size (counting sort, stable).
  const bySize = new Int32Array(maxN + 2);
  for (let g = 0; g < groups; g++) bySize[textStart[firstText[g]! + 1]! - textStart[firstText[g]!]! + 1]!++;
  for (let n = 1; n < bySize.length; n++) bySize[n]! += bySize[n - 1]!;
  const numberOf = new Int32Array(groups);
  const size = new Int32Array(groups);
  const sketch = new Int32Array(groups * 4);
  for (let g = 0; g < groups; g++) {
    const k = firstText[g]!;
    const n = textStart[k + 1]! - textStart[k]!;
    const s = bySize[n]!++;
    numberOf[g] = s;
    size[s] = n;
    for (let i = 0; i < 4; i++) sketch[4 * s + i] = sketches[4 * k + i]!;
  }
  const start = new Int32Array(groups); // filled by layOut
  const byPlace = new Int32Array(groups); // likewise
  const memberOffsets = new Int32Array(groups + 1);
  for (let k = 0; k < texts; k++) if (setOf[k]! >= 0) memberOffsets[numberOf[setOf[k]!]! + 1]!++;
  for (let s = 0; s < groups; s++) memberOffsets[s + 1]! += memberOffsets[s]!;
  const members = new Int32Array(memberOffsets[groups]!);
  const put = memberOffsets.slice(0, groups);
  for (let k = 0; k < texts; k++) if (setOf[k]! >= 0) members[put[numberOf[setOf[k]!]!]!++] = k;
  return { count: groups, start, byPlace, size, tokens: flat, sketch, memberOffsets, members };
}

/** Whether texts a and b hold the same bigrams (in any order): b's all among a's, and as many (`stamp`: new for each call). */
function sameSet(flat: Int32Array, textStart: Int32Array, a: number, b: number, mark: Int32Array, stamp: number): boolean {
  const n = textStart[a + 1]! - textStart[a]!;
  if (textStart[b + 1]! - textStart[b]! !== n) return false;
  for (let p = textStart[a]!; p < textStart[a]! + n; p++) mark[flat[p]!] = stamp;
  for (let p = textStart[b]!; p < textStart[b]! + n; p++) if (mark[flat[p]!] !== stamp) return false;
  return true;
}
