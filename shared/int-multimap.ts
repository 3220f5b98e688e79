/**
 * A multimap from non-negative integer keys to integer values, held in typed arrays: an
 * open-addressing table of keys pointing into linked lists of values. Millions of entries cost
 * a few flat arrays instead of millions of small JS arrays for the garbage collector.
 */
import { doubled } from './doubled.js';
export class IntMultiMap {
  private keys: Int32Array;
  private heads: Int32Array;
  private mask: number;
  private slotsUsed = 0;
  private nexts: Int32Array;
  private vals: Int32Array;
  private size = 0;

  constructor(expectedKeys = 1024) {
    let cap = 1024;
    while (cap < expectedKeys * 2) cap *= 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.heads = new Int32Array(cap);
    this.mask = cap - 1;
    this.nexts = new Int32Array(Math.max(1024, expectedKeys));
    this.vals = new Int32Array(this.nexts.length);
  }

  add(key: number, value: number): void {
    if ((this.slotsUsed + 1) * 2 > this.keys.length) this.rehash();
    if (this.size === this.vals.length) this.growEntries();
    let s = hash(key) & this.mask;
    while (this.keys[s] !== -1 && this.keys[s] !== key) s = (s + 1) & this.mask;
    const entry = this.size++;
    if (this.keys[s] === -1) {
      this.keys[s] = key;
      this.slotsUsed++;
      this.nexts[entry] = -1;
    } else this.nexts[entry] = this.heads[s]!;
    this.heads[s] = entry;
    this.vals[entry] = value;
  }

  /** The first entry of a key (walk with next/value), or -1. */
  first(key: number): number {
    let s = hash(key) & this.mask;
    for (;;) {
      const k = this.keys[s]!;
      if (k === key) return this.heads[s]!;
      if (k === -1) return -1;
      s = (s + 1) & this.mask;
    }
  }

  next(entry: number): number {
    return this.nexts[entry]!;
  }

  value(entry: number): number {
    return this.vals[entry]!;
  }

  get isEmpty(): boolean {
    return this.size === 0;
  }

  private growEntries(): void {
    this.nexts = doubled(this.nexts);
    this.vals = doubled(this.vals);
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldHeads = this.heads;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.heads = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i]!;
      if (k === -1) continue;
      let s = hash(k) & this.mask;
      while (this.keys[s] !== -1) s = (s + 1) & this.mask;
      this.keys[s] = k;
      this.heads[s] = oldHeads[i]!;
    }
  }
}

function hash(key: number): number {
  const h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}
