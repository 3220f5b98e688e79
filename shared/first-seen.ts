/**
 * The first item of each text, found by a pair of 32-bit hashes in typed arrays: a Map keyed by
 * 100,000 fresh strings hashes each of them and misses the cache on every lookup. Equal hashes
 * are confirmed by `same` (a real repeat; a collision, one in 2^64, probes on), so the answer is
 * exactly what a Map of the texts gives.
 * @example const seen = new FirstSeen((earlier, item) => texts[earlier] === texts[item]); seen.firstOf(h1, h2, 0) === -1
 */
export class FirstSeen {
  private slots = new Int32Array(1024).fill(-1);
  private hashes = new Uint32Array(2048);
  private used = 0;

  constructor(private readonly same: (earlier: number, item: number) => boolean) {}

  /** The earliest item seen with the same text as `item` (hashes a, b), or -1: then it is recorded as the first. */
  firstOf(a: number, b: number, item: number): number {
    const mask = this.slots.length - 1;
    for (let s = slotOf(a, b, mask); ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e < 0) {
        this.slots[s] = item;
        this.hashes[2 * s] = a;
        this.hashes[2 * s + 1] = b;
        if (++this.used * 2 > this.slots.length) this.grow();
        return -1;
      }
      if (this.hashes[2 * s] === a && this.hashes[2 * s + 1] === b && this.same(e, item)) return e;
    }
  }

  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2).fill(-1);
    this.hashes = new Uint32Array(hashes.length * 2);
    const mask = this.slots.length - 1;
    for (let o = 0; o < slots.length; o++) {
      if (slots[o]! < 0) continue;
      const a = hashes[2 * o]!;
      const b = hashes[2 * o + 1]!;
      let s = slotOf(a, b, mask);
      while (this.slots[s]! >= 0) s = (s + 1) & mask;
      this.slots[s] = slots[o]!;
      this.hashes[2 * s] = a;
      this.hashes[2 * s + 1] = b;
    }
  }
}

function slotOf(a: number, b: number, mask: number): number {
  return (a ^ Math.imul(b, 0x9e3779b1)) & mask;
}
