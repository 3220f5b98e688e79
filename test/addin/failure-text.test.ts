import { describe, expect, it } from 'vitest';
import { CheckFailed, SubmittedNotShown } from '../../addin/excel/refusal.js';
import { failureText } from '../../addin/outcome.js';

/** An error as office.js gives it: Excel's code on it. */
const excelError = (code: string, message = 'Excel is in cell-editing mode.') => Object.assign(new Error(message), { code });

// What a clerk reads when Excel refused because a cell was being edited: what to do, and whether
// the sheet is as it was only when that is known.
describe('the words for a refusal while a cell is being edited', () => {
  it('a check taken back whole: the sheet is as it was, press Enter or Tab', () => {
    const text = failureText(new CheckFailed(excelError('InvalidOperationInCellEditMode'), true), 'zh');
    expect(text).toBe('未能完成：Excel 正在编辑单元格，拒绝了请求，表格与检查前相同。请按 Enter 或 Tab 结束编辑（或点选另一个单元格），再试一次。');
  });

  it('a check not taken back whole: told to undo, as any failure that left marks', () => {
    expect(failureText(new CheckFailed(excelError('InvalidOperationInCellEditMode'), false), 'zh')).toMatch(/^未能完成：Excel 拒绝了请求（InvalidOperationInCellEditMode：.*未能撤回部分已写入的标注/);
  });

  it('another job (a submission, pull status): what to do, with no claim about the sheet', () => {
    const text = failureText(excelError('InvalidOperationInCellEditMode'), 'zh');
    expect(text).toBe('未能完成：Excel 正在编辑单元格，拒绝了请求。请按 Enter 或 Tab 结束编辑（或点选另一个单元格），再试一次。');
    expect(failureText(excelError('InvalidOperationInCellEditMode'), 'en')).toMatch(/^Not done: Excel is editing a cell and refused the request\. Press Enter or Tab/);
  });
});

describe('the words for a submission stored whose results Excel did not take', () => {
  it('says it was stored, with its version, then why, and that pressing again does not submit twice', () => {
    const taken = new SubmittedNotShown(new CheckFailed(excelError('GeneralException', 'boom'), true), 2);
    expect(failureText(taken, 'zh')).toBe('已报送第2版，服务器已保存；但结果没有写入表格：Excel 拒绝了请求（GeneralException：boom）。已写入的标注已全部撤回，表格与检查前相同。请稍后再试；若反复出现，请保存并重新打开工作簿后再试。 再点一次「报送」即可写入结果，不会重复报送。');
    expect(failureText(taken, 'en')).toMatch(/^Submitted as version 2, stored by the server; but the results were not written into the sheet: Excel refused a request \(GeneralException：boom\)\..* Press Submit again to write them; nothing is submitted twice\.$/);
  });
});
