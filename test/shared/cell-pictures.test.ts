import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type WorkbookInput } from '../../shared/index.js';
import { LOCAL_GRID_LIMITS } from '../../shared/grid-limits.js';
import { readWorkbookFile } from '../../shared/workbook-file.js';
import { PICTURE_TEXT } from '../../shared/cell-picture.js';
import { pictureValueIndices } from '../../shared/xlsx/pictures.js';

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

// A workbook with Excel 365's pictures in cells, its parts as Excel writes them: the cell keeps
// #VALUE!, its vm leads through xl/metadata.xml (which also holds dynamic arrays' type, as
// Excel's does) to a rich value of a picture structure.
const NS = 'http://schemas.microsoft.com/office/spreadsheetml/2017/richdata';
const METADATA = `<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="${NS}"><metadataTypes count="2"><metadataType name="XLDAPR" minSupportedVersion="120000"/><metadataType name="XLRICHVALUE" minSupportedVersion="120000"/></metadataTypes>`
  + '<futureMetadata name="XLRICHVALUE" count="2"><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}"><xlrd:rvb i="0"/></ext></extLst></bk><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}"><xlrd:rvb i="1"/></ext></extLst></bk></futureMetadata>'
  + '<valueMetadata count="2"><bk><rc t="2" v="0"/></bk><bk><rc t="2" v="1"/></bk></valueMetadata></metadata>';
const VALUES = `<rvData xmlns="${NS}" count="2"><rv s="0"><v>0</v><v>5</v></rv><rv s="1"><v>AAPL</v></rv></rvData>`;
const STRUCTURES = `<rvStructures xmlns="${NS}" count="2"><s t="_localImage"><k n="_rvRel:LocalImageIdentifier" t="i"/><k n="CalcOrigin" t="i"/></s><s t="_linkedEntity"><k n="%EntityId" t="r"/></s></rvStructures>`;
const REL = 'http://schemas.microsoft.com/office/2017/06/relationships';

function placedInCell(options: { rels?: boolean; richData?: boolean } = {}): Uint8Array {
  const parts = unzipSync(book([['序号', '佐证材料', '股票', '公式']], 'xlsx'));
  const sheet = 'xl/worksheets/sheet1.xml';
  // B2: a picture; C2: a linked data type (not a picture); D2: a formula's own #VALUE!.
  parts[sheet] = strToU8(strFromU8(parts[sheet]!).replace('</sheetData>', '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="e" vm="1"><v>#VALUE!</v></c><c r="C2" t="e" vm="2"><v>#VALUE!</v></c><c r="D2" t="e"><f>1+"a"</f><v>#VALUE!</v></c></row></sheetData>'));
  // SheetJS writes a metadata part of its own (dynamic arrays only): this one replaces it.
  delete parts['xl/metadata.xml'];
  const at = options.rels === false ? 'xl/' : 'xl/other/';
  parts[`${at}metadata.xml`] = strToU8(METADATA);
  if (options.richData !== false) {
    parts[`${at}richData/rdrichvalue.xml`] = strToU8(VALUES);
    parts[`${at}richData/rdrichvaluestructure.xml`] = strToU8(STRUCTURES);
  }
  if (options.rels !== false) {
    const rels = 'xl/_rels/workbook.xml.rels';
    const text = strFromU8(parts[rels]!).replace('Target="metadata.xml"', 'Target="other/metadata.xml"');
    parts[rels] = strToU8(text.replace('</Relationships>', `<Relationship Id="rIdV" Type="${REL}/rdRichValue" Target="other/richData/rdrichvalue.xml"/><Relationship Id="rIdS" Type="${REL}/rdRichValueStructure" Target="other/richData/rdrichvaluestructure.xml"/></Relationships>`));
  }
  return zipSync(parts);
}

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
