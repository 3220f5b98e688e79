import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, itemKey } from '../../shared/index.js';
import { SCANNED, scanDescription } from '../../shared/description-scan.js';
import { diagnosticAt } from '../../shared/diagnostics/make.js';
import { keyHash, keyHashFrom, keyOfState, unitKeyState } from '../../shared/key.js';
import { charLength, compactText } from '../../shared/text.js';
import { ItemRows } from '../../shared/rows.js';
import { SheetView } from '../../shared/sheet-view.js';
import { detectHeader } from '../../shared/header.js';
import type { CellValue } from '../../shared/index.js';
import { grid, HEADER, itemRow, merge, workbook } from './grid-builder.js';

// The key as it was first defined: FNV-1a over the basis with two seeds, each in base 36 padded
// to seven digits, upper-cased. The one-pass key (per-unit state, digits by long division) must
// give the same key for every input, or stored items would lose their history.
function fnv(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}
function definitionKey(unit: string, seq: string, description: string): string {
  const basis = seq.trim() ? `${unit}\u0000#${seq.trim()}` : `${unit}\u0000${compactText(description)}`;
  const a = fnv(basis, 0x811c9dc5).toString(36).padStart(7, '0');
  const b = fnv(basis, 0x050c5d1f).toString(36).padStart(7, '0');
  return `ZG-${(a + b).toUpperCase()}`;
}

describe('the lean core reads as the definition does', () => {
  it('writes every item key as the definition of the key does', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string({ unit: 'grapheme' }), (unit, seq, description) => {
      expect(itemKey(unit, seq, description)).toBe(definitionKey(unit, seq, description));
    }), { numRuns: 3000 });
    expect(itemKey('儒林镇', ' 3 ', '')).toBe(definitionKey('儒林镇', '3', ''));
  });

  it('writes a hash state as toString(36) does, at the edges of 32 bits too', () => {
    const b36 = (n: number) => (n >>> 0).toString(36).padStart(7, '0').toUpperCase();
    // Digits are written two per division by 36²: the edges of each pair and of the seventh digit too.
    const edges = [0, 1, 35, 36, 1295, 1296, 1297, 36 ** 3, 36 ** 4 - 1, 36 ** 4, 36 ** 5, 36 ** 6 - 1, 36 ** 6, 2 * 36 ** 6 - 1,
      0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, -1, -2147483648];
    for (const a of edges) for (const b of edges) expect(keyOfState(a, b)).toBe(`ZG-${b36(a)}${b36(b)}`);
    fc.assert(fc.property(fc.integer(), fc.integer(), (a, b) => {
      expect(keyOfState(a, b)).toBe(`ZG-${b36(a)}${b36(b)}`);
    }), { numRuns: 3000 });
  });

  it('hashes a 序号 from the unit\'s state as from the unit, so the sheet reader looks each unit up once', () => {
    // keyHash takes the 序号 trimmed (the reader trims it), as the definition does.
    fc.assert(fc.property(fc.string(), fc.string({ minLength: 1 }).filter((s) => s.trim() === s), (unit, seq) => {
      const fromUnit = [...keyHash(unit, seq, '')];
      expect([...keyHashFrom(unitKeyState(unit), seq, '')]).toEqual(fromUnit);
      expect(keyOfState(fromUnit[0]!, fromUnit[1]!)).toBe(definitionKey(unit, seq, ''));
    }), { numRuns: 2000 });
  });

  it('scans a description as compactText leaves it: the same length and the same key, without building it', () => {
    // Graphemes, lone surrogates, astral ideographs (kept) and emoji (dropped), punctuation and spaces.
    const piece = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.constantFrom('𠀀', '😀', '\ud800', '\udc00', '，', ' ', '执法'));
    fc.assert(fc.property(fc.string(), fc.array(piece, { maxLength: 8 }), (unit, pieces) => {
      const text = pieces.join('');
      const start = unitKeyState(unit);
      expect(scanDescription(text, start[0]!, start[1]!)).toBe(charLength(compactText(text)));
      expect(keyOfState(SCANNED[0]!, SCANNED[1]!)).toBe(definitionKey(unit, '', text));
      expect(SCANNED[2]).toBe(compactText(text).length);
    }), { numRuns: 3000 });
  });

  it('keys every item as the definition with a Set of the sheet keys does: written keys, repeated 序号 and descriptions, keys that look hashed', () => {
    const written = fc.oneof(
      fc.constant(null),
      fc.constantFrom('A', 'A-3', 'ZG-00000000000000', 'ZG-ZZZZZZZZZZZZZZ', 'ZG-1Z141Z30000000', 'zg-00000000000000'),
      fc.string({ minLength: 1, maxLength: 4 }).map((x) => x.trim()).filter((x) => x.length > 0),
    );
    const row = fc.record({ seq: fc.constantFrom('', '1', '2', ' 2 ', '3'), text: fc.constantFrom('执法记录仪视频未全程记录，涉及3起案件', '执法记录仪视频未全程记录涉及3起案件。', '未全程记录'), written });
    type Row = { seq: string; text: string; written: string | null };
    const check = (rows: Row[], hashedLookalike: boolean) => {
      const header = [...HEADER, '检查·事项编号'];
      // A written key equal to a key the sheet's own hash gives (a ZG- key typed in by hand).
      const lookalike = definitionKey('甲镇', '1', '');
      const values = rows.map((r, i) => {
        const cells = itemRow(i + 1, { 0: r.seq || null, 2: r.text });
        return [...cells, hashedLookalike && i === rows.length - 1 ? lookalike : r.written];
      });
      const items = checkWorkbooks([workbook('a.xlsx', grid([header, ...values], { sheet: '甲镇' }))], { asOf: '2023-05-29', unit: '甲镇' }).sheets[0]!.items;
      const keys = new Set<string>();
      const expected = values.map((v, i) => {
        const writtenKey = v[HEADER.length] as string | null;
        let key = writtenKey || definitionKey('甲镇', String(v[0] ?? ''), String(v[2]));
        if (keys.has(key)) key = `${key}-${i + 2}`;
        keys.add(key);
        return key;
      });
      expect(items.map((it) => it.key)).toEqual(expected);
    };
    // A key given its row meets a written key of that text.
    const text = '执法记录仪视频未全程记录，涉及3起案件';
    check([{ seq: '1', text, written: 'A' }, { seq: '2', text, written: 'A' }, { seq: '3', text, written: 'A-3' }], false);
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.boolean(), (rows, hashedLookalike) => {
      check(rows, hashedLookalike);
    }), { numRuns: 500 });
  });

  it('fills each message from its own template placeholders, so a shared message never hides an English-only value', () => {
    const a = diagnosticAt('required-empty', 'a.xlsx', 'S', 2, 'G', 'person', { label: '责任人', labelEn: 'person' });
    const b = diagnosticAt('required-empty', 'a.xlsx', 'S', 3, 'G', 'person', { label: '责任人', labelEn: 'officer' });
    expect([a.messageEn, b.messageEn]).toEqual(['"person" is empty. Fill it in.', '"officer" is empty. Fill it in.']);
    expect(b.details).toEqual({ label: '责任人', labelEn: 'officer' });
  });

  it('skips a "nothing found" row however it is spaced out, and keeps a long description', () => {
    const spaced = '经 自 查 ，  暂 未 发 现 问 题 。   ';
    const report = checkWorkbooks([workbook('a.xlsx', grid([HEADER, itemRow(1), [2, '执法程序', spaced, '无'], itemRow(3)]))], { asOf: '2023-05-29' });
    expect(report.sheets[0]!.items.map((i) => i.row)).toEqual([2, 4]);
  });

  it('gives repeated diagnostics one shared message and details and frozen shared answers, yet each item its own diagnostics list', () => {
    const rows = [HEADER, itemRow(1, { 6: null, 7: '2023年4月30日' }), itemRow(2, { 6: null, 7: '2023年4月30日' })];
    const [a, b] = checkWorkbooks([workbook('a.xlsx', grid(rows))], { asOf: '2023-05-29' }).sheets[0]!.items;
    const empty = (i: typeof a) => i!.diagnostics.find((d) => d.code === 'required-empty')!;
    expect(empty(a).message).toBe('“责任人”未填写。请补充该项内容。');
    expect(empty(a).message).toBe(empty(b).message);
    // Their details too, frozen, as the details of one diagnostic read.
    expect(empty(a).details).toBe(empty(b).details);
    expect(Object.isFrozen(empty(a).details)).toBe(true);
    expect(empty(a).details).toEqual({ label: '责任人', labelEn: 'person' });
    expect(a!.timeliness).toEqual({ state: 'overdue', daysOverdue: 29 });
    expect(Object.isFrozen(a!.timeliness) && Object.isFrozen(a!.deadline)).toBe(true);
    expect(a!.diagnostics).not.toBe(b!.diagnostics);
    expect(JSON.parse(JSON.stringify(a)).deadline).toEqual({ kind: 'date', due: '2023-04-30', text: '2023年4月30日' });
  });

  it('gives items with nothing found one frozen empty list, and an item the near-duplicate search flags a list of its own', () => {
    const copied = '对违规建房巡查不到位，2023年3月发现违建2处未及时制止，群众反映强烈';
    const clean = (seq: number, text: string) => itemRow(seq, { 2: text, 9: null });
    const a = grid([HEADER, clean(1, copied), clean(2, '2023年3月办理的第2起案件现场检查笔录未载明执法证号，不符合程序规定')], { sheet: 'A' });
    const b = grid([HEADER, clean(1, copied.replace('2处', '3处')), clean(2, '2022年以来办结的行政处罚案卷中有5卷超期归档，档案管理制度执行不严')], { sheet: 'B' });
    const report = checkWorkbooks([workbook('茅坪镇.xlsx', a), workbook('儒林镇.xlsx', b)], { asOf: '2023-05-29' });
    const [a1, a2] = report.sheets[0]!.items;
    const [b1, b2] = report.sheets[1]!.items;
    expect(a2!.diagnostics).toEqual([]);
    expect(a2!.diagnostics).toBe(b2!.diagnostics);
    expect(Object.isFrozen(a2!.diagnostics)).toBe(true);
    expect(a1!.diagnostics.map((d) => d.code)).toEqual(['near-duplicate']);
    expect(b1!.diagnostics.map((d) => d.code)).toEqual(['near-duplicate']);
    expect(a1!.diagnostics).not.toBe(b1!.diagnostics);
  });

  it('reads each row\'s texts and fields as cell by cell reading does, when cells repeat one string object, shown texts, numbers and merges mix', () => {
    // A reader hands one string object for every cell of a shared string: the row buffers keep a
    // text while its string repeats, and must not keep it across a number, a shown text or a merge.
    const strings = ['执法程序', ' 执法程序 ', '张志强', '', '  ', '2023年6月30日前', '整改中', '已完成', '是'];
    const cell = fc.oneof(fc.constantFrom(...strings), fc.constant(null), fc.integer({ min: 1, max: 45_000 }));
    const row = fc.array(cell, { minLength: HEADER.length, maxLength: HEADER.length });
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.array(fc.nat(50), { maxLength: 3 }), (rows, shownToo, merges) => {
      const values: CellValue[][] = [HEADER, ...rows.map((r, i) => [i + 1, '执法程序', `第${i}项问题：现场检查笔录未载明执法证号`, ...r.slice(3)])];
      const formats = values.map((r) => r.map((_, c) => (c === 9 ? 'yyyy"年"m"月"d"日"' : null)));
      const text = shownToo ? values.map((r, i) => r.map((v, c) => ((i + c) % 3 === 0 && typeof v === 'string' ? v : undefined))) : undefined;
      const placed = merges.map((m) => merge(2 + (m % Math.max(1, rows.length)), 1 + (m % HEADER.length), 2 + (m % Math.max(1, rows.length)) + 1, 1 + (m % HEADER.length)));
      const view = new SheetView(grid(values, { formats, merges: placed, ...(text ? { text: text as string[][] } : {}) }), 'a.xlsx');
      const layout = detectHeader(view)!;
      const fields = [...layout.columns.keys()];
      const columns = [...layout.columns.values()];
      const anchorOf = (r: number, c: number) => placed.find((m) => r > m.top && r <= m.bottom && c === m.left)?.top ?? r;
      for (const rows = new ItemRows(view, layout); rows.next();) {
        const expected = columns.map((c) => view.text(anchorOf(rows.row, c), c));
        expect(rows.text).toEqual(expected);
        const object: Record<string, string> = {};
        fields.forEach((f, i) => expected[i] && (object[f] = expected[i]!));
        // The same keys in the same (column) order: what JSON writes.
        expect(JSON.stringify(rows.fieldsObject())).toBe(JSON.stringify(object));
      }
    }), { numRuns: 400 });
  });
});
