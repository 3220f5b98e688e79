/**
 * A zip's central directory, read from its bytes: the one reading both the CLI's .xlsx reader
 * (shared/xlsx/zip.ts) and the Worker's zip guard (worker/zip-guard.ts) use. Pure (bytes in,
 * entries out; TextDecoder and DataView only), so it lives beside the core, which both already
 * bundle; each caller keeps its own policy (what to refuse, which error, which limits).
 */

export interface ZipDirectoryEntry {
  /** The name as stored, read as UTF-8 (an .xlsx's part names are). */
  name: string;
  /** The name's bytes as stored: a zip made on Chinese Windows holds them in GBK (see `flags`). */
  rawName: Uint8Array;
  /** The general-purpose flags: bit 0 the entry is encrypted, bit 11 its name is UTF-8. */
  flags: number;
  /** 0 stored, 8 deflated; anything else is the caller's to refuse. */
  method: number;
  compressedSize: number;
  /** The inflated size the directory declares (never to be trusted for a budget). */
  size: number;
  /** Where the entry's data starts, after its local header. */
  dataOffset: number;
}

/** Why a directory could not be read; `zip64` is a size or count this reader does not follow. */
export type ZipDirectoryProblem = 'no-directory' | 'bad-entry' | 'bad-local-header' | 'zip64';

export class ZipDirectoryError extends Error {
  constructor(
    readonly problem: ZipDirectoryProblem,
    message: string,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The number of entries the end-of-central-directory record declares (0xffff: zip64). */
export function zipEntryCount(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getUint16(endOfDirectory(bytes, view) + 10, true);
}

/** The end-of-central-directory record sits in the last 22 + 65,535 (comment) bytes. */
function endOfDirectory(bytes: Uint8Array, view: DataView): number {
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) return i;
  }
  throw new ZipDirectoryError('no-directory', 'no zip directory (truncated?)');
}

/**
 * The entries the central directory lists, in its order, each with where its data starts (read
 * from its local header). Throws ZipDirectoryError for a missing or broken directory, a broken
 * local header, or a zip64 size or offset. Data running past the end of the file is the caller's
 * to judge (compare dataOffset + compressedSize with the length).
 * @example readZipDirectory(bytes).map((e) => e.name) // ['[Content_Types].xml', 'xl/workbook.xml', …]
 */
export function readZipDirectory(bytes: Uint8Array): ZipDirectoryEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = endOfDirectory(bytes, view);
  const count = view.getUint16(eocd + 10, true);
  if (count === 0xffff) throw new ZipDirectoryError('zip64', 'a zip64 archive (over 65,535 entries)');
  let offset = view.getUint32(eocd + 16, true);
  const names = new TextDecoder();
  const entries: ZipDirectoryEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) throw new ZipDirectoryError('bad-entry', 'bad zip directory entry');
    const flags = view.getUint16(offset + 8, true);
    const method = view.getUint16(offset + 10, true);
    const compressedSize = view.getUint32(offset + 20, true);
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const local = view.getUint32(offset + 42, true);
    const rawName = bytes.subarray(offset + 46, offset + 46 + nameLength);
    const name = names.decode(rawName);
    if (compressedSize === 0xffffffff || local === 0xffffffff) throw new ZipDirectoryError('zip64', `${name} is a zip64 entry (over 4 GB)`);
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) throw new ZipDirectoryError('bad-local-header', `bad local header for ${name}`);
    const dataOffset = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, rawName, flags, method, compressedSize, size, dataOffset });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}
