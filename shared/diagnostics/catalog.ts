import type { Severity } from '../schema/report.js';

export interface DiagnosticDef {
  severity: Severity;
  /** What the code is about, in a few words (zh / en). */
  title: string;
  titleEn: string;
  /** Message templates; {name} is filled from the diagnostic's details. They say how to fix it. */
  zh: string;
  en: string;
}

/**
 * Every diagnostic the checker reports (SPEC section 5), as data: the core returns these,
 * the shells render them. Codes are stable; messages may improve.
 */
export const DIAGNOSTICS = {
  'header-not-found': {
    severity: 'error', title: '未找到台账表头', titleEn: 'No ledger header',
    zh: '在{where}的前30行未找到整改台账表头（需有“问题描述”及至少两个其他栏目，如问题类别、整改措施、整改时限）。请确认打开的是整改台账，或把表头改为规范栏目名称。',
    en: 'No rectification-ledger header in the first 30 rows of {where} (it needs a description column and at least two others such as category, measures, deadline). Check that this is the ledger, or rename the header cells to the standard names.',
  },
  'sheet-skipped': {
    severity: 'info', title: '非台账工作表', titleEn: 'Sheet skipped',
    zh: '工作表“{sheet}”不是整改台账，已跳过（本文件的台账在其他工作表）。',
    en: 'Sheet "{sheet}" holds no ledger and was skipped (another sheet of this file does).',
  },
  'column-missing': {
    severity: 'error', title: '缺少栏目', titleEn: 'Column missing',
    zh: '台账缺少“{label}”栏目。请在表头中增加“{label}”列并逐项填写。',
    en: 'The ledger has no "{labelEn}" column ({label}). Add the column to the header and fill it for every item.',
  },
  'column-ambiguous': {
    severity: 'warning', title: '栏目重复', titleEn: 'Ambiguous column',
    zh: '{columns}列都像是“{label}”栏目，本次按{used}列读取。请删除或改名多余的列。',
    en: 'Columns {columns} all look like the "{labelEn}" column; {used} was used. Remove or rename the extra column.',
  },
  'required-empty': {
    severity: 'error', title: '必填项为空', titleEn: 'Required value empty',
    zh: '“{label}”未填写。请补充该项内容。',
    en: '"{labelEn}" is empty. Fill it in.',
  },
  'category-invalid': {
    severity: 'error', title: '问题类别不规范', titleEn: 'Category not allowed',
    zh: '问题类别“{value}”不在本次整改的类别中。请改为以下之一：{allowed}。',
    en: 'Category "{value}" is not one of this campaign\'s categories. Use one of: {allowed}.',
  },
  'deadline-invalid': {
    severity: 'error', title: '整改时限不明确', titleEn: 'Deadline unclear',
    zh: '整改时限“{value}”无法确定具体日期。请写明日期（如2023年6月30日前、6月底前），或写“立行立改”“长期坚持”。',
    en: 'Deadline "{value}" names no date. Write a date (e.g. 2023-06-30, end of June), or 立行立改 (at once) or 长期坚持 (ongoing).',
  },
  'deadline-before-campaign': {
    severity: 'warning', title: '时限早于整改开始', titleEn: 'Deadline before campaign',
    zh: '整改时限{due}早于本次整改开始日期{startsOn}。请核对年份或日期。',
    en: 'The deadline {due} is before the campaign started ({startsOn}). Check the year or the date.',
  },
  'calendar-unknown': {
    severity: 'info', title: '节假日安排未知', titleEn: 'Holiday calendar unknown',
    zh: '{years}年的法定节假日和调休安排尚未收录，按工作日为周一至周五计算“个工作日内”的时限。国务院公布该年安排后，请管理员把它写入检查方案的 holidays 设置，这些时限即按其计算。',
    en: 'The official holiday calendar for {years} is not known yet: working-day deadlines were counted Monday to Friday. Once the State Council publishes that year\'s holidays, the administrator can write them into the campaign\'s holidays setting and they will be counted by it.',
  },
  'status-invalid': {
    severity: 'error', title: '整改状态无法识别', titleEn: 'Status not recognised',
    zh: '整改状态“{value}”无法识别。请填写“未整改”“整改中”“已完成”或“已销号”。',
    en: 'Status "{value}" is not recognised. Use 未整改 (not started), 整改中 (in progress), 已完成 (completed) or 已销号 (closed out).',
  },
  'status-empty': {
    severity: 'info', title: '整改状态未填', titleEn: 'Status empty',
    zh: '整改状态未填写，按“整改中”统计。请填写实际状态。',
    en: 'Status is empty and is counted as in progress. Fill in the actual status.',
  },
  'closed-not-completed': {
    severity: 'error', title: '未完成即销号', titleEn: 'Closed out but not completed',
    zh: '该事项已标记销号，但整改状态为“{value}”。销号须以整改完成为前提，请核实状态或撤销销号。',
    en: 'The item is marked closed out but its status is "{value}". Only completed items can be closed out: correct the status or undo the close-out.',
  },
  'closed-without-evidence': {
    severity: 'error', title: '销号无佐证', titleEn: 'Closed out without evidence',
    zh: '该事项已销号，但未填写佐证材料。请列明佐证材料（如整改报告、制度文件、签到表）。',
    en: 'The item is closed out but lists no evidence. Name the evidence (report, rules issued, attendance sheet…).',
  },
  'completed-without-evidence': {
    severity: 'warning', title: '完成无佐证', titleEn: 'Completed without evidence',
    zh: '该事项已完成，但未填写佐证材料。请补充佐证材料，以便销号。',
    en: 'The item is completed but lists no evidence. Add the evidence so it can be closed out.',
  },
  'completed-without-date': {
    severity: 'warning', title: '完成未填时间', titleEn: 'Completed without a date',
    zh: '该事项已完成，但未填写完成时间。请填写实际完成日期。',
    en: 'The item is completed but has no completion date. Enter the date it was completed.',
  },
  'completed-in-future': {
    severity: 'error', title: '完成时间晚于今天', titleEn: 'Completion date in the future',
    zh: '完成时间{completedOn}晚于检查日期{asOf}，已完成事项的完成时间不能是将来。请核对日期或整改状态。',
    en: 'The completion date {completedOn} is after the check date {asOf}; a completed item cannot be completed in the future. Check the date or the status.',
  },
  overdue: {
    severity: 'warning', title: '已逾期', titleEn: 'Overdue',
    zh: '整改时限{due}已过，逾期{days}天仍未完成。请加快整改，或说明原因。',
    en: 'Due {due}: {days} days overdue and not completed. Speed up the rectification or explain the delay.',
  },
  'description-vague': {
    severity: 'warning', title: '问题描述笼统', titleEn: 'Description vague',
    zh: '问题描述过于笼统（{length}字，缺少具体人、事、数量）。请写明具体表现，做到见人见事，如时间、案件数量、涉及人员。',
    en: 'The description is vague ({length} characters, no persons, events or numbers). Say what happened: when, which cases, how many, who.',
  },
  'measures-vague': {
    severity: 'warning', title: '整改措施空泛', titleEn: 'Measures vague',
    zh: '整改措施过于简单（{length}字）。请写明具体做法、责任和完成标准。',
    en: 'The measures are too thin ({length} characters). Say what will be done, by whom, and what counts as done.',
  },
  'duplicate-item': {
    severity: 'warning', title: '重复事项', titleEn: 'Duplicate item',
    zh: '与第{otherRow}行的问题描述相同。请合并重复事项或写明区别。',
    en: 'Same description as row {otherRow}. Merge the duplicates or make the difference clear.',
  },
  'near-duplicate': {
    severity: 'warning', title: '与其他单位雷同', titleEn: 'Near-duplicate of another unit',
    zh: '问题描述与“{otherUnit}”第{otherRow}行高度相似（相似度{percent}%）。请结合本单位实际，写明本单位的具体问题。',
    en: 'The description is {percent}% similar to row {otherRow} of {otherUnit}. Describe this unit\'s own problem in its own terms.',
  },
  'returned-unchanged': {
    severity: 'warning', title: '退回事项未修改', titleEn: 'Returned item unchanged',
    zh: '该事项已被县巡察办退回完善{comment}，但本次报送的问题描述、整改措施、整改时限、整改状态、进展和佐证材料均未修改，仍为“退回完善”。请按退回意见修改后再报送。',
    en: 'The county office returned this item for improvement{commentEn}, but this version changes none of its description, measures, deadline, status, progress or evidence, so it stays returned. Revise it as asked and submit again.',
  },
} as const satisfies Record<string, DiagnosticDef>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
