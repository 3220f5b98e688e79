import { readZipDirectory, ZipDirectoryError, type ZipDirectoryEntry } from '../zip-directory.js';

/**
 * The parts of an .xlsx (a zip) read straight from its central directory and inflated to at
 * most the size the directory declares, charged to a byte budget first: a zip bomb is refused
 * before anything is inflated, and a part that inflates past its declared size (a lying
 * directory) is refused. Inflating is the caller's (an `Inflate`): Node's zlib in the CLI
 * (cli/zlib-inflate.ts), which stops at the declared size; the runtime's DecompressionStream in
 * the Worker (worker/stream-inflate.ts), which does not, after the Worker's zip guard has
 * measured every part. Both are native, where a JavaScript inflate cost the CLI 110–210 ms of
 * CPU on the 5,000-row sheet against zlib's 10–17 ms.
 */

/** An entry of the zip's directory. */
export type ZipEntry = ZipDirectoryEntry;

/** Why a zip could not be read: its structure (corrupt) or the budget (too large). */
export class ZipError extends Error {
  constructor(readonly kind: 'corrupt' | 'too-large', message: string) {
    super(message);
  }
}

/**
 * Inflates raw deflate data. Resolves to the bytes it inflates to, never more than `maxBytes`:
 * data that would inflate further rejects with ZipError('too-large') (or resolves to more than
 * `maxBytes` bytes, which the reader refuses the same). Any other rejection means damaged data.
 */
export type Inflate = (data: Uint8Array, maxBytes: number) => Promise<Uint8Array>;

/** Counts inflated bytes across every part read from one file. */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number) {}

  spend(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw new ZipError('too-large', `unpacks to more than ${Math.round(this.limit / 1024 / 1024)} MB`);
  }
}

/** The entries of a zip by name; throws ZipError('corrupt') when the directory is unreadable, ('too-large') for zip64. */
export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  let listed: ZipDirectoryEntry[];
  try {
    listed = readZipDirectory(bytes);
  } catch (error) {
    if (!(error instanceof ZipDirectoryError)) throw error;
    throw new ZipError(error.problem === 'zip64' ? 'too-large' : 'corrupt', error.message);
  }
  const entries = new Map<string, ZipEntry>();
  for (const entry of listed) {
    if (entry.dataOffset + entry.compressedSize > bytes.length) throw new ZipError('corrupt', `${entry.name} runs past the end of the file`);
    // Part names are case-insensitive in OPC; a leading slash is sometimes written, and some
    // Windows tools write backslashes (xl\\workbook.xml), which Excel opens as slashes.
    entries.set(entry.name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase(), entry);
  }
  return entries;
}

/**
 * One entry's bytes, inflated. The budget is charged with the declared size at once (so a part
 * inflating while the caller reads another is already counted); inflating may take one byte past
 * it, which tells a part that inflates to more than it declares.
 */
export async function readEntry(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget, inflate: Inflate): Promise<Uint8Array> {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.size === 0xffffffff) throw new ZipError('too-large', `${entry.name} is a zip64 part (over 4 GB)`);
  budget.spend(entry.size);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new ZipError('corrupt', `${entry.name}: stored size does not match`);
    return data;
  }
  if (entry.method !== 8) throw new ZipError('corrupt', `${entry.name} uses an unsupported compression method ${entry.method}`);
  let out: Uint8Array;
  try {
    out = await inflate(data, entry.size + 1);
  } catch (error) {
    if (error instanceof ZipError && error.kind === 'too-large') throw new ZipError('too-large', `${entry.name} inflates past its declared size`);
    throw new ZipError('corrupt', `${entry.name}: ${(error as Error)?.message ?? error}`);
  }
  if (out.length > entry.size) throw new ZipError('too-large', `${entry.name} inflates past its declared size`);
  if (out.length < entry.size) throw new ZipError('corrupt', `${entry.name} ends before its data does`);
  return out;
}

const utf8 = new TextDecoder('utf-8');

/** A whole (small) part as a string: workbook, relationships, styles, tables. */
export async function readEntryText(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget, inflate: Inflate): Promise<string> {
  return utf8.decode(await readEntry(bytes, entry, budget, inflate));
}
