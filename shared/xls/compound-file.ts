/**
 * Streams out of an OLE2 compound file (MS-CFB), the container of Excel 97–2003 .xls workbooks:
 * a header, a sector allocation table (FAT, located through the DIFAT), a directory of named
 * entries, and small streams kept in 64-byte mini sectors of the root's mini stream. Only
 * reading by name; every sector number is bounds-checked and every chain is cut at as many
 * sectors as the file has, so a damaged or hostile file throws XlsError('damaged') rather than
 * loop or read past its end.
 */

/** Why an .xls could not be read: its container or records are damaged, it is password-protected, or older than Excel 97 (BIFF8). */
export class XlsError extends Error {
  constructor(
    readonly kind: 'damaged' | 'encrypted' | 'too-old',
    message: string,
  ) {
    super(message);
  }
}

const SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
/** Entries the header lists FAT sectors of itself; the rest are in DIFAT sectors. */
const HEADER_DIFAT = 109;
const ENTRY = 128;
const STREAM = 2;
const ROOT = 5;

const damaged = (what: string) => new XlsError('damaged', `the compound file is damaged (${what})`);

/** A directory entry: its name, type, first sector and size. */
interface Entry {
  name: string;
  type: number;
  start: number;
  size: number;
}

/**
 * The file's directory and the streams it names.
 * @example new CompoundFile(bytes).stream('Workbook') // the BIFF8 workbook stream, or null
 */
export class CompoundFile {
  private readonly view: DataView;
  private readonly sectorSize: number;
  private readonly sectorCount: number;
  private readonly fat: Uint32Array;
  private readonly entries: Entry[];
  private readonly miniCutoff: number;
  private miniFat: Uint32Array | undefined;
  private miniStream: Uint8Array | undefined;

  constructor(private readonly bytes: Uint8Array) {
    if (bytes.length < 512 || !SIGNATURE.every((b, i) => bytes[i] === b)) throw damaged('no OLE2 header');
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const shift = this.view.getUint16(0x1e, true);
    if (shift !== 9 && shift !== 12) throw damaged(`sector shift ${shift}`);
    if (this.view.getUint16(0x20, true) !== 6) throw damaged('mini sector shift');
    this.sectorSize = 1 << shift;
    // A truncated last sector is still read as far as it goes (some writers do not pad it).
    this.sectorCount = Math.ceil((bytes.length - this.sectorSize) / this.sectorSize);
    this.miniCutoff = this.view.getUint32(0x38, true);
    this.fat = this.readFat();
    this.entries = this.readDirectory();
  }

  /** Names of the streams in the directory (tests and messages). */
  streamNames(): string[] {
    return this.entries.filter((e) => e.type === STREAM).map((e) => e.name);
  }

  /** The stream named `name` (case-insensitive, as OLE2 compares names), or null if the file has none. */
  stream(name: string): Uint8Array | null {
    const wanted = name.toLowerCase();
    const entry = this.entries.find((e) => e.type === STREAM && e.name.toLowerCase() === wanted);
    if (!entry) return null;
    if (entry.size < this.miniCutoff) return this.readMini(entry);
    return this.readChain(entry.start, entry.size, this.fat, this.sectorSize, (s) => this.sectorAt(s));
  }

  private sectorAt(sector: number): Uint8Array {
    if (sector >= this.sectorCount) throw damaged(`sector ${sector} past the end`);
    const from = (sector + 1) * this.sectorSize;
    return this.bytes.subarray(from, Math.min(from + this.sectorSize, this.bytes.length));
  }

  /** The FAT: the sectors the header's DIFAT and the DIFAT chain list, concatenated. */
  private readFat(): Uint32Array {
    const fatSectors: number[] = [];
    for (let i = 0; i < HEADER_DIFAT; i++) {
      const s = this.view.getUint32(0x4c + 4 * i, true);
      if (s !== FREE && s !== END_OF_CHAIN) fatSectors.push(s);
    }
    let difat = this.view.getUint32(0x44, true);
    const perDifat = this.sectorSize / 4 - 1;
    for (let hops = 0; difat !== END_OF_CHAIN && difat !== FREE; hops++) {
      if (hops > this.sectorCount) throw damaged('a looping DIFAT');
      const sector = this.sectorAt(difat);
      const dv = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
      for (let i = 0; i < perDifat && 4 * i + 4 <= sector.length; i++) {
        const s = dv.getUint32(4 * i, true);
        if (s !== FREE && s !== END_OF_CHAIN) fatSectors.push(s);
      }
      difat = sector.length >= 4 * perDifat + 4 ? dv.getUint32(4 * perDifat, true) : END_OF_CHAIN;
    }
    const perSector = this.sectorSize / 4;
    const fat = new Uint32Array(fatSectors.length * perSector).fill(FREE);
    fatSectors.forEach((s, k) => {
      const sector = this.sectorAt(s);
      const dv = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
      for (let i = 0; 4 * i + 4 <= sector.length; i++) fat[k * perSector + i] = dv.getUint32(4 * i, true);
    });
    return fat;
  }

  private readDirectory(): Entry[] {
    const first = this.view.getUint32(0x30, true);
    const dir = this.readChain(first, Number.POSITIVE_INFINITY, this.fat, this.sectorSize, (s) => this.sectorAt(s));
    const dv = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
    const entries: Entry[] = [];
    for (let at = 0; at + ENTRY <= dir.length; at += ENTRY) {
      // The name's length in bytes counts its terminating NUL.
      const nameBytes = Math.min(dv.getUint16(at + 0x40, true), 64);
      let name = '';
      for (let i = 0; i < nameBytes - 2; i += 2) name += String.fromCharCode(dv.getUint16(at + i, true));
      // Version 3 files keep only the low 32 bits of a stream's size meaningful.
      entries.push({ name, type: dv.getUint8(at + 0x42), start: dv.getUint32(at + 0x74, true), size: dv.getUint32(at + 0x78, true) });
    }
    if (entries[0]?.type !== ROOT) throw damaged('no root entry');
    return entries;
  }

  /**
   * The bytes of a chain from `start` through `table`, `size` of them (all of them when Infinity).
   * A chain longer than the table, or ending before `size`, is damage.
   */
  private readChain(start: number, size: number, table: Uint32Array, unit: number, at: (s: number) => Uint8Array): Uint8Array {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (let s = start, hops = 0; s !== END_OF_CHAIN && length < size; hops++) {
      if (hops > table.length || s >= table.length) throw damaged(`a broken sector chain at ${s}`);
      const part = at(s);
      parts.push(part);
      length += part.length;
      if (part.length < unit && table[s] !== END_OF_CHAIN) throw damaged('a chain past the end of the file');
      s = table[s]!;
    }
    if (Number.isFinite(size) && length < size) throw damaged('a stream shorter than its entry says');
    const out = new Uint8Array(Number.isFinite(size) ? size : length);
    let o = 0;
    for (const p of parts) {
      const n = Math.min(p.length, out.length - o);
      out.set(p.subarray(0, n), o);
      o += n;
      if (o === out.length) break;
    }
    return out;
  }

  private readMini(entry: Entry): Uint8Array {
    if (!this.miniFat) {
      const first = this.view.getUint32(0x3c, true);
      const raw = first === END_OF_CHAIN || first === FREE ? new Uint8Array(0) : this.readChain(first, Number.POSITIVE_INFINITY, this.fat, this.sectorSize, (s) => this.sectorAt(s));
      this.miniFat = new Uint32Array(raw.length / 4);
      const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let i = 0; i < this.miniFat.length; i++) this.miniFat[i] = dv.getUint32(4 * i, true);
      const root = this.entries[0]!;
      this.miniStream = root.size ? this.readChain(root.start, root.size, this.fat, this.sectorSize, (s) => this.sectorAt(s)) : new Uint8Array(0);
    }
    const mini = this.miniStream!;
    return this.readChain(entry.start, entry.size, this.miniFat, 64, (s) => {
      if (s * 64 >= mini.length) throw damaged(`mini sector ${s} past the mini stream`);
      return mini.subarray(s * 64, Math.min(s * 64 + 64, mini.length));
    });
  }
}
