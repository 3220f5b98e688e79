// The ExcelApi levels Excel reports, as version strings ("1.20" is not "1.2"). The current one is
// what Microsoft 365, Excel on the web and current Mac report today (ExcelApi 1.20: Windows
// Version 2509, Mac 16.100, per Microsoft's requirement-set table); the host defaults to it.
// https://learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-requirement-sets
export const CURRENT_EXCEL_API = '1.20';

/** Every numbered ExcelApi set, oldest first. */
export const EXCEL_API_LEVELS: readonly string[] = Array.from({ length: 20 }, (_, i) => `1.${i + 1}`);

/** The minor number of "1.N" (1.20 → 20, 1.2 → 2); a number such as 1.2 is read as written. */
export function apiMinor(v: string | number): number {
  return Number(String(v).split('.')[1] ?? 0);
}

/** A level as Excel writes it: a string, so that 1.20 survives JSON (a number would be 1.2). */
export function apiLevel(v: string | number | undefined): string {
  if (v === undefined || v === '') return CURRENT_EXCEL_API;
  const s = String(v);
  if (!EXCEL_API_LEVELS.includes(s)) throw new Error(`Unknown ExcelApi level ${s}; known: ${EXCEL_API_LEVELS.join(', ')}`);
  return s;
}
