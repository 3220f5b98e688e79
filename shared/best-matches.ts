import type { BigramSets } from './bigram-sets.js';

/** One item's best near-duplicate: the other item's id and their similarity. */
export interface NearMatch {
  other: number;
  similarity: number;
}

/**
 * Each item's best match so far, in typed arrays by input index: the highest similarity, ties to
 * the lowest other id. A similar pair of sets offers every member of one the lowest-id member of
 * the other that belongs to another unit, found in O(1) from two members kept per set.
 */
export class BestMatches {
  private readonly sim: Float64Array;
  private readonly other: Int32Array;
  /** Per set: the member with the lowest id, and the lowest-id member of another unit than it (or -1). */
  private readonly lowest: Int32Array;
  private readonly lowestElsewhere: Int32Array;

  constructor(
    private readonly ids: Float64Array,
    private readonly units: Int32Array,
    private readonly sets: BigramSets,
  ) {
    this.sim = new Float64Array(ids.length).fill(-1);
    this.other = new Int32Array(ids.length).fill(-1);
    this.lowest = new Int32Array(sets.count);
    this.lowestElsewhere = new Int32Array(sets.count).fill(-1);
    const { memberOffsets, members } = sets;
    for (let s = 0; s < sets.count; s++) {
      let low = members[memberOffsets[s]!]!;
      for (let p = memberOffsets[s]! + 1; p < memberOffsets[s + 1]!; p++) if (ids[members[p]!]! < ids[low]!) low = members[p]!;
      let elsewhere = -1;
      for (let p = memberOffsets[s]!; p < memberOffsets[s + 1]!; p++) {
        const e = members[p]!;
        if (units[e] !== units[low] && (elsewhere < 0 || ids[e]! < ids[elsewhere]!)) elsewhere = e;
      }
      this.lowest[s] = low;
      this.lowestElsewhere[s] = elsewhere;
    }
  }

  /** Sets a and b (or one set with itself, similarity 1) are similar: offer their members each other. */
  pair(a: number, b: number, similarity: number): void {
    this.offerAll(a, b, similarity);
    if (a !== b) this.offerAll(b, a, similarity);
  }

  /** Every item with a match, in input order. */
  toMap(): Map<number, NearMatch> {
    const out = new Map<number, NearMatch>();
    for (let e = 0; e < this.ids.length; e++) if (this.other[e]! >= 0) out.set(this.ids[e]!, { other: this.ids[this.other[e]!]!, similarity: this.sim[e]! });
    return out;
  }

  private offerAll(from: number, to: number, similarity: number): void {
    const { members, memberOffsets } = this.sets;
    const { units, ids, lowest, lowestElsewhere } = this;
    for (let p = memberOffsets[from]!; p < memberOffsets[from + 1]!; p++) {
      const e = members[p]!;
      const partner = units[lowest[to]!] !== units[e] ? lowest[to]! : lowestElsewhere[to]!;
      if (partner < 0) continue; // (never the item itself: a partner is of another unit)
      const cur = this.sim[e]!;
      if (similarity > cur || (similarity === cur && ids[partner]! < ids[this.other[e]!]!)) {
        this.sim[e] = similarity;
        this.other[e] = partner;
      }
    }
  }
}
