import { format } from 'numfmt';
import { describe, expect, it } from 'vitest';
import { dateText } from '../../shared/xlsx/date-text.js';

// Dates shown without numfmt must read exactly as numfmt (and so Excel) shows them.
const FORMATS = ['yyyy/m/d', 'yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'yyyy年m月d日', 'yy.mm.dd', 'm/d', 'yyyy\\-m\\-d', 'dd/mm/yyyy', 'yyyy"年"mm"月"', 'd-m-yy'];
// Every day around 1900-03-01, leap days, month and year ends, today's range and far ahead.
const SERIALS = [61, 62, 366, 367, 1155, 36_525, 36_584, 36_585, 36_586, 43_890, 43_891, 45_077, 45_291, 45_292, 2_958_465, ...Array.from({ length: 800 }, (_, i) => 44_900 + i)];

describe('date-only formats shown without numfmt', () => {
  it.each(FORMATS)('%s reads as numfmt shows it', (fmt) => {
    for (const serial of SERIALS) expect(dateText(fmt, serial), `${fmt} ${serial}`).toBe(format(fmt, serial, { locale: 'zh-CN' }));
  });

  it('leaves to numfmt what it does not read: times, month names, fractions, early and late serials', () => {
    for (const fmt of ['yyyy/m/d h:mm', 'mmm d, yyyy', 'dddd', '0.00%', 'General', '[Red]yyyy', 'yyyy/m/d;@', '@']) expect(dateText(fmt, 45_077), fmt).toBeUndefined();
    expect(dateText('yyyy/m/d', 45_077.5)).toBeUndefined();
    expect(dateText('yyyy/m/d', 60)).toBeUndefined();
    expect(dateText('yyyy/m/d', 2_958_466)).toBeUndefined();
    expect(dateText('yyyy/m/d', 45_077)).toBe('2023/5/31');
  });
});
