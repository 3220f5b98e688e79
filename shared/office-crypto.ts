/**
 * What Office's file encryption (MS-OFFCRYPTO) shares across formats: Excel's default password,
 * passwords as Office hashes them, and byte helpers. The .xls records' RC4 (xls/decrypt.ts) and
 * the encrypted .xlsx package's AES (xlsx/encrypted-package.ts) build on it.
 */

/**
 * The password Excel encrypts a workbook with when it protects it without a password to open (a
 * protected structure, a file saved read-only recommended): Excel, LibreOffice and WPS try it
 * first and open such a file without asking, so the readers do too.
 */
export const DEFAULT_PASSWORD = 'VelvetSweatshop';

/** A password as Office hashes it: UTF-16LE code units. */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A 32-bit unsigned integer, little-endian (block numbers, spin counters). */
export const le32 = (n: number) => new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24]);

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
