import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD } from '../../shared/office-crypto.js';
import { XlsError } from '../../shared/xls/compound-file.js';
import { decryptedPackage } from '../../shared/xlsx/encrypted-package.js';
import { sniffFileKind } from '../../shared/xlsx/sniff.js';

// An encrypted .xlsx is an OLE2 container holding the zip, encrypted (MS-OFFCRYPTO 2.3.4). Excel
// 2007 encrypted a workbook it protected with its default password and opened it without asking.
// xlsx-encrypted/ holds the spec's ledgers encrypted by msoffcrypto-tool (scripts/make-encrypted-xlsx.py:
// agile, as Excel 2010 and later encrypt), and msoffcrypto-tool's own test files with their
// plain twins: a workbook Excel for Mac encrypted (agile) and a document with standard encryption
// (Office 2007's), each with the password Password1234_.
const FIXTURES = join(import.meta.dirname, '../fixtures');
const ENCRYPTED = join(FIXTURES, 'xlsx-encrypted');
const file = (name: string) => new Uint8Array(readFileSync(join(ENCRYPTED, name)));
const same = (a: Uint8Array | null, b: Uint8Array) => a !== null && Buffer.from(a).equals(b);

describe('an encrypted .xlsx gives the very zip that was encrypted', () => {
  it('one encrypted with Excel\'s default password opens without one (agile: AES-256, SHA-512, 100,000 spins)', () => {
    const bytes = file('maoping-town-default-password.xlsx');
    expect(sniffFileKind(bytes)).toBe('encrypted-ooxml');
    expect(same(decryptedPackage(bytes, [DEFAULT_PASSWORD]), readFileSync(join(FIXTURES, 'spec/maoping-town.xlsx')))).toBe(true);
  });

  it('one with a password of its own: null without it or with a wrong one; the zip with it (a Chinese password, UTF-16 as Excel hashes it)', () => {
    const bytes = file('rulin-town-password.xlsx');
    expect(decryptedPackage(bytes, [DEFAULT_PASSWORD])).toBeNull();
    expect(decryptedPackage(bytes, [DEFAULT_PASSWORD, '巡察2024'])).toBeNull();
    expect(same(decryptedPackage(bytes, [DEFAULT_PASSWORD, '巡察2023']), readFileSync(join(FIXTURES, 'spec/rulin-town.xlsx')))).toBe(true);
  });

  it('a workbook Excel encrypted (agile, Excel for Mac), and a document with standard encryption (AES-128, SHA-1 50,000 times)', () => {
    expect(same(decryptedPackage(file('msoffcrypto-example_password.xlsx'), ['Password1234_']), file('msoffcrypto-example.xlsx'))).toBe(true);
    expect(same(decryptedPackage(file('msoffcrypto-ecma376standard_password.docx'), ['Password1234_']), file('msoffcrypto-ecma376standard_password_plain.docx'))).toBe(true);
    expect(decryptedPackage(file('msoffcrypto-ecma376standard_password.docx'), ['password1234_'])).toBeNull();
  });
});

describe('an encrypted .xlsx that cannot be opened', () => {
  /** A container with these EncryptionInfo and EncryptedPackage streams, as SheetJS's CFB writer makes it. */
  function container(info: Uint8Array | null, data: Uint8Array = new Uint8Array(4096).fill(0x5a)): Uint8Array {
    const cfb = XLSX.CFB.utils.cfb_new();
    if (info) XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from(info));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.from(data));
    return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
  }
  const agileInfo = (xml: string) => new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0, ...new TextEncoder().encode(xml)]);

  it('encrypted another way (RC4 CryptoAPI, a certificate, an unknown version) is null: refused as encrypted, not read wrong', () => {
    // Standard encryption's header naming RC4 (0x6801), not AES.
    const rc4 = new Uint8Array(12 + 32 + 76);
    rc4.set([3, 0, 2, 0, 0x04, 0, 0, 0, 32, 0, 0, 0]);
    rc4.set([0x04, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x68, 0, 0, 0x04, 0x80, 0, 0, 128, 0, 0, 0], 12);
    rc4.set([16], 44);
    expect(decryptedPackage(container(rc4), [DEFAULT_PASSWORD])).toBeNull();
    expect(decryptedPackage(container(agileInfo('<encryption><keyData cipherAlgorithm="AES"/></encryption>')), [DEFAULT_PASSWORD])).toBeNull();
    expect(decryptedPackage(container(new Uint8Array([9, 0, 9, 0, 0, 0, 0, 0])), [DEFAULT_PASSWORD])).toBeNull();
  });

  it('damage is XlsError: no description, a package cut short, a spin count no writer uses (it would hold the reader for minutes)', () => {
    expect(() => decryptedPackage(container(null), [DEFAULT_PASSWORD])).toThrow(XlsError);
    const real = file('maoping-town-default-password.xlsx');
    expect(() => decryptedPackage(real.subarray(0, 2000), [DEFAULT_PASSWORD])).toThrow(XlsError);
    const xml = new TextDecoder().decode(readStream(real, 'EncryptionInfo').subarray(8)).replace(/spinCount="\d+"/, 'spinCount="999999999"');
    expect(() => decryptedPackage(container(agileInfo(xml), readStream(real, 'EncryptedPackage')), [DEFAULT_PASSWORD])).toThrow(/out of range/);
  });

  it('any bytes of the description or the package changed: the zip, null or an XlsError, nothing else (40 runs, standard encryption)', () => {
    const bytes = file('msoffcrypto-ecma376standard_password.docx');
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), (flips) => {
      const copy = new Uint8Array(bytes);
      for (const [at, value] of flips) copy[at] = value;
      try {
        decryptedPackage(copy, ['Password1234_']);
      } catch (e) {
        if (!(e instanceof XlsError)) throw e;
      }
    }), { numRuns: 40, seed: 20261130 });
  });
});

/** A stream of an OLE2 file, as SheetJS's CFB reader reads it. */
function readStream(bytes: Uint8Array, name: string): Uint8Array {
  const entry = XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'array' }), name);
  return new Uint8Array(entry!.content as ArrayLike<number>);
}
