import { inflateRawSync } from 'node:zlib';
import { readZipDirectory, ZipDirectoryError, type ZipDirectoryEntry } from '../../shared/zip-directory.js';

/**
 * The parts of an .xlsx (a zip) read straight from its central directory and inflated (Node's
 * zlib: in a fresh CLI process fflate's JavaScript inflate took 110–210 ms of CPU on the
 * 5,000-row sheet, zlib 10–17 ms) to at most the size the directory declares, charged to a
 * byte budget first: a zip bomb is refused before anything is inflated, and a part that
 * inflates past its declared size (a lying directory) is cut off there and refused.
 * The directory itself is read by shared/zip-directory.ts, as the Worker's zip guard reads it.
 */

/** An entry of the zip's directory. */
export type ZipEntry = ZipDirectoryEntry;

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
    // Part names are case-insensitive in OPC; a leading slash is sometimes written.
    entries.set(entry.name.replace(/^\//, '').toLowerCase(), entry);
  }
  return entries;
}

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

/** A whole (small) part as a string: workbook, relationships, styles, tables. */
export function inflateString(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): string {
  return new TextDecoder('utf-8').decode(inflateEntry(bytes, entry, budget));
}
