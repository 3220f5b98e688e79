import ExcelJS from 'exceljs';
import * as data from './demo-county-data.js';
import { addLedgerSheet, type LedgerColumn, type LedgerSheetSpec, type SampleRow } from './ledger-sheet.js';

/** Bureaus often copy the county's template: two-level header, 责任股室, 是否销号. */
const BUREAU_TWO_LEVEL: LedgerColumn[] = [
  { header: '序号', field: 'seq', width: 6 },
  { header: '问题类别', field: 'category' },
  { header: '问题描述', field: 'description' },
  { header: '原因剖析', field: 'cause' },
  { header: '整改措施', field: 'measures' },
  { header: '责任领导', group: '整改责任', field: 'leader' },
  { header: '责任股室', group: '整改责任', field: 'dept' },
  { header: '责任人', group: '整改责任', field: 'person' },
  { header: '整改时限', field: 'deadline' },
  { header: '整改进展', group: '整改落实情况', field: 'progress' },
  { header: '是否完成', group: '整改落实情况', field: 'status' },
  { header: '完成时间', group: '整改落实情况', field: 'completedOn' },
  { header: '是否销号', field: 'closedOut' },
  { header: '佐证材料', field: 'evidence' },
];

const ONE_LEVEL: LedgerColumn[] = [
  { header: '序号', field: 'seq', width: 6 },
  { header: '问题类别', field: 'category' },
  { header: '问题描述', field: 'description' },
  { header: '原因分析', field: 'cause' },
  { header: '整改措施', field: 'measures' },
  { header: '责任领导', field: 'leader' },
  { header: '责任人', field: 'person' },
  { header: '整改时限', field: 'deadline' },
  { header: '整改进展情况', field: 'progress' },
  { header: '整改状态', field: 'status' },
  { header: '完成时间', field: 'completedOn' },
  { header: '佐证材料', field: 'evidence' },
  { header: '备注', field: 'remarks' },
];

/** Townships' own wording of the same header. */
const TOWNSHIP: LedgerColumn[] = [
  { header: '序号', field: 'seq', width: 6 },
  { header: '问题类型', field: 'category' },
  { header: '具体问题', field: 'description' },
  { header: '成因分析', field: 'cause' },
  { header: '整改举措', field: 'measures' },
  { header: '牵头领导', field: 'leader' },
  { header: '具体责任人', field: 'person' },
  { header: '整改期限', field: 'deadline' },
  { header: '完成情况', field: 'status' },
  { header: '完成日期', field: 'completedOn' },
  { header: '佐证资料', field: 'evidence' },
];

export interface DemoUnit {
  /** File name in test/fixtures/demo-county/. */
  file: string;
  unit: string;
  /** True for the two units the demo puts under key attention. */
  keyAttention: boolean;
  sheet: Omit<LedgerSheetSpec, 'rows'>;
  rows: SampleRow[];
}

const county = '城步苗族自治县';
const title = (unit: string, kind = '整改台账') => `${unit}综合行政执法不规范问题${kind}`;
const labels = (unit: string, filled: string): [string, string] => [`填报单位：${unit}（盖章）`, `填报时间：${filled}`];
const footer = (who: string, phone: string) => [`填表人：${who}        联系电话：${phone}`];

/** The ten units, each laid out the way such a unit would. */
export const DEMO_UNITS: DemoUnit[] = [
  { file: 'nature-resources.xlsx', unit: `${county}自然资源局`, keyAttention: false, rows: data.NATURE_RESOURCES,
    sheet: { name: '整改台账', title: title(`${county}自然资源局`, '提级整改台账'), labels: labels(`${county}自然资源局`, '2023年4月23日'), columns: BUREAU_TWO_LEVEL, mergeRuns: ['leader'], footer: footer('蓝海燕', '0739-7322180') } },
  { file: 'agriculture.xlsx', unit: `${county}农业农村局`, keyAttention: false, rows: data.AGRICULTURE,
    sheet: { name: 'Sheet1', title: title(`${county}农业农村局`), columns: ONE_LEVEL, dateFormat: 'yyyy/m/d' } },
  { file: 'urban-management.xlsx', unit: `${county}城市管理和综合执法局`, keyAttention: false, rows: data.URBAN_MANAGEMENT,
    sheet: { name: '整改台账', title: title(`${county}城市管理和综合执法局`), labels: labels(`${county}城市管理和综合执法局`, '2023年4月22日'), columns: BUREAU_TWO_LEVEL, footer: footer('罗小平', '0739-7321110') } },
  { file: 'culture-tourism.xlsx', unit: `${county}文化旅游广电体育局`, keyAttention: false, rows: data.CULTURE_TOURISM,
    sheet: { name: '问题清单', labels: labels(`${county}文化旅游广电体育局`, '2023年4月24日'), columns: ONE_LEVEL } },
  { file: 'emergency.xlsx', unit: `${county}应急管理局`, keyAttention: false, rows: data.EMERGENCY,
    sheet: { name: '自查自纠', title: title(`${county}应急管理局`, '自查自纠问题清单'), labels: labels(`${county}应急管理局`, '2023年4月25日'), columns: TOWNSHIP, dateFormat: 'yyyy-mm-dd' } },
  { file: 'health.xlsx', unit: `${county}卫生健康局`, keyAttention: false, rows: data.HEALTH,
    sheet: { name: '整改台账', title: title(`${county}卫生健康局`), labels: labels(`${county}卫生健康局`, '2023年4月25日'), columns: BUREAU_TWO_LEVEL, mergeRuns: ['leader'] } },
  { file: 'forestry.xlsx', unit: `${county}林业局`, keyAttention: false, rows: data.FORESTRY,
    sheet: { name: `${county}林业局`, columns: ONE_LEVEL } },
  { file: 'danko-town.xlsx', unit: '丹口镇', keyAttention: true, rows: data.DANKO_TOWN,
    sheet: { name: 'Sheet1', title: title('丹口镇', '整改清单'), columns: TOWNSHIP, mergeRuns: ['leader'] } },
  { file: 'xiyan-town.xlsx', unit: '西岩镇', keyAttention: true, rows: data.XIYAN_TOWN,
    sheet: { name: '整改台账', title: title('西岩镇', '整改清单'), labels: labels('西岩镇', '2023年4月24日'), columns: TOWNSHIP, mergeRuns: ['leader'], footer: footer('杨晓', '13975900312') } },
  { file: 'nanshan-town.xlsx', unit: '南山镇', keyAttention: false, rows: data.NANSHAN_TOWN,
    sheet: { name: '南山镇', labels: labels('南山镇', '2023年4月25日'), columns: ONE_LEVEL } },
];

/**
 * (g) One demo unit's workbook.
 * @example for (const u of DEMO_UNITS) await saveDeterministic(demoWorkbook(u), `demo-county/${u.file}`)
 */
export function demoWorkbook(unit: DemoUnit): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  addLedgerSheet(workbook, { ...unit.sheet, rows: unit.rows });
  return workbook;
}
