/**
 * The first item of each text, found by a pair of 32-bit hashes in typed arrays: a Map keyed by
 * 100,000 fresh strings hashes each of them and misses the cache on every lookup. Equal hashes
 * are confirmed by `same` (a real repeat; a collision, one in 2^64, probes on), so the answer is
 * exactly what a Map of the texts gives.
 * `same` gets `on` as its third argument: a caller that makes a table per sheet passes one
 * function made once (a closure made per sheet is a new call target each time, and V8 threw
 * firstOf's compiled code away at every sheet: --trace-deopt 'wrong call target').
 * @example const seen = new FirstSeen((earlier, item) => texts[earlier] === texts[item]); seen.firstOf(h1, h2, 0) === -1
 */
export class FirstSeen<T = undefined> {
  /** Per slot: the item plus one (0: empty, as a new table is) and its two hashes, side by side so a probe reads one cache line. */
  private table: Int32Array;
  private used = 0;

  /** `expected`: how many items may come (a sheet's rows), so the table is sized once instead of doubled on the way. */
  constructor(private readonly same: (earlier: number, item: number, on: T) => boolean, expected = 0, private readonly on?: T) {
    let slots = 1024;
    while (slots < 2 * expected && slots < 1 << 22) slots *= 2;
    this.table = new Int32Array(slots * 3);
  }

  /** The earliest item seen with the same text as `item` (hashes a, b), or -1: then it is recorded as the first. */
  firstOf(a: number, b: number, item: number): number {
    a |= 0;
    b |= 0;
    const { table } = this;
    const mask = table.length / 3 - 1;
    for (let s = slotOf(a, b, mask); ; s = (s + 1) & mask) {
      const e = table[3 * s]! - 1;
      if (e < 0) {
        table[3 * s] = item + 1;
        table[3 * s + 1] = a;
        table[3 * s + 2] = b;
        if (++this.used * 2 > mask + 1) this.grow();
        return -1;
      }
      if (table[3 * s + 1] === a && table[3 * s + 2] === b && this.same(e, item, this.on as T)) return e;
    }
  }

  private grow(): void {
    const old = this.table;
    const table = (this.table = new Int32Array(old.length * 2));
    const mask = table.length / 3 - 1;
    for (let o = 0; o < old.length; o += 3) {
      if (old[o] === 0) continue;
      let s = slotOf(old[o + 1]!, old[o + 2]!, mask);
      while (table[3 * s] !== 0) s = (s + 1) & mask;
      table[3 * s] = old[o]!;
      table[3 * s + 1] = old[o + 1]!;
      table[3 * s + 2] = old[o + 2]!;
    }
  }
}

function slotOf(a: number, b: number, mask: number): number {
  return (a ^ Math.imul(b, 0x9e3779b1)) & mask;
}
