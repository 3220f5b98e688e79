/**
 * The indexed versions' whole bigram sets (near_sets.bigrams, 0010: seqs in the index order), kept
 * per isolate so a warm isolate reads only the survivors' sets it has not seen (issue 13, "flat as
 * the county grows": at 100,000 items a 60-row submission's ~3,400 survivors' sets were a third of
 * its probe). Safe to keep because a whole set never changes for a version id: a version's
 * description is immutable (a new description is a new version), a bigram's seq never changes once
 * stored, and version ids are never given again. The cache never says which versions are current:
 * the probe asks it only about versions its fresh postings read named, and the candidates' read
 * drops any no longer its item's target (0016). Rows without a whole set (indexed before 0010) are never put here.
 *
 * One Int32Array used as a ring, each set as [length, seqs…], oldest overwritten first: 4 bytes a
 * seq, no object per set. On the bench's synthetic county one ledger's survivors are nearly
 * disjoint from another's (~3,400 of 100,000 versions each), so a warm isolate gains in
 * proportion to the share of the county it holds: NEAR_SET_CACHE_SEQS holds a county of ~110,000
 * versions (~44 seqs each) in 20 MB, plus ~5 MB of index (measured full in Node: 111,111 sets),
 * well inside a Worker's 128 MB.
 */
export const NEAR_SET_CACHE_SEQS = 5_000_000;

export class NearSetCache {
  private ring = new Int32Array(0);
  private head = 0;
  // Where each held set starts in the ring; Map order is insertion order, so ring order: the first
  // entry is the next one overwritten.
  private readonly at = new Map<number, number>();
  private held = 0;
  private hits = 0;
  private misses = 0;
  /** The highest bigram seq the index held when last seen: lower later means the index was emptied. */
  private top = 0;

  constructor(readonly maxSeqs = NEAR_SET_CACHE_SEQS) {}

  /** The whole set of version `id` (a view of the ring: read it before the next put), if held. */
  get(id: number): Int32Array | undefined {
    const start = this.at.get(id);
    if (start === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    return this.ring.subarray(start + 1, start + 1 + this.ring[start]!);
  }

  /** Holds version `id`'s whole set (seqs as stored), overwriting the oldest sets when the ring is full. */
  put(id: number, set: readonly number[]): void {
    const need = set.length + 1;
    if (need > this.maxSeqs || this.at.has(id)) return;
    if (this.head + need > this.ring.length && this.ring.length < this.maxSeqs) this.grow(this.head + need);
    if (this.head + need > this.ring.length) {
      // The ring's end is too short: the sets left there are the oldest; drop them and wrap.
      this.dropWhile((start) => start >= this.head);
      this.head = 0;
    }
    const end = this.head + need;
    this.dropWhile((start) => start >= this.head && start < end);
    this.ring[this.head] = set.length;
    this.ring.set(set, this.head + 1);
    this.at.set(id, this.head);
    this.held += set.length;
    this.head = end;
  }

  /**
   * What the submission read of the index's state: an empty index (no threshold recorded) or a
   * highest seq below one seen before means its tables were emptied (a test's fresh database, the
   * bench's reset), and version ids may be given again: nothing held stays.
   */
  seen(state: { threshold: number | null; top: number }): void {
    if (state.threshold === null || state.top < this.top) this.clear();
    this.top = state.top;
  }

  clear(): void {
    this.at.clear();
    this.ring = new Int32Array(0);
    this.head = 0;
    this.held = 0;
    this.top = 0;
  }

  /** Versions and seqs held, the ring's length, and the gets answered and not since the isolate began (the bench prints them; tests hold the bound). */
  get stats(): { versions: number; seqs: number; ring: number; hits: number; misses: number } {
    return { versions: this.at.size, seqs: this.held, ring: this.ring.length, hits: this.hits, misses: this.misses };
  }

  /** Doubles the ring (up to the bound) until `length` fits; the sets keep their places. */
  private grow(length: number): void {
    let size = Math.max(1 << 16, this.ring.length);
    while (size < length) size *= 2;
    const ring = new Int32Array(Math.min(size, this.maxSeqs));
    ring.set(this.ring);
    this.ring = ring;
  }

  /** Drops the oldest sets while their start passes `test` (they are about to be overwritten). */
  private dropWhile(test: (start: number) => boolean): void {
    for (const [id, start] of this.at) {
      if (!test(start)) break;
      this.at.delete(id);
      this.held -= this.ring[start]!;
    }
  }
}

/** The isolate's cache: module state lives as long as the isolate serving requests. */
export const nearSetCache = new NearSetCache();
