import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { withKeptParts } from '../../cli/kept-parts.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { PICTURE_TEXT } from '../../shared/cell-picture.js';
import { resolvePart } from '../../shared/xlsx/parts.js';
import { FIXTURES, runMain, SPEC_FIXTURES, tempDir } from './helpers.js';
import { placedInCell } from '../shared/placed-in-cell.js';

// An annotated copy (--out) of a workbook with pictures in cells keeps them: ExcelJS, which writes
// the copy, drops WPS's xl/cellimages.xml, and Excel 365's rich values with the cells' value
// metadata (cli/kept-parts.ts).
const WPS = join(FIXTURES, 'wps/cell-picture.xlsx');
const rels = (xml: string) => [...xml.matchAll(/<Relationship\b([^>]*)\/>/g)].map(([, a]) => Object.fromEntries([...a!.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v])));

describe('an annotated copy of a workbook with WPS\'s pictures in cells', () => {
  const { dir, remove } = tempDir('kept-parts-');
  afterAll(remove);

  it('keeps the pictures: the part, each picture it names, its relationship and content type', async () => {
    const run = await runMain([WPS, '--out', dir]);
    expect(run.status).toBe(1); // no ledger in it: the copy is written all the same
    const original = unzipSync(new Uint8Array(readFileSync(WPS)));
    const copy = unzipSync(new Uint8Array(readFileSync(join(dir, 'cell-picture.xlsx'))));
    expect(copy['xl/cellimages.xml']).toEqual(original['xl/cellimages.xml']);
    const originalPictures = rels(strFromU8(original['xl/_rels/cellimages.xml.rels']!)).map((r) => original[resolvePart('xl/', r.Target!)]);
    const copyPictures = rels(strFromU8(copy['xl/_rels/cellimages.xml.rels']!)).map((r) => copy[resolvePart('xl/', r.Target!)]);
    expect(copyPictures.length).toBe(1);
    expect(copyPictures).toEqual(originalPictures);
    const bookRel = rels(strFromU8(copy['xl/_rels/workbook.xml.rels']!)).find((r) => r.Type === 'http://www.wps.cn/officeDocument/2020/cellImage');
    expect(bookRel?.Target).toBe('cellimages.xml');
    const types = strFromU8(copy['[Content_Types].xml']!);
    expect(types).toContain('<Override PartName="/xl/cellimages.xml" ContentType="application/vnd.wps-officedocument.cellimage+xml"/>');
    expect(types).toMatch(/<Default Extension="jpeg" ContentType="image\/jpeg"\/>/);
    // The cell still names its picture, and reads as one.
    const { input } = await readXlsx(join(dir, 'cell-picture.xlsx'));
    expect(input.sheets[0]!.values).toEqual([[PICTURE_TEXT]]);
    // Each picture is in the copy once: ExcelJS writes the package's pictures it found, the cell's among them.
    const media = Object.entries(copy).filter(([n]) => n.startsWith('xl/media/') && !n.endsWith('/'));
    expect(media.filter(([, bytes]) => Buffer.from(bytes).equals(originalPictures[0]!)).length).toBe(1);
    // A copy annotated again keeps them once, not a second copy of each picture.
    const again = join(dir, 'again');
    await runMain([join(dir, 'cell-picture.xlsx'), '--out', again]);
    const twice = unzipSync(new Uint8Array(readFileSync(join(again, 'cell-picture.xlsx'))));
    expect(Object.keys(twice).filter((n) => n.startsWith('xl/media/') && !n.endsWith('/')).length).toBe(Object.keys(copy).filter((n) => n.startsWith('xl/media/') && !n.endsWith('/')).length);
    expect(rels(strFromU8(twice['xl/_rels/cellimages.xml.rels']!)).map((r) => twice[resolvePart('xl/', r.Target!)])).toEqual(originalPictures);
  });

  it('of Excel 365\'s pictures placed in cells: the metadata and rich value parts, the picture, and each cell\'s vm', async () => {
    const path = join(dir, 'placed.xlsx');
    const original = placedInCell();
    writeFileSync(path, original);
    const out = join(dir, 'out');
    await runMain([path, '--out', out]);
    const from = unzipSync(original);
    const copy = unzipSync(new Uint8Array(readFileSync(join(out, 'placed.xlsx'))));
    for (const part of ['xl/other/metadata.xml', 'xl/other/richData/rdrichvalue.xml', 'xl/other/richData/rdrichvaluestructure.xml', 'xl/other/richData/richValueRel.xml']) expect(copy[part], part).toEqual(from[part]);
    const picture = rels(strFromU8(copy['xl/other/richData/_rels/richValueRel.xml.rels']!))[0]!;
    expect(copy[resolvePart('xl/other/richData/', picture.Target!)]).toEqual(from['xl/media/image1.png']);
    const types = rels(strFromU8(copy['xl/_rels/workbook.xml.rels']!)).map((r) => r.Type!.replace(/^.*\//, ''));
    expect(types).toEqual(expect.arrayContaining(['sheetMetadata', 'rdRichValue', 'rdRichValueStructure', 'richValueRel']));
    const sheet = strFromU8(copy['xl/worksheets/sheet1.xml']!);
    expect(sheet).toMatch(/<c r="B2"[^>]* vm="1"/);
    expect(sheet).toMatch(/<c r="C2"[^>]* vm="2"/);
    expect(sheet).not.toMatch(/<c r="D2"[^>]* vm=/);
    const { input } = await readXlsx(join(out, 'placed.xlsx'));
    expect(input.sheets[0]!.values[1]!.slice(0, 4)).toEqual([1, PICTURE_TEXT, '#VALUE!', '#VALUE!']);
  });

  it('a workbook without such parts is written as ExcelJS writes it', () => {
    const written = new Uint8Array(readFileSync(join(SPEC_FIXTURES, 'rulin-town.xlsx')));
    expect(withKeptParts(written, new Uint8Array(readFileSync(join(SPEC_FIXTURES, 'maoping-town.xlsx'))))).toBe(written);
  });
});

describe('an annotated copy of a macro-enabled workbook (.xlsm, a template with buttons)', () => {
  const { dir, remove } = tempDir('xlsm-copy-');
  afterAll(remove);

  it('is written as the .xlsx it is, and says the macros are not in it: an .xlsm without its macros is one Excel refuses to open', async () => {
    // The spec's ledger as a macro-enabled workbook: a VBA project, its relationship and content types.
    const parts = unzipSync(new Uint8Array(readFileSync(join(SPEC_FIXTURES, 'rulin-town.xlsx'))));
    parts['xl/vbaProject.bin'] = new Uint8Array(512).fill(7);
    const text = (path: string) => strFromU8(parts[path]!);
    parts['[Content_Types].xml'] = new TextEncoder().encode(text('[Content_Types].xml')
      .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
      .replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'));
    parts['xl/_rels/workbook.xml.rels'] = new TextEncoder().encode(text('xl/_rels/workbook.xml.rels').replace('</Relationships>', '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'));
    const path = join(dir, '儒林镇台账.xlsm');
    writeFileSync(path, zipSync(parts));
    const out = join(dir, 'out');
    const run = await runMain([path, '--out', out, '--as-of', '2023-05-29']);
    const copy = join(out, '儒林镇台账.xlsx');
    expect(run.stdout).toContain(`已写出标注副本：${copy}`);
    expect(run.stdout).toMatch(/启用宏.*副本另存为 \.xlsx.*不含宏/);
    const written = unzipSync(new Uint8Array(readFileSync(copy)));
    expect(strFromU8(written['[Content_Types].xml']!)).toContain('spreadsheetml.sheet.main+xml');
    expect((await readXlsx(copy)).input.sheets[0]!.values.length).toBeGreaterThan(3);
  });

  it('a template\'s (.xltx) copy is an .xlsx too: ExcelJS writes a workbook, which Excel refuses under a template\'s name', async () => {
    const path = join(dir, '台账模板.xltx');
    writeFileSync(path, readFileSync(join(SPEC_FIXTURES, 'rulin-town.xlsx')));
    const out = join(dir, 'templates');
    await runMain([path, '--out', out, '--as-of', '2023-05-29']);
    expect(readdirSync(out)).toEqual(['台账模板.xlsx']);
  });
});
