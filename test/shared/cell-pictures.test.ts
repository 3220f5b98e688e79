import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type WorkbookInput } from '../../shared/index.js';
import { LOCAL_GRID_LIMITS } from '../../shared/grid-limits.js';
import { readWorkbookFile } from '../../shared/workbook-file.js';
import { PICTURE_TEXT } from '../../shared/cell-picture.js';
import { pictureValueIndices } from '../../shared/xlsx/pictures.js';
import { METADATA, placedInCell, STRUCTURES, VALUES } from './placed-in-cell.js';

// Pictures placed in cells (a 佐证材料 column's photos) read as [图片], not as what the file keeps
// in their stead: WPS's =DISPIMG("ID_…",1) text (嵌入单元格图片), Excel 365's #VALUE! with a
// value-metadata index (放置在单元格中).
const FIXTURES = join(import.meta.dirname, '../fixtures');
const read = async (bytes: Uint8Array, name = 'a.xlsx') => (await readWorkbookFile(bytes, name, { limits: LOCAL_GRID_LIMITS, maxBytes: 64 * 1024 * 1024, inflate: zlibInflate })).input;
const book = (rows: unknown[][], bookType: 'xlsx' | 'xls' | 'csv') => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Sheet1');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
};

describe('WPS\'s picture in a cell', () => {
  it('a workbook WPS saved (its photo shrunk) reads [图片] where the picture is', async () => {
    const input = await read(new Uint8Array(readFileSync(join(FIXTURES, 'wps/cell-picture.xlsx'))));
    expect(input.sheets[0]!.values).toEqual([[PICTURE_TEXT]]);
    expect(input.sheets[0]!.top).toBe(15);
  });

  it.each(['xlsx', 'xls', 'csv'] as const)('the same text in an .%s reads alike; text that only mentions DISPIMG stays itself', async (type) => {
    const rows = [['序号', '佐证材料'], [1, '=DISPIMG("ID_343DFC770DE840EFB3B0EC4FD4D2FCC0",1)'], [2, '=DISPIMG 是 WPS 的函数'], [3, '见附件']];
    const input = await read(book(rows, type), `a.${type}`);
    expect(input.sheets[0]!.values.map((r) => r[1])).toEqual(['佐证材料', PICTURE_TEXT, '=DISPIMG 是 WPS 的函数', '见附件']);
  });
});

describe('Excel\'s picture placed in a cell', () => {
  it('reads [图片]; a linked data type and a formula\'s own #VALUE! stay the error they keep', async () => {
    expect((await read(placedInCell())).sheets[0]!.values[1]).toEqual([1, PICTURE_TEXT, '#VALUE!', '#VALUE!']);
  });

  it('the parts are found where the workbook\'s relationships say, else where Excel puts them', async () => {
    expect((await read(placedInCell({ rels: false }))).sheets[0]!.values[1]).toEqual([1, PICTURE_TEXT, '#VALUE!', '#VALUE!']);
  });

  it('without the rich value parts nothing is taken for a picture', async () => {
    expect((await read(placedInCell({ richData: false }))).sheets[0]!.values[1]).toEqual([1, '#VALUE!', '#VALUE!', '#VALUE!']);
    expect(pictureValueIndices(METADATA, undefined, STRUCTURES).size).toBe(0);
    expect([...pictureValueIndices(METADATA, VALUES, STRUCTURES)]).toEqual([1]);
    expect([...pictureValueIndices(METADATA, VALUES, STRUCTURES.replace('_linkedEntity', '_webimage'))]).toEqual([1, 2]);
  });
});

describe('a ledger whose 佐证材料 are pictures in cells', () => {
  it('holds [图片] as its evidence: a closed item with one is not without evidence', async () => {
    const header = ['序号', '问题类别', '问题描述', '整改措施', '责任人', '整改时限', '整改状态', '佐证材料'];
    const rows = [header, [1, '执法程序', '2023年3月对2起案件未告知陈述申辩权利，涉及当事人张某', '组织全员培训并逐案补正', '李某', '2023年6月30日', '已销号', '=DISPIMG("ID_1A2B",1)'], [2, '执法程序', '2023年4月3起案件的询问笔录缺少当事人签名', '补签并建立审核制度', '王某', '2023年6月30日', '已销号', '']];
    const report = checkWorkbooks([(await read(book(rows, 'xlsx'))) as WorkbookInput], { asOf: '2023-07-01' });
    const [withPicture, without] = report.sheets[0]!.items;
    expect(withPicture!.fields.evidence).toBe(PICTURE_TEXT);
    expect(withPicture!.diagnostics.map((d) => d.code)).not.toContain('closed-without-evidence');
    expect(without!.diagnostics.map((d) => d.code)).toContain('closed-without-evidence');
  });
});
