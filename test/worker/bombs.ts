// Zip bombs shaped like .xlsx files, for the upload guard's tests and the bench. Pure (fflate only),
// so workerd tests and Node scripts both use them. The huge parts are written as raw deflate by
// hand — a literal pattern, then back-references of 258 bytes — so a 220 MB part costs ~1 MB and
// milliseconds to make, never 220 MB of memory.
import { deflateSync, unzipSync } from 'fflate';

class Bits {
  private bytes: number[] = [];
  private acc = 0;
  private n = 0;
  /** `count` bits of `value`, least significant first (deflate's order for everything but codes). */
  put(value: number, count: number): void {
    for (let i = 0; i < count; i++) {
      this.acc |= ((value >>> i) & 1) << this.n;
      if (++this.n === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  /** A Huffman code: most significant bit first. */
  code(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.put((value >>> i) & 1, 1);
  }
  done(): Uint8Array<ArrayBuffer> {
    if (this.n) this.bytes.push(this.acc);
    return new Uint8Array(this.bytes);
  }
}

// Fixed-Huffman literals 0–143 are 8-bit codes from 0x30; length 258 is code 285 (8 bits, 0xC5).
const literal = (bits: Bits, byte: number) => (byte < 144 ? bits.code(0x30 + byte, 8) : bits.code(0x190 + byte - 144, 9));
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];

function distance(bits: Bits, d: number): void {
  let code = DIST_BASE.length - 1;
  while (DIST_BASE[code]! > d) code--;
  bits.code(code, 5);
  const extra = code < 4 ? 0 : (code >> 1) - 1;
  bits.put(d - DIST_BASE[code]!, extra);
}

/**
 * Raw deflate of `head`, then `pattern` repeated until about `size` bytes, then `tail`.
 * @example inflateSync(repeatDeflate('<a>', ' ', 1e6, '</a>')).length // ≈ 1e6
 */
export function repeatDeflate(head: string, pattern: string, size: number, tail: string): Uint8Array<ArrayBuffer> {
  const bits = new Bits();
  bits.put(1, 1); // the final block
  bits.put(1, 2); // fixed Huffman codes
  const enc = new TextEncoder();
  for (const b of enc.encode(head + pattern)) literal(bits, b);
  const p = enc.encode(pattern).length;
  for (let out = p; out + 258 <= size; out += 258) {
    bits.code(0xc5, 8);
    distance(bits, p);
  }
  for (const b of enc.encode(tail)) literal(bits, b);
  bits.code(0, 7); // end of block
  return bits.done();
}

export interface RawEntry {
  name: string;
  /** Raw deflate data (method 8), or stored bytes with `stored`. */
  data: Uint8Array;
  stored?: boolean;
  /** The uncompressed size the headers claim (a bomb lies here). */
  declared: number;
}

/** A zip of these entries, sizes as declared (CRCs zero: the guard never gets that far). */
export function zipOf(entries: RawEntry[]): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.stored ? 0 : 8, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.declared, true);
    local.setUint16(26, name.length, true);
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, 0x02014b50, true);
    cd.setUint16(4, 20, true);
    cd.setUint16(6, 20, true);
    cd.setUint16(10, e.stored ? 0 : 8, true);
    cd.setUint32(20, e.data.length, true);
    cd.setUint32(24, e.declared, true);
    cd.setUint16(28, name.length, true);
    cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, e.data);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of all) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A real workbook's parts as entries with honest sizes, except those replaced. */
export function workbookWith(xlsx: Uint8Array, replace: Record<string, RawEntry | null>, add: RawEntry[] = []): Uint8Array<ArrayBuffer> {
  const parts = unzipSync(xlsx);
  const entries: RawEntry[] = [];
  for (const [name, data] of Object.entries(parts)) {
    if (name in replace) {
      const r = replace[name];
      if (r) entries.push(r);
    } else entries.push({ name, data: deflateSync(data), declared: data.length });
  }
  for (const [name, r] of Object.entries(replace)) if (r && !(name in parts)) entries.push(r);
  return zipOf([...entries, ...add]);
}

const MB = 1024 * 1024;
const SHEET = 'xl/worksheets/sheet1.xml';

/** Every bomb shape the guard must refuse, built on a real (small) workbook. */
export function bombs(xlsx: Uint8Array): Record<string, Uint8Array<ArrayBuffer>> {
  const sheetBomb = (declared: number) => ({
    name: SHEET,
    data: repeatDeflate('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', ' ', 220 * MB, '</sheetData></worksheet>'),
    declared,
  });
  const innerBomb = zipOf([{ name: 'huge.xml', data: repeatDeflate('<a>', 'x', 220 * MB, '</a>'), declared: 220 * MB }]);
  return {
    // 220 MB of sheet XML whose headers claim 4 KB.
    'lying size headers': workbookWith(xlsx, { [SHEET]: sheetBomb(4096) }),
    // Honest headers this time: 220 MB.
    'an honest 220 MB sheet': workbookWith(xlsx, { [SHEET]: sheetBomb(220 * MB) }),
    // 5,000 entries, each tiny.
    'many entries': workbookWith(xlsx, {}, Array.from({ length: 5000 }, (_, i) => ({ name: `xl/media/p${i}.bin`, data: new Uint8Array(0), stored: true, declared: 0 }))),
    // 400 entries of 1 MB each, each claiming 1 KB: no single one is large.
    'many moderate entries': workbookWith(xlsx, {}, Array.from({ length: 400 }, (_, i) => ({ name: `xl/media/m${i}.xml`, data: repeatDeflate('', 'y', MB, ''), declared: 1024 }))),
    // A zip inside the workbook that inflates to 220 MB.
    'a nested zip': workbookWith(xlsx, {}, [{ name: 'xl/embeddings/inner.zip', data: innerBomb, stored: true, declared: innerBomb.length }]),
    // A zip inside a zip inside the workbook.
    'a twice-nested zip': workbookWith(xlsx, {}, [{ name: 'xl/embeddings/outer.zip', data: zipOf([{ name: 'inner.zip', data: innerBomb, stored: true, declared: innerBomb.length }]), stored: true, declared: 0 }]),
    // 150 MB of shared strings, declared honestly (under the old 200 MB guard).
    'a huge sharedStrings part': workbookWith(xlsx, {
      'xl/sharedStrings.xml': {
        name: 'xl/sharedStrings.xml',
        data: repeatDeflate('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', '<si><t>整改</t></si>', 150 * MB, '</sst>'),
        declared: 150 * MB,
      },
    }),
  };
}
