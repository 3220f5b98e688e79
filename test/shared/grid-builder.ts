import type { CellValue, Grid, Merge, WorkbookInput } from '../../shared/index.js';

/** A sheet written as rows of values, the way a test reads best. */
export function grid(rows: CellValue[][], extra: Partial<Grid> = {}): Grid {
  return { sheet: 'Sheet1', top: 1, left: 1, values: rows, ...extra };
}

export function workbook(file: string, ...sheets: Grid[]): WorkbookInput {
  return { file, sheets };
}

export function merge(top: number, left: number, bottom: number, right: number): Merge {
  return { top, left, bottom, right };
}

/** A standard one-row header with every required and recommended field. */
export const HEADER = ['序号', '问题类别', '问题描述', '原因分析', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '完成时间', '佐证材料'];

/** A well-formed item row for HEADER; override any cell by index. */
export function itemRow(seq: number, overrides: Record<number, CellValue> = {}): CellValue[] {
  const row: CellValue[] = [
    seq,
    '执法程序',
    `2023年3月办理的第${seq}起案件现场检查笔录未载明执法证号，不符合程序规定`,
    '审核把关不严',
    '对2022年以来办结案卷开展全面评查并组织专题学习',
    '张志强',
    '杨帆',
    '2023年6月30日前',
    '整改中',
    null,
    null,
  ];
  for (const [i, v] of Object.entries(overrides)) row[Number(i)] = v;
  return row;
}
