import { nearSketchOf } from '../shared/near-signature.js';

// A stored version's 128-bit sketch (near_sets.sketch, migration 0013) as D1 holds it: a 16-byte
// BLOB, the four 32-bit words each little-endian. Written through SQL's unhex() from the batch's
// JSON (a BLOB cannot ride in JSON), read back through hex() inside one text (near-survivors.ts:
// D1 hands a BLOB over as an array of its bytes, one object per row, several times slower).

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** The sketch of a set of seqs (shared/bigram-sketch.ts) as the 32 hex digits unhex() stores. */
export function sketchHex(seqs: ArrayLike<number>): string {
  const words = nearSketchOf(seqs);
  let hex = '';
  for (let k = 0; k < 4; k++) {
    const w = words[k]!;
    hex += HEX[w & 255]! + HEX[(w >>> 8) & 255]! + HEX[(w >>> 16) & 255]! + HEX[w >>> 24]!;
  }
  return hex;
}

/**
 * Reads a SURVIVOR_SKETCHES list ('id,size,hex;…', hex() of each stored sketch: 32 digits, its
 * bytes in order; '' for a row without one) in one pass, no string made per entry (with a split
 * and parseInt per entry, the CPU between the sketches' read and the sets' read was 8–28 ms for
 * 3,500 entries in a loaded run, 5–18 ms this way). Calls `found(id, size, at)`
 * for each row holding a sketch, its words written at words[at..at + 4) (`at` = 4 × the rows
 * found before it); rows without one, or with anything but 32 hex digits, are left out: no pair
 * is ever turned down by a sketch it lacks or misreads.
 */
export function readSketchList(list: string, words: Int32Array, found: (id: number, size: number, at: number) => void): void {
  let at = 0;
  let i = 0;
  while (i < list.length) {
    let id = 0;
    let c: number;
    while ((c = list.charCodeAt(i++)) !== 44) id = id * 10 + c - 48;
    let size = 0;
    while ((c = list.charCodeAt(i++)) !== 44) size = size * 10 + c - 48;
    // Its hex digits up to ';' or the end: a word is 8 digits, byte j of it digits 2j, 2j + 1.
    let digits = 0;
    let ok = true;
    let w = 0;
    for (; i < list.length && (c = list.charCodeAt(i)) !== 59; i++, digits++) {
      const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
      if (v < 0 || digits >= 32) {
        ok = false;
        continue;
      }
      const inWord = digits & 7;
      // Little-endian: the byte's high digit goes 4 bits above its low one, the byte 8·j up.
      w |= v << (8 * (inWord >> 1) + ((inWord & 1) === 0 ? 4 : 0));
      if (inWord === 7) {
        words[at + (digits >> 3)] = w;
        w = 0;
      }
    }
    i++; // past ';'
    if (ok && digits === 32) {
      found(id, size, at);
      at += 4;
    }
  }
}
