import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FORMATS } from '../../shared/xlsx/builtin-formats.js';

type ExcelJsFormats = Record<string, { f?: string; 'zh-cn'?: string }>;
const excelJs = createRequire(import.meta.url)('exceljs/lib/xlsx/defaultnumformats.js') as ExcelJsFormats;

describe('built-in number formats', () => {
  it('name every id as ExcelJS does (its pattern, or its zh-CN one), so both readers give one grid', () => {
    const theirs = Object.fromEntries(
      Object.entries(excelJs).flatMap(([id, entry]) => {
        const pattern = entry.f ?? entry['zh-cn'];
        return pattern === undefined ? [] : [[id, pattern]];
      }),
    );
    expect(Object.fromEntries(Object.entries(BUILTIN_FORMATS))).toEqual(theirs);
  });
});
