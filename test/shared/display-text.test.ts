import { beforeAll, describe, expect, it } from 'vitest';
import { displayText, loadNumberFormats, normaliseFormat } from '../../shared/xlsx/display-text.js';

// The text a number shows under its cell's format (shared/xlsx/display-text.ts), for the readers
// of .xlsx, .xls and .xlsb alike.
describe('a number\'s displayed text', () => {
  beforeAll(loadNumberFormats);
  const shown = (format: string, value: number) => displayText(value, normaliseFormat(format)) ?? String(value);

  it('under a format of nothing but a locale, colour or numeral-system tag is the number as General, not nothing', () => {
    // LibreOffice saves Chinese numerals ([DBNum1]) to .xls as a bare locale tag.
    for (const format of ['[$-1000409]', '[$-804]', '[Red]', '[Color10]', '[DBNum1]', '[$-804][DBNum2]']) {
      expect(shown(format, 123), format).toBe('123');
      expect(shown(format, 1234.5), format).toBe('1234.5');
    }
  });

  it('keeps what such tags go with, and bracketed elapsed time', () => {
    expect(shown('[$-804]yyyy"年"m"月"d"日"', 45107)).toBe('2023年6月30日');
    expect(shown('[Red]0.00', 3)).toBe('3.00');
    expect(shown('[h]:mm', 1.5)).toBe('36:00');
    expect(shown(';;;', 5)).toBe('');
  });
});
