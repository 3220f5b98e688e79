import * as XLSX from '@e965/xlsx';
import { deflateSync, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardZip, ZIP_LIMITS } from '../../worker/zip-guard.js';
import { bombs, repeatDeflate, workbookWith } from './bombs.js';
import { api, concrete, expectJson, issueToken, ledger, snapshot, uploadForm } from './helpers.js';

let rulin = '';
let small: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  rulin = await issueToken('unit', '儒林镇');
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(ledger('儒林镇', [{ description: concrete('儒林镇', 1) }]).values), '整改台账');
  small = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
});

describe('an upload is guarded by what it really inflates to', () => {
  it('every bomb shape gets 413 zip-bomb and changes nothing', async () => {
    const shapes = bombs(small);
    expect(Object.keys(shapes).length).toBeGreaterThanOrEqual(6);
    for (const [shape, bytes] of Object.entries(shapes)) {
      expect(bytes.length, shape).toBeLessThan(10 * 1024 * 1024);
      const before = await snapshot();
      const res = await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(bytes, `${shape}.xlsx`) });
      const body = await expectJson(res, 413).catch((err: Error) => {
        throw new Error(`${shape}: ${err.message}`);
      });
      expect(body.error.code, shape).toMatch(/^(zip-bomb|too-many-cells)$/);
      expect(await snapshot()).toBe(before);
    }
  });

  it('stops inflating at the budget, whatever the headers claim', () => {
    const bomb = bombs(small)['lying size headers']!;
    expect(() => guardZip(bomb)).toThrow(/inflates (past|more than)/);
    // Under a budget that holds it, the same part measures what it really is, not the 4 KB it claims.
    const honest = workbookWith(small, { 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', data: repeatDeflate('<a>', ' ', 2_000_000, '</a>'), declared: 4096 } });
    expect(guardZip(honest).inflated).toBeGreaterThan(2_000_000);
    expect(ZIP_LIMITS.inflatedBytes).toBeLessThan(220 * 1024 * 1024);
  });

  it('refuses more than 300,000 cells as it reads them: 413 too-many-cells, nothing stored', async () => {
    // Stored, not deflated: 5 MB that inflate 1:1, so no bomb, just more cells than allowed.
    const sheetOf = (cell: string) => {
      const xml = new TextEncoder().encode(`<worksheet><sheetData><row r="1">${cell.repeat(300_001)}</row></sheetData></worksheet>`);
      return workbookWith(small, { 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', data: xml, stored: true, declared: xml.length } });
    };
    const before = await snapshot();
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(sheetOf('<c><v>1</v></c>'), 'cells.xlsx') }), 413);
    expect(body.error.code).toBe('too-many-cells');
    // Empty cells hold nothing: a sheet of them is an empty sheet, with no ledger in it.
    const empty = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(sheetOf('<c/>'), 'empty-cells.xlsx') }), 422);
    expect(empty.error.code).toBe('ledger-not-found');
    expect(await snapshot()).toBe(before);
  });

  it('refuses a stray cell far out before laying out its used range', async () => {
    // Two cells, and a used range of 17 billion (or 1.6 million) cells between them; or few cells
    // in rows held far out.
    const sheetXml = (far: string) => {
      const xml = new TextEncoder().encode(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row>${far}</sheetData></worksheet>`);
      return workbookWith(small, { 'xl/worksheets/sheet1.xml': { name: 'xl/worksheets/sheet1.xml', data: xml, stored: true, declared: xml.length } });
    };
    const corner = sheetXml('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>');
    const wide = sheetXml('<row r="100"><c r="XFD100" t="inlineStr"><is><t>x</t></is></c></row>');
    // A value far right in each of 2,000 rows: 2,000 cells, but each row held out to column 16,384.
    const farRight = sheetXml(Array.from({ length: 2000 }, (_, i) => `<row r="${i + 2}"><c r="XFD${i + 2}"><v>1</v></c></row>`).join(''));
    const before = await snapshot();
    expect((await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(farRight, 'far-right.xlsx') }), 413)).error.code).toBe('too-many-cells');
    const cornered = (await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(corner, 'corner.xlsx') }), 413)).error;
    expect(cornered.code).toBe('too-many-rows');
    expect(cornered.message).toContain('「整改台账」A1:XFD1048576');
    expect((await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(wide, 'wide.xlsx') }), 413)).error.code).toBe('too-many-cells');
    expect(await snapshot()).toBe(before);
  });

  it('answers damaged or cut-off deflate data with 400 file-unreadable and stores nothing', async () => {
    const sheet = 'xl/worksheets/sheet1.xml';
    const xml = unzipSync(small)[sheet]!;
    const whole = deflateSync(xml);
    const damaged = {
      garbage: new Uint8Array(2048).fill(0xff),
      'cut off': whole.subarray(0, Math.floor(whole.length / 2)),
    };
    for (const [how, data] of Object.entries(damaged)) {
      const bytes = workbookWith(small, { [sheet]: { name: sheet, data, declared: xml.length } });
      const before = await snapshot();
      const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(bytes, `${how}.xlsx`) }), 400);
      expect(body.error.code, how).toBe('file-unreadable');
      expect(await snapshot()).toBe(before);
    }
  });

  it('does not pass the reader’s own words to the client', async () => {
    // A zip that passes the guard but is no workbook: the reader fails; the client hears ours.
    const notAWorkbook = workbookWith(small, { 'xl/workbook.xml': null, '[Content_Types].xml': null });
    const res = await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(notAWorkbook, 'broken.xlsx') });
    const body = await expectJson(res, 400);
    expect(body.error.code).toBe('file-unreadable');
    expect(body.error.message).toMatch(/^文件已损坏/);
    expect(body.error.message).not.toMatch(/Cannot|undefined|TypeError|read property/i);
  });
});
