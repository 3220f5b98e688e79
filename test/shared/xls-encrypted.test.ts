import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, type WorkbookInput } from '../../shared/index.js';
import { readXlsGrids, XlsError } from '../../shared/xls/workbook.js';
import { GridLimitError } from '../../shared/xlsx/workbook.js';

// Excel encrypts an .xls it protects without a password to open (a workbook whose structure is
// protected, a file saved read-only recommended) with its default password, VelvetSweatshop, and
// opens it without asking. LibreOffice does the same and writes such files (RC4, the Office
// 97/2000 method): scripts/make-encrypted-xls.py made encrypted/ from the plain fixtures beside
// it. The excel2002-* files are Excel 2002's, from SheetJS's test files, with the password
// "password": RC4 (97/2000), CryptoAPI RC4 40-bit and 128-bit, and XOR obfuscation; the
// msoffcrypto-* ones are msoffcrypto-tool's test files (CryptoAPI RC4, XOR) with its plain twins.

const XLS = join(import.meta.dirname, '../fixtures/xls');
const ENCRYPTED = join(XLS, 'encrypted');
// The same files decrypted by msoffcrypto-tool (an implementation of its own), FILEPASS gone.
const DECRYPTED = join(ENCRYPTED, 'decrypted');
// Read under the name of its plain twin, so the grids (which carry the file's name) compare whole.
const read = (name: string, options: { passwords?: string[] } = {}) => readXlsGrids(readFileSync(join(ENCRYPTED, name)), 'twin.xls', options);
const plain = async (name: string) => (await readXlsGrids(readFileSync(join(XLS, name)), 'twin.xls'))!;
const sheetsOf = (book: WorkbookInput | null) => book!.sheets;

describe('an .xls encrypted with Excel\'s default password reads as Excel opens it, without asking', () => {
  it('every kind of cell, as msoffcrypto-tool decrypts it (LibreOffice, RC4)', async () => {
    const book = (await read('cell-kinds-default-password.xls'))!;
    expect(book.sheets).toEqual(sheetsOf(await readXlsGrids(readFileSync(join(DECRYPTED, 'cell-kinds-default-password.xls')), 'twin.xls')));
    // As the plain workbook it was saved from, but for what LibreOffice's saving again changed: a
    // formula's empty text result (F5) written as 0.
    const twin = (await plain('cell-kinds.xls')).sheets;
    twin[0]!.values[4]![5] = 0;
    expect(book.sheets).toEqual(twin);
  });

  it('a ledger gives the same report as its unencrypted twin', async () => {
    const encrypted = (await read('maoping-town-default-password.xls'))!;
    const twin = await plain('maoping-town.xls');
    expect(encrypted.sheets).toEqual(twin.sheets);
    const report = (book: WorkbookInput) => checkWorkbooks([{ ...book, file: 'a.xls' }], { asOf: '2023-05-29' });
    expect(report(encrypted)).toEqual(report(twin));
    expect(report(encrypted).sheets[0]!.items.length).toBeGreaterThan(0);
  });
});

describe('an .xls with a password of its own', () => {
  it('is refused as encrypted, not as damaged: the person is told to remove the password', async () => {
    for (const name of ['rulin-town-password.xls', 'excel2002-password_2002_40_972000.xls', 'excel2002-password_2002_40_basecrypto.xls', 'excel2002-password_2002_128_strong.xls']) {
      await expect(read(name), name).rejects.toMatchObject({ kind: 'encrypted' });
    }
  });

  it('opens with its password (a Chinese one too: UTF-16 as Excel hashes it), as the same workbook unencrypted', async () => {
    expect(sheetsOf(await read('rulin-town-password.xls', { passwords: ['巡察2023'] }))).toEqual((await plain('rulin-town.xls')).sheets);
    await expect(read('rulin-town-password.xls', { passwords: ['巡察2024'] })).rejects.toMatchObject({ kind: 'encrypted' });
  });

  it('decrypts every file as msoffcrypto-tool does, cell for cell (RC4, CryptoAPI RC4 40 and 128 bits, XOR)', async () => {
    const files = readdirSync(DECRYPTED);
    expect(files.length).toBe(8);
    const passwords: Record<string, string> = { excel2002: 'password', rulin: '巡察2023', 'msoffcrypto-xor': '123456789012345', 'msoffcrypto-rc4': 'Password1234_' };
    for (const name of files) {
      const password = Object.entries(passwords).find(([start]) => name.startsWith(start))?.[1];
      const ours = (await read(name, { passwords: password ? [password] : [] }))!;
      expect(ours.sheets, name).toEqual(sheetsOf(await readXlsGrids(readFileSync(join(DECRYPTED, name)), 'twin.xls')));
    }
  });

  it('Excel 2002\'s RC4 (97/2000) and CryptoAPI RC4 (40 and 128 bits) give what Excel shows (SheetJS\'s record of these files)', async () => {
    for (const name of ['excel2002-password_2002_40_972000.xls', 'excel2002-password_2002_40_basecrypto.xls', 'excel2002-password_2002_128_strong.xls', 'excel2002-password_2002_128_enhanced.xls']) {
      const book = (await read(name, { passwords: ['password'] }))!;
      expect(book.sheets.map((s) => s.sheet), name).toEqual(['Sheet1', 'Sheet2', 'Sheet3']);
      expect(book.sheets[0]!.values, name).toEqual([[1, null], [2, 10], [3, null], [4, null]]);
    }
  });

  it('XOR obfuscation (Excel 95\'s method, "weak encryption" in Excel 2002; BIFF8 and Excel 95\'s BIFF5) too: refused without its password, read with it', async () => {
    for (const name of ['excel2002-password_2002_40_xor.xls', 'excel2002-biff5-password_2002_40_xor.xls']) {
      await expect(read(name), name).rejects.toMatchObject({ kind: 'encrypted' });
      const book = (await read(name, { passwords: ['password'] }))!;
      expect(book.sheets.map((s) => s.sheet), name).toEqual(['Sheet1', 'Sheet2', 'Sheet3']);
      expect(book.sheets[0]!.values, name).toEqual([[1, null], [2, 10], [3, null], [4, null]]);
    }
  });
});

describe('a damaged encrypted .xls', () => {
  it('throws only XlsError or GridLimitError, whatever bytes are changed (300 runs)', async () => {
    const bytes = readFileSync(join(ENCRYPTED, 'cell-kinds-default-password.xls'));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
      const copy = new Uint8Array(bytes);
      for (const [at, value] of flips) copy[at] = value;
      try {
        await readXlsGrids(copy, 'a.xls');
      } catch (e) {
        if (!(e instanceof XlsError) && !(e instanceof GridLimitError)) throw e;
      }
    }), { numRuns: 300, seed: 20261130 });
  });

  it('a FILEPASS cut short is damaged', async () => {
    const bytes = new Uint8Array(readFileSync(join(ENCRYPTED, 'cell-kinds-default-password.xls')));
    // The Workbook stream's FILEPASS record: found by its type after the BOF, its length set to 6.
    const at = findFilePass(bytes);
    bytes[at + 2] = 6;
    bytes[at + 3] = 0;
    await expect(readXlsGrids(bytes, 'a.xls')).rejects.toBeInstanceOf(XlsError);
  });
});

/** Where the first FILEPASS record (2F 00 36 00: 54 bytes, RC4) lies in the file. */
function findFilePass(bytes: Uint8Array): number {
  for (let i = 0; i + 4 < bytes.length; i++) if (bytes[i] === 0x2f && bytes[i + 1] === 0 && bytes[i + 2] === 0x36 && bytes[i + 3] === 0) return i;
  throw new Error('no FILEPASS');
}
