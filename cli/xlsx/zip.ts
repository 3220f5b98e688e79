import { inflateRawSync } from 'node:zlib';

/**
 * The parts of an .xlsx (a zip) read straight from its central directory and inflated (Node's
 * zlib: in a fresh CLI process fflate's JavaScript inflate took 110–210 ms of CPU on the
 * 5,000-row sheet, zlib 10–17 ms) to at most the size the directory declares, charged to a
 * byte budget first: a zip bomb is refused before anything is inflated, and a part that
 * inflates past its declared size (a lying directory) is cut off there and refused.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** The inflated size the directory declares. */
  size: number;
  /** Where the entry's data starts (after its local header). */
  dataOffset: number;
}

/** Why a zip could not be read: its structure (corrupt) or the budget (too large). */
export class ZipError extends Error {
  constructor(readonly kind: 'corrupt' | 'too-large', message: string) {
    super(message);
  }
}

/** Counts inflated bytes across every part read from one file. */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number) {}

  spend(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw new ZipError('too-large', `unpacks to more than ${Math.round(this.limit / 1024 / 1024)} MB`);
  }
}

/** The entries of a zip by name; throws ZipError('corrupt') when the directory is unreadable. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  // The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('corrupt', 'no zip directory (truncated?)');
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) throw new ZipError('corrupt', 'bad zip directory entry');
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const local = view.getUint32(offset + 42, true);
    const name = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw new ZipError('corrupt', `bad local header for ${name}`);
    const dataOffset = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (compressedSize === 0xffffffff || dataOffset + compressedSize > bytes.length) throw new ZipError('corrupt', `${name} runs past the end of the file`);
    // Part names are case-insensitive in OPC; a leading slash is sometimes written.
    entries.set(name.replace(/^\//, '').toLowerCase(), { name, method, compressedSize, size, dataOffset });
  }
  return entries;
}

/** Text is handed on in slices of this many bytes, so a sheet is never one huge string. */
const SLICE = 1024 * 1024;

/** One entry's bytes, inflated. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): Uint8Array {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.size === 0xffffffff) throw new ZipError('too-large', `${entry.name} is a zip64 part (over 4 GB)`);
  budget.spend(entry.size);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new ZipError('corrupt', `${entry.name}: stored size does not match`);
    return data;
  }
  if (entry.method !== 8) throw new ZipError('corrupt', `${entry.name} uses an unsupported compression method ${entry.method}`);
  // One byte of room past the declared size tells a part that inflates to more than it declares.
  let out: Uint8Array;
  try {
    // One output chunk of the declared size (zlib's default 16 KB means hundreds of rounds and a concat).
    out = inflateRawSync(data, { maxOutputLength: entry.size + 1, chunkSize: Math.min(Math.max(entry.size + 1, 1024), 16 * 1024 * 1024) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError('too-large', `${entry.name} inflates past its declared size`);
    throw new ZipError('corrupt', `${entry.name}: ${(error as Error).message}`);
  }
  if (out.length > entry.size) throw new ZipError('too-large', `${entry.name} inflates past its declared size`);
  if (out.length < entry.size) throw new ZipError('corrupt', `${entry.name} ends before its data does`);
  return out;
}

/**
 * Inflates one entry and hands it on as UTF-8 text, slice by slice.
 * @example inflateText(bytes, entry, budget, (s, final) => scanner.push(s, final))
 */
export function inflateText(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget, onText: (text: string, final: boolean) => void): void {
  const data = inflateEntry(bytes, entry, budget);
  const decoder = new TextDecoder('utf-8');
  if (data.length === 0) onText('', true);
  for (let i = 0; i < data.length; i += SLICE) {
    const final = i + SLICE >= data.length;
    onText(decoder.decode(data.subarray(i, i + SLICE), { stream: !final }), final);
  }
}

/** A whole (small) part as a string: workbook, relationships, styles, tables. */
export function inflateString(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): string {
  return new TextDecoder('utf-8').decode(inflateEntry(bytes, entry, budget));
}
