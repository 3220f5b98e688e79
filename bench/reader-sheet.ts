// `node dist/bench-reader-sheet.cjs bytes|pattern FILE.xlsx`: the sheet part of a CLI read, alone,
// in a fresh process as a CLI run pays it: the first sheet inflated and read into SheetReader,
// either from its bytes (shared/xlsx/sheet-scan.ts) or by the pattern over its decoded text
// (bench/pattern-sheet-scan.ts, the way before). Prints "wall-ms cpu-ms rows" on stdout.
import { readFileSync } from 'node:fs';
import { readRels, readSharedStrings, readStyles, readWorkbookPart } from '../shared/xlsx/parts.js';
import { SheetReader } from '../shared/xlsx/sheet.js';
import { scanSheet } from '../shared/xlsx/sheet-scan.js';
import { zlibInflate } from '../cli/zlib-inflate.js';
import { ByteBudget, readEntry, readEntryText, zipEntries } from '../shared/xlsx/zip.js';
import { scanSheetByPattern } from './pattern-sheet-scan.js';

const [way, file] = process.argv.slice(2);
if ((way !== 'bytes' && way !== 'pattern') || !file) throw new Error('usage: bytes|pattern FILE.xlsx');

// The bench's bundle is CommonJS: no top-level await.
void (async () => {
  const bytes = readFileSync(file);
  const entries = zipEntries(bytes);
  const budget = new ByteBudget(1 << 30);
  const text = (path: string) => readEntryText(bytes, entries.get(path.toLowerCase())!, budget, zlibInflate); // names lower-cased (zip.ts)
  const book = readWorkbookPart(await text('xl/workbook.xml'));
  const sheetPath = readRels(await text('xl/_rels/workbook.xml.rels'), 'xl/').get(book.sheets[0]!.rId)!;
  const shared = readSharedStrings(await text('xl/sharedStrings.xml'));
  const numFmts = readStyles(await text('xl/styles.xml'));
  const dates = numFmts.map((f) => !!f && /[ymdhMsb]/.test(f));

  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const reader = new SheetReader(shared, (s) => dates[s] === true, book.date1904);
  (way === 'bytes' ? scanSheet : scanSheetByPattern)(await readEntry(bytes, entries.get(sheetPath.toLowerCase())!, budget, zlibInflate), reader);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  process.stdout.write(`${ms.toFixed(1)} ${((c.user + c.system) / 1000).toFixed(1)} ${reader.out.rows.length}\n`);
})();
