/** The task pane's and commands' words: Chinese first, English available (settings). */
export type Lang = 'zh' | 'en';

const STRINGS = {
  title: { zh: '整改台账检查', en: 'Ledger check' },
  check: { zh: '检查', en: 'Check' },
  clear: { zh: '清除标注', en: 'Clear marks' },
  checking: { zh: '正在检查…', en: 'Checking…' },
  reading: { zh: '正在读取工作表…', en: 'Reading the sheet…' },
  annotating: { zh: '正在标注…', en: 'Marking the cells…' },
  cleared: { zh: '已清除检查添加的标注、批注、检查列和检查报告。', en: 'Removed the marks, notes, columns and report the check added.' },
  nothingToClear: { zh: '本表没有检查添加的标注，无需清除。', en: 'Nothing the check added is on this sheet.' },
  notLedger: { zh: '当前工作表不是整改台账。', en: 'The active sheet holds no ledger.' },
  unit: { zh: '单位', en: 'Unit' },
  campaign: { zh: '整改活动', en: 'Campaign' },
  items: { zh: '事项', en: 'Items' },
  errors: { zh: '错误', en: 'Errors' },
  warnings: { zh: '警告', en: 'Warnings' },
  infos: { zh: '提示', en: 'Notes' },
  noFindings: { zh: '各行各单元格没有发现问题。', en: 'No findings in the rows and cells.' },
  keyAttention: { zh: '重点关注', en: 'Key attention' },
  findings: { zh: '问题清单（点击定位到单元格）', en: 'Findings (click to go to the cell)' },
  sheetLevel: { zh: '表格', en: 'Sheet' },
  settings: { zh: '设置', en: 'Settings' },
  serverUrl: { zh: '服务器地址', en: 'Server URL' },
  unitSetting: { zh: '本单位名称（留空则从表格识别）', en: 'Unit name (blank: read from the sheet)' },
  token: { zh: '访问令牌', en: 'Access token' },
  save: { zh: '保存', en: 'Save' },
  saved: { zh: '设置已保存（仅保存在本机，不写入工作簿）。', en: 'Saved on this computer (never in the workbook).' },
  savedUnreachable: { zh: '设置已保存，但未能从服务器取得本县的整改活动设置：{why}', en: "Settings saved, but the county's campaign could not be fetched from the server: {why}" },
  submitSection: { zh: '报送与会诊状态', en: 'Submit and review status' },
  countySection: { zh: '全县汇总（县委巡察办）', en: 'County view (inspection office)' },
  submit: { zh: '报送本表', en: 'Submit this sheet' },
  pull: { zh: '拉取会诊状态', en: 'Pull review status' },
  countyPull: { zh: '拉取全县汇总', en: 'Pull county view' },
  decide: { zh: '提交会诊决定', en: 'Push review decisions' },
  upload: { zh: '上传单位台账（Excel、WPS 或 LibreOffice 表格，可多选）', en: 'Upload unit ledgers (Excel, WPS or LibreOffice workbooks, several allowed)' },
  log: { zh: '记录', en: 'Log' },
  submitted: { zh: '已报送（第{version}版，{items}项事项）。会诊状态已写入“检查·会诊状态”列。', en: 'Submitted (version {version}, {items} items). Review state is in the 检查·会诊状态 column.' },
  replayed: { zh: '此台账内容已报送过（第{version}版），未重复保存。', en: 'This ledger was already submitted (version {version}); nothing stored twice.' },
  notSubmitted: { zh: '未报送：本表写的是其他单位，已取消。', en: 'Not submitted: the sheet states another unit; cancelled.' },
  pulled: { zh: '已更新会诊状态：{found}项事项在服务器上。', en: 'Review status updated: {found} items are on the server.' },
  countyPulled: { zh: '已写入：{names}。{attention}个单位需重点关注。', en: 'Written: {names}. {attention} units under key attention.' },
  decided: { zh: '会诊决定：成功{ok}条，失败{failed}条（见“提交结果”列）。', en: 'Decisions: {ok} pushed, {failed} refused (see the result column).' },
  uploaded: { zh: '已上传{n}个文件：{files}。', en: 'Uploaded {n} files: {files}.' },
  logged: { zh: '已记录。', en: 'Logged.' },
  language: { zh: 'English', en: '中文' },
  failed: { zh: '未能完成：', en: 'Could not finish: ' },
  waitEdit: { zh: 'Excel 正在编辑单元格：请按 Enter 或 Tab 结束编辑（或点选另一个单元格），随后自动继续……', en: 'Excel is editing a cell: press Enter or Tab (or select another cell), and this goes on by itself…' },
  summary: { zh: '共{items}项事项：错误{errors}条，警告{warnings}条。', en: '{items} items: {errors} errors, {warnings} warnings.' },
  mergesUnread: {
    zh: '注意：此版本 Excel 不向加载项提供合并单元格信息，合并单元格除首行外会被当作空白（如“责任领导未填写”）。请升级 Excel（Microsoft 365 或 Excel 2021 及以上），或取消这些合并单元格并在每一行填写。',
    en: 'Note: this Excel does not tell add-ins which cells are merged, so merged cells read as blank below their first row (e.g. "leader is empty"). Update Excel (Microsoft 365 or Excel 2021 and later), or unmerge those cells and fill in each row.',
  },
  allSeverities: { zh: '全部级别', en: 'All severities' },
  allFields: { zh: '全部栏目', en: 'All columns' },
  allPersons: { zh: '全部责任人', en: 'All persons' },
  filterBy: { zh: '筛选', en: 'Filter' },
  noneFiltered: { zh: '没有符合筛选条件的问题。', en: 'No findings match the filter.' },
  ledgerElsewhere: { zh: '当前工作表“{active}”不是整改台账；本工作簿的台账在“{sheets}”工作表。', en: 'The active sheet "{active}" holds no ledger; this workbook\'s ledger is on sheet "{sheets}".' },
  goThere: { zh: '请切换到该工作表再点“检查”，或在台账面板中一键检查。', en: ' Switch to it and press Check, or check it from the task pane.' },
  checkThere: { zh: '检查“{sheet}”', en: 'Check "{sheet}"' },
  asOf: { zh: '截至日期', en: 'As of' },
  asOfHint: { zh: '（默认为服务器的今天）', en: '(default: the server\'s today)' },
  role: { zh: '令牌', en: 'Token' },
  roleCounty: { zh: '县委巡察办', en: 'county office' },
  roleUnit: { zh: '单位', en: 'unit' },
  calendarGaps: {
    zh: '注意：{years}年的法定节假日和调休安排尚未收录，“个工作日内”的时限和会诊期限按周一至周五计算。国务院公布安排后，请管理员写入检查方案的 holidays 设置。',
    en: 'Note: the official holidays of {years} are not known yet; working-day deadlines and review due dates are counted Monday to Friday. Once the State Council publishes them, the administrator can write them into the campaign\'s holidays setting.',
  },
  countyHidden: { zh: '全县汇总、上传、会诊决定和记录仅对县委巡察办的令牌显示。', en: 'The county view, uploads, decisions and the log show for a county token only.' },
  attentionLine: { zh: '单位“{unit}”需重点关注：{reasons}。', en: 'Unit {unit} needs key attention: {reasons}.' },
} as const;

export type StringKey = keyof typeof STRINGS;

export const REASONS: Record<string, Record<Lang, string>> = {
  'too-few': { zh: '查摆问题过少', en: 'too few findings' },
  imprecise: { zh: '问题描述不精准', en: 'vague findings' },
  copied: { zh: '与其他单位问题雷同', en: 'findings copied from another unit' },
  late: { zh: '报送超期', en: 'reported late' },
  overdue: { zh: '逾期事项较多', en: 'many overdue items' },
};

/** @example t('summary', 'zh', { items: 8, errors: 4, warnings: 3 }) === '共8项事项：错误4条，警告3条。' */
export function t(key: StringKey, lang: Lang, vars: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}
