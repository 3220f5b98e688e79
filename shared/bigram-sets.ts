import { BigramTable } from './bigram-table.js';
import { droppedChars, isDroppedAstral } from './text.js';

/**
 * The distinct character-bigram sets of many texts, as flat typed arrays: each bigram becomes a
 * rank (rarest first), each set its ascending ranks, and texts with equal sets share one set.
 * Sets are numbered in the order the near-duplicate search visits them (by size), so everything
 * it reads for a set sits at one index. No Map, no per-text array: 100,000 texts cost a few
 * passes over one Int32Array, where per-text objects cost more in garbage collection than the
 * work itself.
 */
export interface BigramSets {
  /** How many distinct sets; set s holds tokens[offsets[s] .. offsets[s + 1]). */
  count: number;
  /** How many distinct bigrams (ranks run 0 .. ranks − 1). */
  ranks: number;
  offsets: Int32Array;
  /** Each set's bigram ranks, ascending (rarest first). */
  tokens: Int32Array;
  /** The texts (input indices, ascending) of set s: members[memberOffsets[s] .. memberOffsets[s + 1]). */
  memberOffsets: Int32Array;
  members: Int32Array;
}

/**
 * Texts are read as compactText leaves them; those with fewer than `minChars` characters (code
 * points) left are left out.
 * @example bigramSets(['执法记录仪视频未全程记录', '执法记录仪视频未全程记录'], 10).count === 1
 */
export function bigramSets(texts: readonly string[], minChars: number): BigramSets {
  const { grams, flat, textStart } = readBigrams(texts, minChars);
  const tokens = sortedRanks(grams, flat, textStart, texts.length);
  return { ...groupBySet(tokens, textStart, texts.length), ranks: grams.size };
}

/**
 * Each text's distinct bigram ids, in text order, flat; an empty range for a text left out. The
 * texts are read as compactText would leave them (whitespace, punctuation and symbols skipped in
 * place), and a bigram is looked up by its two code points.
 */
function readBigrams(texts: readonly string[], minChars: number) {
  const drop = droppedChars();
  const grams = new BigramTable();
  let total = 0;
  for (let k = 0; k < texts.length; k++) if (texts[k]!.length >= minChars) total += texts[k]!.length - 1;
  const flat = new Int32Array(total);
  let used = 0;
  const textStart = new Int32Array(texts.length + 1);
  for (let k = 0; k < texts.length; k++) {
    textStart[k] = used;
    const s = texts[k]!;
    if (s.length < minChars) continue; // fewer code units, fewer characters
    const from = used;
    let chars = 0;
    let prev = -1;
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
        const id = grams.id(prev, cp);
        if (grams.stamp[id] !== k) {
          // A set: a repeated bigram counts once.
          grams.stamp[id] = k;
          grams.freq[id]!++;
          flat[used++] = id;
        }
      }
      prev = cp;
    }
    if (chars < minChars) {
      // Too short once compacted: its bigrams are not counted after all.
      for (let p = from; p < used; p++) grams.freq[flat[p]!]!--;
      used = from;
    }
  }
  textStart[texts.length] = used;
  return { grams, flat, textStart };
}

/** Ranks by how many texts hold each bigram (counting sort, ties by first appearance), then every text's ranks in ascending order. */
function sortedRanks(grams: BigramTable, flat: Int32Array, textStart: Int32Array, texts: number): Int32Array {
  const r = grams.size;
  const { freq } = grams;
  let maxF = 0;
  for (let id = 0; id < r; id++) if (freq[id]! > maxF) maxF = freq[id]!;
  const byFreq = new Int32Array(maxF + 2);
  for (let id = 0; id < r; id++) byFreq[freq[id]! + 1]!++;
  for (let f = 1; f < byFreq.length; f++) byFreq[f]! += byFreq[f - 1]!;
  const rank = new Int32Array(r);
  for (let id = 0; id < r; id++) rank[id] = byFreq[freq[id]!]!++;
  // Each text's ranks sorted by the typed array's native sort (no comparator: a C++ sort).
  const sorted = flat; // the bigram ids are no longer needed
  for (let p = 0; p < textStart[texts]!; p++) sorted[p] = rank[sorted[p]!]!;
  for (let k = 0; k < texts; k++) if (textStart[k + 1]! - textStart[k]! > 1) sorted.subarray(textStart[k]!, textStart[k + 1]!).sort();
  return sorted;
}

/** Equal sets become one (hashed, then compared), numbered by size, ties by first appearance. */
function groupBySet(tokens: Int32Array, textStart: Int32Array, texts: number): Omit<BigramSets, 'ranks'> {
  let cap = 1024;
  while (cap < texts * 2) cap *= 2;
  const slots = new Int32Array(cap).fill(-1);
  const setOf = new Int32Array(texts).fill(-1);
  const firstText: number[] = [];
  for (let k = 0; k < texts; k++) {
    const a = textStart[k]!;
    const n = textStart[k + 1]! - a;
    if (n === 0) continue;
    let h = n;
    for (let p = a; p < a + n; p++) h = Math.imul(h ^ tokens[p]!, 0x9e3779b1) ^ (h >>> 15);
    let s = h & (cap - 1);
    for (;;) {
      const g = slots[s]!;
      if (g < 0) {
        slots[s] = firstText.length;
        setOf[k] = firstText.length;
        firstText.push(k);
        break;
      }
      if (sameRange(tokens, textStart, firstText[g]!, k)) {
        setOf[k] = g;
        break;
      }
      s = (s + 1) & (cap - 1);
    }
  }
  const count = firstText.length;
  // Number the sets by size (counting sort, stable).
  let maxN = 0;
  for (const k of firstText) maxN = Math.max(maxN, textStart[k + 1]! - textStart[k]!);
  const bySize = new Int32Array(maxN + 2);
  for (const k of firstText) bySize[textStart[k + 1]! - textStart[k]! + 1]!++;
  for (let n = 1; n < bySize.length; n++) bySize[n]! += bySize[n - 1]!;
  const numberOf = new Int32Array(count);
  firstText.forEach((k, g) => (numberOf[g] = bySize[textStart[k + 1]! - textStart[k]!]!++));
  const offsets = new Int32Array(count + 1);
  firstText.forEach((k, g) => (offsets[numberOf[g]! + 1] = textStart[k + 1]! - textStart[k]!));
  for (let s = 0; s < count; s++) offsets[s + 1]! += offsets[s]!;
  const laid = new Int32Array(offsets[count]!);
  firstText.forEach((k, g) => {
    for (let p = textStart[k]!, q = offsets[numberOf[g]!]!; p < textStart[k + 1]!; p++, q++) laid[q] = tokens[p]!;
  });
  const memberOffsets = new Int32Array(count + 1);
  for (let k = 0; k < texts; k++) if (setOf[k]! >= 0) memberOffsets[numberOf[setOf[k]!]! + 1]!++;
  for (let s = 0; s < count; s++) memberOffsets[s + 1]! += memberOffsets[s]!;
  const members = new Int32Array(memberOffsets[count]!);
  const put = memberOffsets.slice(0, count);
  for (let k = 0; k < texts; k++) if (setOf[k]! >= 0) members[put[numberOf[setOf[k]!]!]!++] = k;
  return { count, offsets, tokens: laid, memberOffsets, members };
}

function sameRange(tokens: Int32Array, start: Int32Array, a: number, b: number): boolean {
  const n = start[a + 1]! - start[a]!;
  if (start[b + 1]! - start[b]! !== n) return false;
  for (let i = 0, p = start[a]!, q = start[b]!; i < n; i++) if (tokens[p + i] !== tokens[q + i]) return false;
  return true;
}
