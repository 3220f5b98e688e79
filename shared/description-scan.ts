import { fnvStep } from './key.js';
import { droppedChars, isDroppedAstral } from './text.js';

/** What scanDescription leaves besides the length (read it before the next scan): the two hashes, and how many code units the compact text has. */
export const SCANNED = new Uint32Array(3);

/**
 * One pass over a description as compactText would leave it, without building that text: its
 * length in characters (as charLength counts), and the two FNV-1a hashes of its code units
 * continued from (a, b) into SCANNED. From a unit's key state that is the item's key when it has
 * no 序号, and what finds a unit's repeated descriptions.
 * @example scanDescription('加强 学习。', a, b) === 4 // SCANNED: the hashes of 加强学习 after (a, b)
 */
export function scanDescription(text: string, a: number, b: number): number {
  const drop = droppedChars();
  let n = 0;
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        // A pair is one character, dropped or kept whole (compactText's regex reads it so).
        i++;
        if (isDroppedAstral(0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00))) continue;
        a = fnvStep(fnvStep(a, c), lo);
        b = fnvStep(fnvStep(b, c), lo);
        n++;
        units += 2;
        continue;
      }
    } else if (drop[c]) continue;
    a = fnvStep(a, c);
    b = fnvStep(b, c);
    units++;
    // charLength: every code unit but a high surrogate counts.
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  SCANNED[0] = a;
  SCANNED[1] = b;
  SCANNED[2] = units;
  return n;
}
