import { inflateRaw, inflateRawSync, type ZlibOptions } from 'node:zlib';
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

/** Charges the budget and checks the entry; its deflated data, or its bytes when stored. */
function entryData(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): { data: Uint8Array; stored: boolean } {
  const data = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (entry.size === 0xffffffff) throw new ZipError('too-large', `${entry.name} is a zip64 part (over 4 GB)`);
  budget.spend(entry.size);
  if (entry.method === 0) {
    if (data.length !== entry.size) throw new ZipError('corrupt', `${entry.name}: stored size does not match`);
    return { data, stored: true };
  }
  if (entry.method !== 8) throw new ZipError('corrupt', `${entry.name} uses an unsupported compression method ${entry.method}`);
  return { data, stored: false };
}

/**
 * zlib's options for an entry: one byte of room past the declared size tells a part that
 * inflates to more than it declares; one output chunk of the declared size (zlib's default
 * 16 KB means hundreds of rounds and a concat).
 */
const inflateOptions = (entry: ZipEntry): ZlibOptions => ({ maxOutputLength: entry.size + 1, chunkSize: Math.min(Math.max(entry.size + 1, 1024), 16 * 1024 * 1024) });

function inflateError(entry: ZipEntry, error: unknown): ZipError {
  if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return new ZipError('too-large', `${entry.name} inflates past its declared size`);
  return new ZipError('corrupt', `${entry.name}: ${(error as Error).message}`);
}

function checkInflated(entry: ZipEntry, out: Uint8Array): Uint8Array {
  if (out.length > entry.size) throw new ZipError('too-large', `${entry.name} inflates past its declared size`);
  if (out.length < entry.size) throw new ZipError('corrupt', `${entry.name} ends before its data does`);
  return out;
}

/** One entry's bytes, inflated. */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): Uint8Array {
  const { data, stored } = entryData(bytes, entry, budget);
  if (stored) return data;
  let out: Uint8Array;
  try {
    out = inflateRawSync(data, inflateOptions(entry));
  } catch (error) {
    throw inflateError(entry, error);
  }
  return checkInflated(entry, out);
}

/**
 * One entry's bytes, inflated on Node's thread pool while the caller reads other parts (a
 * worksheet inflates while the shared strings are read). The budget is charged at once.
 */
export function inflateEntryLater(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): Promise<Uint8Array> {
  const { data, stored } = entryData(bytes, entry, budget);
  if (stored) return Promise.resolve(data);
  return new Promise((resolve, reject) => {
    inflateRaw(data, inflateOptions(entry), (error, out) => {
      if (error) reject(inflateError(entry, error));
      else {
        try {
          resolve(checkInflated(entry, out));
        } catch (problem) {
          reject(problem as Error);
        }
      }
    });
  });
}

/** A whole (small) part as a string: workbook, relationships, styles, tables. */
export function inflateString(bytes: Uint8Array, entry: ZipEntry, budget: ByteBudget): string {
  return new TextDecoder('utf-8').decode(inflateEntry(bytes, entry, budget));
}
