import { describe, expect, inject, it } from 'vitest';
import { xlsxToWorkbook } from '../../worker/xlsx-grid.js';
import { api, base64Bytes, expectJson, issueToken, uploadForm } from './helpers.js';

// Every .xlsx the project keeps, and the grids the CLI's reader gives for them (read in Node by
// vitest.config.ts): an upload must be read as ledger-check reads the same file.
const files = inject('ledgerFixtures');
const xlsFiles = inject('xlsFixtures');
const cliGrids = inject('cliGrids');

describe('an uploaded workbook is read as the CLI reads it', () => {
  it.each(Object.keys(files))('%s: the same grids', async (name) => {
    const workbook = await xlsxToWorkbook(base64Bytes(files[name]!), name);
    expect(JSON.parse(JSON.stringify(workbook))).toEqual(cliGrids[name]);
  });

  // encrypted/rulin-town-password.xls has a password of its own: the CLI refuses it (xls-uploads.test.ts, the upload too).
  it.each(Object.keys(xlsFiles).filter((name) => `xls/${name}` in cliGrids))('xls/%s (Excel 97–2003): the same grids', async (name) => {
    const workbook = await xlsxToWorkbook(base64Bytes(xlsFiles[name]!), `xls/${name}`);
    expect(JSON.parse(JSON.stringify(workbook))).toEqual(cliGrids[`xls/${name}`]);
  });

  it('a ledger kept as an Excel table with a hidden draft column is checked on its visible column', async () => {
    const token = await issueToken('unit', '五团镇');
    const body = await expectJson(await api('POST', '/api/v1/uploads', { token, body: uploadForm(base64Bytes(files['excel-table.xlsx']!), 'excel-table.xlsx') }), 201);
    const sheet = body.report.sheets[0];
    // Column C is the hidden draft (问题描述（原稿）, "执法程序不规范"); D holds what the unit reports.
    expect(sheet.columns.description).toBe('D');
    expect(sheet.items[0].fields.description).toBe('2023年2月对2家砂石场的检查未出示执法证件，检查记录无当事人签名');
    expect(sheet.items.flatMap((item: { diagnostics: { code: string }[] }) => item.diagnostics.map((d) => d.code))).not.toContain('description-vague');
  });
});
