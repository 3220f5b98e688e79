import type { Field } from './schema/report.js';

export type Tier = 'R' | 'W' | 'O';

export interface FieldDef {
  field: Field;
  tier: Tier;
  zh: string;
  /** Real headers seen for this field (SPEC section 3), after header normalisation. */
  aliases: readonly string[];
}

/**
 * The ledger's fields and the headers they go by. Aliases are examples, not a closed list:
 * the matcher also accepts a header that contains an alias (问题描述及表现), preferring an exact
 * match, so near-twins such as 完成时限 (deadline) and 完成时间 (completedOn) stay apart.
 */
export const FIELD_DEFS: readonly FieldDef[] = [
  { field: 'seq', tier: 'O', zh: '序号', aliases: ['序号', '编号', '序列号', '问题序号'] },
  { field: 'unit', tier: 'O', zh: '责任单位', aliases: ['责任单位', '单位名称', '填报单位', '整改单位', '所属单位', '乡镇场', '乡镇', '单位'] },
  { field: 'source', tier: 'O', zh: '问题来源', aliases: ['问题来源', '来源'] },
  { field: 'category', tier: 'R', zh: '问题类别', aliases: ['问题类别', '问题类型', '类别', '问题分类', '类型', '分类'] },
  {
    field: 'description', tier: 'R', zh: '问题描述',
    aliases: ['问题描述', '存在问题', '问题表现', '具体问题', '问题内容', '主要问题', '具体问题表述', '问题清单', '存在的问题', '问题名称', '问题'],
  },
  { field: 'cause', tier: 'W', zh: '原因剖析', aliases: ['原因剖析', '原因分析', '成因分析', '问题成因', '原因'] },
  { field: 'measures', tier: 'R', zh: '整改措施', aliases: ['整改措施', '整改举措', '整改方案', '具体措施', '细化的整改措施', '措施'] },
  { field: 'goal', tier: 'O', zh: '整改目标', aliases: ['整改目标', '整改完成标准', '目标'] },
  { field: 'leader', tier: 'R', zh: '责任领导', aliases: ['责任领导', '牵头领导', '分管领导', '包案领导', '整改第一责任人', '第一责任人', '领导'] },
  { field: 'dept', tier: 'O', zh: '责任股室', aliases: ['责任股室', '责任科室', '责任部门', '牵头股室', '股室', '科室'] },
  { field: 'person', tier: 'R', zh: '责任人', aliases: ['责任人', '具体责任人', '经办人', '直接责任人'] },
  {
    field: 'deadline', tier: 'R', zh: '整改时限',
    aliases: ['整改时限', '完成时限', '整改时间', '整改期限', '时限', '计划完成时间', '计划完成时限', '整改完成时限', '期限'],
  },
  { field: 'progress', tier: 'O', zh: '整改进展', aliases: ['整改进展', '整改进展情况', '进展情况', '整改情况', '已采取的整改措施', '进展', '整改落实情况', '措施落实情况', '落实情况'] },
  { field: 'status', tier: 'W', zh: '整改状态', aliases: ['整改状态', '是否完成', '完成情况', '整改结果', '是否已完成整改', '状态', '是否整改到位'] },
  { field: 'completedOn', tier: 'W', zh: '完成时间', aliases: ['完成时间', '完成日期', '整改完成时间', '实际完成时间', '实际完成日期'] },
  { field: 'closedOut', tier: 'O', zh: '是否销号', aliases: ['是否销号', '销号情况', '销号'] },
  { field: 'closedOn', tier: 'O', zh: '销号时间', aliases: ['销号时间', '销号日期'] },
  { field: 'evidence', tier: 'W', zh: '佐证材料', aliases: ['佐证材料', '佐证资料', '证明材料', '附件材料', '佐证'] },
  { field: 'institution', tier: 'O', zh: '建章立制', aliases: ['建章立制', '长效机制', '完善制度情况'] },
  { field: 'remarks', tier: 'O', zh: '备注', aliases: ['备注', '说明'] },
];

export const FIELD_DEF: ReadonlyMap<Field, FieldDef> = new Map(FIELD_DEFS.map((d) => [d.field, d]));

/** Fields that must have a value in every item row. */
export const REQUIRED_FIELDS: readonly Field[] = FIELD_DEFS.filter((d) => d.tier === 'R').map((d) => d.field);
