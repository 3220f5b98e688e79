/**
 * The (item, stored version) pairs a probe's hits leave possibly similar, as columns: 16 bytes a
 * pair, where an object a pair took ~60. A unit's whole ledger into a county written from
 * templates leaves hundreds of thousands of them before the sketches turn nearly all down
 * (10,000 rows into the bench's county of 100,000: 549,164), and a Worker has 128 MB.
 * `m` is the version's size when known (the shared count knows it), else -1.
 */
export class SurvivorList {
  length = 0;
  item: Int32Array;
  version: Float64Array;
  m: Int32Array;

  constructor(capacity = 16) {
    this.item = new Int32Array(capacity);
    this.version = new Float64Array(capacity);
    this.m = new Int32Array(capacity);
  }

  static of(pairs: readonly { item: number; version_id: number; m?: number }[]): SurvivorList {
    const list = new SurvivorList(Math.max(1, pairs.length));
    for (const p of pairs) list.push(p.item, p.version_id, p.m ?? -1);
    return list;
  }

  push(item: number, version: number, m: number): void {
    if (this.length === this.item.length) this.grow();
    this.item[this.length] = item;
    this.version[this.length] = version;
    this.m[this.length] = m;
    this.length++;
  }

  /** The pairs `keep` accepts (by index), in order, as a new list. */
  filter(keep: (i: number) => boolean): SurvivorList {
    const out = new SurvivorList(Math.max(1, Math.min(this.length, 1024)));
    for (let i = 0; i < this.length; i++) if (keep(i)) out.push(this.item[i]!, this.version[i]!, this.m[i]!);
    return out;
  }

  /** The distinct versions, ascending. */
  versions(): number[] {
    return [...new Set(this.version.subarray(0, this.length))].sort((a, b) => a - b);
  }

  /** As objects (tests, and the few pairs a set check is left with). */
  toArray(): { item: number; version_id: number; m?: number }[] {
    return Array.from({ length: this.length }, (_, i) => ({ item: this.item[i]!, version_id: this.version[i]!, ...(this.m[i]! >= 0 ? { m: this.m[i]! } : {}) }));
  }

  private grow(): void {
    const n = this.item.length * 2;
    const item = new Int32Array(n);
    const version = new Float64Array(n);
    const m = new Int32Array(n);
    item.set(this.item);
    version.set(this.version);
    m.set(this.m);
    this.item = item;
    this.version = version;
    this.m = m;
  }
}
