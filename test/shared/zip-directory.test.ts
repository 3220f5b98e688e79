import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readZipDirectory, ZipDirectoryError, zipEntryCount } from '../../shared/zip-directory.js';

// The zip directory both the CLI's reader and the Worker's guard read (each with its own policy).
const zip = zipSync({ 'a.xml': strToU8('<a/>'.repeat(100)), '中文/b.xml': [strToU8('bb'), { level: 0 }] });

const problem = (bytes: Uint8Array) => {
  try {
    readZipDirectory(bytes);
  } catch (error) {
    return error instanceof ZipDirectoryError ? error.problem : error;
  }
  return 'read';
};

describe('reading a zip directory', () => {
  it('lists every entry with its method, sizes and where its data starts', () => {
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([['a.xml', 8, 400], ['中文/b.xml', 0, 2]]);
    const stored = entries[1]!;
    expect(new TextDecoder().decode(zip.subarray(stored.dataOffset, stored.dataOffset + stored.compressedSize))).toBe('bb');
    expect(zipEntryCount(zip)).toBe(2);
  });

  it('names what is wrong: no directory, a broken entry, a broken local header, zip64', () => {
    expect(problem(zip.subarray(0, zip.length - 10))).toBe('no-directory');
    const eocd = zip.length - 22;
    const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
    const brokenEntry = zip.slice();
    view(brokenEntry).setUint32(view(zip).getUint32(eocd + 16, true), 0, true);
    expect(problem(brokenEntry)).toBe('bad-entry');
    const brokenLocal = zip.slice();
    brokenLocal[0] = 0;
    expect(problem(brokenLocal)).toBe('bad-local-header');
    const zip64 = zip.slice();
    view(zip64).setUint16(eocd + 10, 0xffff, true);
    expect(problem(zip64)).toBe('zip64');
  });
});
