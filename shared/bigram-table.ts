/**
 * Bigrams (two code points) numbered densely in an open-addressing table over int pairs, with
 * how many texts hold each. A corpus has a few thousand distinct bigrams, so the table stays in
 * cache where a Map of number keys would hash and box.
 */
import { doubled } from './doubled.js';

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
    this.freq = doubled(this.freq);
    this.stamp = doubled(this.stamp, -1);
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
