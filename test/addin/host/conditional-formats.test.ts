/// <reference types="office-js" />
// Conditional formats behind the real client: rules added, listed, reordered, cleared, and
// evaluated so a test can ask which cells show which colour.
import { describe, expect, it } from 'vitest';
import { useHostPage } from './ledger-fixture.js';

const ctx = useHostPage();

describe('conditional formats', () => {
  it('highlights exactly the cells a custom rule formula selects', async () => {
    await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        const bad = ws.getRange('C2:C5').conditionalFormats.add(Excel.ConditionalFormatType.custom);
        bad.custom.rule.formula = '=AND($C2<>"",ISNA(MATCH($C2,categories,0)))';
        bad.custom.format.fill.color = '#FFC7CE';
        bad.custom.format.font.color = '#9C0006';
        const dup = ws.getRange('B2:B5').conditionalFormats.add(Excel.ConditionalFormatType.custom);
        dup.custom.rule.formula = '=COUNTIF($B$2:$B$5,$B2)>1';
        dup.custom.format.fill.color = 'yellow';
        const overdue = ws.getRange('D2:D5').conditionalFormats.add(Excel.ConditionalFormatType.custom);
        overdue.custom.rule.formula = '=AND(ISNUMBER($D2),$D2<TODAY())';
        overdue.custom.format.font.color = 'red';
        const vague = ws.getRange('E2:E5').conditionalFormats.add(Excel.ConditionalFormatType.custom);
        vague.custom.rule.formula = '=OR(ISNUMBER(SEARCH("暂无",E2)),LEN(TRIM(E2))<4,MID(E2,1,2)="建立")';
        vague.custom.format.fill.color = '#FCE4D6';
        await ctx.sync();
      }),
    );
    const lit = (await ctx.host().highlights('整改台账')).map((v) => [v.address, v.displayFill ?? null, v.displayFontColor]);
    expect(lit).toEqual([
      ['整改台账!B2', '#FFFF00', '#000000'],
      ['整改台账!D2', null, '#FF0000'],
      ['整改台账!E3', '#FCE4D6', '#000000'],
      ['整改台账!B4', '#FFFF00', '#000000'],
      ['整改台账!C4', '#FFC7CE', '#9C0006'],
      ['整改台账!E4', '#FCE4D6', '#000000'],
      ['整改台账!D5', null, '#FF0000'],
    ]);
    const b3 = await ctx.host().view('整改台账', 'B3');
    expect(b3.displayFill).toBeUndefined();
    expect(await ctx.host().gaps()).toEqual([]);
  });

  it('keeps the cell’s own format visible to the add-in while a rule shows another fill', async () => {
    const fill = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const range = ctx.workbook.worksheets.getItem('整改台账').getRange('B2');
        const cf = range.conditionalFormats.add(Excel.ConditionalFormatType.custom);
        cf.custom.rule.formula = '=TRUE';
        cf.custom.format.fill.color = '#FF0000';
        range.load('format/fill/color');
        await ctx.sync();
        return range.format.fill.color;
      }),
    );
    expect(fill).toBe('#DDEBF7');
    expect((await ctx.host().view('整改台账', 'B2')).displayFill).toBe('#FF0000');
  });

  it('lists, reorders, deletes and clears rules through the collection', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        const first = ws.getRange('A2:E5').conditionalFormats.add(Excel.ConditionalFormatType.custom);
        first.custom.rule.formula = '=$A2>1';
        first.custom.format.fill.color = '#00FF00';
        const second = ws.getRange('C2:C5').conditionalFormats.add(Excel.ConditionalFormatType.custom);
        second.custom.rule.formula = '=C2="执法效率"';
        second.custom.format.fill.color = '#0000FF';
        const list = ws.getRange('C3').conditionalFormats;
        list.load('items/type, items/priority, items/custom/rule/formula');
        const count = ws.getRange('A1:E9').conditionalFormats.getCount();
        const where = first.getRange().load('address');
        await ctx.sync();
        const before = list.items.map((c) => [c.type, c.priority, c.custom.rule.formula]);
        ws.getRange('A2:E3').conditionalFormats.clearAll();
        const after = ws.getRange('A1:E9').conditionalFormats;
        after.load('items/custom/rule/formula');
        await ctx.sync();
        const ranges = after.items.map((c) => c.getRanges().load('address'));
        await ctx.sync();
        return { before, count: count.value, where: where.address, after: after.items.map((c, i) => [c.custom.rule.formula, ranges[i]?.address]) };
      }),
    );
    expect(r.before).toEqual([
      ['Custom', 0, '=C2="执法效率"'],
      ['Custom', 1, '=$A2>1'],
    ]);
    expect(r.count).toBe(2);
    expect(r.where).toBe('整改台账!A2:E5');
    // The rules now start on row 4: their formulas are reported for their new top-left cell.
    expect(r.after).toEqual([
      ['=C4="执法效率"', '整改台账!C4:C5'],
      ['=$A4>1', '整改台账!A4:E5'],
    ]);
    const lit = (await ctx.host().highlights('整改台账')).map((v) => [v.address, v.displayFill]);
    expect(lit).toEqual([
      ['整改台账!A4', '#00FF00'],
      ['整改台账!B4', '#00FF00'],
      ['整改台账!C4', '#00FF00'],
      ['整改台账!D4', '#00FF00'],
      ['整改台账!E4', '#00FF00'],
      ['整改台账!A5', '#00FF00'],
      ['整改台账!B5', '#00FF00'],
      ['整改台账!C5', '#00FF00'],
      ['整改台账!D5', '#00FF00'],
      ['整改台账!E5', '#00FF00'],
    ]);
  });

  it('fails loudly when a rule type other than Custom is added', async () => {
    const error = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('整改台账').getRange('A2:A5').conditionalFormats.add(Excel.ConditionalFormatType.cellValue);
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('NotImplemented');
    expect(error?.message).toContain('ConditionalFormatCollection.add("CellValue")');
  });
});
