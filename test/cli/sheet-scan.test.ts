import { describe, expect, it } from 'vitest';
import { readSharedStrings, scanXml } from '../../shared/xlsx/parts.js';
import { SheetReader } from '../../shared/xlsx/sheet.js';
import { scanSheet } from '../../shared/xlsx/sheet-scan.js';

// The fast sheet and shared-string readings against the generic tag-by-tag ones, on XML written
// every way the fast path must either read alike or hand over.

const SHARED = ['甲', '乙 & 丙', null, '丁'];
const isDate = (s: number) => s === 4;

function generic(xml: string) {
  const reader = new SheetReader(SHARED, isDate, false);
  scanXml(xml, reader);
  return reader.out;
}

function fast(xml: string) {
  const reader = new SheetReader(SHARED, isDate, false);
  scanSheet(new TextEncoder().encode(xml), reader);
  return reader.out;
}

const sheet = (rows: string, tail = '') => `<?xml version="1.0"?><worksheet xmlns:r="r"><cols><col min="2" max="3" hidden="1"/></cols><sheetData>${rows}</sheetData>${tail}</worksheet>`;

const CASES: Record<string, string> = {
  'shared strings, numbers, dates, empty cells': sheet(
    '<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="4"><v>45065</v></c><c r="C1" s="2"/><c r="D1"><v>1.5E-3</v></c><c r="E1" t="s"><v>3</v></c></row>',
  ),
  'cells without r, rows without r': sheet('<row><c t="s"><v>0</v></c><c><v>2</v></c></row><row><c r="C3" t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row>'),
  'formulas, inline and rich strings': sheet(
    '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>A1</f><v>a &amp;amp; b</v></c><c r="C2" t="inlineStr"><is><t>内联</t></is></c>' +
      '<c r="D2" t="inlineStr"><is><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r></is></c><c r="E2" s="4"><f>TODAY()</f><v>45000.5</v></c></row>',
  ),
  'entities, carriage returns and non-ASCII in values': sheet('<row r="3"><c r="A3" t="str"><v>x &lt; y</v></c><c r="B3" t="str"><v>行\r\n换</v></c><c r="C3" t="str"><v>中文</v></c></row>'),
  'attributes in another order, single quotes, extra attributes': sheet(
    `<row r='4'><c t="s" r="A4"><v>1</v></c><c r='B4' s='1'><v>7</v></c><c r="C4" s="0" t="s" cm="1"><v>0</v></c><c r="D4"   s="1"><v>8</v></c></row>`,
  ),
  'namespace prefixes and whitespace between tags': sheet('<x:row r="5"><x:c r="A5" t="s"><x:v>0</x:v></x:c>\n  <c r="B5">\n <v>9</v>\n</c></x:row>'),
  'merges, tables, comments and CDATA outside cells': sheet(
    '<!-- a comment with <c r="Z9"><v>1</v></c> inside --><row r="6"><c r="A6"><v>1</v></c></row>',
    '<mergeCells count="1"><mergeCell ref="A6:B7"/></mergeCells><tableParts count="1"><tablePart r:id="rId3"/></tableParts><![CDATA[ <c r="Q1"/> ]]>',
  ),
  'empty values and empty elements': sheet('<row r="8"><c r="A8"><v></v></c><c r="B8"></c><c r="C8" t="s"></c><c r="D8" s=""><v>3</v></c><c r=""><v>4</v></c></row>'),
  'a quoted ">" in an attribute': sheet('<row r="9" x14ac:note="a>b"><c r="A9"><v>5</v></c></row>'),
  // Read from bytes: each way a common cell can be near-common, handed over or read as text.
  'types with a value, t="n", values that are not plain digits': sheet(
    '<row r="10"><c r="A10" t="n"><v>12</v></c><c r="B10" t="b"><v>0</v></c><c r="C10" t="e"><v>#DIV/0!</v></c><c r="D10" t="str"><v>甲乙</v></c>' +
      '<c r="E10" t="d"><v>3</v></c><c r="F10" t="s"><v> 1</v></c><c r="G10" t="n"><v>-0.25</v></c><c r="H10"><v>1234567890123456789</v></c><c r="I10" t="x"><v>1</v></c><c r="J10" t="S"><v>1</v></c></row>',
  ),
  'columns of four letters, long styles, rows of other forms': sheet(
    '<row r="11" spans="1:3"><c r="ABCD11"><v>1</v></c><c r="B11" s="1234567890"><v>2</v></c><c r="C11" s="5"><v>3</v></c></row><row r="12"/><row r="13" ht="20"><c r="AA13" s="1"><v>1</v></c></row>' +
      '<row spans="1:2"><c r="A14"><v>4</v></c></row><row r=""><c r="B15"><v>5</v></c></row>',
  ),
  'rows revisited and cells written twice': sheet(
    '<row r="20"><c r="A20" s="4"><v>45000</v></c><c r="B20" s="5"><v>2.5</v></c></row><row r="18"><c r="A18"><v>1</v></c></row>' +
      '<row r="20"><c r="A20" t="s"><v>0</v></c><c r="B20"><v>7</v></c><c r="C20" s="1"><v>1</v></c></row>',
  ),
  'a byte order mark, and rows and cells laid out over lines': `\uFEFF${sheet('\n  <row r="22">\n    <c r="A22" s="1" t="s"><v>3</v></c>\n    <c r="B22"><v>22</v></c>\n  </row>\n')}`,
  'cut short inside a cell': sheet('<row r="21"><c r="A21" s="1"><v>12</v></c>').replace(/<\/sheetData>.*$/, '<c r="B21" s="1"><v>3'),
};

describe('the fast sheet reading gives what the generic one gives', () => {
  it.each(Object.entries(CASES))('%s', (_name, xml) => {
    const expected = generic(xml);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(fast(xml)).toEqual(expected);
  });

  it('reads the common cells it is built for into values', () => {
    const out = fast(CASES['shared strings, numbers, dates, empty cells']!);
    expect(out.rows).toEqual([1]);
    expect(out.values).toEqual([[null, '甲', { date: Date.UTC(2023, 4, 19) }, null, 0.0015, '丁']]);
    expect(out.styles).toEqual([[0, 1, 4, 0, 0, 0]]);
  });

  it('refuses a tag that never ends, as the generic reading does', () => {
    const xml = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(/<\/sheetData>.*$/, '<row r="2" spans="1');
    expect(() => generic(xml)).toThrow(/malformed XML/);
    expect(() => fast(xml)).toThrow(/malformed XML/);
  });
});

describe('the fast shared-string reading gives what the generic one gives', () => {
  const sst = (items: string) => `<?xml version="1.0"?><sst xmlns="m" count="9" uniqueCount="9">${items}</sst>`;
  const generic = (xml: string) => readSharedStrings(xml.replace('<sst', '<!-- generic --><sst'));

  it.each([
    ['plain and preserved text', sst('<si><t>整改</t></si><si><t xml:space="preserve"> 台账 </t></si>')],
    ['entities, escapes and line ends', sst('<si><t>a &amp; b &#x4E2D;</t></si><si><t>line_x000D_\r\nbreak</t></si>')],
    ['rich text and phonetic runs', sst('<si><r><t>富</t></r><r><rPr/><t>文本</t></r><rPh sb="0" eb="1"><t>fu</t></rPh></si><si><t>一</t><rPh><t>yi</t></rPh></si>')],
    ['empty items', sst('<si/><si></si><si><t/></si><si><t></t></si>')],
  ])('%s', (_name, xml) => {
    const expected = generic(xml);
    expect(expected.length).toBeGreaterThan(1);
    expect(readSharedStrings(xml)).toEqual(expected);
  });
});
