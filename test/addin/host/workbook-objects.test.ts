/// <reference types="office-js" />
// Comments, notes, names, tables and sheets behind the real client, with Excel's rules.
import { describe, expect, it } from 'vitest';
import { useHostPage } from './ledger-fixture.js';

const ctx = useHostPage();

describe('comments and notes', () => {
  it('adds, finds, reads and deletes a threaded comment', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const comments = ctx.workbook.comments;
        comments.add('整改台账!E3', '措施不具体，请细化');
        const found = comments.getItemByCell('整改台账!E3');
        found.load('content, authorName, authorEmail, resolved');
        const location = found.getLocation().load('address');
        const count = comments.getCount();
        await ctx.sync();
        const before = { content: found.content, author: found.authorName, email: found.authorEmail, resolved: found.resolved, at: location.address, count: count.value };
        found.delete();
        const after = comments.getCount();
        await ctx.sync();
        return { ...before, after: after.value };
      }),
    );
    expect(r).toEqual({ content: '措施不具体，请细化', author: '县委巡察办', email: 'xcb@example.gov.cn', resolved: false, at: '整改台账!E3', count: 1, after: 0 });
  });

  it('refuses a comment on a range of several cells', async () => {
    const error = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.comments.add('整改台账!E3:E4', 'x');
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('InvalidArgument');
  });

  it('serves notes (ExcelApi 1.18) to requests of the newer client, which the pinned library cannot send', async () => {
    expect(await ctx.host().run(() => Excel.run(async (ctx) => typeof (ctx.workbook as unknown as { notes?: unknown }).notes))).toBe('undefined');
    const send = (body: object): Promise<{ Results: { ActionId: number; Value: unknown }[]; Error?: { Code: string } }> =>
      ctx.host().run((b) => {
        const a = window.excelHost!.engine.process(JSON.stringify(b));
        return a.ok ? JSON.parse(a.body) : { Results: [], Error: { Code: String(a.hostErrorCode) } };
      }, body);
    const add = {
      ObjectPaths: {
        1: { Id: 1, ObjectPathType: 1, Name: '' },
        2: { Id: 2, ObjectPathType: 4, Name: 'Notes', ParentObjectPathId: 1 },
        3: { Id: 3, ObjectPathType: 3, Name: 'Add', ParentObjectPathId: 2, ArgumentInfo: { Arguments: ['整改台账!E3', '请补充具体措施'] } },
      },
      Actions: [
        { Id: 4, ActionType: 1, Name: '', ObjectPathId: 3 },
        { Id: 5, ActionType: 2, Name: '', ObjectPathId: 3, QueryInfo: { Select: ['content', 'authorName'] } },
      ],
    };
    await ctx.host().run(() => {
      window.excelHost!.engine.excelApi = '1.15';
    });
    expect((await send(add)).Error?.Code).toBe('ApiNotFound');
    await ctx.host().run(() => {
      window.excelHost!.engine.excelApi = '1.18';
    });
    const added = await send(add);
    expect(added.Results[1]?.Value).toEqual({ Content: '请补充具体措施', AuthorName: '县委巡察办' });
    expect((await ctx.host().view('整改台账', 'E3')).note).toBe('请补充具体措施');
    const list = await send({
      ObjectPaths: { 1: { Id: 1, ObjectPathType: 1, Name: '' }, 2: { Id: 2, ObjectPathType: 4, Name: 'Notes', ParentObjectPathId: 1 } },
      Actions: [{ Id: 3, ActionType: 2, Name: '', ObjectPathId: 2, QueryInfo: { Select: ['content'] } }],
    });
    expect(list.Results[0]?.Value).toEqual({ _Items: [{ Content: '请补充具体措施', _Id: '整改台账!E3' }] });
    const del = await send({
      ObjectPaths: {
        1: { Id: 1, ObjectPathType: 1, Name: '' },
        2: { Id: 2, ObjectPathType: 4, Name: 'Worksheets', ParentObjectPathId: 1 },
        3: { Id: 3, ObjectPathType: 5, Name: '', ParentObjectPathId: 2, ArgumentInfo: { Arguments: ['整改台账'] } },
        4: { Id: 4, ObjectPathType: 4, Name: 'Notes', ParentObjectPathId: 3 },
        5: { Id: 5, ObjectPathType: 3, Name: 'GetItemOrNullObject', ParentObjectPathId: 4, ArgumentInfo: { Arguments: ['E3'] } },
      },
      Actions: [
        { Id: 6, ActionType: 3, Name: 'Delete', ObjectPathId: 5, ArgumentInfo: { Arguments: [] } },
        { Id: 7, ActionType: 3, Name: 'GetCount', ObjectPathId: 4, ArgumentInfo: { Arguments: [] } },
      ],
    });
    expect(del.Results.at(-1)?.Value).toBe(0);
    // A cell holds a note or a comment, never both.
    await send(add);
    const error = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.comments.add('整改台账!E3', 'x');
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('InvalidOperation');
    await ctx.host().run(() => {
      window.excelHost!.engine.excelApi = '1.15';
    });
  });
});

describe('names', () => {
  it('adds, reads, resolves and deletes workbook names', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const names = ctx.workbook.names;
        names.add('ledger_body', ctx.workbook.worksheets.getItem('整改台账').getRange('A2:E5'), '数据区');
        names.add('threshold', '=0.5');
        const body = names.getItem('ledger_body');
        body.load('name, type, value, formula, comment, visible');
        const constant = names.getItem('threshold').load('type, value');
        const target = body.getRange().load('address');
        const hidden = names.getItem('categories').getRange().load('values');
        const missing = names.getItemOrNullObject('nothing');
        missing.load('name');
        await ctx.sync();
        const out = {
          body: [body.name, body.type, body.value, body.formula, body.comment, body.visible],
          constant: [constant.type, constant.value],
          target: target.address,
          categories: hidden.values.map((x) => x[0]),
          missing: missing.isNullObject,
        };
        names.getItem('threshold').delete();
        const count = names.getCount();
        await ctx.sync();
        return { ...out, count: count.value };
      }),
    );
    expect(r).toEqual({
      body: ['ledger_body', 'Range', '整改台账!$A$2:$E$5', '=整改台账!$A$2:$E$5', '数据区', true],
      constant: ['Double', 0.5],
      target: '整改台账!A2:E5',
      categories: ['执法理念', '执法程序', '执法裁量', '执法廉洁', '执法效率'],
      missing: true,
      count: 2,
    });
  });

  it('refuses a duplicate name and a name that looks like a cell', async () => {
    const duplicate = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.names.add('CATEGORIES', '=1');
        await ctx.sync();
      }),
    );
    const cellLike = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.names.add('AB12', '=1');
        await ctx.sync();
      }),
    );
    expect([duplicate?.code, cellLike?.code]).toEqual(['ItemAlreadyExists', 'InvalidArgument']);
  });
});

describe('tables', () => {
  it('creates a table from a range and reads its parts and rows', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        const table = ws.tables.add('A1:E5', true);
        table.load('name, style');
        const header = table.getHeaderRowRange().load('values');
        const body = table.getDataBodyRange().load('address');
        table.rows.add(null as never, [[5, '新问题', '执法理念', '立行立改', '立即整改']]);
        const rows = table.rows.load('items/index, items/values');
        const column = table.columns.getItem('问题描述').getDataBodyRange().load('values');
        const whole = ctx.workbook.tables.getItem('表1').getRange().load('address');
        await ctx.sync();
        return { name: table.name, style: table.style, header: header.values, body: body.address, rows: rows.items.length, last: rows.items.at(-1)?.values, column: column.values.map((x) => x[0]), whole: whole.address };
      }),
    );
    expect(r).toMatchObject({ name: '表1', style: 'TableStyleMedium2', body: '整改台账!A2:E5', rows: 5, whole: '整改台账!A1:E6' });
    expect(r.header).toEqual([['序号', '问题描述', '问题类别', '整改时限', '整改措施']]);
    expect(r.last).toEqual([[5, '新问题', '执法理念', '立行立改', '立即整改']]);
    expect(r.column).toEqual(['执法文书不规范', '案卷归档不及时', '执法文书不规范', '裁量基准未公开', '新问题']);
  });
});

describe('sheets', () => {
  it('adds sheets at the end without activating them and keeps one sheet visible', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const sheets = ctx.workbook.worksheets;
        const report = sheets.add('检查报告');
        report.load('name, position, visibility');
        const active = sheets.getActiveWorksheet().load('name');
        const visible = sheets.getCount(true);
        await ctx.sync();
        return { report: [report.name, report.position, report.visibility], active: active.name, all: visible.value };
      }),
    );
    expect(r).toEqual({ report: ['检查报告', 2, 'Visible'], active: '整改台账', all: 2 });
    const duplicate = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.add('整改台账');
        await ctx.sync();
      }),
    );
    const badName = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.add('a/b');
        await ctx.sync();
      }),
    );
    const lastVisible = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('整改台账').visibility = Excel.SheetVisibility.hidden;
        ctx.workbook.worksheets.getItem('检查报告').visibility = Excel.SheetVisibility.hidden;
        await ctx.sync();
      }),
    );
    expect([duplicate?.code, badName?.code, lastVisible?.code]).toEqual(['ItemAlreadyExists', 'InvalidArgument', 'InvalidOperation']);
  });

  it('renames a sheet and moves the names and formulas that refer to it', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('_lists').name = '类别 列表';
        const name = ctx.workbook.names.getItem('categories').load('formula');
        const ws = ctx.workbook.worksheets.getItem('整改台账');
        ws.getRange('G1').formulas = [['=COUNTIF(categories,"执法*")']];
        const g1 = ws.getRange('G1').load('values');
        await ctx.sync();
        return { formula: name.formula, count: g1.values[0]?.[0] };
      }),
    );
    expect(r).toEqual({ formula: "='类别 列表'!$A$1:$A$5", count: 5 });
  });

  it('activates, deletes and refuses to activate a hidden sheet', async () => {
    const r = await ctx.host().run(() =>
      Excel.run(async (ctx) => {
        const added = ctx.workbook.worksheets.add();
        added.load('name');
        added.activate();
        const active = ctx.workbook.worksheets.getActiveWorksheet().load('name');
        await ctx.sync();
        const name = [added.name, active.name];
        added.delete();
        const after = ctx.workbook.worksheets.getActiveWorksheet().load('name');
        await ctx.sync();
        return [...name, after.name];
      }),
    );
    expect(r).toEqual(['Sheet3', 'Sheet3', '整改台账']);
    const error = await ctx.host().error(() =>
      Excel.run(async (ctx) => {
        ctx.workbook.worksheets.getItem('_lists').activate();
        await ctx.sync();
      }),
    );
    expect(error?.code).toBe('InvalidOperation');
  });
});
