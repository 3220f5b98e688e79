import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { withKeptParts } from '../../cli/kept-parts.js';
import { readXlsx } from '../../cli/read-xlsx.js';
import { PICTURE_TEXT } from '../../shared/cell-picture.js';
import { resolvePart } from '../../shared/xlsx/parts.js';
import { FIXTURES, runMain, SPEC_FIXTURES, tempDir } from './helpers.js';

// An annotated copy (--out) of a workbook WPS saved with pictures embedded in cells keeps them:
// ExcelJS, which writes the copy, drops WPS's xl/cellimages.xml (cli/kept-parts.ts).
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
  });

  it('a workbook without such parts is written as ExcelJS writes it', () => {
    const written = new Uint8Array(readFileSync(join(SPEC_FIXTURES, 'rulin-town.xlsx')));
    expect(withKeptParts(written, new Uint8Array(readFileSync(join(SPEC_FIXTURES, 'maoping-town.xlsx'))))).toBe(written);
  });
});
