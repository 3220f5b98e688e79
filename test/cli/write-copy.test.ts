import { promises as fsp, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { saveWorkbook } from '../../cli/annotate-xlsx.js';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);
afterEach(() => vi.restoreAllMocks());

/** A copy whose replacing fails as Windows fails it when the copy before is open in Excel. */
async function saveFailing(code: string): Promise<unknown> {
  vi.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error(`${code}: operation not permitted, rename`), { code }));
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('整改台账').getCell('A1').value = '序号';
  return saveWorkbook(wb, join(tmp.dir, 'out', '儒林镇.xlsx')).then(() => null, (e: unknown) => e);
}

describe('an annotated copy that cannot be written', () => {
  it('says the copy may be open in Excel or WPS (Windows locks it), Chinese first, and leaves no temporary file', async () => {
    const error = (await saveFailing('EPERM')) as { text(lang: 'zh' | 'en'): string };
    expect(error.text('zh')).toMatch(/无法写出 .*儒林镇\.xlsx（文件可能正在 Excel 或 WPS 中打开，或没有写入权限：请关闭它后再试）/);
    expect(error.text('en')).toMatch(/cannot write .*儒林镇\.xlsx \(the file may be open in Excel or WPS/);
    expect(readdirSync(join(tmp.dir, 'out'))).toEqual([]);
    expect(((await saveFailing('EBUSY')) as { text(lang: 'zh'): string }).text('zh')).toMatch(/文件正在 Excel 或 WPS 中打开/);
    // A code it has no words for is shown as it is.
    expect(((await saveFailing('EIO')) as { text(lang: 'zh'): string }).text('zh')).toMatch(/（EIO）$/);
  });
});
