import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectJson, issueToken } from './helpers.js';
import { seedDemoCounty } from './demo-seed.js';
import { noStageText } from '../../worker/reports/bulletin-text.js';

const ASOF = '2023-05-29';
let county: string;
const KEY_ATTENTION = {
  丹口镇: ['问题查摆不精准（4/6项描述笼统）', '与其他单位问题雷同（2项）'],
  西岩镇: ['与其他单位问题雷同（2项）'],
};

const textOf = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');

beforeAll(async () => {
  ({ county } = await seedDemoCounty());
  const log = [
    ['/api/v1/notices', { unit: '丹口镇', kind: 'notice', channel: 'document', sentOn: '2023-05-10' }],
    ['/api/v1/notices', { unit: '丹口镇', kind: 'reminder', channel: 'phone', sentOn: '2023-05-20' }],
    ['/api/v1/notices', { unit: '西岩镇', kind: 'reminder', channel: 'in-person', sentOn: '2023-05-22' }],
    ['/api/v1/interviews', { unit: '丹口镇', heldOn: '2023-05-25', people: 3 }],
  ] as const;
  for (const [path, json] of log) await expectJson(await api('POST', path, { token: county, json, today: ASOF }), 201);
});

describe('the bulletin (通报) for the demo county as of 2023-05-29', () => {
  it('names exactly the two units under key attention, with their reasons and the summary’s counts', async () => {
    const s = await expectJson(await api('GET', `/api/v1/summary?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    const b = await expectJson(await api('GET', `/api/v1/reports/bulletin?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    expect(b.asOf).toBe(ASOF);
    expect(b.named).toEqual(Object.entries(KEY_ATTENTION).map(([unit, reasons]) => ({ unit, reasons })));
    expect(b.headline).toMatchObject({
      units: 10, submitted: 10, items: 60, closedOut: 0, closeOutRate: 0, overdue: s.totals.overdue, workNotices: 1, reminders: 2, interviews: 1, peopleInterviewed: 3, keyAttention: 2,
    });
    expect(b.units).toHaveLength(10);
    for (const u of s.units) {
      expect(b.units.find((x: { unit: string }) => x.unit === u.unit)).toMatchObject({ items: u.items, overdue: u.overdue, closeOutRate: u.closeOutRate, keyAttention: u.keyAttention });
    }
    // The chart: items by unit and timeliness, adding up to every item.
    expect(b.chart.units).toHaveLength(10);
    expect(b.chart.series.flatMap((x: { values: number[] }) => x.values).reduce((a: number, n: number) => a + n, 0)).toBe(60);
  });

  it('says which years within three months the holiday calendar lacks (the dashboard shows it); none in 2023', async () => {
    const ahead = await expectJson(await api('GET', '/api/v1/reports/bulletin?asOf=2026-11-30', { token: county, today: '2026-11-30' }), 200);
    expect(ahead.calendarGaps).toEqual([2027]);
    const then = await expectJson(await api('GET', `/api/v1/reports/bulletin?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    expect(then.calendarGaps).toBeUndefined();
    // GET /me says the same to a county token, and nothing to a unit's (its clerk cannot fix it).
    expect((await expectJson(await api('GET', '/api/v1/me', { token: county, today: '2026-11-30' }), 200)).calendarGaps).toEqual([2027]);
    expect((await expectJson(await api('GET', '/api/v1/me', { token: county, today: '2026-09-30' }), 200)).calendarGaps).toBeUndefined();
    const unit = await issueToken('unit', '丹口镇');
    expect((await expectJson(await api('GET', '/api/v1/me', { token: unit, today: '2026-11-30' }), 200)).calendarGaps).toBeUndefined();
  });

  it('as a .docx: the stage line, headline figures, a row per unit, the two units to name with reasons, and a native chart', async () => {
    const res = await api('GET', `/api/v1/reports/bulletin.docx?asOf=${ASOF}`, { token: county, today: ASOF });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(`通报-${ASOF}.docx`));
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const xml = strFromU8(files['word/document.xml']!);
    const text = textOf(xml);
    expect(text).toContain('关于城步苗族自治县综合行政执法不规范问题提级整改工作进展情况的通报');
    expect(text).toContain('当前阶段：');
    expect(text).toContain('全县10个单位中10个已报送整改台账');
    expect(text).toContain('共查摆问题60项，已销号0项，销号率0.0%');
    expect(text).toContain('发出工作提示1次、催办2次，约谈1次3人次；2个单位列为重点关注');
    const named = text.slice(text.indexOf('四、需要点名通报的单位'));
    expect(named).toContain(`1. 丹口镇：${KEY_ATTENTION['丹口镇'].join('；')}。`);
    expect(named).toContain(`2. 西岩镇：${KEY_ATTENTION['西岩镇'].join('；')}。`);
    expect(named).not.toMatch(/3\. /);
    // By when they report: a date (a week on, as a letter's reply date), not "before the next stage".
    expect(named).toContain('于2023年6月5日前向县巡察办书面报告整改情况');
    const table = text.slice(text.indexOf('二、各单位情况'), text.indexOf('三、会诊情况'));
    expect(table.match(/是：/g)).toHaveLength(2);
    expect(table).toContain(`丹口镇按时报送6`);
    // The chart is a Word chart part with the units as categories.
    const chart = Object.keys(files).find((f) => /^word\/charts\/chart\d*\.xml$/.test(f));
    expect(chart).toBeDefined();
    const chartXml = strFromU8(files[chart!]!);
    for (const unit of ['丹口镇', '西岩镇']) expect(chartXml).toContain(unit);
    expect(chartXml).toContain('逾期');
    // On its axis the county's own name is dropped from its departments (unitAxisLabels); the
    // table above names them whole.
    expect(chartXml).toContain('<c:v>农业农村局</c:v>');
    expect(chartXml).not.toContain('城步苗族自治县农业农村局');
    expect(table).toContain('城步苗族自治县农业农村局');
  });

  it('is the county office’s: a unit token gets 403, a bad date 400', async () => {
    const unit = await issueToken('unit', '丹口镇');
    expect((await expectJson(await api('GET', `/api/v1/reports/bulletin.docx?asOf=${ASOF}`, { token: unit, today: ASOF }), 403)).error.code).toBe('forbidden');
    expect((await expectJson(await api('GET', '/api/v1/reports/bulletin?asOf=2023-02-30', { token: county, today: ASOF }), 400)).error.code).toBe('invalid-query');
  });
});

describe('the stage a bulletin names outside every stage', () => {
  const stages = [{ id: 'self-check', name: '自查自纠', from: '2023-04-01', to: '2023-04-25', submissions: 0, decisions: 0, closeOuts: 0, notices: 0, interviews: 0 }];
  it('says the campaign has not begun, or that the date is past its stages, where it said no stages were set', () => {
    expect(noStageText({ asOf: '2023-01-01', stages })).toBe('整改活动尚未开始（首个阶段 2023-04-01 起）');
    expect(noStageText({ asOf: '2030-01-01', stages })).toBe('不在各阶段的时间内');
    expect(noStageText({ asOf: '2023-05-01', stages: [] })).toBe('未设定阶段');
  });
});
