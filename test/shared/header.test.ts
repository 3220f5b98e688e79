import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_DEFS } from '../../shared/fields.js';
import { matchHeader } from '../../shared/header-match.js';
import { checkWorkbooks, detectHeader, holdsLedger, SheetView } from '../../shared/index.js';
import { normaliseHeader } from '../../shared/text.js';
import { grid, merge } from './grid-builder.js';

const SPEC_ALIASES: Record<string, string[]> = {
  seq: ['序号', '编号'],
  unit: ['责任单位', '单位名称', '填报单位'],
  source: ['问题来源'],
  category: ['问题类别', '问题类型', '类别', '问题分类'],
  description: ['问题描述', '存在问题', '问题表现', '具体问题', '问题内容', '主要问题', '具体问题表述'],
  cause: ['原因剖析', '原因分析', '成因分析', '问题成因'],
  measures: ['整改措施', '整改举措', '整改方案', '具体措施', '细化的整改措施'],
  goal: ['整改目标', '整改完成标准'],
  leader: ['责任领导', '牵头领导', '分管领导', '包案领导', '整改第一责任人'],
  dept: ['责任股室', '责任科室', '责任部门', '牵头股室'],
  person: ['责任人', '具体责任人', '经办人', '直接责任人'],
  deadline: ['整改时限', '完成时限', '整改时间', '整改期限', '时限'],
  progress: ['整改进展', '整改进展情况', '进展情况', '整改情况', '已采取的整改措施'],
  status: ['整改状态', '是否完成', '完成情况', '整改结果', '是否已完成整改'],
  completedOn: ['完成时间', '完成日期', '整改完成时间', '实际完成时间'],
  closedOut: ['是否销号', '销号情况'],
  closedOn: ['销号时间', '销号日期'],
  evidence: ['佐证材料', '佐证资料', '证明材料', '附件材料'],
  institution: ['建章立制', '长效机制', '完善制度情况'],
  remarks: ['备注'],
};

describe('header labels and the alias table', () => {
  for (const [field, aliases] of Object.entries(SPEC_ALIASES)) {
    it.each(aliases)(`%s names the ${field} field`, (alias) => {
      expect(matchHeader(alias)?.field).toBe(field);
    });
  }

  it('covers every field of the product in the table', () => {
    expect(new Set(FIELD_DEFS.map((d) => d.field))).toEqual(new Set(Object.keys(SPEC_ALIASES)));
  });

  it('keeps the near-twins apart', () => {
    expect(matchHeader('完成时限')?.field).toBe('deadline');
    expect(matchHeader('完成时间')?.field).toBe('completedOn');
    expect(matchHeader('整改情况')?.field).toBe('progress');
    expect(matchHeader('整改状态')?.field).toBe('status');
    expect(matchHeader('整改结果')?.field).toBe('status');
    expect(matchHeader('计划完成时间')?.field).toBe('deadline');
  });

  it('does not take a column of a thing\'s code, kind or address for the thing (单位编码 is no unit column)', () => {
    // A unit's ledger with a 单位编码 column was read as listing units 007, 0012…: the server refused it as many units.
    for (const label of ['单位编码', '单位代码', '单位性质', '单位类型', '单位地址', '单位电话', '单位级别']) expect(matchHeader(label)?.field, label).not.toBe('unit');
    expect(matchHeader('问题编号')?.field).toBe('seq');
    expect(matchHeader('问题类型')?.field).toBe('category');
    expect(matchHeader('单位')?.field).toBe('unit');
    expect(matchHeader('责任单位名称')?.field).toBe('unit');
    expect(matchHeader('整改单位（盖章）')?.field).toBe('unit');
  });

  it('matches after removing line breaks, bracketed asides and trailing punctuation', () => {
    expect(normaliseHeader('整改\n时限')).toBe('整改时限');
    expect(normaliseHeader('问题描述（具体表现）')).toBe('问题描述');
    expect(normaliseHeader('问题描述(具体表现)：')).toBe('问题描述');
    expect(matchHeader('整改\r\n时限')?.field).toBe('deadline');
    expect(matchHeader('*问题类别')?.field).toBe('category');
    expect(matchHeader('责任人：')?.field).toBe('person');
  });

  it('strips trailing punctuation and symbols exactly as the Unicode regex does, on any label', () => {
    // The definition: SPEC section 3's normalisation with regexes throughout.
    const byRegex = (label: string) => {
      let s = label.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, '');
      for (let i = 0; i < 4; i++) {
        const next = s.replace(/（[^（）]*）|\([^()]*\)|【[^【】]*】|\[[^[\]]*\]|〔[^〔〕]*〕/g, '');
        if (next === s) break;
        s = next;
      }
      return s.replace(/^[*＊※★☆·•\p{P}]+/u, '').replace(/[\p{P}\p{S}]+$/u, '');
    };
    const labels = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom(...'问题描述：:。！？…—★☆￥$+=<>|~ \u3000\u00a0（）()【】😀𠮷'.split('')) }));
    fc.assert(fc.property(labels, (label) => normaliseHeader(label) === byRegex(label)), { numRuns: 5000 });
    expect(normaliseHeader('整改时限：😀')).toBe('整改时限');
    expect(normaliseHeader('整改时限：𠮷')).toBe('整改时限：𠮷');
  });

  it('accepts a header that contains an alias, preferring the longest', () => {
    expect(matchHeader('存在的主要问题')?.field).toBe('description');
    expect(matchHeader('整改措施落实情况')?.field).toBe('progress');
    expect(matchHeader('问题类型说明')?.field).toBe('category');
  });

  it('does not take a label with its value, or a title, for a header', () => {
    expect(matchHeader('填报单位：城步苗族自治县市场监督管理局（盖章）')).toBeNull();
    expect(matchHeader('城步苗族自治县市场监督管理局综合行政执法不规范问题提级整改台账')).toBeNull();
  });
});

describe('finding the header row', () => {
  const head = ['序号', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限'];

  it('finds a one-row header below a title and labels', () => {
    const g = grid([['某某局整改台账'], ['填报单位：某某局'], head, [1, '执法程序', 'x', 'y', 'a', 'b', '年底前']]);
    const layout = detectHeader(new SheetView(g))!;
    expect(layout.headerRows).toEqual([3]);
    expect(layout.firstDataRow).toBe(4);
    expect(layout.columns.get('deadline')).toBe(7);
  });

  it('reads a two-level header: the lower label under a merged group cell', () => {
    const upper = ['序号', '问题类别', '问题描述', '整改措施', '整改责任', null, '整改时限'];
    const lower = [null, null, null, null, '责任领导', '责任人', null];
    const g = grid([upper, lower], { merges: [merge(1, 5, 1, 6), merge(1, 1, 2, 1), merge(1, 2, 2, 2), merge(1, 3, 2, 3), merge(1, 4, 2, 4), merge(1, 7, 2, 7)] });
    const layout = detectHeader(new SheetView(g))!;
    expect(layout.headerRows).toEqual([1, 2]);
    expect(layout.firstDataRow).toBe(3);
    expect(Object.fromEntries(layout.columns)).toMatchObject({ seq: 1, category: 2, description: 3, measures: 4, leader: 5, person: 6, deadline: 7 });
  });

  it('reads a two-level header without merges when the lower row adds fields', () => {
    const upper = ['序号', '问题类别', '问题描述', '整改措施', '整改责任', '', '整改时限'];
    const lower = ['', '', '', '', '责任领导', '责任人', ''];
    const layout = detectHeader(new SheetView(grid([upper, lower, [1, '执法程序', 'x', 'y', 'a', 'b', '年底前']])))!;
    expect(layout.headerRows).toEqual([1, 2]);
  });

  it('does not join a title row to the header below it', () => {
    const layout = detectHeader(new SheetView(grid([['某镇整改清单'], head])))!;
    expect(layout.headerRows).toEqual([2]);
  });

  it('does not take a title or a label line merged across the sheet for a group cell', () => {
    const title = grid([['丹口镇综合行政执法问题整改台账'], head], { merges: [merge(1, 1, 1, 7)] });
    expect(detectHeader(new SheetView(title))?.headerRows).toEqual([2]);
    const labels = grid([['填报单位：丹口镇', null, null, '填报时间：2023年4月20日'], head], { merges: [merge(1, 1, 1, 3), merge(1, 4, 1, 7)] });
    expect(detectHeader(new SheetView(labels))?.headerRows).toEqual([2]);
  });

  it('recognises a ledger only with a description and two other fields', () => {
    expect(detectHeader(new SheetView(grid([['问题描述', '整改措施']])))).toBeNull();
    expect(detectHeader(new SheetView(grid([['问题类别', '整改措施', '整改时限', '责任人']])))).toBeNull();
    expect(detectHeader(new SheetView(grid([['问题描述', '整改措施', '整改时限']])))).not.toBeNull();
  });

  it('searches 30 non-blank rows, so blank padding above the ledger does not hide it', () => {
    const rows = [...Array.from({ length: 40 }, () => [] as string[]), head];
    expect(detectHeader(new SheetView(grid(rows)))?.headerRows).toEqual([41]);
    const noisy = [...Array.from({ length: 30 }, (_, i) => [`说明第${i}行`]), head];
    expect(detectHeader(new SheetView(grid(noisy)))).toBeNull();
  });

  it('flags two visible columns for one field, and a hidden column never competes', () => {
    const twice = [...head, '具体问题'];
    const layout = detectHeader(new SheetView(grid([twice])))!;
    expect(layout.ambiguous).toEqual([{ field: 'description', columns: [3, 8] }]);
    const hidden = detectHeader(new SheetView(grid([twice], { hiddenColumns: [8] })))!;
    expect(hidden.ambiguous).toEqual([]);
    expect(hidden.columns.get('description')).toBe(3);
  });

  it('recognises its own enrichment columns and keeps them out of the fields', () => {
    const layout = detectHeader(new SheetView(grid([[...head, '检查·事项编号', '检查·规范时限']])))!;
    expect(layout.enrichment.get('key')).toBe(8);
    expect(layout.enrichment.get('due')).toBe(9);
    expect(layout.columns.get('deadline')).toBe(7);
    expect(layout.lastColumn).toBe(7);
  });

  it('honours a grid that starts away from A1', () => {
    const layout = detectHeader(new SheetView(grid([head], { top: 5, left: 3 })))!;
    expect(layout.headerRows).toEqual([5]);
    expect(layout.columns.get('seq')).toBe(3);
  });
});

describe('holdsLedger', () => {
  it('says what checkWorkbooks says of a sheet, for ledgers and for sheets that are not', () => {
    const sheets = [
      { sheet: '台账', values: [['序号', '问题描述', '整改措施', '整改时限'], [1, '2023年3月对2起案件未告知陈述申辩权利', '逐案补正', '2023年6月30日']] },
      { sheet: '说明', values: [['填表说明'], ['1. 问题描述写清时间、地点、数量']] },
      { sheet: '空', values: [] },
      { sheet: '两行表头', values: [['序号', '问题描述', '整改责任', null], [null, null, '责任领导', '责任人'], [1, '2022年受理的5起投诉超期办结', '张三', '李四']] },
    ];
    for (const g of sheets) {
      const checked = checkWorkbooks([{ file: 'a.xlsx', sheets: [g] }]).sheets[0]!.isLedger;
      expect(holdsLedger(new SheetView(g, 'a.xlsx')), g.sheet).toBe(checked);
    }
    expect(sheets.map((g) => holdsLedger(new SheetView(g)))).toEqual([true, false, false, true]);
  });
});
