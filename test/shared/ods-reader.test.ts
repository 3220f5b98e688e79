import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type WorkbookInput } from '../../shared/index.js';
import { readOdsGrids } from '../../shared/ods/read-ods.js';
import { readXlsGrids } from '../../shared/xls/workbook.js';
import { GridLimitError } from '../../shared/xlsx/workbook.js';
import { ZipError } from '../../shared/xlsx/zip.js';

// OpenDocument spreadsheets (.ods), LibreOffice's own format. test/fixtures/ods holds the
// project's .xls fixtures as LibreOffice 7.4 converts them (scripts/make-xls-fixtures.ts): one
// document each, so each .ods must read as its .xls does.
const FIXTURES = join(import.meta.dirname, '../fixtures');
const read = (bytes: Uint8Array, limits?: { rows: number; cells: number }) => readOdsGrids(bytes, 'twin', { maxBytes: 64 * 1024 * 1024, inflate: zlibInflate, limits });
const items = (book: WorkbookInput) => checkWorkbooks([book], { asOf: '2023-05-29' }).sheets.map((s) => s.items.map((it) => [it.row, it.fields, it.diagnostics]));

/** An .ods of a content.xml body (the tables), as a zip with the mimetype entry first. */
function ods(tables: string): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body></office:document-content>`;
  return zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8(content) });
}

describe('an .ods saved by LibreOffice reads as the same document\'s .xls does', () => {
  const names = readdirSync(join(FIXTURES, 'ods')).filter((n) => n.endsWith('.ods'));

  it('covers every .xls fixture', () => {
    expect(names.length).toBe(readdirSync(join(FIXTURES, 'xls')).filter((n) => n.endsWith('.xls')).length);
  });

  it.each(names.filter((n) => !n.startsWith('cell-kinds')))('%s: the same grids (values, displayed text, merges, hidden columns) and the same items and findings', async (name) => {
    const fromOds = (await read(readFileSync(join(FIXTURES, 'ods', name))))!;
    const fromXls = (await readXlsGrids(readFileSync(join(FIXTURES, 'xls', name.replace(/\.ods$/, '.xls'))), 'twin'))!;
    const kept = (book: WorkbookInput) => book.sheets.map(({ sheet, top, left, values, text, merges, hiddenColumns }) => ({ sheet, top, left, values, text, merges, hiddenColumns }));
    expect(kept(fromOds)).toEqual(kept(fromXls));
    expect(items(fromOds)).toEqual(items(fromXls));
  });

  it('every kind of cell: numbers, percentages, dates and date-times (their serials, their text as shown), errors, a hidden column and sheet', async () => {
    const fromOds = (await read(readFileSync(join(FIXTURES, 'ods', 'cell-kinds.ods'))))!;
    const fromXls = (await readXlsGrids(readFileSync(join(FIXTURES, 'xls', 'cell-kinds.xls')), 'twin'))!;
    expect(fromOds.sheets.map((s) => s.sheet)).toEqual(['单元格', '隐藏表']);
    // LibreOffice saves a formula's truth value (=TRUE()) as the number 1 in .ods: what it wrote, read.
    const values = fromXls.sheets[0]!.values.map((r) => r.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
    expect(fromOds.sheets[0]!.values).toEqual(values);
    expect(fromOds.sheets[0]!.hiddenColumns).toEqual(fromXls.sheets[0]!.hiddenColumns);
    expect(fromOds.sheets[0]!.text![6]!.slice(0, 4)).toEqual(['2023年4月25日', '2023/5/31', '6/15/2023', '2023-05-29 14:30']);
    expect(fromOds.sheets[0]!.formats![6]!.slice(0, 4)).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd', 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss']);
    expect(fromOds.sheets[1]!.values).toEqual(fromXls.sheets[1]!.values);
    // The 1904 workbook's .ods holds the same dates: the same values.
    expect((await read(readFileSync(join(FIXTURES, 'ods', 'cell-kinds-1904.ods'))))!.sheets[0]!.values).toEqual(fromOds.sheets[0]!.values);
  });
});

describe('what other writers put in an .ods', () => {
  it('SheetJS\'s .ods of a ledger reads as its .xlsx does', async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['序号', '问题描述', '整改时限'], [1, '执法不规范', '6月底前'], [2, '未按期办结', 45107]]), '整改台账');
    const fromOds = (await read(new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'ods' }) as ArrayBuffer)))!;
    expect(fromOds.sheets[0]!.sheet).toBe('整改台账');
    expect(fromOds.sheets[0]!.values).toEqual([['序号', '问题描述', '整改时限'], [1, '执法不规范', '6月底前'], [2, '未按期办结', 45107]]);
  });

  it('repeated cells and rows laid out again, empty runs skipped; spans as merges; paragraphs, spaces, tabs and breaks; annotations left out; truth values, times, currencies, errors', async () => {
    const book = (await read(ods(`<table:table table:name="台账">
      <table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/><table:table-column table:number-columns-repeated="16381"/>
      <table:table-row><table:table-cell office:value-type="string"><text:p>问题<text:s text:c="2"/>描述</text:p><text:p>第二行<text:tab/>末<text:line-break/>尾</text:p><office:annotation><text:p>批注，不是单元格的字</text:p></office:annotation></table:table-cell><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>合并</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
      <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>
      <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
      </table:table>
      <table:table table:name="类型"><table:table-row>
      <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>
      <table:table-cell office:value-type="time" office:time-value="PT13H30M00S"><text:p>13:30:00</text:p></table:table-cell>
      <table:table-cell office:value-type="currency" office:currency="CNY" office:value="1234.5"><text:p>¥1,234.50</text:p></table:table-cell>
      <table:table-cell table:formula="of:=1/0" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>
      <table:table-cell office:value-type="date" office:date-value="2023-06-30T00:00:00"><text:p>2023年6月30日</text:p></table:table-cell>
      </table:table-row></table:table>`)))!;
    const [ledger, kinds] = book.sheets;
    expect(ledger!.values).toEqual([['问题  描述\n第二行\t末\n尾', '合并', null], [7, 7, 7], [7, 7, 7]]);
    expect(ledger!.merges).toEqual([{ top: 1, left: 2, bottom: 1, right: 3 }]);
    expect(ledger!.hiddenColumns).toEqual([3]);
    expect(kinds!.values).toEqual([[true, 0.5625, 1234.5, '#DIV/0!', 45107]]);
    expect(kinds!.text).toEqual([['TRUE', '13:30:00', '¥1,234.50', null, '2023年6月30日']]);
  });

  it('a number\'s own displayed text stays in its cell: an amount shown as 1,234 in a row of plain numbers does not show in every other row; one shown as nothing is not read as empty', async () => {
    const text = (v: string) => `<table:table-cell office:value-type="string"><text:p>${v}</text:p></table:table-cell>`;
    const num = (n: number, shown: string) => `<table:table-cell office:value-type="float" office:value="${n}"><text:p>${shown}</text:p></table:table-cell>`;
    const book = (await read(ods(`<table:table table:name="台账">
      <table:table-row>${text('序号')}${text('涉及金额')}${text('备注')}</table:table-row>
      <table:table-row>${num(1, '1')}${num(1234, '1,234')}${num(3, '3')}</table:table-row>
      <table:table-row>${num(2, '2')}${num(56, '56')}${text('无')}</table:table-row>
      <table:table-row>${num(3, '3')}${num(123456789012, '123456789012')}${num(0.5, '50%')}</table:table-row>
      <table:table-row>${num(4, '4')}<table:table-cell office:value-type="float" office:value="123"><text:p/></table:table-cell></table:table-row>
      </table:table>`)))!;
    const [sheet] = book.sheets;
    expect(sheet!.values).toEqual([['序号', '涉及金额', '备注'], [1, 1234, 3], [2, 56, '无'], [3, 123456789012, 0.5], [4, 123, null]]);
    // A number shown as nothing (its suite could not render the format) keeps its value's text.
    expect(sheet!.text).toEqual([[null, null, null], [null, '1,234', null], [null, null, null], [null, null, '50%'], [null, null, null]]);
  });

  it('a zip without spreadsheet content (an OpenDocument text renamed) is null; limits hold against repeats', async () => {
    expect(await read(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<office:document-content><office:body><office:text><text:p>通知</text:p></office:text></office:body></office:document-content>') }))).toBeNull();
    expect(await read(zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet') }))).toBeNull();
    // One row of values repeated a million times: refused by the grid limits, not laid out.
    const many = ods('<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>');
    await expect(read(many, { rows: 12_000, cells: 300_000 })).rejects.toBeInstanceOf(GridLimitError);
  });

  it('any bytes of a real .ods changed: grids, null, or a ZipError, GridLimitError or Error of the XML (200 runs)', async () => {
    const bytes = readFileSync(join(FIXTURES, 'ods', 'maoping-town.ods'));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), async (flips) => {
      const copy = new Uint8Array(bytes);
      for (const [at, value] of flips) copy[at] = value;
      try {
        await read(copy, { rows: 12_000, cells: 300_000 });
      } catch (e) {
        if (!(e instanceof ZipError) && !(e instanceof GridLimitError) && !(e instanceof Error && /XML|xml|zlib|inflate|invalid|incorrect|unexpected/i.test(e.message))) throw e;
      }
    }), { numRuns: 200, seed: 20261130 });
  });
});
