import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Grid } from '../../shared/index.js';
import { xlsxToWorkbook } from '../../worker/xlsx-grid.js';
import { api, base64Bytes, expectJson, issueToken, uploadForm } from './helpers.js';

// The 2023 campaign of the demo county, told in the order the county office lived it. Each
// event is recorded on its own day; at the end (07-10) the office looks back and asks the
// summary as of five dates, and each answer is what it would have seen that day.
const demo = inject('demoCounty');
const UNIT: Record<string, string> = {
  'agriculture.xlsx': '城步苗族自治县农业农村局', 'culture-tourism.xlsx': '城步苗族自治县文化旅游广电体育局', 'danko-town.xlsx': '丹口镇',
  'emergency.xlsx': '城步苗族自治县应急管理局', 'forestry.xlsx': '城步苗族自治县林业局', 'health.xlsx': '城步苗族自治县卫生健康局',
  'nanshan-town.xlsx': '南山镇', 'nature-resources.xlsx': '城步苗族自治县自然资源局', 'urban-management.xlsx': '城步苗族自治县城市管理和综合执法局',
  'xiyan-town.xlsx': '西岩镇',
};
const LATE = ['forestry.xlsx', 'health.xlsx'];
let county: string;
const token: Record<string, string> = {};
const keys: Record<string, Record<number, string>> = {}; // file → sheet row → item key

type Json = Record<string, unknown>;
const on = (day: string) => ({ token: county, today: day });
const post = async (path: string, json: unknown, day: string) => expectJson(await api('POST', path, { ...on(day), json }), 201);
const decide = (file: string, row: number, json: Json, day: string) => post(`/api/v1/items/${keys[file]![row]}/reviews`, json, day);

async function upload(file: string, day: string) {
  const body = await expectJson(await api('POST', '/api/v1/uploads', { token: token[file], body: uploadForm(base64Bytes(demo[file]!), file), today: day }), 201);
  keys[file] = Object.fromEntries(body.report.sheets[0].items.map((i: { row: number; key: string }) => [i.row, i.key]));
}

/** The unit's own workbook with some cells rewritten (row, column letter → text), as it resubmits it. */
async function edited(file: string, edits: [row: number, col: string, text: string][]): Promise<Grid[]> {
  const wb = await xlsxToWorkbook(base64Bytes(demo[file]!), file);
  const sheet = wb.sheets[0]!;
  for (const [row, col, text] of edits) {
    const r = row - (sheet.top ?? 1);
    const c = col.charCodeAt(0) - 64 - (sheet.left ?? 1);
    sheet.values[r]![c] = text;
    // A row's copy: the reader lets rows without text share one blank row (shared/xlsx/workbook.ts).
    if (sheet.text?.[r]) (sheet.text[r] = sheet.text[r]!.slice())[c] = text;
  }
  return wb.sheets;
}

beforeAll(async () => {
  county = await issueToken('county');
  for (const file of Object.keys(UNIT)) token[file] = await issueToken('unit', UNIT[file]);

  // 自查自纠: eight units send their ledgers on 04-24; 林业局 and 卫健局 only on 04-27.
  for (const file of Object.keys(UNIT).filter((f) => !LATE.includes(f))) await upload(file, '2023-04-24');
  for (const file of LATE) await upload(file, '2023-04-27');

  // 提级整改. The first round of 会诊 (04-28): 南山镇's six items assigned, two of 丹口镇's vague
  // findings returned, 城管局's two closed items verified (销号).
  const r1 = await post('/api/v1/rounds', { title: '第一轮会诊', heldOn: '2023-04-28' }, '2023-04-28');
  for (const row of [3, 4, 5, 6, 7, 8]) await decide('nanshan-town.xlsx', row, { decision: 'assign', round: r1.id }, '2023-04-28');
  await decide('danko-town.xlsx', 3, { decision: 'return', comment: '请写明哪起案件、哪个环节不规范', round: r1.id }, '2023-04-28');
  await decide('danko-town.xlsx', 5, { decision: 'return', comment: '请写明效率不高的具体事项和用时', round: r1.id }, '2023-04-28');
  for (const row of [5, 9]) await decide('urban-management.xlsx', row, { decision: 'close_out', round: r1.id }, '2023-04-28');

  // 05-05: a work notice to 丹口镇; 05-08: 丹口镇 revises both returned items (one now due
  // 自交办之日起15个工作日内, counted from the selfCheckDue until it is assigned).
  await post('/api/v1/notices', { unit: '丹口镇', kind: 'notice', sentOn: '2023-05-05' }, '2023-05-05');
  await expectJson(await api('POST', '/api/v1/submissions', {
    token: token['danko-town.xlsx'], today: '2023-05-08',
    json: { file: 'danko-town.xlsx', sheets: await edited('danko-town.xlsx', [[3, 'H', '自交办之日起15个工作日内'], [5, 'E', '梳理2023年一季度受理的全部投诉件，逐件核查办理用时并通报']]) },
  }), 201);

  // The second round (05-16), recorded a day late with its own date: 丹口镇's revised items
  // assigned, 农业农村局's two completed items closed out, one of 西岩镇's returned.
  const r2 = await post('/api/v1/rounds', { title: '第二轮会诊', heldOn: '2023-05-16' }, '2023-05-17');
  const in2 = { round: r2.id, decidedOn: '2023-05-16' };
  for (const row of [3, 5]) await decide('danko-town.xlsx', row, { decision: 'assign', ...in2 }, '2023-05-17');
  for (const row of [3, 4]) await decide('agriculture.xlsx', row, { decision: 'close_out', ...in2 }, '2023-05-17');
  await decide('xiyan-town.xlsx', 6, { decision: 'return', comment: '请写明两家砂石场的处罚文号', ...in2 }, '2023-05-17');

  // 05-26: 西岩镇's two enforcement officers interviewed (约谈); 05-27: a reminder (催办) to 应急局.
  await post('/api/v1/interviews', { unit: '西岩镇', people: 2, heldOn: '2023-05-26' }, '2023-05-26');
  await post('/api/v1/notices', { unit: UNIT['emergency.xlsx'], kind: 'reminder', sentOn: '2023-05-27' }, '2023-05-27');
  // (wt-11b hooks: 应急局's extension request and its decision go here, 06-xx.)

  // 回头看 (from 07-01): a reminder to 城管局 and an interview at 应急局.
  // (wt-11b hook: the reopen of 城管局's closed item in 回头看 goes here, 07-05.)
  await post('/api/v1/notices', { unit: UNIT['urban-management.xlsx'], kind: 'reminder', sentOn: '2023-07-05' }, '2023-07-05');
  await post('/api/v1/interviews', { unit: UNIT['emergency.xlsx'], people: 1, heldOn: '2023-07-06' }, '2023-07-06');
});

const TODAY = '2023-07-10';
const summaryAsOf = async (asOf: string) => expectJson(await api('GET', `/api/v1/summary?asOf=${asOf}`, on(TODAY)), 200);
const unitOf = (s: { units: Json[] }, file: string) => s.units.find((u) => u.unit === UNIT[file])!;
const stageCounts = (s: { stages: Json[] }) => Object.fromEntries(s.stages.map((x) => [x.id, [x.submissions, x.decisions, x.closeOuts, x.notices, x.interviews]]));
const ROUND1 = { title: '第一轮会诊', heldOn: '2023-04-28', decided: 10, assigned: 6, returned: 2, closedOut: 2 };

describe('the demo county’s 2023 campaign, as of its dates', () => {
  it('04-25, end of 自查自纠: eight ledgers in, two missing, nothing decided', async () => {
    const s = await summaryAsOf('2023-04-25');
    expect(s.stage).toMatchObject({ id: 'self-check', name: '自查自纠' });
    expect(s.totals).toMatchObject({ units: 10, submitted: 8, missing: 2, items: 48, closedOut: 0, notices: 0, interviews: 0, overdue: 0 });
    expect(s.rounds).toEqual([]);
    // [submissions, decisions, close-outs, notices, interviews]
    expect(stageCounts(s)).toEqual({ 'self-check': [8, 0, 0, 0, 0], rectification: [0, 0, 0, 0, 0], 'review-back': [0, 0, 0, 0, 0] });
    expect(unitOf(s, 'forestry.xlsx')).toMatchObject({ submission: 'missing', items: 0 });
  });

  it('04-28, the first round: all sixty items in, six assigned, two returned, two closed out', async () => {
    const s = await summaryAsOf('2023-04-28');
    expect(s.stage).toMatchObject({ id: 'rectification', name: '提级整改' });
    expect(s.totals).toMatchObject({ submitted: 10, missing: 0, items: 60, closedOut: 2, overdue: 0 });
    expect(s.rounds).toEqual([{ id: expect.any(Number), ...ROUND1 }]);
    expect(stageCounts(s)).toEqual({ 'self-check': [8, 0, 0, 0, 0], rectification: [2, 10, 2, 0, 0], 'review-back': [0, 0, 0, 0, 0] });
    expect(unitOf(s, 'danko-town.xlsx')).toMatchObject({ versions: 1, byReview: { pending: 4, returned: 2 } });
    expect(unitOf(s, 'nanshan-town.xlsx')).toMatchObject({ byReview: { assigned: 6 } });
  });

  it('05-16, the second round: 丹口镇 revised and assigned, four closed out, 应急局 overdue', async () => {
    const s = await summaryAsOf('2023-05-16');
    expect(s.totals).toMatchObject({ items: 60, closedOut: 4, notices: 1, interviews: 0, overdue: 1 });
    expect(s.rounds.map((r: Json) => [r.title, r.decided, r.assigned, r.returned, r.closedOut])).toEqual([
      ['第一轮会诊', 10, 6, 2, 2], ['第二轮会诊', 5, 2, 1, 2],
    ]);
    expect(stageCounts(s)).toEqual({ 'self-check': [8, 0, 0, 0, 0], rectification: [3, 15, 4, 1, 0], 'review-back': [0, 0, 0, 0, 0] });
    expect(unitOf(s, 'danko-town.xlsx')).toMatchObject({ versions: 2, byReview: { pending: 4, assigned: 2 }, notices: 1 });
    expect(unitOf(s, 'xiyan-town.xlsx')).toMatchObject({ byReview: { pending: 5, returned: 1 } });
    // The day before, the revised items awaited the office.
    expect(unitOf(await summaryAsOf('2023-05-15'), 'danko-town.xlsx')).toMatchObject({ byReview: { pending: 4, revised: 2 } });
  });

  it('05-29: 西岩镇 interviewed, 应急局 reminded; the firm due date keeps 丹口镇’s item on time', async () => {
    const s = await summaryAsOf('2023-05-29');
    // Overdue: 应急局 (04-30), 林业局 (05-20), 城管局 (05-20). 丹口镇's 15个工作日内 counted from
    // selfCheckDue was due 05-18; assigned on 05-16 it is due 06-06.
    expect(s.totals).toMatchObject({ closedOut: 4, notices: 2, interviews: 1, peopleInterviewed: 2, overdue: 3 });
    expect(unitOf(s, 'xiyan-town.xlsx')).toMatchObject({ interviews: 1, peopleInterviewed: 2 });
    expect(stageCounts(s).rectification).toEqual([3, 15, 4, 2, 1]);
    const items = await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent('丹口镇')}&asOf=2023-05-29`, on(TODAY)), 200);
    const firm = items.items.find((i: { key: string }) => i.key === keys['danko-town.xlsx']![3]);
    expect(firm.deadline).toMatchObject({ kind: 'relative', due: '2023-06-06', from: 'assigned', start: '2023-05-16' });
    expect(firm.timeliness).toEqual({ state: 'on_track', daysLeft: 8 });
    const before = await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent('丹口镇')}&asOf=2023-05-15`, on(TODAY)), 200);
    expect(before.items.find((i: { key: string }) => i.key === keys['danko-town.xlsx']![3]).deadline)
      .toMatchObject({ kind: 'relative', due: '2023-05-18', from: 'self-check-due' });
  });

  it('07-10, 回头看: the stage in force and what happened in each stage', async () => {
    const s = await summaryAsOf(TODAY);
    expect(s.stage).toMatchObject({ id: 'review-back', name: '回头看' });
    expect(s.totals).toMatchObject({ items: 60, closedOut: 4, notices: 3, interviews: 2, peopleInterviewed: 3 });
    expect(stageCounts(s)).toEqual({ 'self-check': [8, 0, 0, 0, 0], rectification: [3, 15, 4, 2, 1], 'review-back': [0, 0, 0, 1, 1] });
    const rounds = await expectJson(await api('GET', '/api/v1/rounds', on(TODAY)), 200);
    expect(rounds.rounds.map((r: Json) => [r.title, r.heldOn])).toEqual([['第一轮会诊', '2023-04-28'], ['第二轮会诊', '2023-05-16']]);
  });

  it('reminders as of a date chase what was missing or overdue then', async () => {
    const early = await expectJson(await api('GET', '/api/v1/reminders?asOf=2023-04-25', on(TODAY)), 200);
    expect(early.units.map((u: Json) => [u.unit, u.reason])).toEqual([[UNIT['forestry.xlsx'], 'missing'], [UNIT['health.xlsx'], 'missing']]);
    const mid = await expectJson(await api('GET', '/api/v1/reminders?asOf=2023-05-16', on(TODAY)), 200);
    expect(mid.units.map((u: Json) => [u.unit, u.reason])).toEqual([[UNIT['emergency.xlsx'], 'overdue']]);
  });
});
