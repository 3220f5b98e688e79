import { describe, expect, it } from 'vitest';
import { filterChoices, filterLines, findingLines, groupFindings, NO_FILTER } from '../../addin/taskpane/findings.js';
import { campaignOrDefault, checkWorkbooks, DIAGNOSTICS } from '../../shared/index.js';

// A ledger where three items have no 整改时限 and two share a 责任人: what the pane lists.
const HEADER = ['序号', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '佐证材料'];
const row = (n: number, person: string, deadline: string) => [n, '执法程序', `2023年3月${n}日，某某案件送达回证缺少当事人签名，涉及执法人员张某等${n}人`, '组织专项培训，逐案核查送达程序', '王局长', person, deadline, '整改中', ''];
const report = checkWorkbooks(
  [{ file: 'f', sheets: [{ sheet: '台账', values: [HEADER, row(1, '李四', ''), row(2, '李四', ''), row(3, '赵六', ''), row(4, '赵六', '2023年6月30日前')] }] }],
  { campaign: campaignOrDefault(), asOf: '2023-05-29' },
);

describe('the pane’s list of findings', () => {
  it('puts identical findings on several cells on one line listing the cells', () => {
    const lines = findingLines(report, 'zh');
    const empty = lines.filter((l) => l.code === 'required-empty' && l.field === 'deadline');
    expect(empty).toHaveLength(1);
    expect(empty[0]!.cells).toEqual(['G2', 'G3', 'G4']);
    expect(empty[0]!.persons).toEqual(['李四', '赵六']);
    const group = groupFindings(lines, 'zh', DIAGNOSTICS).find((g) => g.code === 'required-empty')!;
    expect(group.title).toBe('必填项为空');
    expect(group.count).toBeGreaterThanOrEqual(3); // three findings, one line
  });

  it('filters by severity, by column and by person', () => {
    const lines = findingLines(report, 'zh');
    expect(filterLines(lines, NO_FILTER)).toHaveLength(lines.length);
    expect(filterLines(lines, { ...NO_FILTER, severity: 'error' }).every((l) => l.severity === 'error')).toBe(true);
    expect(filterLines(lines, { ...NO_FILTER, severity: 'info' }).some((l) => l.severity === 'error')).toBe(false);
    expect(filterLines(lines, { ...NO_FILTER, field: 'deadline' }).map((l) => l.code)).toContain('required-empty');
    expect(filterLines(lines, { ...NO_FILTER, field: 'deadline' }).every((l) => l.field === 'deadline')).toBe(true);
    // 李四's items are rows 2 and 3: a line on row 4 only (赵六's dated deadline) is not his.
    const lisi = filterLines(lines, { ...NO_FILTER, person: '李四' });
    expect(lisi.length).toBeGreaterThan(0);
    expect(lisi.every((l) => l.persons.includes('李四'))).toBe(true);
    const choices = filterChoices(lines);
    expect(choices.persons).toEqual(['李四', '赵六']);
    expect(choices.fields).toContain('deadline');
  });
});
