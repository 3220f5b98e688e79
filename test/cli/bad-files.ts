import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { FileProblem } from '../../cli/errors.js';
import { FIXTURES } from './helpers.js';

const HTML_EXPORT = '\ufeff<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>\n<body><p>导出失败：登录已超时，请重新登录后再导出。</p></body></html>';
const XML_SPREADSHEET = '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n<Styles/></Workbook>';

/** Files that are not readable workbooks (.xlsx or .xls), each as users produce them. */
export function writeBadFiles(dir: string): Record<string, { path: string; problem: FileProblem }> {
  const put = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  // A workbook stream in an OLE2 container whose BOF says BIFF4 (version 0x0400): no Excel writes
  // one, and it is refused as too old. (Excel 2.x–4.0's own bare streams are read: shared/xls/old-biff.ts.)
  // Excel 95 and 97–2003 workbooks are read, and one cut short is damaged.
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['序号', '问题描述'], [1, '执法不规范']]), 'Sheet1');
  const oldBook = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(oldBook, '/Book', Buffer.from([0x09, 0x08, 0x08, 0x00, 0x00, 0x04, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00]));
  const xls = XLSX.CFB.write(oldBook, { type: 'buffer' }) as Buffer;
  const biff8 = XLSX.write(book, { type: 'buffer', bookType: 'xls' }) as Buffer;
  // A Word 97 document renamed .xls: an OLE2 container without a workbook.
  const doc = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(doc, '/WordDocument', Buffer.alloc(5000, 0x20));
  const word97 = XLSX.CFB.write(doc, { type: 'buffer' }) as Buffer;
  // A password-protected .xlsx: an OLE2 container holding EncryptionInfo and EncryptedPackage.
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 0x5a));
  const encrypted = XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer;
  // A Word document renamed to .xlsx: a zip, but no workbook in it.
  const zip = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(zip, '/word/document.xml', Buffer.from('<w:document/>'));
  const docx = XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip' }) as Buffer;
  // A 6 KB ledger with one stray cell in Excel's last row and column: its used range is
  // 17 billion cells, which a reader laying out a grid must refuse, not try to allocate.
  const ledger = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(ledger, XLSX.utils.aoa_to_sheet([['序号', '问题描述'], [1, '执法不规范']]), 'Sheet1');
  const parts = unzipSync(new Uint8Array(XLSX.write(ledger, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
  const sheet = 'xl/worksheets/sheet1.xml';
  parts[sheet] = strToU8(strFromU8(parts[sheet]!).replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'));
  // The same ledger with a value in the last column of 20,000 rows (a column pasted far right):
  // 600 KB of XML, but a reader that pads each row out to its last cell holds 655 million slots.
  const farRight = { ...parts, [sheet]: strToU8(strFromU8(parts[sheet]!).replace(/<row r="1048576">.*<\/row>/, Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 3}"><c r="XFD${i + 3}"><v>1</v></c></row>`).join(''))) };
  const good = readFileSync(join(FIXTURES, 'empty-ledger.xlsx'));
  mkdirSync(join(dir, 'folder.xlsx'), { recursive: true });
  return {
    missing: { path: join(dir, 'does-not-exist.xlsx'), problem: 'missing' },
    folder: { path: join(dir, 'folder.xlsx'), problem: 'not-a-file' },
    empty: { path: put('empty.xlsx', ''), problem: 'empty' },
    xls: { path: put('renamed-xls.xlsx', xls), problem: 'legacy-xls' },
    realXls: { path: put('old.xls', xls), problem: 'legacy-xls' },
    cutXls: { path: put('cut.xls', biff8.subarray(0, 700)), problem: 'corrupt' },
    // What a system's "导出Excel" writes when the export failed: a web page without a table, or
    // Excel 2003 XML without a worksheet, named .xls (with a table or worksheet, they are read).
    htmlXls: { path: put('系统导出.xls', HTML_EXPORT), problem: 'web-page' },
    utf16HtmlXls: { path: put('系统导出-utf16.xls', Buffer.from(`\ufeff${HTML_EXPORT}`, 'utf16le')), problem: 'web-page' },
    xmlXls: { path: put('报表.xls', XML_SPREADSHEET), problem: 'xml-spreadsheet' },
    brokenXmlXls: { path: put('报表-损坏.xls', XML_SPREADSHEET.replace('</Workbook>', '<Worksheet ss:Name="x')), problem: 'corrupt' },
    wordXls: { path: put('report.xls', word97), problem: 'not-xlsx' },
    encrypted: { path: put('password.xlsx', encrypted), problem: 'encrypted' },
    // A CSV is read (shared/markup/csv.ts); one of separators only holds nothing.
    csv: { path: put('ledger-csv.xlsx', ',,\r\n,,\r\n'), problem: 'empty' },
    notes: { path: put('notes.xlsx', '这是一份说明，不是台账。\n请按模板填写后再报送。\n'), problem: 'not-xlsx' },
    txt: { path: put('notes.txt', 'hello'), problem: 'not-xlsx' },
    truncated: { path: put('truncated.xlsx', good.subarray(0, Math.floor(good.length / 2))), problem: 'corrupt' },
    garbled: { path: put('garbled.xlsx', Buffer.concat([good.subarray(0, 200), Buffer.alloc(good.length - 200, 0x41)])), problem: 'corrupt' },
    docx: { path: put('report.xlsx', docx), problem: 'not-xlsx' },
    stray: { path: put('stray-cell.xlsx', zipSync(parts)), problem: 'too-many-cells' },
    farRight: { path: put('far-right.xlsx', zipSync(farRight)), problem: 'too-many-cells' },
  };
}

