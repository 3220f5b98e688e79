/**
 * Bigrams (two code points) numbered densely in an open-addressing table over int pairs, with
 * how many texts hold each. A corpus has a few thousand distinct bigrams, so the table stays in
 * cache where a Map of number keys would hash and box; each slot holds its two code points and
 * its id side by side, so a lookup reads one cache line.
 */
import { doubled } from './doubled.js';

export class BigramTable {
  size = 0;
  // Small at first, so the table grows within the first texts, while a cold process still
  // interprets the reading loop: growing only after the loop is compiled would discard it.
  freq = new Int32Array(64);
  /** The text that last counted each bigram, so a text counts it once. */
  stamp = new Int32Array(64).fill(-1);

  /**
   * Per slot: a, b, id (a = -1: empty), probed from hashPair(a, b) on. readBigrams probes it in its
   * own loop rather than through a method: one loop is optimised as a whole sooner, which is most of
   * a cold process's cost (the CLI checks a file once).
   */
  slots = new Int32Array(3 * 128).fill(-1);
  mask = 127;

  /** Numbers a new bigram at the empty slot q (the table may grow: read `slots` and `mask` again after). */
  add(q: number, a: number, b: number): number {
    const id = this.size++;
    if (id === this.freq.length) {
      this.freq = doubled(this.freq);
      this.stamp = doubled(this.stamp, -1);
    }
    this.slots[q] = a;
    this.slots[q + 1] = b;
    this.slots[q + 2] = id;
    if (this.size * 2 > this.mask + 1) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.mask = 2 * this.mask + 1;
    for (let o = 0; o < old.length; o += 3) {
      const a = old[o]!;
      if (a < 0) continue;
      const b = old[o + 1]!;
      let s = hashPair(a, b);
      while (this.slots[3 * (s &= this.mask)]! >= 0) s++;
      this.slots[3 * s] = a;
      this.slots[3 * s + 1] = b;
      this.slots[3 * s + 2] = old[o + 2]!;
    }
  }
}

/** Where bigram (a, b) is first looked for (before masking). */
export function hashPair(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) >>> 7;
}
