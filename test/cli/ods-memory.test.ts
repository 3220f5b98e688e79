import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateGrid } from '../../bench/ledger-gen.js';
import { buildCli, ROOT, tempDir } from './helpers.js';

// A large OpenDocument spreadsheet is read in one pass, its rows into the grid as they close, its
// cells' text copied out of the chunks it was decoded in (shared/ods/read-ods.ts): it needs no
// more memory than the same ledger as .xlsx. Read whole as one string, with each cell's text a
// slice of it, 12,000 rows did not fit in a 60 MB heap; now the CLI checks them in 48 MB.
const tmp = tempDir();
afterAll(tmp.remove);

const HEAP_MB = 48;
let files: { ods: string; xlsx: string };

beforeAll(() => {
  buildCli();
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(aggregateGrid(11_999, 20, 5).values), '汇总');
  files = { ods: join(tmp.dir, 'big.ods'), xlsx: join(tmp.dir, 'big.xlsx') };
  writeFileSync(files.ods, new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'ods' }) as ArrayBuffer));
  writeFileSync(files.xlsx, new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
}, 120_000);

/** ledger-check --json on a file in a node whose heap is capped; its exit status and the report's item count. */
function checkCapped(file: string): { status: number | null; items: number; stderr: string } {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, join(ROOT, 'bin/ledger-check.js'), file, '--json', '--as-of', '2023-05-29'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const items = r.status === 1 || r.status === 0 ? (JSON.parse(r.stdout) as { stats: { items: number } }).stats.items : -1;
  return { status: r.status, items, stderr: r.stderr.slice(0, 300) };
}

describe('a 12,000-row .ods in a capped heap', () => {
  it(`is checked in ${HEAP_MB} MB, as the same rows as .xlsx are, with the same items`, () => {
    const xlsx = checkCapped(files.xlsx);
    const ods = checkCapped(files.ods);
    expect(xlsx).toMatchObject({ status: 1, items: 11_999 });
    expect(ods).toEqual(xlsx);
  }, 120_000);
});
