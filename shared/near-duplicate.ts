import { compactText } from './text.js';

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
  /** Sorted token ranks (rarest bigram first). */
  tokens: Int32Array;
  entries: number[];
  /** An entry id and a second one of another unit, to pair members quickly. */
  firstUnit: string;
  otherUnitEntry: number;
}

/**
 * Each item's best match among other units' items whose descriptions are nearly equal:
 * Jaccard similarity of character-bigram sets ≥ threshold. An exact set-similarity join
 * (prefix filtering over bigrams ordered rarest first, with a length filter), so it finds every
 * pair an all-pairs scan would, without comparing all pairs.
 * @example findNearDuplicates([{ id: 1, unit: 'A', text: '…' }, { id: 2, unit: 'B', text: '…' }], 0.8)
 */
export function findNearDuplicates(entries: readonly DescriptionEntry[], threshold: number): Map<number, NearMatch> {
  const unitOf = new Map<number, string>();
  const groups = groupByText(entries, unitOf);
  const best = new Map<number, NearMatch>();
  const offer = (id: number, other: number, similarity: number) => {
    const cur = best.get(id);
    if (!cur || similarity > cur.similarity || (similarity === cur.similarity && other < cur.other)) best.set(id, { other, similarity });
  };
  // Identical texts of different units: similarity 1.
  for (const g of groups) pairGroups(g, g, 1, unitOf, offer);
  // Sets of increasing size; each probes the prefixes of the smaller sets indexed so far.
  const order = groups.map((_, i) => i).sort((a, b) => groups[a]!.tokens.length - groups[b]!.tokens.length || a - b);
  const index = new Map<number, number[]>();
  const overlap = new Int32Array(groups.length);
  const touched: number[] = [];
  for (const x of order) {
    const tx = groups[x]!.tokens;
    const minSize = Math.ceil(threshold * tx.length - 1e-9);
    const prefix = tx.length - minSize + 1;
    for (let i = 0; i < prefix; i++) {
      const posting = index.get(tx[i]!);
      if (!posting) continue;
      for (const y of posting) {
        if (groups[y]!.tokens.length < minSize) continue;
        if (overlap[y] === 0) touched.push(y);
        overlap[y]!++;
      }
    }
    for (const y of touched) {
      overlap[y] = 0;
      const sim = jaccard(tx, groups[y]!.tokens);
      if (sim >= threshold) pairGroups(groups[x]!, groups[y]!, sim, unitOf, offer);
    }
    touched.length = 0;
    for (let i = 0; i < prefix; i++) {
      let posting = index.get(tx[i]!);
      if (!posting) index.set(tx[i]!, (posting = []));
      posting.push(x);
    }
  }
  return best;
}

function groupByText(entries: readonly DescriptionEntry[], unitOf: Map<number, string>): Group[] {
  const byText = new Map<string, { bigrams: number[]; entries: number[] }>();
  for (const e of entries) {
    unitOf.set(e.id, e.unit);
    const text = compactText(e.text);
    let g = byText.get(text);
    if (!g) {
      const bigrams = bigramsOf(text);
      if (bigrams === null) continue;
      byText.set(text, (g = { bigrams, entries: [] }));
    }
    g.entries.push(e.id);
  }
  // Rank bigrams by how many texts hold them, rarest first: short prefixes, short postings.
  const freq = new Map<number, number>();
  for (const g of byText.values()) for (const b of g.bigrams) freq.set(b, (freq.get(b) ?? 0) + 1);
  const ranked = [...freq.keys()].sort((a, b) => freq.get(a)! - freq.get(b)! || a - b);
  const rank = new Map<number, number>();
  ranked.forEach((b, i) => rank.set(b, i));
  const groups: Group[] = [];
  for (const g of byText.values()) {
    const tokens = Int32Array.from(g.bigrams, (b) => rank.get(b)!).sort();
    const firstUnit = unitOf.get(g.entries[0]!)!;
    const otherUnitEntry = g.entries.find((id) => unitOf.get(id) !== firstUnit) ?? -1;
    groups.push({ tokens, entries: g.entries, firstUnit, otherUnitEntry });
  }
  return groups;
}

/** The distinct character bigrams of a normalised text, or null when it is too short. */
function bigramsOf(text: string): number[] | null {
  const cps = Array.from(text, (ch) => ch.codePointAt(0)!);
  if (cps.length < NEAR_DUPLICATE_MIN_LENGTH) return null;
  const set = new Set<number>();
  for (let i = 0; i + 1 < cps.length; i++) set.add(cps[i]! * 0x110000 + cps[i + 1]!);
  return [...set];
}

function jaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      inter++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return inter / (a.length + b.length - inter);
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
