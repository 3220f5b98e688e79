import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type ExcelJS from 'exceljs';

// One fixed moment for every date a workbook file carries (document properties, zip entries).
const FIXED = new Date(Date.UTC(2023, 3, 20, 8, 0, 0));
// 2023-04-20 08:00:00 in MS-DOS form, as zip headers keep it.
const DOS_TIME = (8 << 11) | (0 << 5) | 0;
const DOS_DATE = ((2023 - 1980) << 9) | (4 << 5) | 20;

/**
 * Sets every zip entry's modification time to a fixed one. ExcelJS (via JSZip) stamps entries
 * with the current time, which alone would make each regenerated sample differ byte for byte.
 * Walks the central directory from its end record and patches both headers of each entry.
 */
export function fixZipDates(zip: Buffer): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    zip.writeUInt16LE(DOS_TIME, at + 12);
    zip.writeUInt16LE(DOS_DATE, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(DOS_TIME, local + 10);
    zip.writeUInt16LE(DOS_DATE, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

/**
 * Writes a workbook whose bytes depend only on its content.
 * @example await saveDeterministic(workbook, 'test/fixtures/empty-ledger.xlsx')
 */
export async function saveDeterministic(workbook: ExcelJS.Workbook, path: string): Promise<void> {
  workbook.creator = '整改台账检查 样例生成';
  workbook.lastModifiedBy = '整改台账检查 样例生成';
  workbook.created = FIXED;
  workbook.modified = FIXED;
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, fixZipDates(bytes));
}
