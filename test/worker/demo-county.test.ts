import { describe, expect, inject, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { xlsxToWorkbook } from '../../worker/xlsx-grid.js';
import { api, base64Bytes, expectJson, issueToken, uploadForm } from './helpers.js';

const demo = inject('demoCounty');

// Per ledger file of the demo county: items, and for the two units under key attention their
// reasons (丹口镇's findings are vague and 西岩镇 copied two of them, which marks both copied).
const EXPECTED: Record<string, { items: number; reasons?: string[] }> = {
  'agriculture.xlsx': { items: 6 },
  'culture-tourism.xlsx': { items: 5 },
  'danko-town.xlsx': { items: 6, reasons: ['imprecise', 'copied'] },
  'emergency.xlsx': { items: 6 },
  'forestry.xlsx': { items: 6 },
  'health.xlsx': { items: 6 },
  'nanshan-town.xlsx': { items: 6 },
  'nature-resources.xlsx': { items: 6 },
  'urban-management.xlsx': { items: 7 },
  'xiyan-town.xlsx': { items: 6, reasons: ['copied'] },
};

// The demo county `npm run dev:worker` seeds: each ledger's unit is read from the ledger (as the
// seed script does), registered with a token, and the ledger submitted by that unit on 2023-04-24.
describe('the demo county (test/fixtures/demo-county)', () => {
  it('holds 60 problems in 10 units and puts exactly 丹口镇 and 西岩镇 under key attention', async () => {
    const county = await issueToken('county');
    const unitOf = new Map<string, string>();
    for (const [file, b64] of Object.entries(demo)) {
      const bytes = base64Bytes(b64);
      const unit = checkWorkbooks([await xlsxToWorkbook(bytes, file)]).sheets.find((s) => s.isLedger)!.unit;
      const body = await expectJson(await api('POST', '/api/v1/uploads', { token: await issueToken('unit', unit), body: uploadForm(bytes, file) }), 201);
      unitOf.set(file, body.submission.unit);
    }
    expect([...unitOf.keys()]).toEqual(Object.keys(EXPECTED));
    const s = await expectJson(await api('GET', '/api/v1/summary?asOf=2023-05-29', { token: county }), 200);
    expect(s.totals).toEqual({
      units: 10, submitted: 10, late: 0, missing: 0, items: 60, overdue: 3, closedOut: 0, reviewOverdue: 60,
      keyAttention: 2, notices: 0, workNotices: 0, reminders: 0, interviews: 0, peopleInterviewed: 0,
    });
    for (const [file, want] of Object.entries(EXPECTED)) {
      const got = s.units.find((u: { unit: string }) => u.unit === unitOf.get(file));
      expect(got, file).toMatchObject({ items: want.items, keyAttention: !!want.reasons, reasons: want.reasons ?? [] });
    }
    expect(s.crossUnit).toHaveLength(2);
    for (const pair of s.crossUnit) expect([pair.a.unit, pair.b.unit].sort()).toEqual([unitOf.get('danko-town.xlsx'), unitOf.get('xiyan-town.xlsx')].sort());
  });
});
