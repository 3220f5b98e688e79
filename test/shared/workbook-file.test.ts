import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readXlsx } from '../../cli/read-xlsx.js';
import { LedgerFileError } from '../../cli/errors.js';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { LOCAL_GRID_LIMITS } from '../../shared/grid-limits.js';
import { readWorkbookFile, WorkbookFileError, type WorkbookFileOptions, type WorkbookFileProblem, type WorkbookFormat } from '../../shared/workbook-file.js';
import { sniffFileKind } from '../../shared/xlsx/sniff.js';
import { readWorkbookGrids, XLSX_BYTE_BUDGET } from '../../shared/xlsx/workbook.js';
import { xlsxToWorkbook, XlsxError } from '../../worker/xlsx-grid.js';
import { writeBadFiles } from '../cli/bad-files.js';
import { FIXTURES, tempDir } from '../cli/helpers.js';

// shared/workbook-file.ts is the one dispatch from a file's bytes to its reader, and the one
// catalogue of why a file gives no workbook, which ledger-check (cli/read-xlsx.ts) and the upload
// (worker/xlsx-grid.ts) each put in their own words.
const OPTIONS: WorkbookFileOptions = { limits: LOCAL_GRID_LIMITS, maxBytes: XLSX_BYTE_BUDGET, inflate: zlibInflate };
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));

async function problemOf(bytes: Uint8Array, name: string, options = OPTIONS): Promise<WorkbookFileError> {
  const error = await readWorkbookFile(bytes, name, options).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(WorkbookFileError);
  return error as WorkbookFileError;
}

describe('each file goes to its reader by what it holds, whatever its name', () => {
  const cases: [path: string, format: WorkbookFormat][] = [
    ['spec/maoping-town.xlsx', 'xlsx'],
    ['xls/maoping-town.xls', 'xls'],
    ['markup/maoping-town.xls', 'markup'],
    ['ods/maoping-town.ods', 'ods'],
    ['xlsb-real/text_and_numbers.xlsb', 'xlsb'],
  ];
  it.each(cases)('%s is read as %s, renamed .xlsx or not', async (path, format) => {
    const bytes = bytesOf(path);
    const file = await readWorkbookFile(bytes, '台账.xlsx', OPTIONS);
    expect(file.format).toBe(format);
    expect(file.bytes).toBe(bytes);
    expect(file.input.sheets.length).toBeGreaterThan(0);
    expect(file.input.file).toBe('台账.xlsx');
  });

  it('an .xlsx Excel encrypted with its default password gives the zip inside, read as the plain twin is', async () => {
    const file = await readWorkbookFile(bytesOf('xlsx-encrypted/maoping-town-default-password.xlsx'), 'a.xlsx', OPTIONS);
    const plain = bytesOf('spec/maoping-town.xlsx');
    expect(file.format).toBe('xlsx');
    expect(sniffFileKind(file.bytes)).toBe('zip');
    expect(Buffer.from(file.bytes).equals(plain)).toBe(true);
    expect(file.input).toEqual(await readWorkbookGrids(plain, 'a.xlsx', OPTIONS));
  });

  // SheetJS's samples of WPS's own format (fixtures/wps: fn, a formula sheet; write, every kind of value).
  it.each(['fn', 'write'])('WPS\'s own .et (%s.et) is read as an .xls, cell for cell as the .xlsx WPS saved of the same sheet', async (name) => {
    const et = await readWorkbookFile(bytesOf(`wps/${name}.et`), `${name}.et`, OPTIONS);
    const xlsx = await readWorkbookFile(bytesOf(`wps/${name}.xlsx`), `${name}.et`, OPTIONS);
    expect(et.format).toBe('xls');
    expect(xlsx.format).toBe('xlsx');
    expect(et.input.sheets.flatMap((s) => s.values).length).toBeGreaterThan(2);
    // Tables aside: fn's cells are an Excel table, which the .xls reader does not name (the core reads none).
    const cells = (input: typeof et.input) => ({ ...input, sheets: input.sheets.map(({ tables: _, ...sheet }) => sheet) });
    expect(cells(et.input)).toEqual(cells(xlsx.input));
  });
});

describe('the zip check (the Worker\'s guard) sees every zip before it is read, and nothing else', () => {
  it('is given the zip, an encrypted package\'s decrypted one, and not an .xls or a CSV', async () => {
    const seen: string[] = [];
    const checkZip = (zip: Uint8Array) => void seen.push(sniffFileKind(zip));
    for (const path of ['spec/maoping-town.xlsx', 'xlsx-encrypted/maoping-town-default-password.xlsx', 'ods/maoping-town.ods', 'xls/maoping-town.xls', 'markup/maoping-town.xls']) {
      await readWorkbookFile(bytesOf(path), 'a', { ...OPTIONS, checkZip });
    }
    expect(seen).toEqual(['zip', 'zip', 'zip']);
  });

  it('what it refuses arrives as it threw it, and nothing is read', async () => {
    const refusal = new WorkbookFileError('too-large', 'xlsx', 'unpacks past the budget');
    const error = await problemOf(bytesOf('spec/maoping-town.xlsx'), 'a.xlsx', { ...OPTIONS, checkZip: () => { throw refusal; } });
    expect(error).toBe(refusal);
  });
});

describe('why a file gives no workbook: one catalogue, said by ledger-check and by the upload', () => {
  const { dir, remove } = tempDir('workbook-file-');
  afterAll(remove);
  afterEach(() => vi.restoreAllMocks());
  const bad = writeBadFiles(dir);
  // Each bad file: the shared problem and the reader that met it; then the CLI's and the upload's word for it.
  const expected: Record<string, [WorkbookFileProblem, WorkbookFormat | undefined, XlsxError['kind']]> = {
    empty: ['empty', undefined, 'unreadable'],
    xls: ['legacy-xls', 'xls', 'legacy-xls'],
    realXls: ['legacy-xls', 'xls', 'legacy-xls'],
    cutXls: ['damaged', 'xls', 'unreadable'],
    htmlXls: ['web-page', 'markup', 'web-page'],
    utf16HtmlXls: ['web-page', 'markup', 'web-page'],
    xmlXls: ['xml-spreadsheet', 'markup', 'xml-spreadsheet'],
    brokenXmlXls: ['damaged', 'markup', 'unreadable'],
    wordXls: ['not-workbook', 'xls', 'unreadable'],
    encrypted: ['encrypted', 'xlsx', 'encrypted'],
    csv: ['empty', 'markup', 'unreadable'],
    notes: ['not-workbook', undefined, 'unreadable'],
    txt: ['not-workbook', undefined, 'unreadable'],
    truncated: ['damaged', 'xlsx', 'unreadable'],
    garbled: ['damaged', 'xlsx', 'unreadable'],
    docx: ['not-workbook', 'xlsx', 'unreadable'],
    // The upload's limits are a submission's (10,000 rows), so the stray row is past them first.
    stray: ['too-many-cells', 'xlsx', 'too-many-rows'],
    farRight: ['too-many-cells', 'xlsx', 'too-large'],
  };

  it.each(Object.entries(expected))('%s', async (key, [problem, format, uploadKind]) => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // the upload logs damage
    const { path } = bad[key]!;
    const bytes = new Uint8Array(readFileSync(path));
    const error = await problemOf(bytes, path);
    expect([error.problem, error.format]).toEqual([problem, format]);
    expect(error.message.length).toBeGreaterThan(0);

    const cli = await readXlsx(path).then(() => null, (e: unknown) => e);
    expect(cli).toBeInstanceOf(LedgerFileError);
    expect((cli as LedgerFileError).problem).toBe(bad[key]!.problem);
    expect(((cli as LedgerFileError).cause as WorkbookFileError).problem).toBe(problem);

    const upload = await xlsxToWorkbook(bytes, 'upload.xlsx').then(() => null, (e: unknown) => e);
    expect(upload).toBeInstanceOf(XlsxError);
    expect((upload as XlsxError).kind).toBe(uploadKind);
  });

  it('a reader\'s own error (not one it names) is damage, its first line the detail and the error kept as the cause', async () => {
    const { path } = bad.truncated!;
    const error = await problemOf(new Uint8Array(readFileSync(path)), path);
    expect(error.detail).toBeTruthy();
    expect(error.detail).not.toContain('\n');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).not.toBeInstanceOf(WorkbookFileError);
  });

  it('a stray cell far out names where, for the person to delete it', async () => {
    const error = await problemOf(new Uint8Array(readFileSync(bad.stray!.path)), 'stray.xlsx');
    expect(error.detail).toMatch(/Sheet1/);
  });
});
