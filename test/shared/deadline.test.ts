import { describe, expect, it } from 'vitest';
import { campaignOrDefault, isoToSerial, normaliseDeadline } from '../../shared/index.js';

const c = campaignOrDefault();

const read = (text: string) => normaliseDeadline({ text, date: null }, c);

describe('deadlines as SPEC section 4 writes them', () => {
  it.each([
    ['2023年5月31日', '2023-05-31'],
    ['2023年5月31日前', '2023-05-31'],
    ['2023年5月31日之前', '2023-05-31'],
    ['2023年5月31日以前', '2023-05-31'],
    ['2023-5-31', '2023-05-31'],
    ['2023/5/31', '2023-05-31'],
    ['2023.5.31', '2023-05-31'],
    ['5月31日前', '2023-05-31'],
    ['5月31号', '2023-05-31'],
    ['2023年6月', '2023-06-30'],
    ['2023年6月底', '2023-06-30'],
    ['2023年6月底前', '2023-06-30'],
    ['6月底前', '2023-06-30'],
    ['6月末', '2023-06-30'],
    ['6月份', '2023-06-30'],
    ['6月上旬', '2023-06-10'],
    ['6月中旬', '2023-06-20'],
    ['6月下旬', '2023-06-30'],
    ['年底前', '2023-12-31'],
    ['年内', '2023-12-31'],
    ['年末', '2023-12-31'],
    ['本年度', '2023-12-31'],
    ['12月底前', '2023-12-31'],
    ['2023年底', '2023-12-31'],
    ['上半年', '2023-06-30'],
    ['下半年', '2023-12-31'],
    ['第一季度', '2023-03-31'],
    ['第二季度', '2023-06-30'],
    ['第三季度', '2023-09-30'],
    ['第四季度', '2023-12-31'],
    ['一季度', '2023-03-31'],
    ['二季度末', '2023-06-30'],
    ['2023年4月-6月', '2023-06-30'],
    ['2023年4月至6月', '2023-06-30'],
  ])('%s is due on %s', (text, due) => {
    expect(read(text)).toEqual({ kind: 'date', due, text });
  });

  it('takes an Excel date cell as that day', () => {
    expect(normaliseDeadline({ text: '2023年5月31日', date: '2023-05-31' }, c)).toMatchObject({ kind: 'date', due: '2023-05-31' });
    expect(isoToSerial('2023-05-31')).toBe(45077);
  });

  it('puts a date written without a year before the campaign start into the next year', () => {
    // The campaign starts 2023-03-29: "3月10日" can only mean March 2024.
    expect(read('3月10日前').due).toBe('2024-03-10');
    expect(read('2月底').due).toBe('2024-02-29');
    expect(read('3月31日').due).toBe('2023-03-31');
    // With a year written, the date stands even when it is early.
    expect(read('2023年3月10日').due).toBe('2023-03-10');
  });

  it('reads full-width digits, spaces and Chinese numerals', () => {
    expect(read('２０２３年６月３０日前').due).toBe('2023-06-30');
    expect(read('2023年 6月 30日').due).toBe('2023-06-30');
    expect(read('六月底前').due).toBe('2023-06-30');
    expect(read('十二月三十一日前').due).toBe('2023-12-31');
  });

  it.each(['立行立改', '即知即改', '立即整改'])('%s is immediate, due on the self-check due date plus the grace days', (text) => {
    expect(read(text)).toEqual({ kind: 'immediate', due: '2023-04-25', text });
    expect(normaliseDeadline({ text, date: null }, { ...c, immediateGraceDays: 3 }).due).toBe('2023-04-28');
  });

  it.each(['长期坚持', '长期', '持续推进', '持续整改', '常态化'])('%s is ongoing with no due date', (text) => {
    expect(read(text)).toEqual({ kind: 'ongoing', text });
  });

  it('an empty cell is missing', () => {
    expect(read('')).toEqual({ kind: 'missing', text: '' });
    expect(read('   ')).toEqual({ kind: 'missing', text: '' });
  });

  it.each(['尽快', '及时整改', '已完成', '2023年2月30日', '13月底前', '5'])('%s is invalid', (text) => {
    expect(read(text).kind).toBe('invalid');
    expect(read(text).due).toBeUndefined();
  });
});
