import { createRequire } from 'node:module';

/**
 * Chinese Excel and WPS save some date formats as bare built-in ids (27–36, 50–58, e.g. 31 is
 * yyyy"年"m"月"d"日") without writing the pattern into the file. ExcelJS 4.4 knows their
 * zh-CN patterns but only looks up the locale-neutral one, so such a date would arrive as a
 * plain number 45077 with no format. Filling the neutral slot with the zh-CN pattern once, before
 * any file is read, makes those cells real dates with the format Chinese Excel displays.
 */
type BuiltinFormats = Record<string, { f?: string; 'zh-cn'?: string }>;

let patched = false;

/** Idempotent; call before the first ExcelJS read. @example useChineseBuiltinFormats() */
export function useChineseBuiltinFormats(): void {
  if (patched) return;
  patched = true;
  const require = createRequire(import.meta.url);
  // ExcelJS first: its writer indexes the built-in formats when it loads, and indexed after the
  // patch it would save zh-CN dates by bare id, which other readers show as plain numbers.
  require('exceljs');
  const formats = require('exceljs/lib/xlsx/defaultnumformats.js') as BuiltinFormats;
  for (const entry of Object.values(formats)) {
    if (!entry.f && entry['zh-cn']) entry.f = entry['zh-cn'];
  }
}
