import * as XLSX from '@e965/xlsx';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { api, base64Bytes, concrete, expectJson, issueToken, ledger, uploadForm } from './helpers.js';

let county: string;
let rulin: string;

beforeAll(async () => {
  county = await issueToken('county');
  rulin = await issueToken('unit', '儒林镇');
});

/** An .xlsx written by SheetJS, with real date cells (serials in a date format). */
function workbook(unit: string): Uint8Array<ArrayBuffer> {
  const grid = ledger(unit, [{ description: concrete(unit, 1) }, { description: concrete(unit, 2) }]);
  const sheet = XLSX.utils.aoa_to_sheet(grid.values);
  sheet.H3 = { t: 'n', v: 45107, z: 'yyyy"年"m"月"d"日"' }; // 2023-06-30
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['填表说明'], ['每个问题一行']]), '填表说明');
  XLSX.utils.book_append_sheet(wb, sheet, '整改台账');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

describe('POST /api/v1/uploads', () => {
  it('parses an .xlsx with every sheet and stores it as a submission', async () => {
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(workbook('儒林镇'), '儒林镇台账.xlsx') }), 201);
    expect(body.submission).toMatchObject({ unit: '儒林镇', source: 'upload', file: '儒林镇台账.xlsx', items: 2 });
    expect(body.report.sheets.map((s: { sheet: string; isLedger: boolean }) => [s.sheet, s.isLedger])).toEqual([['填表说明', false], ['整改台账', true]]);
    expect(body.report.sheets[0].diagnostics[0].code).toBe('sheet-skipped');
    expect(body.report.sheets[1].items[0].deadline).toMatchObject({ kind: 'date', due: '2023-06-30' });
  });

  it('takes a county upload for the unit the ledger names', async () => {
    await issueToken('unit', '茅坪镇');
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: county, body: uploadForm(workbook('茅坪镇'), 'maoping.xlsx') }), 201);
    expect(body.submission.unit).toBe('茅坪镇');
  });

  it('answers a retried upload with the first result', async () => {
    const bytes = workbook('儒林镇');
    const headers = { 'idempotency-key': 'upload-retry-1' };
    const first = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(bytes), headers }), 201);
    const again = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(bytes), headers }), 200);
    expect(again).toEqual({ ...first, replayed: true });
  });
});

const fixtures = inject('specFixtures');
const campaign = inject('specCampaign');
const expected = JSON.parse(inject('specExpected'));

describe('the public fixture ledgers (test/fixtures/spec)', () => {
  it('submitted as three units, flag the two units expected.json flags', async () => {
    const vars = { CAMPAIGN: campaign };
    const units = Object.values(expected.files).map((f) => (f as { unit: string }).unit);
    const tokens = new Map<string, string>();
    for (const unit of units) tokens.set(unit, await issueToken('unit', unit));
    for (const [file, info] of Object.entries(expected.files) as [string, { unit: string }][]) {
      const res = await api('POST', '/api/v1/uploads', { token: tokens.get(info.unit), body: uploadForm(base64Bytes(fixtures[file]!), file), env: vars });
      expect((await expectJson(res, 201)).submission.unit).toBe(info.unit);
    }
    const summary = await expectJson(await api('GET', `/api/v1/summary?asOf=${expected.asOf}`, { token: county, env: vars }), 200);
    for (const [unit, want] of Object.entries(expected.units) as [string, { items: number; keyAttention: boolean; reasons?: string[] }][]) {
      const got = summary.units.find((u: { unit: string }) => u.unit === unit);
      expect(got, unit).toMatchObject({ items: want.items, keyAttention: want.keyAttention, submission: 'on_time' });
      if (want.reasons) expect(got.reasons).toEqual(want.reasons);
    }
    expect(summary.crossUnit).toHaveLength(expected.crossUnit.length);

    // Each item's deadline, status and timeliness as of expected.json's date, from the stored versions.
    for (const [file, info] of Object.entries(expected.files) as [string, { unit: string; items: { row: number; deadline: object; status: string; timeliness: string }[] }][]) {
      const listed = await expectJson(await api('GET', `/api/v1/items?asOf=${expected.asOf}`, { token: tokens.get(info.unit), env: vars }), 200);
      const byRow = new Map(listed.items.filter((i: { file: string }) => i.file === file).map((i: { row: number }) => [i.row, i]));
      for (const want of info.items) {
        const got = byRow.get(want.row) as { deadline: object; status: string; timeliness: { state: string } } | undefined;
        expect(got, `${file} row ${want.row}`).toBeDefined();
        expect(got!.deadline).toMatchObject(want.deadline);
        expect(got!.status).toBe(want.status);
        expect(got!.timeliness.state).toBe(want.timeliness);
      }
    }
  });
});

describe('an upload that is not an .xlsx says what to do about it', () => {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(ledger('儒林镇', [{ description: concrete('儒林镇', 1) }]).values), '整改台账');

  it('a workbook stream whose BOF says BIFF4 in an OLE2 container (no Excel writes one): 400 legacy-xls, asking to save it as .xlsx', async () => {
    const rulin = await issueToken('unit', '儒林镇');
    const container = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(container, '/Book', Buffer.from([0x09, 0x08, 0x08, 0x00, 0x00, 0x04, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00]));
    const xls = new Uint8Array(XLSX.CFB.write(container, { type: 'buffer' }) as Buffer);
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(xls, '儒林镇台账.xls') }), 400);
    expect(body.error.code).toBe('legacy-xls');
    expect(body.error.message).toMatch(/另存为.*\.xlsx/);
  });

  it('a password-protected workbook: 400 file-encrypted, asking to remove the password', async () => {
    const rulin = await issueToken('unit', '儒林镇');
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', new Uint8Array(4096).fill(0x5a));
    const encrypted = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(encrypted, '加密台账.xlsx') }), 400);
    expect(body.error.code).toBe('file-encrypted');
    expect(body.error.message).toMatch(/密码/);
  });

  it('an .xlsx Excel encrypted with its default password is read as the workbook it was; one with a password of its own is 400 file-encrypted, nothing stored', async () => {
    const encryptedXlsx = inject('encryptedXlsx');
    const specFixtures = inject('specFixtures');
    const items = (body: { report: { sheets: { items: { version: number }[] }[] } }) => body.report.sheets.map((s) => s.items.map(({ version: _, ...item }) => item));
    const token = await issueToken('unit', '茅坪镇人民政府');
    const plain = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(specFixtures['maoping-town.xlsx']!), '台账.xlsx') }), 201);
    const encrypted = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(encryptedXlsx['maoping-town-default-password.xlsx']!), '台账.xlsx') }), 201);
    expect(items(encrypted)).toEqual(items(plain));
    expect(items(plain)[0]!.length).toBeGreaterThan(0);
    const other = await issueToken('unit', '长安营镇');
    const refused = await expectJson(await api('POST', '/api/v1/uploads', { token: other, body: uploadForm(base64Bytes(encryptedXlsx['rulin-town-password.xlsx']!), '台账.xlsx') }), 400);
    expect(refused.error.code).toBe('file-encrypted');
    expect((await expectJson(await api('GET', '/api/v1/items', { token: other }), 200)).items).toEqual([]);
  });

  it('a zip of ledgers, or a RAR or 7z archive, where one workbook was expected: 400 file-archive, asking to unpack it', async () => {
    const specFixtures = inject('specFixtures');
    const token = await issueToken('unit', '丹口镇');
    const zip = zipSync({ '丹口镇台账.xlsx': base64Bytes(specFixtures['maoping-town.xlsx']!), '说明.docx': new Uint8Array([1, 2, 3]) });
    const rar = new Uint8Array([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00, ...new Array(64).fill(9)]);
    for (const [bytes, name] of [[zip, '台账.zip'], [zip, '台账.xlsx'], [rar, '台账.rar']] as const) {
      const body = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(bytes, name) }), 400);
      expect(body.error.code, name).toBe('file-archive');
      expect(body.error.message, name).toMatch(/压缩包.*解压/);
    }
    // A zip holding no workbook stays not a workbook.
    const other = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(zipSync({ 'a.txt': new Uint8Array([65]) }), '台账.xlsx') }), 400);
    expect(other.error.code).toBe('file-unreadable');
  });

  it('a text file named .xlsx: 400 file-unreadable (a CSV is read: xls-uploads.test.ts)', async () => {
    const rulin = await issueToken('unit', '儒林镇');
    const notes = new TextEncoder().encode('这是一份说明，不是台账。\n请按模板填写后再报送。\n');
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token: rulin, body: uploadForm(notes, '台账.xlsx') }), 400);
    expect(body.error.code).toBe('file-unreadable');
  });
});
