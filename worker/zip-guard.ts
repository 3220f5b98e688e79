import { Inflate } from 'fflate';
import { joinChunks } from './byte-chunks.js';
import { readZipDirectory, ZipDirectoryError, zipEntryCount, type ZipDirectoryEntry } from '../shared/zip-directory.js';

/** What an uploaded archive may hold, measured by inflating it (declared sizes are never trusted). */
export const ZIP_LIMITS = {
  /** Bytes all entries inflate to, nested archives included. */
  inflatedBytes: 64 * 1024 * 1024,
  entries: 1000,
  /** An archive inside the workbook is inflated too, one level deep; deeper is refused. */
  nesting: 1,
  /**
   * Past `ratioFrom` bytes, an archive inflating more than `ratio` times its compressed size is a
   * bomb (real workbooks inflate 2–4×), refused after a few MB instead of at the budget.
   */
  ratio: 100,
  ratioFrom: 4 * 1024 * 1024,
} as const;

/** Why an archive was refused: `unreadable` → 400, `too-large` → 413. */
export class ZipGuardError extends Error {
  constructor(readonly kind: 'unreadable' | 'too-large', message: string) {
    super(message);
  }
}

export interface ZipMeasure {
  entries: number;
  /** Bytes the entries really inflated to. */
  inflated: number;
}

// Compressed bytes fed to the inflater at a time: deflate expands at most ~1032×, so one push
// yields at most ~4 MB before the budget is looked at again.
const SLICE = 4096;

/**
 * Inflates every entry of a zip, counting the bytes it really produces, and stops the moment the
 * budget is spent: a bomb (lying size headers, many entries, a nested zip, a huge shared-strings
 * part) costs at most the budget's worth of inflating, never what it claims or what it hides.
 * The cells are the reader's to count (shared/xlsx/ refuses a sheet past the limits while it
 * reads it, before its grid is laid out), not this guard's.
 * fflate's JavaScript inflate, on purpose: workerd's DecompressionStream takes every write at
 * once (no backpressure: 1.4 MB written, none read), so a bomb inflates whole before the guard
 * sees its first chunk; measured, the 220 MB bomb took 650–740 ms to refuse and the 1.6 GB one
 * restarted the local Worker. Here each 4 KB slice is inflated and measured before the next.
 * @example guardZip(bytes) // { entries: 12, inflated: 48_213 }
 */
export function guardZip(bytes: Uint8Array, budget: number = ZIP_LIMITS.inflatedBytes, depth = 0): ZipMeasure {
  const entries = centralDirectory(bytes);
  if (entries.length > ZIP_LIMITS.entries) throw new ZipGuardError('too-large', `the archive has ${entries.length} entries (at most ${ZIP_LIMITS.entries})`);
  const measure: ZipMeasure = { entries: entries.length, inflated: 0 };
  let consumed = 0;
  for (const entry of entries) {
    let head: Uint8Array[] | null = [];
    let headBytes = 0;
    const take = (chunk: Uint8Array) => {
      measure.inflated += chunk.length;
      if (measure.inflated > budget) throw new ZipGuardError('too-large', `the workbook inflates past ${Math.round(budget / 1024 / 1024)} MB`);
      if (measure.inflated > ZIP_LIMITS.ratioFrom && measure.inflated > ZIP_LIMITS.ratio * consumed) {
        throw new ZipGuardError('too-large', `the workbook inflates more than ${ZIP_LIMITS.ratio} times its size`);
      }
      // Keep an entry's bytes only while it may be a nested archive (it starts with PK\3\4).
      if (head) {
        head.push(chunk);
        headBytes += chunk.length;
        if (headBytes >= 4 && !isZip(joinChunks(head, 4))) head = null;
      }
    };
    const data = bytes.subarray(entry.dataOffset, Math.min(bytes.length, entry.dataOffset + entry.compressedSize));
    if (entry.method === 0) {
      consumed += data.length;
      take(data);
    } else inflateInto(data, take, entry.name, (n) => (consumed += n));
    if (head && headBytes >= 4) {
      if (depth >= ZIP_LIMITS.nesting) throw new ZipGuardError('too-large', `${entry.name} is an archive inside an archive inside the workbook`);
      const inner = guardZip(joinChunks(head, headBytes), budget - measure.inflated, depth + 1);
      measure.inflated += inner.inflated;
    }
  }
  return measure;
}

function inflateInto(data: Uint8Array, take: (chunk: Uint8Array) => void, name: string, fed: (n: number) => void): void {
  const inflater = new Inflate((chunk) => take(chunk));
  try {
    for (let at = 0; at < data.length; at += SLICE) {
      fed(Math.min(SLICE, data.length - at));
      inflater.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof ZipGuardError) throw err;
    throw new ZipGuardError('unreadable', `entry ${name.slice(0, 100)} is not valid deflate data`);
  }
}

/** The entries the central directory lists (shared/zip-directory.ts), refused as this guard's policy says. */
function centralDirectory(bytes: Uint8Array): ZipDirectoryEntry[] {
  const bad = (why: string) => new ZipGuardError('unreadable', `not an .xlsx workbook (${why})`);
  if (bytes.length < 22 || !isZip(bytes)) throw bad('no zip signature');
  let entries: ZipDirectoryEntry[];
  try {
    // The count first: a directory of a million entries is refused before it is read.
    const count = zipEntryCount(bytes);
    if (count > ZIP_LIMITS.entries && count !== 0xffff) throw new ZipGuardError('too-large', `the archive has ${count} entries (at most ${ZIP_LIMITS.entries})`);
    entries = readZipDirectory(bytes);
  } catch (error) {
    if (!(error instanceof ZipDirectoryError)) throw error;
    if (error.problem === 'zip64') throw new ZipGuardError('too-large', 'a zip64 archive or entry is far larger than any ledger');
    throw bad(error.problem === 'no-directory' ? 'no central directory' : error.problem === 'bad-entry' ? 'a broken central directory' : 'a broken local header');
  }
  for (const entry of entries) if (entry.method !== 0 && entry.method !== 8) throw bad(`compression method ${entry.method}`);
  return entries;
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

