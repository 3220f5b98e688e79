/// <reference types="office-js" />
// Data validation (ExcelApi 1.8) and RangeFormat.useStandardWidth behind the real client: the
// list rules the add-in writes (会诊事项's 决定 dropdown), and a loud gap for anything else.
import { describe, expect, it } from 'vitest';
import { LEDGER, useHostPage } from './ledger-fixture.js';
import { openHostPage } from './page.js';

const ctx = useHostPage();

describe('data validation', () => {
  it('keeps a list rule on its cells, reads it back, judges values against it, and clears it', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem('整改台账');
        const dv = sheet.getRange('E2:E4').dataValidation;
        dv.rule = { list: { inCellDropDown: true, source: '规范文书模板，组织培训,暂无' } };
        dv.errorAlert = { showAlert: true, style: Excel.DataValidationAlertStyle.stop, title: '会诊决定', message: '请选择' };
        const all = sheet.getRange('E2:E4').dataValidation;
        const one = sheet.getRange('E3').dataValidation;
        const part = sheet.getRange('E1:E2').dataValidation;
        const none = sheet.getRange('A1').dataValidation;
        for (const v of [all, one, none]) v.load('type,rule,valid');
        part.load('type'); // valid over cells with and without the rule is not modelled (it fails loudly)
        all.load('errorAlert');
        await ctx.sync();
        const before = { all: [all.type, all.rule, all.valid, all.errorAlert.title], one: [one.type, one.valid], part: part.type, none: [none.type, none.valid] };
        sheet.getRange('E3').dataValidation.clear();
        const after = sheet.getRange('E2:E4').dataValidation;
        const e2 = sheet.getRange('E2').dataValidation;
        after.load('type');
        e2.load('type');
        await ctx.sync();
        return { before, after: after.type, e2: e2.type };
      }),
    );
    // E4 holds 建立台账，限期整改到位, not in the list: the range is not valid, E3 (暂无) is.
    expect(r.before).toEqual({
      all: ['List', { list: { inCellDropDown: true, source: '规范文书模板，组织培训,暂无' } }, false, '会诊决定'],
      one: ['List', true],
      part: 'Inconsistent',
      none: ['None', true],
    });
    expect(r.after).toBe('Inconsistent');
    expect(r.e2).toBe('List');
    expect(await ctx.host().gaps()).toEqual([]);
  });

  it('fails loudly on a rule it does not model', async () => {
    const error = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('整改台账').getRange('A2:A5').dataValidation.rule = { wholeNumber: { formula1: 1, operator: Excel.DataValidationOperator.greaterThan } };
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('NotImplemented');
    expect((await ctx.host().gaps()).map((g) => g.what)).toContain('DataValidation.rule.wholeNumber');
  });

  it('is absent on an Excel before ExcelApi 1.8', async () => {
    const host = await openHostPage(ctx.browser(), { snapshot: LEDGER, supported: { ExcelApi: 1.7 } });
    try {
      const error = await host.error(() =>
        Excel.run(async (ctx) => {
          const v = ctx.workbook.worksheets.getItem('整改台账').getRange('A1').dataValidation;
          v.load('type');
          await ctx.sync();
        }),
      );
      expect(error?.code).toBe('ApiNotFound');
    } finally {
      await host.close();
    }
  });
});

describe('standard column width', () => {
  it('takes back a width set on a column', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem('整改台账');
        sheet.getRange('G:G').format.columnWidth = 90;
        const set = sheet.getRange('G:G').format;
        set.load('columnWidth,useStandardWidth');
        await ctx.sync();
        const before = [set.columnWidth, set.useStandardWidth];
        sheet.getRange('G:G').format.useStandardWidth = true;
        const back = sheet.getRange('G:G').format;
        back.load('columnWidth,useStandardWidth');
        await ctx.sync();
        return { before, after: [back.columnWidth, back.useStandardWidth] };
      }),
    );
    expect(r.before).toEqual([90, false]);
    expect(r.after).toEqual([48, true]);
  });
});
