// The simulated host's pieces in plain Node: addresses, formulas, number formats, the engine
// answering raw ProcessQuery bodies, and the requirement-set table.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress, quoteSheetName, splitSheet } from '../../../excel-sim/host/address.js';
import { API_SETS } from '../../../excel-sim/host/api-sets.js';
import { Engine } from '../../../excel-sim/host/engine.js';
import { parseFormula, printFormula } from '../../../excel-sim/host/formula-parser.js';
import { renameSheetInFormula, shiftFormula } from '../../../excel-sim/host/formula-shift.js';
import { formatText, parseTypedInput } from '../../../excel-sim/host/number-format.js';
import { summarize } from '../../../excel-sim/host/recorder.js';
import { loadSnapshot } from '../../../excel-sim/host/snapshot.js';
import { WorkbookModel } from '../../../excel-sim/host/workbook.js';
import { renderTable, requirementsFromLibrary } from './api-sets-source.js';

describe('addresses', () => {
  it('quotes only the sheet names Excel quotes', () => {
    expect(['整改台账', 'Sheet1', 'Sheet 2', "It's", 'A1', '2023台账', 'R1C1', '整改台账（2023）', 'my.sheet'].map(quoteSheetName)).toEqual([
      '整改台账',
      'Sheet1',
      "'Sheet 2'",
      "'It''s'",
      "'A1'",
      "'2023台账'",
      "'R1C1'",
      "'整改台账（2023）'",
      'my.sheet',
    ]);
  });

  it('parses cells, areas, whole columns and rows, with or without a sheet', () => {
    expect(parseAddress("'Sheet 2'!$B$2:c3")).toMatchObject({ sheet: 'Sheet 2', rect: { r0: 1, c0: 1, r1: 2, c1: 2 }, kind: 'cells' });
    expect(parseAddress('整改台账!C:A')?.rect).toEqual({ r0: 0, r1: 1_048_575, c0: 0, c1: 2 });
    expect(parseAddress('3:5')?.kind).toBe('rows');
    expect(parseAddress('XFE1')).toBeNull();
    expect(parseAddress('表1')).toBeNull();
    expect(splitSheet("'a''b'!A1")).toEqual({ sheet: "a'b", ref: 'A1' });
    expect(formatAddress('整改台账', { r0: 0, c0: 0, r1: 1_048_575, c1: 16_383 })).toBe('整改台账!1:1048576');
  });
});

describe('formulas', () => {
  it('prints what it parses and moves relative references like Excel fills', () => {
    expect(printFormula(parseFormula('=AND($C2<>"",ISNA(MATCH($C2,categories,0)))'))).toBe('=AND($C2<>"",ISNA(MATCH($C2,categories,0)))');
    expect(shiftFormula('=A1*$B$1+B$2+$C3', 2, 1)).toBe('=B3*$B$1+C$2+$C5');
    expect(shiftFormula('=SUM(A:A)', 5, 0)).toBe('=SUM(A:A)');
    expect(shiftFormula('=A1', -1, 0)).toBe('=#REF!');
    expect(renameSheetInFormula("=COUNTIF('_lists'!$A:$A,A1)", '_lists', '类别 列表')).toBe("=COUNTIF('类别 列表'!$A:$A,A1)");
  });

  it('evaluates the functions and coercions highlight rules rely on', () => {
    const wb = loadSnapshot({
      sheets: [
        {
          name: 'S',
          cells: {
            A1: { value: 5 },
            A2: { value: '5' },
            A3: { value: 'abc' },
            A4: { value: 'ABD' },
            A5: { value: true },
            B1: { value: '2023/4/1 整改' },
            C1: { value: 45017, numberFormat: 'yyyy/m/d' },
          },
        },
      ],
      names: [{ name: 'list', formula: '=S!$A$1:$A$6' }],
    });
    const sheet = wb.sheetByName('S')!;
    const ev = (f: string): unknown => {
      sheet.ensureCell(9, 9).formula = f;
      return wb.value(sheet, 9, 9);
    };
    expect(ev('=COUNTIF(A1:A6,5)')).toBe(2);
    expect(ev('=COUNTIF(A1:A6,"ab*")')).toBe(2);
    expect(ev('=COUNTIF(A1:A6,"<>")')).toBe(5);
    expect(ev('=COUNTIF(A1:A6,"")')).toBe(1);
    expect(ev('=COUNTIF(list,">4")')).toBe(1);
    expect(ev('=COUNTIFS(A1:A6,"a*",A1:A6,"*d")')).toBe(1);
    expect(ev('=SEARCH("整?",B1)')).toBe(10);
    expect(ev('=ISNUMBER(FIND("b",A4))')).toBe(false);
    expect(ev('=INDEX(A1:A6,MATCH("abd",A1:A6,0))')).toBe('ABD');
    expect(ev('=MATCH(6,{1,3,5,7},1)')).toBe(3);
    expect(ev('=IF(A1>4,"超期","")&LEN(MID(B1,1,8))')).toBe('超期8');
    expect(ev('=A2+1')).toBe(6);
    expect(ev('=A2=5')).toBe(false);
    expect(ev('="a"<"B"')).toBe(true);
    expect(ev('=TEXT(C1,"yyyy年m月d日")')).toBe('2023年4月1日');
    expect(ev('=DATE(2023,4,1)=C1')).toBe(true);
    expect(ev('=YEAR(C1)*100+MONTH(C1)')).toBe(202304);
    expect(ev('=SUMPRODUCT(--ISNUMBER(SEARCH("b",A1:A6)))')).toBe(2);
    expect(ev('=HYPERLINK("#\'整改台账\'!B4","B4")')).toBe('B4');
    expect(ev('=1/0')).toMatchObject({ code: '#DIV/0!' });
    expect(ev('=NOPE(1)')).toMatchObject({ code: '#NAME?' });
  });
});

describe('number formats and typed input', () => {
  it('shows values the way Excel formats them', () => {
    expect(formatText(45047, 'yyyy/m/d')).toBe('2023/5/1');
    expect(formatText(45047, 'yyyy"年"m"月"d"日"')).toBe('2023年5月1日');
    expect(formatText(0.125, '0.0%')).toBe('12.5%');
    expect(formatText(1234567.891, 'General')).toBe('1234567.891');
    expect(formatText(true, 'General')).toBe('TRUE');
    expect(formatText('文本', '0.00')).toBe('文本');
  });

  it('reads typed text as Excel does, unless the cell is text-formatted', () => {
    expect(parseTypedInput('2023年5月1日', 'General')).toEqual({ value: 45047, numberFormat: 'yyyy"年"m"月"d"日"' });
    expect(parseTypedInput('2023-05-01', 'General')).toEqual({ value: 45047, numberFormat: 'yyyy/m/d' });
    expect(parseTypedInput('0012', 'General')).toEqual({ value: 12 });
    expect(parseTypedInput('#N/A', 'General').value).toMatchObject({ code: '#N/A' });
    expect(parseTypedInput('0012', '@')).toEqual({ value: '0012' });
    expect(parseTypedInput('立行立改', 'General')).toEqual({ value: '立行立改' });
    expect(parseTypedInput('=A1', 'General')).toEqual({ value: null, formula: '=A1' });
  });

  it('keeps a 1904 workbook\'s dates 1,462 days lower, and shows them as the same dates', () => {
    expect(formatText(45047 - 1462, 'yyyy"年"m"月"d"日"', 'zh-CN', true)).toBe('2023年5月1日');
    expect(formatText(45047 - 1462, '0', 'zh-CN', true)).toBe('43585');
    expect(parseTypedInput('2023-05-01', 'General', 'zh-CN', true)).toEqual({ value: 43585, numberFormat: 'yyyy/m/d' });
    expect(parseTypedInput('2023年5月1日', 'yyyy/m/d', 'zh-CN', true)).toEqual({ value: 43585 });
    expect(parseTypedInput('12', 'General', 'zh-CN', true)).toEqual({ value: 12 });
    const wb = loadSnapshot({ date1904: true, sheets: [{ name: 'S', cells: { A1: { formula: '=DATE(2023,5,1)' }, A2: { formula: '=YEAR(A1)*10000+MONTH(A1)*100+DAY(A1)' }, A3: { formula: '=TEXT(A1,"yyyy-mm-dd")' } } }] }, { today: '2023-05-01' });
    const s = wb.sheetByName('S')!;
    expect([0, 1, 2].map((r) => wb.value(s, r, 0))).toEqual([43585, 20230501, '2023-05-01']);
    expect(wb.today()).toBe(43585);
  });
});

/** One raw request to an engine, as the client library would send it. */
function send(engine: Engine, paths: object, actions: object[]): { Results: { ActionId: number; Value: unknown }[]; TraceIds?: number[]; Error?: { Code: string; Message: string } } {
  const answer = engine.process(JSON.stringify({ ObjectPaths: paths, Actions: actions }));
  if (!answer.ok) throw new Error(`host error ${answer.hostErrorCode}`);
  return JSON.parse(answer.body);
}

const ROOT = { 1: { Id: 1, ObjectPathType: 1, Name: '' } };
const RANGE_A1B2 = {
  ...ROOT,
  2: { Id: 2, ObjectPathType: 4, Name: 'Worksheets', ParentObjectPathId: 1 },
  3: { Id: 3, ObjectPathType: 3, Name: 'GetActiveWorksheet', ParentObjectPathId: 2, ArgumentInfo: { Arguments: [] } },
  4: { Id: 4, ObjectPathType: 3, Name: 'GetRange', ParentObjectPathId: 3, ArgumentInfo: { Arguments: ['A1:B2'] } },
  5: { Id: 5, ObjectPathType: 4, Name: 'Format', ParentObjectPathId: 4 },
};

describe('the engine on raw requests', () => {
  it('applies Update actions, answers QueryAsJson in camelCase, and lists traces', () => {
    const engine = new Engine(WorkbookModel.blank());
    const r = send(engine, RANGE_A1B2, [
      { Id: 10, ActionType: 9, Name: '', ObjectPathId: 4, ObjectState: { values: [[1, 2], [3, 4]], format: { fill: { color: 'red' } } } },
      { Id: 11, ActionType: 5, Name: 'Trace', ObjectPathId: 0 },
      { Id: 12, ActionType: 7, Name: '', ObjectPathId: 4, QueryInfo: { Select: ['values', 'format/fill/color'] } },
    ]);
    expect(r.Results.find((x) => x.ActionId === 12)?.Value).toEqual({ values: [[1, 2], [3, 4]], format: { fill: { color: '#FF0000' } } });
    expect(r.TraceIds).toEqual([11]);
  });

  it('hands out reference ids for method paths and forgets them on _RemoveReference', () => {
    const engine = new Engine(WorkbookModel.blank());
    const first = send(engine, RANGE_A1B2, [{ Id: 10, ActionType: 1, Name: '', ObjectPathId: 4 }]);
    const id = (first.Results[0]?.Value as { _ReferenceId: string })._ReferenceId;
    const again = send(engine, { 7: { Id: 7, ObjectPathType: 6, Name: id } }, [{ Id: 8, ActionType: 2, Name: '', ObjectPathId: 7, QueryInfo: { Select: ['address'] } }]);
    expect(again.Results[0]?.Value).toEqual({ Address: 'Sheet1!A1:B2' });
    send(engine, ROOT, [{ Id: 9, ActionType: 3, Name: '_RemoveReference', ObjectPathId: 1, ArgumentInfo: { Arguments: [id] } }]);
    const gone = send(engine, { 7: { Id: 7, ObjectPathType: 6, Name: id } }, [{ Id: 8, ActionType: 2, Name: '', ObjectPathId: 7, QueryInfo: { Select: ['address'] } }]);
    expect(gone.Error?.Code).toBe('InvalidObjectPath');
    expect(summarize(engine.recorder.requests)).toMatchObject({ syncs: 3, requests: 4, errors: 1 });
  });

  it('pages collections with Top and Skip and fails EnsureUnchanged when a property changed', () => {
    const engine = new Engine(loadSnapshot({ sheets: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }));
    const paths = { ...ROOT, 2: { Id: 2, ObjectPathType: 4, Name: 'Worksheets', ParentObjectPathId: 1 }, 3: { Id: 3, ObjectPathType: 5, Name: '', ParentObjectPathId: 2, ArgumentInfo: { Arguments: ['b'] } } };
    const page = send(engine, paths, [{ Id: 4, ActionType: 2, Name: '', ObjectPathId: 2, QueryInfo: { Select: ['name'], Top: 1, Skip: 1 } }]);
    expect(page.Results[0]?.Value).toEqual({ _Items: [{ Name: 'b', _Id: '{00000000-0001-0000-0002-000000000000}' }] });
    const same = send(engine, paths, [{ Id: 5, ActionType: 8, Name: '', ObjectPathId: 3, ObjectState: { name: 'b', position: 1 } }]);
    expect(same.Error).toBeUndefined();
    const changed = send(engine, paths, [{ Id: 5, ActionType: 8, Name: '', ObjectPathId: 3, ObjectState: { position: 0 } }]);
    expect(changed.Error?.Code).toBe('InvalidOperation');
  });

  it('answers DATE from Functions in the workbook\'s date system', () => {
    const date = { ...ROOT, 2: { Id: 2, ObjectPathType: 4, Name: 'Functions', ParentObjectPathId: 1 }, 3: { Id: 3, ObjectPathType: 3, Name: 'Date', ParentObjectPathId: 2, ArgumentInfo: { Arguments: [1904, 1, 1] } } };
    const query = [{ Id: 4, ActionType: 2, Name: '', ObjectPathId: 3, QueryInfo: { Select: ['value', 'error'] } }];
    expect(send(new Engine(WorkbookModel.blank()), date, query).Results[0]?.Value).toEqual({ Value: 1462, Error: null });
    expect(send(new Engine(loadSnapshot({ date1904: true, sheets: [{ name: 'S' }] })), date, query).Results[0]?.Value).toEqual({ Value: 0, Error: null });
  });

  it('records a gap naming the member it does not model', () => {
    const engine = new Engine(WorkbookModel.blank());
    // (Range.dataValidation is modelled now: the worksheet's slicers are not.)
    const r = send(engine, { ...RANGE_A1B2, 6: { Id: 6, ObjectPathType: 4, Name: 'Slicers', ParentObjectPathId: 3 } }, [{ Id: 7, ActionType: 1, Name: '', ObjectPathId: 6 }]);
    expect(r.Error?.Code).toBe('NotImplemented');
    expect(engine.recorder.gaps.map((g) => g.what)).toEqual(['Worksheet.slicers']);
  });
});

describe('the requirement-set table', () => {
  it('matches the pinned client library', async () => {
    const table = await requirementsFromLibrary();
    expect(API_SETS.get('Range.getMergedAreasOrNullObject')).toBe('1.13');
    expect(API_SETS.get('Workbook.comments')).toBe('1.10');
    const source = await readFile(new URL('../../../excel-sim/host/api-sets.ts', import.meta.url), 'utf8');
    expect(source).toBe(renderTable(table));
  });
});
