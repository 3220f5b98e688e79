import { describe, expect, it } from 'vitest';
import { campaignOrDefault, checkWorkbooks, normaliseDeadline, parseCampaign, ReportSchema, type DeadlineStart } from '../../shared/index.js';
import { grid, HEADER, itemRow, workbook } from './grid-builder.js';

const c = campaignOrDefault();

const read = (text: string, start: DeadlineStart = {}) => normaliseDeadline({ text, date: null }, c, start);
const FILLED = { fillDate: '2023-04-24' };
const ASSIGNED = { fillDate: '2023-04-24', assignedOn: '2023-04-26' };

// Every phrase of SPEC 12.2's table, with the due date worked out by hand.
describe('the deadline forms of SPEC 12.2', () => {
  it.each([
    ['6.30', '2023-06-30'],
    ['6/30', '2023-06-30'],
    ['6-30', '2023-06-30'],
    ['6.30前完成', '2023-06-30'],
    ['1.15', '2024-01-15'], // before startsOn (03-29) without a year: next year's
  ])('%s (no year) is that day of the campaign year: %s', (text, due) => {
    expect(read(text)).toEqual({ kind: 'date', due, text });
  });

  it('does not read a range of months or a full date as month.day', () => {
    expect(read('2023年4月-6月').due).toBe('2023-06-30');
    expect(read('2023.5.31').due).toBe('2023-05-31');
    expect(read('6.31').kind).toBe('invalid');
  });

  it.each([
    ['本月底', FILLED, '2023-04-30', 'fill-date'],
    ['下月底', FILLED, '2023-05-31', 'fill-date'],
    ['下月底前', FILLED, '2023-05-31', 'fill-date'],
    ['下月中旬', FILLED, '2023-05-20', 'fill-date'],
    ['本月底', {}, '2023-04-30', 'self-check-due'],
    ['下月底', {}, '2023-05-31', 'self-check-due'],
    ['下月中旬', {}, '2023-05-20', 'self-check-due'],
    ['下月底', { fillDate: '2023-12-10' }, '2024-01-31', 'fill-date'],
    // 本月底 follows the ledger's fill date, never the 交办 date.
    ['本月底', { fillDate: '2023-04-24', assignedOn: '2023-05-06' }, '2023-04-30', 'fill-date'],
  ] as const)('%s as of %j is due %s (from %s)', (text, start, due, from) => {
    expect(read(text, start)).toEqual({ kind: 'date', due, text, from, start: 'fillDate' in start ? start.fillDate : c.selfCheckDue });
  });

  it.each([
    ['30日内', FILLED, '2023-05-24', 'fill-date'],
    ['30天内', FILLED, '2023-05-24', 'fill-date'],
    ['30日内', {}, '2023-05-25', 'self-check-due'],
    ['自交办之日起30日内', FILLED, '2023-05-24', 'fill-date'],
    ['自交办之日起30日内', ASSIGNED, '2023-05-26', 'assigned'],
    ['交办后一个月内', ASSIGNED, '2023-05-26', 'assigned'],
    ['交办后一个月内', { assignedOn: '2023-01-31' }, '2023-02-28', 'assigned'],
    ['三十日内完成', ASSIGNED, '2023-05-26', 'assigned'],
    // Working days over May Day 2023: 04-27, 04-28, (04-29…05-03 off), 05-04, 05-05, 05-06 (a
    // Saturday worked), (05-07 off), 05-08 … 05-12, 05-15 … 05-19: the 15th is 05-19.
    ['15个工作日内', ASSIGNED, '2023-05-19', 'assigned'],
    ['自交办之日起15个工作日内', ASSIGNED, '2023-05-19', 'assigned'],
    ['十五个工作日内', ASSIGNED, '2023-05-19', 'assigned'],
    // From the fill date (a Monday): 04-25 … 04-28, 05-04 … 05-06, 05-08 … 05-12, 05-15 … 05-17.
    ['15个工作日内', FILLED, '2023-05-17', 'fill-date'],
    // Over National Day 2023: 09-26 … 09-28, (09-29 … 10-06 off), 10-07, 10-08 (weekend worked), 10-09 … 10-13, 10-16 … 10-20.
    ['自交办之日起15个工作日内', { assignedOn: '2023-09-25' }, '2023-10-20', 'assigned'],
  ] as const)('%s as of %j is due %s (from %s)', (text, start, due, from) => {
    const base = 'assignedOn' in start ? start.assignedOn : 'fillDate' in start ? start.fillDate : c.selfCheckDue;
    expect(read(text, start)).toEqual({ kind: 'relative', due, text, from, start: base });
  });

  it('leaves 6月30日内 a date and 尽快 invalid', () => {
    expect(read('6月30日内', ASSIGNED)).toEqual({ kind: 'date', due: '2023-06-30', text: '6月30日内' });
    expect(read('尽快').kind).toBe('invalid');
  });
});

const sheet = (fill: string, ...deadlines: string[]) => grid([
  ['城步苗族自治县儒林镇综合行政执法不规范问题整改台账', null, null, null, null, null, null, null, null, null, null],
  [`填报时间：${fill}`, null, null, null, null, null, null, null, null, null, null],
  HEADER,
  ...deadlines.map((d, i) => itemRow(i + 1, { 7: d })),
]);

describe('relative deadlines in a check', () => {
  it('count from the sheet’s fill date, then from the 交办 date the caller gives', () => {
    const wb = workbook('a.xlsx', sheet('2023年4月24日', '30日内', '15个工作日内', '下月底'));
    const provisional = checkWorkbooks([wb], { asOf: '2023-05-01' });
    const items = provisional.sheets[0]!.items;
    expect(items.map((i) => [i.deadline.kind, i.deadline.due, i.deadline.from])).toEqual([
      ['relative', '2023-05-24', 'fill-date'], ['relative', '2023-05-17', 'fill-date'], ['date', '2023-05-31', 'fill-date'],
    ]);
    expect(items.flatMap((i) => i.diagnostics.map((d) => d.code))).not.toContain('deadline-invalid');
    const firm = checkWorkbooks([wb], { asOf: '2023-05-01', assignedOn: new Map([[items[0]!.key, '2023-04-26'], [items[1]!.key, '2023-04-26']]) });
    expect(firm.sheets[0]!.items.map((i) => [i.deadline.due, i.deadline.from, i.deadline.start])).toEqual([
      ['2023-05-26', 'assigned', '2023-04-26'], ['2023-05-19', 'assigned', '2023-04-26'], ['2023-05-31', 'fill-date', '2023-04-24'],
    ]);
    expect(() => ReportSchema.parse(firm)).not.toThrow();
    expect(firm.sheets.flatMap((s) => s.diagnostics).map((d) => d.code)).not.toContain('calendar-unknown');
  });

  it('says once per report when working days ran through a year the calendar does not cover', () => {
    const campaign = parseCampaign({ ...c, id: 'c-2027', year: 2027, startsOn: '2027-03-01', selfCheckDue: '2027-04-30', stages: undefined });
    const report = checkWorkbooks(
      [workbook('a.xlsx', sheet('2027年9月30日', '3个工作日内', '15个工作日内')), workbook('b.xlsx', sheet('2027年9月30日', '3个工作日内'))],
      { asOf: '2027-10-01', campaign },
    );
    const notes = report.sheets.flatMap((s) => s.diagnostics).filter((d) => d.code === 'calendar-unknown');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ severity: 'info', file: 'a.xlsx', message: expect.stringContaining('2027年') });
    // Monday to Friday: 10-01 (Fri), 10-04, 10-05.
    expect(report.sheets[0]!.items[0]!.deadline.due).toBe('2027-10-05');
    expect(report.stats.infos).toBeGreaterThanOrEqual(1);
  });

  // An arrangement written for these tests, not the State Council's for 2027: National Day
  // 10-01 to 10-07 off, Saturday 10-09 worked.
  const OWN_2027 = { '2027': { off: ['2027-01-01', '2027-10-01..2027-10-07'], on: ['2027-10-09'] } };
  const in2027 = (holidays?: object) => parseCampaign({ ...c, id: 'c-2027', year: 2027, startsOn: '2027-03-01', selfCheckDue: '2027-04-30', stages: undefined, ...(holidays ? { holidays } : {}) });

  it('counts by the arrangement the campaign writes for a year the package lacks, and says nothing of it then', () => {
    const report = checkWorkbooks([workbook('a.xlsx', sheet('2027年9月30日', '3个工作日内', '15个工作日内'))], { asOf: '2027-10-01', campaign: in2027(OWN_2027) });
    // 10-08 (Friday), 10-09 (a Saturday worked), 10-11 (Monday).
    expect(report.sheets[0]!.items[0]!.deadline.due).toBe('2027-10-11');
    expect(report.sheets.flatMap((s) => s.diagnostics).map((d) => d.code)).not.toContain('calendar-unknown');
    // The same ledger under a campaign without it: Monday to Friday, and said.
    const plain = checkWorkbooks([workbook('a.xlsx', sheet('2027年9月30日', '3个工作日内', '15个工作日内'))], { asOf: '2027-10-01', campaign: in2027() });
    expect(plain.sheets[0]!.items[0]!.deadline.due).toBe('2027-10-05');
    expect(plain.sheets.flatMap((s) => s.diagnostics).find((d) => d.code === 'calendar-unknown')?.message).toContain('holidays');
  });

  it('a year the campaign writes replaces the package\'s: 2023\'s May Day taken back is an ordinary week', () => {
    const ledger = () => [workbook('a.xlsx', sheet('2023年4月24日', '3个工作日内', '15个工作日内'))];
    const dues = (campaign = c) => checkWorkbooks(ledger(), { asOf: '2023-04-25', campaign }).sheets[0]!.items.map((i) => i.deadline.due);
    // From the fill date 04-24: 15 working days over May Day (04-29 to 05-03 off, 04-23 and 05-06 worked)…
    expect(dues()).toEqual(['2023-04-27', '2023-05-17']);
    // …and Monday to Friday once the campaign writes 2023 with no days off.
    expect(dues(parseCampaign({ ...c, holidays: { '2023': { off: [] } } }))).toEqual(['2023-04-27', '2023-05-15']);
  });

  it('refuses holidays that cannot be an arrangement, saying where and what (Chinese first)', () => {
    const cases: [object, string][] = [
      [{ '2027': { off: ['2028-01-01'] } }, 'holidays.2027.off.0: 不是2027年的日期'],
      [{ '2027': { off: ['2027-02-30'] } }, 'holidays.2027.off.0: 不是2027年的日期'],
      [{ '2027': { off: ['2027-10-07..2027-10-01'] } }, 'holidays.2027.off.0: 起止日期写反了'],
      [{ '2027': { off: ['2027-10-01..2027-10-07'], on: ['2027-10-03'] } }, 'holidays.2027.on.0: 同一天既放假又上班'],
      [{ '2027': { off: ['2027/10/01'] } }, 'holidays.2027.off.0'],
      [{ '27': { off: [] } }, 'holidays.27'],
      [{ '2027': { off: [], extra: [] } }, 'holidays.2027'],
    ];
    for (const [holidays, message] of cases) expect(() => in2027(holidays), JSON.stringify(holidays)).toThrow(message);
    expect(() => in2027(OWN_2027)).not.toThrow();
  });
});

describe('campaign stages and review days', () => {
  it('the default campaign has 2023 stages and counts review days in working days', () => {
    expect(c.stages?.map((s) => s.id)).toEqual(['self-check', 'rectification', 'review-back']);
    expect(c.reviewDueIn).toBe('working');
  });

  it('a campaign file may omit stages, and bad stages are refused with the reason', () => {
    const { stages: _stages, reviewDueIn: _in, ...plain } = c;
    expect(parseCampaign(plain).stages).toBeUndefined();
    // Absent stays absent (GET /me echoes the file); review-info.ts reads absent as working days.
    expect(parseCampaign(plain).reviewDueIn).toBeUndefined();
    expect(() => parseCampaign({ ...plain, stages: [{ id: 'a', name: 'A', from: '2023-05-01', to: '2023-04-01' }] })).toThrow(/from ≤ to/);
    expect(() => parseCampaign({ ...plain, stages: [
      { id: 'a', name: 'A', from: '2023-04-01', to: '2023-05-01' }, { id: 'b', name: 'B', from: '2023-05-01', to: '2023-06-01' },
    ] })).toThrow(/overlap/);
    expect(() => parseCampaign({ ...plain, reviewDueIn: 'weeks' })).toThrow(/reviewDueIn/);
  });
});
