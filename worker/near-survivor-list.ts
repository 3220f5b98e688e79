/** Pairs a block holds: the list grows a block at a time, never copying what it holds. */
const BLOCK_BITS = 15;
const BLOCK = 1 << BLOCK_BITS;

/**
 * The (item, stored version) pairs a probe's hits leave possibly similar, as columns in blocks:
 * 16 bytes a pair, where an object a pair took ~60, and no doubling (an array grown by doubling
 * holds up to twice what it needs, three times while it copies). A unit's whole ledger into a
 * county written from templates leaves hundreds of thousands of them before the sketches turn
 * nearly all down (10,000 rows into the bench's county of 100,000: ~575,000), and a Worker has
 * 128 MB, typed arrays included. `m` is the version's size when known (the shared count knows
 * it), else -1.
 */
export class SurvivorList {
  length = 0;
  private readonly items: Int32Array[] = [];
  private readonly versions: Float64Array[] = [];
  private readonly sizes: Int32Array[] = [];

  /** From objects (tests; the probes push their pairs as they find them). */
  static of(pairs: readonly { item: number; version_id: number; m?: number }[]): SurvivorList {
    const list = new SurvivorList();
    for (const p of pairs) list.push(p.item, p.version_id, p.m ?? -1);
    return list;
  }

  push(item: number, version: number, m: number): void {
    const at = this.length & (BLOCK - 1);
    if (at === 0) {
      // The first block as small as the list is, while it is small (most probes keep a few thousand pairs).
      const size = this.length === 0 ? 1024 : BLOCK;
      this.items.push(new Int32Array(size));
      this.versions.push(new Float64Array(size));
      this.sizes.push(new Int32Array(size));
    } else if (this.length === 1024 && this.items.length === 1) this.widenFirst();
    const b = this.length >>> BLOCK_BITS;
    this.items[b]![at] = item;
    this.versions[b]![at] = version;
    this.sizes[b]![at] = m;
    this.length++;
  }

  item(i: number): number {
    return this.items[i >>> BLOCK_BITS]![i & (BLOCK - 1)]!;
  }

  version(i: number): number {
    return this.versions[i >>> BLOCK_BITS]![i & (BLOCK - 1)]!;
  }

  m(i: number): number {
    return this.sizes[i >>> BLOCK_BITS]![i & (BLOCK - 1)]!;
  }

  /** The pairs `keep` accepts (by index), in order, as a new list. */
  filter(keep: (i: number) => boolean): SurvivorList {
    const out = new SurvivorList();
    for (let i = 0; i < this.length; i++) if (keep(i)) out.push(this.item(i), this.version(i), this.m(i));
    return out;
  }

  /** The distinct versions, ascending: sorted as numbers in a typed array, then each kept once (a Set and a sort with a comparator took twice as long: 3,920 pairs, 0.40 against 0.20 ms, Node, medians of 200). */
  versionIds(): number[] {
    const all = new Float64Array(this.length);
    for (let i = 0; i < this.length; i++) all[i] = this.version(i);
    all.sort();
    const out: number[] = [];
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) out.push(all[i]!);
    return out;
  }

  /** As objects (tests, and the few pairs a set check is left with). */
  toArray(): { item: number; version_id: number; m?: number }[] {
    return Array.from({ length: this.length }, (_, i) => ({ item: this.item(i), version_id: this.version(i), ...(this.m(i) >= 0 ? { m: this.m(i) } : {}) }));
  }

  /** The first block, made small, grown to a whole block once it is full. */
  private widenFirst(): void {
    const item = new Int32Array(BLOCK);
    const version = new Float64Array(BLOCK);
    const m = new Int32Array(BLOCK);
    item.set(this.items[0]!);
    version.set(this.versions[0]!);
    m.set(this.sizes[0]!);
    this.items[0] = item;
    this.versions[0] = version;
    this.sizes[0] = m;
  }
}
