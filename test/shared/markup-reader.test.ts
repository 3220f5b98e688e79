import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from '@e965/xlsx';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zlibInflate } from '../../cli/zlib-inflate.js';
import { checkWorkbooks, type Grid, type Report, type WorkbookInput } from '../../shared/index.js';
import { readHtmlTables } from '../../shared/markup/html-tables.js';
import { markupText } from '../../shared/markup/markup-text.js';
import { readXmlSpreadsheet } from '../../shared/markup/xml-spreadsheet.js';
import { readCsv } from '../../shared/markup/csv.js';
import { sniffFileKind } from '../../shared/xlsx/sniff.js';
import { GridLimitError, readWorkbookGrids } from '../../shared/xlsx/workbook.js';

// Files many a government system's 导出Excel writes under an .xls name: a web page holding a
// table, or an Excel 2003 XML spreadsheet. Excel opens both (after a warning); so does the reader.
const FIXTURES = join(import.meta.dirname, '../fixtures');
const MARKUP = join(FIXTURES, 'markup');
const LEDGERS = { 'maoping-town': 'spec', 'rulin-town': 'spec', 'scj-market-regulation': 'spec', 'unit-two-level-header': '.' } as const;

const readXlsx = async (path: string, file: string) => (await readWorkbookGrids(readFileSync(path), file, { maxBytes: 1e9, inflate: zlibInflate }))!;
const source = (name: keyof typeof LEDGERS) => join(FIXTURES, LEDGERS[name], `${name}.xlsx`);

/** What the check makes of each item: its row, fields, deadline, status and the findings' codes. */
function items(report: Report): unknown[] {
  return report.sheets.flatMap((s) => s.items.map((i) => [i.row, i.fields, i.deadline, i.status, i.diagnostics.map((d) => d.code)]));
}
const check = (book: WorkbookInput) => checkWorkbooks([book], { asOf: '2023-05-29' });

describe('a web page of tables named .xls', () => {
  it.each(Object.keys(LEDGERS) as (keyof typeof LEDGERS)[])('%s as LibreOffice saves it as HTML: every item read as from the .xlsx', async (name) => {
    const bytes = readFileSync(join(MARKUP, `${name}.xls`));
    expect(sniffFileKind(bytes)).toBe('web-page');
    const page = (await readHtmlTables(markupText(bytes), name))!;
    const book = await readXlsx(source(name), name);
    expect(items(check(page))).toEqual(items(check(book)));
    expect(items(check(page)).length).toBeGreaterThan(0);
    expect(page.sheets[0]!.merges).toEqual(book.sheets[0]!.merges);
    expect(page.sheets[0]!.sheet).toBe(name); // LibreOffice writes no <x:Name>: named after the file, as Excel names it
  });

  it('a system\'s export in GBK: spans as merges, numbers and text as Excel takes them, line breaks, entities', async () => {
    const bytes = readFileSync(join(MARKUP, 'system-export-gbk.xls'));
    const book = (await readHtmlTables(markupText(bytes), 'exports/system-export-gbk.xls'))!;
    const g = book.sheets[0]!;
    expect(g.sheet).toBe('整改台账'); // its <x:Name>; a page without one is named after the file
    expect(g.values[0]![0]).toBe('白毛坪镇综合行政执法不规范问题整改台账');
    expect(g.values[1]![0]).toBe('填报单位：白毛坪镇人民政府 填报时间：2023年4月20日');
    expect(g.values[3]).toEqual([1, '执法程序', '2022年查处的3起违法占地案件，立案审批表未经负责人签字即开展调查', '对2022年以来的案卷全面自查，\n补正审批手续，建立立案审批登记簿', '杨德胜', '蓝海燕', '2023年5月31日前', '已完成', '007']);
    // The leader's cell spans three rows: the next rows' cells move past it.
    expect(g.values[4]).toEqual([2, '执法效率', '群众反映的2处河道采砂问题，从接报到现场核查用时超过10天', '建立接报即派单制度，24小时内到场核查', null, '刘永红', '立行立改', '已整改', '0012']);
    expect(g.values[5]![2]).toBe('对4户未批先建农房的处罚决定中，有2户未说明从轻处罚的理由 & 依据');
    expect(g.values[5]![8]).toBe(15);
    expect(g.merges).toEqual([
      { top: 1, left: 1, bottom: 1, right: 9 },
      { top: 2, left: 1, bottom: 2, right: 9 },
      { top: 4, left: 5, bottom: 6, right: 5 },
    ]);
    const report = check(book);
    const sheet = report.sheets[0]!;
    expect(sheet.items.map((i) => i.fields.leader)).toEqual(['杨德胜', '杨德胜', '杨德胜']);
    expect(sheet.items.map((i) => i.deadline?.kind)).toEqual(['date', 'immediate', 'date']);
    expect(sheet.items.map((i) => i.deadline?.due)).toEqual(['2023-05-31', '2023-04-25', '2023-06-15']); // 立行立改: by the self-check
  });

  it('a page without a table is not a workbook (null); tables nested in a cell are that cell\'s text', async () => {
    expect(await readHtmlTables('<html><body><p>导出失败，请重新登录</p></body></html>', 'a.xls')).toBeNull();
    const nested = (await readHtmlTables('<table><tr><td>外<table><tr><td>内</td></tr></table></td><td>旁</td></tr></table>', 'a.xls'))!;
    expect(nested.sheets[0]!.values).toEqual([['外 内', '旁']]);
  });

  it('a span as wide as HTML allows is refused by the grid limits before it is laid out', async () => {
    const wide = `<table><tr><td rowspan="65534" colspan="1000">x</td></tr></table>`;
    await expect(readHtmlTables(wide, 'a.xls', { limits: { rows: 12_000, cells: 300_000 } })).rejects.toBeInstanceOf(GridLimitError);
  });
});

describe('an Excel 2003 XML spreadsheet named .xls', () => {
  it.each(Object.keys(LEDGERS) as (keyof typeof LEDGERS)[])('%s as SheetJS writes it: every item and merge as from the .xlsx', async (name) => {
    const wb = XLSX.read(readFileSync(source(name)), { cellNF: true });
    const bytes = new Uint8Array(XLSX.write(wb, { bookType: 'xlml', type: 'array' }) as ArrayBuffer);
    expect(sniffFileKind(bytes)).toBe('xml-spreadsheet');
    const xml = (await readXmlSpreadsheet(markupText(bytes), name))!;
    const book = await readXlsx(source(name), name);
    expect(items(check(xml))).toEqual(items(check(book)));
    expect(xml.sheets[0]!.merges).toEqual(book.sheets[0]!.merges);
  });

  it('cells by ss:Index, merges, a hidden column span, dates by named format, truth values and errors', async () => {
    const xml = `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Styles><Style ss:ID="d"><NumberFormat ss:Format="Short Date"/></Style><Style ss:ID="c"><NumberFormat ss:Format="yyyy\\-mm\\-dd"/></Style></Styles>
 <Worksheet ss:Name="台账">
  <Table>
   <Column ss:Index="2" ss:Hidden="1" ss:Span="1"/>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">标题</Data></Cell><Cell><Data ss:Type="Number">7</Data></Cell></Row>
   <Row ss:Index="3"><Cell ss:Index="2" ss:StyleID="d"><Data ss:Type="DateTime">2023-05-29T00:00:00.000</Data></Cell><Cell ss:StyleID="c"><Data ss:Type="DateTime">2023-06-30T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell><Cell ss:MergeDown="1"><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>加粗</B>文字</ss:Data></Cell><Cell><Data ss:Type="Error">#N/A</Data></Cell></Row>
  </Table>
 </Worksheet>
 <Worksheet ss:Name="空表"><Table/></Worksheet>
</Workbook>`;
    const book = (await readXmlSpreadsheet(xml, 'a.xls'))!;
    const g = book.sheets[0]!;
    expect(g.values).toEqual([['标题', null, null, 7, null, null], [null, null, null, null, null, null], [null, 45075, 45107, true, '加粗文字', '#N/A'], [null, null, null, null, null, null]]);
    expect(g.text![2]!.slice(1, 4)).toEqual(['2023/5/29', '2023-06-30', 'TRUE']);
    expect(g.merges).toEqual([{ top: 1, left: 1, bottom: 1, right: 3 }, { top: 3, left: 5, bottom: 4, right: 5 }]);
    expect(g.hiddenColumns).toEqual([2, 3]);
    expect(book.sheets.map((s) => s.sheet)).toEqual(['台账', '空表']);
  });

  it('one without a worksheet is null; XML that does not parse throws', async () => {
    expect(await readXmlSpreadsheet('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>', 'a.xls')).toBeNull();
    await expect(readXmlSpreadsheet('<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a', 'a.xls')).rejects.toThrow();
  });
});

describe('Excel 2003 XML that Excel wrote (SheetJS\'s and Apache POI\'s test files, test/fixtures/markup/real)', () => {
  const REAL = join(MARKUP, 'real');
  const read = async (file: string) => (await readXmlSpreadsheet(markupText(readFileSync(join(REAL, file))), file))!.sheets[0]!;
  const at = (g: Grid, address: string) => g.values[Number(address.slice(1)) - (g.top ?? 1)]?.[address.charCodeAt(0) - 64 - (g.left ?? 1)];

  it('dates before 1900-03-01 keep Excel\'s serials (it counts a 29 February 1900 that never was)', async () => {
    const g = await read('1904_1900.xml');
    expect([at(g, 'B1'), at(g, 'B2'), at(g, 'B3')]).toEqual([1, 11, 111]); // 1900-01-01, -11, 1900-04-20
    expect(g.text![0]![1]).toBe('1900-01-01');
  });

  it('a cell\'s comment is not its value (its Data was appended to the cell\'s)', async () => {
    const g = await read('2011_apachepoi_33082.xls.xml');
    expect([at(g, 'A2'), at(g, 'B2')]).toEqual(['Supplier Name', 'Manuf Duns #']);
  });

  it('rich text is every run (SheetJS keeps the last: 24号 for 上海市中山东一路24号)', async () => {
    const g = await read('2011_apachepoi_22742.xls.xml');
    expect([at(g, 'F2'), at(g, 'F7')]).toEqual(['上海市中山东一路24号', '上海市清河路151号']);
  });

  it('an empty merged cell (<Cell ss:MergeAcross="2"/>) moves the next cell past its area', async () => {
    const g = await read('2011_apachepoi_43493.xls.xml');
    expect([at(g, 'C65'), at(g, 'O65')]).toEqual(['Total Cases Completed', '15']);
  });
});

describe('a CSV (Excel\'s 另存为 CSV, a system\'s export)', () => {
  it.each(Object.keys(LEDGERS) as (keyof typeof LEDGERS)[])('%s as SheetJS writes it as CSV: every item as from the .xlsx', async (name) => {
    const wb = XLSX.read(readFileSync(source(name)), { cellNF: true });
    const csv = XLSX.utils.sheet_to_csv(wb.Sheets[wb.SheetNames[0]!]!);
    const bytes = new TextEncoder().encode(csv);
    expect(sniffFileKind(bytes)).toBe('csv');
    const book = (await readCsv(markupText(bytes), `${name}.csv`))!;
    const fromXlsx = await readXlsx(source(name), name);
    // A CSV keeps no merges, so a merged leader or deadline is in its first row only.
    const fields = (r: Report) => r.sheets.flatMap((s) => s.items.map((i) => [i.row, i.fields.description, i.fields.measures]));
    expect(fields(check(book))).toEqual(fields(check(fromXlsx)));
    expect(book.sheets[0]!.sheet).toBe(name);
  });

  it('quoted fields with separators, doubled quotes and line breaks; GBK; tabs; numbers as Excel takes them', async () => {
    const text = '序号,问题描述,整改时限,编码\r\n1,"2022年查处的3起案件，立案审批表""未签字""，\r\n即开展调查",2023年5月31日前,007\r\n2,执法不规范,"15",0\r\n';
    const book = (await readCsv(text, 'a.csv'))!;
    expect(book.sheets[0]!.values).toEqual([
      ['序号', '问题描述', '整改时限', '编码'],
      [1, '2022年查处的3起案件，立案审批表"未签字"，\n即开展调查', '2023年5月31日前', '007'],
      [2, '执法不规范', '15', 0],
    ]);
    const tabs = (await readCsv('序号\t问题描述\n1\t执法, 不规范\n', 'a.txt'))!;
    expect(tabs.sheets[0]!.values).toEqual([['序号', '问题描述'], [1, '执法, 不规范']]);
    // GBK, as Excel saves CSV on Chinese Windows: read as GB18030.
    const saved = new Uint8Array([0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xd5, 0xfb, 0xb8, 0xc4, 0x0d, 0x0a, 0x31, 0x2c, 0x41]); // 序号,整改\r\n1,A
    expect(sniffFileKind(saved)).toBe('csv');
    expect((await readCsv(markupText(saved), 'a.csv'))!.sheets[0]!.values).toEqual([['序号', '整改'], [1, 'A']]);
    expect(await readCsv(',,\n,,\n', 'a.csv')).toBeNull();
  });

  it('a stray control character in a cell (a system\'s export, a cleaned-up test sheet) leaves it a CSV; binary data is not one', async () => {
    const text = `序号,问题描述,整改时限\r\n1,执法\u000b不规范,2023年5月31日前\r\n${'2,台账未更新,2023年6月30日前\r\n'.repeat(20)}`;
    const bytes = new TextEncoder().encode(text);
    expect(sniffFileKind(bytes)).toBe('csv');
    expect((await readCsv(markupText(bytes), 'a.csv'))!.sheets[0]!.values[1]).toEqual([1, '执法\u000b不规范', '2023年5月31日前']);
    // Dense control bytes, or a NUL, are binary data whatever its first line holds.
    expect(sniffFileKind(Uint8Array.from([0x31, 0x2c, 0x32, 0x0a, ...Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 + (i % 8) : 0x41 + (i % 26)))]))).toBe('other');
    expect(sniffFileKind(Uint8Array.from([0x31, 0x2c, 0x32, 0x0a, 0x41, 0x00, ...new Array(200).fill(0x41)]))).toBe('other');
  });
});

describe('the text of an export, whatever its encoding', () => {
  const page = '<html><head><meta charset="utf-8"></head><body><table><tr><td>整改台账</td></tr></table></body></html>';
  it('by its byte-order mark, its declared charset, or UTF-8 when valid, else GB18030', () => {
    expect(markupText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(page)]))).toBe(page);
    expect(markupText(Uint8Array.from(Buffer.from(`\ufeff${page}`, 'utf16le')))).toBe(page);
    expect(markupText(new TextEncoder().encode(page))).toBe(page);
    // Declared UTF-8 but written in GBK (整改 in GBK: D5FB B8C4): read as GB18030.
    const lying = new Uint8Array([...new TextEncoder().encode('<meta charset="utf-8"><td>'), 0xd5, 0xfb, 0xb8, 0xc4]);
    expect(markupText(lying)).toBe('<meta charset="utf-8"><td>整改');
    const undeclared = new Uint8Array([...new TextEncoder().encode('<td>'), 0xd5, 0xfb, 0xb8, 0xc4]);
    expect(markupText(undeclared)).toBe('<td>整改');
  });
});

describe('any text, however broken, reads to grids or null and never throws but at the limits', () => {
  const piece = fc.constantFrom('<table>', '</table>', '<tr>', '</tr>', '<td>', '</td>', '<th colspan="3">', '<td rowspan=2>', '<td rowspan="99999" colspan="5000">', '<br>', '<!--', '-->', '<style>', '</style>', '<td style="mso-number-format:\\@">', '&nbsp;', '&#x4e00;', '&bogus', '<', '>', '"', ',', ';', '\t', '\r\n', '\n', '整改', '42', '007', ' ');
  const limits = { rows: 12_000, cells: 300_000 };
  it('a web page or a CSV', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), async (pieces) => {
        const text = pieces.join('');
        for (const read of [readHtmlTables, readCsv]) {
          try {
            const book = await read(text, 'a.xls', { limits });
            for (const g of book?.sheets ?? []) expect(g.values.every((r) => r.length === g.values[0]!.length)).toBe(true);
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(GridLimitError);
          }
        }
      }),
      { numRuns: 400, seed: 20261130 },
    );
  });
});
