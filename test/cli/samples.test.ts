import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../cli/read-xlsx.js';
import { DEMO_UNITS } from '../../scripts/samples/demo-county.js';
import { makeSamples, SAMPLES } from '../../scripts/make-samples.js';
import { checkWorkbooks, type Report, type SheetReport } from '../../shared/index.js';
import { FIXTURES, tempDir } from './helpers.js';

const AS_OF = '2023-05-29';

/** Checks sample files together in process, as the CLI does. */
async function check(...files: string[]): Promise<Report> {
  const inputs = await Promise.all(files.map(async (f) => (await readXlsx(join(FIXTURES, f))).input));
  return checkWorkbooks(inputs, { asOf: AS_OF });
}
const codes = (s: SheetReport) => [...s.diagnostics, ...s.items.flatMap((i) => i.diagnostics)].map((d) => d.code);

describe('scripts/make-samples.ts', () => {
  const tmp = tempDir();
  afterAll(tmp.remove);

  it('writes exactly the committed sample files, byte for byte, on every run', async () => {
    await makeSamples(tmp.dir);
    for (const [path] of SAMPLES) expect(readFileSync(join(tmp.dir, path)).equals(readFileSync(join(FIXTURES, path))), path).toBe(true);
  }, 60_000);
});

describe('the sample ledgers read as they were written', () => {
  it('(a) the unit ledger: two-level header, less common aliases, labels, merged leader, footer', async () => {
    const s = (await check('unit-two-level-header.xlsx')).sheets[0]!;
    expect(s).toMatchObject({ unit: '城步苗族自治县交通运输局', headerRows: [3, 4], firstDataRow: 5, fillDate: '2023-04-21' });
    expect(s.columns).toEqual({
      seq: 'A', category: 'B', description: 'C', cause: 'D', measures: 'E', leader: 'F', person: 'G', deadline: 'H',
      progress: 'I', status: 'J', completedOn: 'K', evidence: 'L', remarks: 'M',
    });
    expect(s.items.map((i) => i.row)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]); // not the 填表人 footer
    expect(s.items.map((i) => i.fields.leader)).toEqual(['王建军', '王建军', '王建军', '刘志明', '刘志明', '刘志明', '陈国华', '陈国华']);
    expect(s.items[0]).toMatchObject({ deadline: { kind: 'date', due: '2023-05-31' }, status: 'completed', completedOn: '2023-05-12' });
    expect(s.items.map((i) => i.deadline.kind)).toEqual(['date', 'date', 'immediate', 'date', 'ongoing', 'invalid', 'date', 'date']);
  });

  it('(b) the county aggregate: 5,000 items across 20 units by its 责任单位 column', async () => {
    const r = await check('county-aggregate-5000.xlsx');
    expect(r.sheets[0]).toMatchObject({ headerRows: [2], firstDataRow: 3 });
    expect(r.stats.items).toBe(5000);
    expect(r.units).toHaveLength(20);
    expect(new Set(r.units.map((u) => u.items))).toEqual(new Set([250]));
  });

  it('(c) the empty ledger: a ledger with no items, its unit from the title', async () => {
    const s = (await check('empty-ledger.xlsx')).sheets[0]!;
    expect(s).toMatchObject({ isLedger: true, unit: '白毛坪镇', headerRows: [2], items: [] });
    expect(codes(s)).not.toContain('header-not-found');
  });

  it('(d) the instructions sheet beside the ledger is skipped, not an error', async () => {
    const [notes, ledger] = (await check('with-instructions.xlsx')).sheets;
    expect(notes).toMatchObject({ sheet: '填表说明', isLedger: false });
    expect(codes(notes!)).toEqual(['sheet-skipped']);
    expect(ledger).toMatchObject({ sheet: '问题清单', unit: '长安营镇', fillDate: '2023-04-24', headerRows: [2] });
    expect(ledger!.items).toHaveLength(3);
  });

  it('(e) a workbook with no ledger at all is header-not-found', async () => {
    const r = await check('no-ledger.xlsx');
    expect(codes(r.sheets[0]!)).toEqual(['header-not-found']);
    expect(r.valid).toBe(false);
  });

  it('(f) the Excel table is read like a range; its hidden column competes with nothing', async () => {
    const s = (await check('excel-table.xlsx')).sheets[0]!;
    expect(s).toMatchObject({ unit: '五团镇', headerRows: [1] });
    expect(s.columns.description).toBe('D');
    expect(s.items).toHaveLength(3);
    expect(codes(s)).not.toContain('column-ambiguous');
  });

  describe('(g) the demo county', () => {
    let report: Report;
    beforeAll(async () => {
      report = await check(...DEMO_UNITS.map((u) => `demo-county/${u.file}`));
    });

    it('holds about 60 problems across 10 units, each unit found where its ledger names it', () => {
      expect(report.stats.items).toBe(60);
      expect(report.sheets.map((s) => s.unit)).toEqual(DEMO_UNITS.map((u) => u.unit));
    });

    it('finds each header below its title and labels, and the fill dates in the labels', () => {
      for (const [i, u] of DEMO_UNITS.entries()) {
        const above = (u.sheet.title ? 1 : 0) + (u.sheet.labels ? 1 : 0);
        const rows = u.sheet.columns.some((c) => c.group) ? [above + 1, above + 2] : [above + 1];
        expect(report.sheets[i]!.headerRows, u.file).toEqual(rows);
        if (u.sheet.labels?.[1]) expect(report.sheets[i]!.fillDate, u.file).toMatch(/^2023-04-2[0-5]$/);
      }
    });

    it('puts exactly two units under key attention: 丹口镇 for vague findings, 西岩镇 for copying', () => {
      const flagged = report.units.filter((u) => u.keyAttention);
      expect(flagged.map((u) => [u.unit, [...u.reasons].sort()])).toEqual(expect.arrayContaining([
        ['丹口镇', ['copied', 'imprecise']],
        ['西岩镇', ['copied']],
      ]));
      expect(flagged).toHaveLength(2);
      expect(report.crossUnit).toHaveLength(2);
    });

    it('writes deadlines in many of SPEC section 4 forms, all understood but the one 尽快', () => {
      const deadlines = report.sheets.flatMap((s) => s.items.map((i) => i.deadline));
      expect(new Set(deadlines.map((d) => d.text)).size).toBeGreaterThanOrEqual(35);
      expect(deadlines.filter((d) => d.kind === 'invalid').map((d) => d.text)).toEqual(['尽快']);
      expect(new Set(deadlines.map((d) => d.kind))).toEqual(new Set(['date', 'immediate', 'ongoing', 'invalid']));
    });

    it('writes statuses in many words, all understood', () => {
      const statuses = report.sheets.flatMap((s) => s.items.map((i) => [i.fields.status, i.status]));
      expect(new Set(statuses.map(([w]) => w)).size).toBeGreaterThanOrEqual(15);
      expect(statuses.filter(([, s]) => s === 'unknown')).toEqual([]);
    });
  });
});
