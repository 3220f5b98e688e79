import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, base64Bytes, concrete, expectJson, issueToken, ledger, uploadForm } from './helpers.js';

// Excel 97–2003 workbooks (.xls): many a county's ledger template was handed out as one, and
// Excel and WPS keep saving it so. Uploads are read by shared/xls/, as ledger-check reads them.
const xls = inject('xlsFixtures');
const campaign = inject('specCampaign');
const expected = JSON.parse(inject('specExpected'));

let county: string;
beforeAll(async () => {
  county = await issueToken('county');
});

describe('POST /api/v1/uploads with an .xls', () => {
  it('the public fixture ledgers as .xls (saved by LibreOffice): the units, key attention, near-duplicates and each item as expected.json has them', async () => {
    const vars = { CAMPAIGN: campaign };
    const tokens = new Map<string, string>();
    for (const [file, info] of Object.entries(expected.files) as [string, { unit: string }][]) {
      tokens.set(info.unit, await issueToken('unit', info.unit));
      const name = file.replace(/\.xlsx$/, '.xls');
      const body = await expectJson(await api('POST', '/api/v1/uploads', { token: tokens.get(info.unit), body: uploadForm(base64Bytes(xls[name]!), name), env: vars }), 201);
      expect(body.submission).toMatchObject({ unit: info.unit, file: name, source: 'upload' });
    }
    const summary = await expectJson(await api('GET', `/api/v1/summary?asOf=${expected.asOf}`, { token: county, env: vars }), 200);
    for (const [unit, want] of Object.entries(expected.units) as [string, { items: number; keyAttention: boolean; reasons?: string[] }][]) {
      const got = summary.units.find((u: { unit: string }) => u.unit === unit);
      expect(got, unit).toMatchObject({ items: want.items, keyAttention: want.keyAttention });
      if (want.reasons) expect(got.reasons).toEqual(want.reasons);
    }
    expect(summary.crossUnit).toHaveLength(expected.crossUnit.length);
    for (const [file, info] of Object.entries(expected.files) as [string, { unit: string; items: { row: number; deadline: object; status: string; timeliness: string }[] }][]) {
      const listed = await expectJson(await api('GET', `/api/v1/items?asOf=${expected.asOf}`, { token: tokens.get(info.unit), env: vars }), 200);
      const byRow = new Map(listed.items.filter((i: { file: string }) => i.file === file.replace(/\.xlsx$/, '.xls')).map((i: { row: number }) => [i.row, i]));
      expect(byRow.size, file).toBe(info.items.length);
      for (const want of info.items) {
        const got = byRow.get(want.row) as { deadline: object; status: string; timeliness: { state: string } };
        expect(got.deadline).toMatchObject(want.deadline);
        expect(got.status).toBe(want.status);
        expect(got.timeliness.state).toBe(want.timeliness);
      }
    }
  });

  it('an .xls gives the report its .xlsx twin gives (SheetJS writes both)', async () => {
    const unit = '白毛坪镇';
    const token = await issueToken('unit', unit);
    const grid = ledger(unit, [{ description: concrete(unit, 1) }, { description: concrete(unit, 2) }]);
    const sheet = XLSX.utils.aoa_to_sheet(grid.values);
    sheet.H3 = { t: 'n', v: 45107, z: 'yyyy"年"m"月"d"日"' }; // 2023-06-30
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, sheet, '整改台账');
    const asXls = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xls' }) as ArrayBuffer);
    const asXlsx = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    // Excel 5.0/95 (BIFF5): SheetJS writes its text in Windows-1252, so a Chinese ledger's text is
    // not for this one; its dates, numbers and layout are, and it is read, not refused.
    const english = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(english, XLSX.utils.aoa_to_sheet([['No.', 'Problem'], [1, 'x']]), 'S');
    const asBiff5 = new Uint8Array(XLSX.write(english, { type: 'array', bookType: 'biff5' }) as ArrayBuffer);
    const old = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(asBiff5, 'excel95.xls') }), 422);
    expect(old.error.code).toBe('ledger-not-found'); // read, and found to hold no ledger
    const first = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(asXls, '台账.xls') }), 201);
    expect(first.report.sheets[0].items[0].deadline).toMatchObject({ kind: 'date', due: '2023-06-30' });
    const second = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(asXlsx, '台账.xls') }), 201);
    // The second is a new submission of the unit: its items' versions are the next.
    const items = (body: { report: { sheets: { items: { version: number }[] }[] } }) => body.report.sheets.map((s) => s.items.map(({ version: _, ...item }) => item));
    expect(second.report.sheets[0].items[0].version).toBe(first.report.sheets[0].items[0].version + 1);
    expect(items(second)).toEqual(items(first));
  });

  it('a web page of a table named .xls (a system\'s export, in GBK) is read as a ledger; one without a table, or Excel 2003 XML without a worksheet, is 400 saying so', async () => {
    const token = await issueToken('unit', '白毛坪镇人民政府');
    const page = base64Bytes(inject('markupFixtures')['system-export-gbk.xls']!);
    const read = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(page, '系统导出.xls') }), 201);
    expect(read.report.sheets.map((s: { sheet: string; items: unknown[] }) => [s.sheet, s.items.length])).toEqual([['整改台账', 3]]);
    const empty = new TextEncoder().encode('<html><head><meta charset="utf-8"></head><body><p>导出失败，请重新登录</p></body></html>');
    const xml = new TextEncoder().encode('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Styles/></Workbook>');
    for (const [bytes, code, words] of [[empty, 'file-web-page', /没有表格/], [xml, 'file-xml-spreadsheet', /没有工作表/]] as const) {
      const body = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(bytes, '导出.xls') }), 400);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(words);
    }
  });

  it('a CSV (UTF-8 with a byte-order mark, as systems export it) is read as a ledger', async () => {
    const unit = '蓬洞乡';
    const token = await issueToken('unit', unit);
    const rows = ledger(unit, [{ description: concrete(unit, 1) }, { description: concrete(unit, 2) }]).values;
    const csv = `\ufeff${rows.map((r) => r.map((v) => `"${String(v ?? '').replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`;
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(new TextEncoder().encode(csv), '台账.csv') }), 201);
    expect(body.submission).toMatchObject({ unit, items: 2, file: '台账.csv' });
  });

  it('an Excel binary workbook (.xlsb) is read as the CLI reads it: the items its .xlsx twin gives', async () => {
    const token = await issueToken('unit', '白毛坪镇');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(ledger('白毛坪镇', [{ description: concrete('白毛坪镇', 3) }, { description: concrete('白毛坪镇', 4) }]).values), '整改台账');
    const items = (body: { report: { sheets: { items: { version: number }[] }[] } }) => body.report.sheets.map((s) => s.items.map(({ version: _, ...item }) => item));
    const asXlsx = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer), '台账.xlsx') }), 201);
    const asXlsb = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsb' }) as ArrayBuffer), '台账.xlsx') }), 201);
    expect(items(asXlsb)).toEqual(items(asXlsx));
    expect(items(asXlsb)[0]!.length).toBe(2);
  });

  it('an OpenDocument spreadsheet (.ods, LibreOffice\'s) is read as the CLI reads it: the same items as its .xls twin', async () => {
    const token = await issueToken('unit', '茅坪镇');
    const items = (body: { report: { sheets: { items: { version: number }[] }[] } }) => body.report.sheets.map((s) => s.items.map(({ version: _, ...item }) => item));
    const fromXls = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(xls['maoping-town.xls']!), '台账.xls') }), 201);
    // Uploaded under the .xls's name, so the reports compare whole (the reader goes by content).
    const fromOds = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(inject('odsFixtures')['maoping-town.ods']!), '台账.xls') }), 201);
    expect(items(fromOds)).toEqual(items(fromXls));
    expect(items(fromOds)[0]!.length).toBeGreaterThan(0);
  });

  it('an .xls Excel encrypted with its default password (a protected workbook) is read as Excel opens it; one with a password of its own is 400 file-encrypted, nothing stored', async () => {
    const token = await issueToken('unit', '茅坪镇');
    const items = (body: { report: { sheets: { items: { version: number }[] }[] } }) => body.report.sheets.map((s) => s.items.map(({ version: _, ...item }) => item));
    const plain = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(xls['maoping-town.xls']!), '台账.xls') }), 201);
    const encrypted = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(xls['encrypted/maoping-town-default-password.xls']!), '台账.xls') }), 201);
    expect(items(encrypted)).toEqual(items(plain));
    expect(items(plain)[0]!.length).toBeGreaterThan(0);
    const other = await issueToken('unit', '西岩镇');
    const refused = await expectJson(await api('POST', '/api/v1/uploads', { token: other, body: uploadForm(base64Bytes(xls['encrypted/rulin-town-password.xls']!), '台账.xls') }), 400);
    expect(refused.error.code).toBe('file-encrypted');
    expect(refused.error.message).toMatch(/密码/);
    expect((await expectJson(await api('GET', '/api/v1/items', { token: other }), 200)).items).toEqual([]);
  });

  it('a damaged .xls: 400 file-unreadable, and nothing stored', async () => {
    const unit = '黄土店镇';
    const token = await issueToken('unit', unit);
    const bytes = base64Bytes(xls['maoping-town.xls']!);
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(bytes.subarray(0, 700), '台账.xls') }), 400);
    expect(body.error.code).toBe('file-unreadable');
    expect(body.error.message).toMatch(/损坏/);
    const listed = await expectJson(await api('GET', '/api/v1/items', { token }), 200);
    expect(listed.items).toEqual([]);
  });
});
