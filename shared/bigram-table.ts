/** Characters numbered in order of first appearance: a table for the BMP, a Map beyond it. */
export class CharIds {
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

/**
 * Bigrams (two character ids) numbered densely in an open-addressing table over int pairs, with
 * how many texts hold each. A corpus has a few thousand distinct bigrams, so the table stays in
 * cache where a Map of number keys would hash and box.
 */
export class BigramTable {
  size = 0;
  freq = new Int32Array(1024);
  /** The text that last counted each bigram, so a text counts it once. */
  stamp = new Int32Array(1024).fill(-1);
  private keys = new Int32Array(4096); // a, b per slot
  private slots = new Int32Array(2048).fill(-1);

  id(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let s = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 7;
    for (;;) {
      s &= mask;
      const id = this.slots[s]!;
      if (id < 0) break;
      if (this.keys[2 * s] === a && this.keys[2 * s + 1] === b) return id;
      s++;
    }
    const id = this.size++;
    if (id === this.freq.length) this.growIds();
    this.slots[s] = id;
    this.keys[2 * s] = a;
    this.keys[2 * s + 1] = b;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  private growIds(): void {
    this.freq = grow(this.freq, 0);
    const st = new Int32Array(this.stamp.length * 2).fill(-1);
    st.set(this.stamp);
    this.stamp = st;
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldSlots = this.slots;
    this.slots = new Int32Array(oldSlots.length * 2).fill(-1);
    this.keys = new Int32Array(oldKeys.length * 2);
    const mask = this.slots.length - 1;
    for (let o = 0; o < oldSlots.length; o++) {
      const id = oldSlots[o]!;
      if (id < 0) continue;
      const a = oldKeys[2 * o]!;
      const b = oldKeys[2 * o + 1]!;
      let s = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 7;
      while (this.slots[(s &= mask)]! >= 0) s++;
      this.slots[s] = id;
      this.keys[2 * s] = a;
      this.keys[2 * s + 1] = b;
    }
  }
}

/** A copy at least `atLeast` long (and at least twice as long). */
export function grow(a: Int32Array, atLeast: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(atLeast, a.length * 2));
  b.set(a);
  return b;
}
