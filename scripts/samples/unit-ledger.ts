import ExcelJS from 'exceljs';
import { addLedgerSheet, day, type LedgerColumn, type SampleRow } from './ledger-sheet.js';

/**
 * (a) One unit's ledger as units really send them: a title, 填报单位/填报时间 labels, a two-level
 * header with the less common aliases (存在问题, 问题分类, 整改方案, 分管领导, 经办人, 完成时限,
 * 整改情况, 整改结果, 实际完成时间, 证明材料), the leader merged over the rows he leads, real
 * date cells, and a 填表人 footer.
 */
export const UNIT_LEDGER_COLUMNS: LedgerColumn[] = [
  { header: '序号', field: 'seq', width: 6 },
  { header: '问题分类', field: 'category' },
  { header: '存在问题', field: 'description' },
  { header: '问题成因', field: 'cause' },
  { header: '整改方案', field: 'measures' },
  { header: '分管领导', group: '整改责任', field: 'leader' },
  { header: '经办人', group: '整改责任', field: 'person' },
  { header: '完成时限', field: 'deadline' },
  { header: '整改情况', group: '整改落实情况', field: 'progress' },
  { header: '整改结果', group: '整改落实情况', field: 'status' },
  { header: '实际完成时间', group: '整改落实情况', field: 'completedOn' },
  { header: '证明材料', field: 'evidence' },
  { header: '备注', field: 'remarks' },
];

const ROWS: SampleRow[] = [
  {
    category: '执法程序', description: '2022年办理的“城交罚〔2022〕8号”等4起超限运输案件，询问笔录无执法人员签名', cause: '执法人员对笔录制作规范不熟悉，法制审核未发现',
    measures: '1.对2022年以来的超限运输案卷逐卷自查；2.补正笔录签名；3.法制股每月抽查案卷', leader: '王建军', person: '罗小平',
    deadline: day(2023, 5, 31), progress: '已自查案卷36卷，补正4卷', status: '已整改到位', completedOn: day(2023, 5, 12), evidence: '案卷自查台账、补正材料',
  },
  {
    category: '执法裁量', description: '对3家驾培机构未按规定公示收费标准的行为，处罚金额在同类案件中相差达5倍', cause: '未细化交通运输行政处罚裁量基准',
    measures: '制定《交通运输行政处罚裁量基准实施细则》，对同类案件统一裁量', leader: '王建军', person: '杨丽',
    deadline: '6月底前', progress: '细则初稿已完成，正在征求意见', status: '正在推进',
  },
  {
    category: '执法效率', description: '2023年1至3月，网约车投诉12件中有4件超过15个工作日才答复', cause: '投诉分办流程不清，未设专人跟踪',
    measures: '明确投诉受理专人，建立“受理—转办—答复”限时台账，每周通报', leader: '王建军', person: '杨丽',
    deadline: '立行立改', progress: '已明确专人并建立台账', status: '完成', completedOn: day(2023, 4, 18), evidence: '投诉办理台账、工作通报',
  },
  {
    category: '执法理念', description: '路政巡查中对2起占道堆放行为只罚不教，未开展说服教育即作出罚款决定', cause: '重处罚轻教育的观念没有根本扭转',
    measures: '推行说理式执法，首次轻微违法先教育、责令改正', leader: '刘志明', person: '唐勇',
    deadline: '2023年6月30日前', progress: '已组织说理式执法培训1次', status: '整改中',
  },
  {
    category: '执法廉洁', description: '1名执法人员在货运车辆检查中接受当事人香烟2条，已被县纪委监委约谈', cause: '个别人员纪律意识淡薄，日常监督不到位',
    measures: '开展警示教育，签订廉洁执法承诺书，执法全过程记录', leader: '刘志明', person: '唐勇',
    deadline: '长期坚持', progress: '已开展警示教育1次，签订承诺书46份', status: '持续整改',
  },
  {
    category: '执法程序', description: '执法记录仪使用不规范', cause: '制度执行不严',
    measures: '加强管理', leader: '刘志明', person: '唐勇',
    deadline: '尽快', status: '未开始',
  },
  {
    category: '执法效率', description: '农村公路“路长制”巡查记录不全，2023年2月有7个行政村未留巡查痕迹', cause: '乡镇路长与路政员衔接不畅',
    measures: '建立县乡村三级巡查记录制度，每月汇总通报', leader: '陈国华', person: '',
    deadline: day(2023, 4, 30), progress: '已下发巡查记录模板', status: '未完成',
  },
  {
    category: '执法程序', description: '5起道路运输案件的行政处罚决定书未载明申请行政复议的途径和期限', cause: '文书模板陈旧，未按新规更新',
    measures: '更新全部执法文书模板，对已结案件逐案告知补正', leader: '陈国华', person: '罗小平',
    deadline: '第三季度', progress: '已更新文书模板', status: '已完成', completedOn: day(2023, 5, 8), evidence: '',
  },
];

/** @example await saveDeterministic(unitLedgerWorkbook(), 'test/fixtures/unit-two-level-header.xlsx') */
export function unitLedgerWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  addLedgerSheet(workbook, {
    name: '整改台账',
    title: '城步苗族自治县交通运输局综合行政执法不规范问题自查自纠整改台账',
    labels: ['填报单位：城步苗族自治县交通运输局（盖章）', '填报时间：2023年4月21日'],
    columns: UNIT_LEDGER_COLUMNS,
    rows: ROWS,
    mergeRuns: ['leader'],
    footer: ['填表人：罗小平        审核人：王建军        联系电话：0739-7322516'],
  });
  return workbook;
}
