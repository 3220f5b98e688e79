import type { Report } from '../shared/index.js';
import { CheckFailed, CheckRefused, SubmittedNotShown } from './excel/refusal.js';
import { inCellEdit } from './excel/run.js';
import { REASONS, t, type Lang } from './i18n.js';

/** Where the last ribbon outcome is kept, so the task pane shows it too (see ribbon-signal.ts). */
export { LAST_OUTCOME_KEY } from './ribbon-signal.js';

/**
 * One or two lines a person reads after a check: counts, and key attention with its reasons.
 * @example outcomeText(report, 'zh') === '共8项事项：错误4条，警告3条。'
 */
export function outcomeText(report: Report, lang: Lang, mergesRead = true): string {
  const sheet = report.sheets[0];
  // Chinese sentences run on without a space; English ones take one.
  if (!sheet?.isLedger) return [t('notLedger', lang), sheet?.diagnostics[0]?.[lang === 'zh' ? 'message' : 'messageEn'] ?? ''].join(lang === 'zh' ? '' : ' ').trim();
  const lines = [t('summary', lang, { items: report.stats.items, errors: report.stats.errors, warnings: report.stats.warnings })];
  for (const u of report.units.filter((x) => x.keyAttention)) {
    lines.push(t('attentionLine', lang, { unit: u.unit, reasons: u.reasons.map((r) => REASONS[r]?.[lang] ?? r).join(lang === 'zh' ? '、' : ', ') }));
  }
  // Excel before ExcelApi 1.13 hides merged areas from add-ins: a leader merged over several
  // rows then reads as blank below its first row. Say so rather than let it pass unexplained.
  if (!mergesRead) lines.push(t('mergesUnread', lang));
  return lines.join('\n');
}

/** What a clerk reads when a check, Clear or another job on the workbook does not finish: {placeholders} filled in. */
const FAILURES = {
  protected: {
    zh: '未能完成：工作表「{sheet}」受保护，检查没有写入任何内容。请先在「审阅」选项卡点击「撤消工作表保护」，或复制一份未保护的工作表再检查。',
    en: 'Not done: the sheet "{sheet}" is protected; nothing was written. Unprotect it (Review > Unprotect Sheet) or check an unprotected copy.',
  },
  workbookProtected: {
    zh: '未能完成：工作簿的结构受保护（「审阅」→「保护工作簿」），而本操作要添加或删除工作表（检查报告、全县汇总等），因此没有写入任何内容。请先在「审阅」选项卡再点一次「保护工作簿」取消保护（如有密码需输入），或复制一份未保护的工作簿再操作。',
    en: 'Not done: the workbook\'s structure is protected (Review > Protect Workbook), and this adds or deletes sheets (the check report, the county sheets); nothing was written. Click Review > Protect Workbook again to unprotect it (with its password, if any), or work on an unprotected copy.',
  },
  tooLarge: {
    zh: '未能检查：工作表「{sheet}」的已用区域为 {range}（{rows} 行 × {columns} 列），远大于一张台账，多半是远处有零散的单元格。请按 Ctrl+End 找到它，删除台账之外多余的行和列，保存后再检查。表格没有任何改动。',
    en: 'Not checked: the used range of the sheet "{sheet}" is {range} ({rows} rows × {columns} columns), far larger than a ledger; most likely a stray cell far out. Press Ctrl+End to find it, delete the rows and columns outside the ledger, save and check again. Nothing was changed.',
  },
  restored: {
    zh: '未能完成：Excel 拒绝了请求（{why}）。已写入的标注已全部撤回，表格与检查前相同。请稍后再试；若反复出现，请保存并重新打开工作簿后再试。',
    en: 'Not done: Excel refused a request ({why}). Everything written was taken back; the sheet is as it was. Try again; if it keeps failing, save and reopen the workbook.',
  },
  notRestored: {
    zh: '未能完成：Excel 拒绝了请求（{why}），且未能撤回部分已写入的标注。请按 Ctrl+Z 撤销，或点击「清除标注」后再检查。',
    en: 'Not done: Excel refused a request ({why}) and part of what was written could not be taken back. Press Ctrl+Z, or use Clear marks, then check again.',
  },
  cellEdit: {
    zh: '未能完成：Excel 正在编辑单元格，拒绝了请求，表格与检查前相同。请按 Enter 或 Tab 结束编辑（或点选另一个单元格），再试一次。',
    en: 'Not done: Excel is editing a cell and refused the request; the sheet is as it was. Press Enter or Tab to finish the edit (or select another cell), then try again.',
  },
  // The same for a job that does not take back what it wrote (a submission, pull status): no claim about the sheet.
  cellEditPlain: {
    zh: '未能完成：Excel 正在编辑单元格，拒绝了请求。请按 Enter 或 Tab 结束编辑（或点选另一个单元格），再试一次。',
    en: 'Not done: Excel is editing a cell and refused the request. Press Enter or Tab to finish the edit (or select another cell), then try again.',
  },
  // The server stored it; only writing its results into the sheet failed ({why}: that failure's own words).
  submittedNotShown: {
    zh: '已报送第{version}版，服务器已保存；但结果没有写入表格：{why} 再点一次「报送」即可写入结果，不会重复报送。',
    en: 'Submitted as version {version}, stored by the server; but the results were not written into the sheet: {why} Press Submit again to write them; nothing is submitted twice.',
  },
  coAuthor: {
    zh: '未能完成：另一位同事同时在此工作表上检查或清除了标注。本次检查已撤回，表格上的检查标注已全部清除，您填写的内容没有改动。请再点一次「检查」。',
    en: 'Not done: a co-author checked or cleared this sheet at the same time. This check was taken back and every check mark on the sheet cleared; nothing you typed changed. Press Check again.',
  },
} satisfies Record<string, Record<Lang, string>>;

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** A failure as a person can act on it: what happened, whether the sheet is as it was, what to do. */
export function failureText(error: unknown, lang: Lang): string {
  if (error instanceof SubmittedNotShown) {
    const why = failureText(error.cause, lang).replace(/^未能完成：|^Not done: /, '');
    return fill(FAILURES.submittedNotShown[lang], { version: String(error.version), why });
  }
  if (error instanceof CheckRefused && error.reason === 'too-large' && error.extent) {
    const { range, rows, columns } = error.extent;
    return fill(FAILURES.tooLarge[lang], { sheet: error.sheet, range, rows: rows.toLocaleString('en'), columns: columns.toLocaleString('en') });
  }
  if (error instanceof CheckRefused && error.reason === 'workbook-protected') return FAILURES.workbookProtected[lang];
  if (error instanceof CheckRefused) return fill(FAILURES.protected[lang], { sheet: error.sheet });
  const code = String((error as { code?: unknown })?.code ?? '');
  if (code === 'AccessDenied' && !(error instanceof CheckFailed && !error.restored)) return fill(FAILURES.protected[lang], { sheet: '' }).replace('「」', '').replace('""', '');
  const message = error instanceof Error ? error.message : String(error);
  const why = code ? `${code}：${message}` : message;
  if (error instanceof CheckFailed && error.coAuthor && error.restored) return FAILURES.coAuthor[lang];
  // A cell still being edited when runExcel stopped waiting (or a run that does not wait).
  if (inCellEdit(error) && error instanceof CheckFailed && error.restored) return FAILURES.cellEdit[lang];
  if (inCellEdit(error) && !(error instanceof CheckFailed)) return FAILURES.cellEditPlain[lang];
  if (error instanceof CheckFailed) return fill(error.restored ? FAILURES.restored[lang] : FAILURES.notRestored[lang], { why });
  return t('failed', lang) + message;
}
