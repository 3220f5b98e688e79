import { FirstSeen } from './first-seen.js';

/** Equal hashes are one key (made once: see FirstSeen's `same`). */
const HASH_SUFFICES = () => true;

/** A key as keyOfState writes it. */
const HASHED = /^ZG-[0-9A-Z]{14}$/;

/**
 * The item keys given so far in a sheet. A key written from a hash (ZG- and fourteen base-36
 * digits) is held as the hash's two 32-bit halves in typed arrays, which is one to one with its
 * text; any other key (typed into the sheet, or one with its row appended) in a Set of strings.
 * A ZG- key found in the sheet is held as its halves too, so every key has one home and the
 * answers are a Set of the texts' answers, without hashing 100,000 fresh strings.
 * @example const keys = new KeySet(); keys.addHash(a, b); keys.add(keyOfState(a, b)) === false // there already
 */
export class KeySet {
  private readonly hashes: FirstSeen;
  private readonly others = new Set<string>();
  private index = 0;

  /** `expected`: how many keys may come (a sheet's rows). */
  constructor(expected = 0) {
    this.hashes = new FirstSeen(HASH_SUFFICES, expected);
  }

  /** Adds the key written from hash (a, b); false when it was there already. */
  addHash(a: number, b: number): boolean {
    return this.hashes.firstOf(a, b, this.index++) < 0;
  }

  /** Adds a key given as text; false when it was there already. */
  add(key: string): boolean {
    if (HASHED.test(key)) {
      const a = parseInt(key.slice(3, 10), 36);
      const b = parseInt(key.slice(10), 36);
      // Seven digits reach past 32 bits; such a key was never written from a hash.
      if (a <= 0xffffffff && b <= 0xffffffff) return this.addHash(a, b);
    }
    if (this.others.has(key)) return false;
    this.others.add(key);
    return true;
  }
}
