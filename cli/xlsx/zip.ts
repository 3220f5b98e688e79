import { Inflate } from 'fflate';

/**
 * The parts of an .xlsx (a zip) read straight from its central directory, each inflated in
 * chunks through fflate under a byte budget: a file that claims small parts and inflates to
 * gigabytes (a zip bomb) stops at the budget instead of filling memory.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
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
    entries.set(name.replace(/^\//, '').toLowerCase(), { name, method, compressedSize, dataOffset });
  }
  return entries;
}

const CHUNK = 64 * 1024;

/**
 * Inflates one entry, handing its bytes on in chunks as UTF-8 text.
 * @example inflateText(bytes, entry, budget, (s) => scanner.push(s))
 */
export function inflateText(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget, onText: (text: string, final: boolean) => void): void {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  const emit = (chunk: Uint8Array, final: boolean) => {
    budget.spend(chunk.length);
    onText(decoder.decode(chunk, { stream: !final }), final);
  };
  if (entry.method === 0) {
    for (let i = 0; i < data.length; i += CHUNK) emit(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
    if (data.length === 0) emit(data, true);
    return;
  }
  if (entry.method !== 8) throw new ZipError('corrupt', `${entry.name} uses an unsupported compression method ${entry.method}`);
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    ended = final;
    emit(chunk, final);
  });
  try {
    for (let i = 0; i < data.length; i += CHUNK) inflate.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
    if (data.length === 0) inflate.push(data, true);
  } catch (error) {
    if (error instanceof ZipError || !(error instanceof Error) || !('code' in error)) throw error;
    throw new ZipError('corrupt', `${entry.name}: ${error.message}`);
  }
  if (!ended) throw new ZipError('corrupt', `${entry.name} ends before its data does`);
}

/** A whole (small) part as a string: workbook, relationships, styles, tables. */
export function inflateString(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): string {
  const parts: string[] = [];
  inflateText(bytes, entry, budget, (s) => parts.push(s));
  return parts.join('');
}
