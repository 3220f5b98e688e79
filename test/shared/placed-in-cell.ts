import XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

// A workbook with Excel 365's pictures in cells, its parts as Excel writes them: the cell keeps
// #VALUE!, its vm leads through xl/metadata.xml (which also holds dynamic arrays' type, as
// Excel's does) to a rich value of a picture structure.
const NS = 'http://schemas.microsoft.com/office/spreadsheetml/2017/richdata';
export const METADATA = `<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="${NS}"><metadataTypes count="2"><metadataType name="XLDAPR" minSupportedVersion="120000"/><metadataType name="XLRICHVALUE" minSupportedVersion="120000"/></metadataTypes>`
  + '<futureMetadata name="XLRICHVALUE" count="2"><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}"><xlrd:rvb i="0"/></ext></extLst></bk><bk><extLst><ext uri="{3e2802c4-a4d2-4d8b-9148-e3be6c30e623}"><xlrd:rvb i="1"/></ext></extLst></bk></futureMetadata>'
  + '<valueMetadata count="2"><bk><rc t="2" v="0"/></bk><bk><rc t="2" v="1"/></bk></valueMetadata></metadata>';
export const VALUES = `<rvData xmlns="${NS}" count="2"><rv s="0"><v>0</v><v>5</v></rv><rv s="1"><v>AAPL</v></rv></rvData>`;
export const STRUCTURES = `<rvStructures xmlns="${NS}" count="2"><s t="_localImage"><k n="_rvRel:LocalImageIdentifier" t="i"/><k n="CalcOrigin" t="i"/></s><s t="_linkedEntity"><k n="%EntityId" t="r"/></s></rvStructures>`;
const REL = 'http://schemas.microsoft.com/office/2017/06/relationships';
// A 1×1 PNG: the picture.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

export function placedInCell(options: { rels?: boolean; richData?: boolean } = {}): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['序号', '佐证材料', '股票', '公式']]), 'Sheet1');
  const parts = unzipSync(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
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
    // The picture itself: the rich value's relationship index 0, through richValueRel.xml.
    parts[`${at}richData/richValueRel.xml`] = strToU8('<richValueRels xmlns="http://schemas.microsoft.com/office/spreadsheetml/2022/richvaluerel" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><rel r:id="rId1"/></richValueRels>');
    parts[`${at}richData/_rels/richValueRel.xml.rels`] = strToU8('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../../media/image1.png"/></Relationships>'.replace('../../media', options.rels === false ? '../media' : '../../media'));
    parts['xl/media/image1.png'] = PNG;
  }
  if (options.rels !== false) {
    const rels = 'xl/_rels/workbook.xml.rels';
    const text = strFromU8(parts[rels]!).replace('Target="metadata.xml"', 'Target="other/metadata.xml"');
    parts[rels] = strToU8(text.replace('</Relationships>', `<Relationship Id="rIdV" Type="${REL}/rdRichValue" Target="other/richData/rdrichvalue.xml"/><Relationship Id="rIdS" Type="${REL}/rdRichValueStructure" Target="other/richData/rdrichvaluestructure.xml"/><Relationship Id="rIdR" Type="http://schemas.microsoft.com/office/2022/10/relationships/richValueRel" Target="other/richData/richValueRel.xml"/></Relationships>`));
  }
  return zipSync(parts);
}

