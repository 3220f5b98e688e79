import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../cli/read-xlsx.js';
import { reportJsonPieces } from '../../cli/report-json.js';
import { checkWorkbooks, type Report, type WorkbookInput } from '../../shared/index.js';
import { grid, HEADER, itemRow } from '../shared/grid-builder.js';
import { FIXTURES } from './helpers.js';

// The JSON report in pieces (cli/report-json.ts), written while the next is made: joined, they
// must be JSON.stringify(report, null, 2) byte for byte.
const whole = (report: Report) => JSON.stringify(report, null, 2);

describe('the JSON report in pieces', () => {
  let aggregate: Report;
  let county: Report;
  beforeAll(async () => {
    const read = async (f: string) => (await readXlsx(f)).input;
    aggregate = checkWorkbooks([await read(join(FIXTURES, 'county-aggregate-5000.xlsx'))], { asOf: '2023-05-29' });
    const demo = join(FIXTURES, 'demo-county');
    county = checkWorkbooks(await Promise.all(readdirSync(demo).map((n) => read(join(demo, n)))), { asOf: '2023-05-29' });
  });

  it('joins to JSON.stringify(report, null, 2) on the 5,000-row aggregate, in several pieces', () => {
    const pieces = [...reportJsonPieces(aggregate)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(whole(aggregate));
  });

  it('joins to the same text for any number of items a piece, several long sheets among short ones', () => {
    for (const per of [1, 2, 5, 6, 7, 1000]) expect([...reportJsonPieces(county, per)].join(''), `${per} a piece`).toBe(whole(county));
    expect([...reportJsonPieces(aggregate, 4999)].join('')).toBe(whole(aggregate));
    expect([...reportJsonPieces(aggregate, 5000)]).toHaveLength(1);
  });

  it('is the same text when a text reads like its marker: in an item, in pieces; in the sheet around the items, in one piece', () => {
    const marker = '\u0001items 0\u0001';
    const inItem = checkWorkbooks([{ file: 'a.xlsx', sheets: [grid([HEADER, itemRow(1, { 2: marker }), itemRow(2), itemRow(3)])] }], { asOf: '2023-05-29' });
    expect([...reportJsonPieces(inItem, 1)].length).toBeGreaterThan(1);
    expect([...reportJsonPieces(inItem, 1)].join('')).toBe(whole(inItem));
    const book: WorkbookInput = { file: 'a.xlsx', sheets: [grid([HEADER, itemRow(1), itemRow(2), itemRow(3)], { sheet: marker })] };
    const inSheet = checkWorkbooks([book], { asOf: '2023-05-29' });
    expect(inSheet.sheets[0]!.sheet).toBe(marker);
    const pieces = [...reportJsonPieces(inSheet, 1)];
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toBe(whole(inSheet));
  });
});
