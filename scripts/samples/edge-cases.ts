import ExcelJS from 'exceljs';
import { addLedgerSheet, day, type LedgerColumn, type SampleRow } from './ledger-sheet.js';

/** The common one-level header of township ledgers. */
const SIMPLE_COLUMNS: LedgerColumn[] = [
  { header: '序号', field: 'seq', width: 6 },
  { header: '问题类别', field: 'category' },
  { header: '问题描述', field: 'description' },
  { header: '原因分析', field: 'cause' },
  { header: '整改措施', field: 'measures' },
  { header: '责任领导', field: 'leader' },
  { header: '责任人', field: 'person' },
  { header: '整改时限', field: 'deadline' },
  { header: '整改状态', field: 'status' },
  { header: '完成时间', field: 'completedOn' },
  { header: '佐证材料', field: 'evidence' },
];

/** (c) A ledger with its header and no items: a unit that has not filled it in yet. */
export function emptyLedgerWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  addLedgerSheet(workbook, { name: 'Sheet1', title: '白毛坪镇综合行政执法不规范问题整改台账', columns: SIMPLE_COLUMNS, rows: [] });
  return workbook;
}

const INSTRUCTIONS = [
  '填表说明',
  '1. 问题描述要见人见事，写明时间、案件或人员、数量，不得笼统表述。',
  '2. 问题类别填写：执法理念、执法程序、执法裁量、执法廉洁、执法效率。',
  '3. 整改时限写明具体日期；能立即整改的填“立行立改”，需长期坚持的填“长期坚持”。',
  '4. 已完成整改的，填写完成时间并列明佐证材料。',
  '5. 本表于2023年4月25日前报县委巡察办。',
];

const INSTRUCTED_ROWS: SampleRow[] = [
  { category: '执法程序', description: '2022年查处的3起违法占地案件，立案审批表未经负责人签字即开展调查', cause: '办案人员程序意识不强', measures: '对2022年以来的案卷全面自查，补正审批手续，建立立案审批登记簿', leader: '杨德胜', person: '蓝海燕', deadline: '2023年5月31日前', status: '已完成', completedOn: day(2023, 5, 20), evidence: '自查台账、立案审批登记簿' },
  { category: '执法效率', description: '群众反映的2处河道采砂问题，从接报到现场核查用时超过10天', cause: '巡查人员少，接报后未及时派单', measures: '建立接报即派单制度，24小时内到场核查', leader: '杨德胜', person: '刘永红', deadline: '立行立改', status: '已整改', completedOn: day(2023, 4, 22), evidence: '派单记录' },
  { category: '执法裁量', description: '对4户未批先建农房的处罚决定中，有2户未说明从轻处罚的理由', cause: '裁量说理不充分', measures: '执法文书增加裁量说理栏，法制员逐案审核', leader: '胡建平', person: '蓝海燕', deadline: '6月中旬', status: '整改中' },
];

/** (d) A 填表说明 sheet in front of the ledger sheet: the instructions are skipped, not an error. */
export function withInstructionsWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('填表说明');
  INSTRUCTIONS.forEach((line, i) => (notes.getCell(i + 1, 1).value = line));
  notes.getColumn(1).width = 80;
  addLedgerSheet(workbook, {
    name: '问题清单',
    labels: ['填报单位：长安营镇', '填报时间：2023年4月24日'],
    columns: SIMPLE_COLUMNS,
    rows: INSTRUCTED_ROWS,
    dateFormat: 'yyyy/m/d',
  });
  return workbook;
}

/** (e) A workbook without any ledger: a roster of enforcement staff sent by mistake. */
export function noLedgerWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('执法人员名单');
  ws.addRow(['城步苗族自治县综合行政执法人员名单']);
  ws.addRow(['姓名', '性别', '执法证号', '所在单位', '联系电话']);
  ws.addRow(['杨光明', '男', '43052900101', '县城市管理和综合执法局', '13907390001']);
  ws.addRow(['蓝春燕', '女', '43052900102', '县城市管理和综合执法局', '13907390002']);
  ws.addRow(['吴海军', '男', '43052900215', '县市场监督管理局', '13907390003']);
  return workbook;
}

/**
 * (f) A ledger kept as an Excel table (ListObject), with a hidden column holding the draft
 * wording of the descriptions: read, but it must not compete with the visible 问题描述.
 */
export function excelTableWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('五团镇');
  ws.addTable({
    name: '整改台账表',
    ref: 'A1',
    headerRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: ['序号', '问题类别', '问题描述（原稿）', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'].map((name) => ({ name })),
    rows: [
      [1, '执法程序', '执法程序不规范', '2023年2月对2家砂石场的检查未出示执法证件，检查记录无当事人签名', '组织执法人员学习《行政处罚法》，检查一律出示证件并由当事人签名', '龙光辉', '杨晓', day(2023, 6, 30), '整改中'],
      [2, '执法效率', '办案慢', '镇综合执法队办理的6起违建案件平均用时45天，超过30天的办案时限', '建立案件办理时限预警，超期案件每周通报', '龙光辉', '杨晓', '5月31号', '已完成'],
      [3, '执法理念', '重罚轻管', '2023年一季度对流动摊贩罚款11起，未开展劝导和教育', '推行首违不罚、先教育后处罚', '龙光辉', '蒋小兰', '长期', '推进中'],
    ],
  });
  ws.getColumn(3).hidden = true;
  ws.getCell('H2').numFmt = 'yyyy"年"m"月"d"日"';
  [6, 12, 40, 48, 40, 10, 10, 14, 10].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return workbook;
}
