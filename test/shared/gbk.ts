// Text in GBK for tests: what Chinese Windows and its programs write (zip entry names, old
// spreadsheets, CSV exports), made from the runtime's own GBK decoder.

let gbkTable: Map<string, number[]> | undefined;

/** Text in GBK (code page 936), as Chinese Windows writes it. */
export function gbk(text: string): number[] {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gbk');
    for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) gbkTable.set(decoder.decode(new Uint8Array([hi, lo])), [hi, lo]);
  }
  return [...text].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : gbkTable!.get(c) ?? [0x3f]));
}
