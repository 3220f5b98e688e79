import type { AttentionReason, Severity, UnitReport } from '../shared/index.js';
import type { Lang } from './errors.js';

/** The words of the CLI's summary, per language. */
export interface Labels {
  title: (asOf: string, campaign: string) => string;
  scope: (files: number, ledgers: number, items: number) => string;
  units: string;
  unitHeader: [unit: string, items: string, errors: string, warnings: string];
  keyAttention: string;
  reasons: Record<AttentionReason, (u: UnitReport) => string>;
  worst: string;
  itemPlace: (unit: string, file: string, sheet: string, row: number) => string;
  rowOnly: (row: number) => string;
  more: (n: number) => string;
  sheetProblems: string;
  skipped: (places: string) => string;
  crossUnit: string;
  similarity: (s: string) => string;
  morePairs: (n: number) => string;
  noItems: string;
  severity: Record<Severity, string>;
  totals: (units: number, items: number, errors: number, warnings: number, attention: number) => string;
  written: (path: string) => string;
  /** A copy made from the values read (the file was no .xlsx): what it does not keep. */
  writtenRebuilt: string;
  writtenWithoutMacros: string;
  /** An .xls not checked because the folder holds the same name as .xlsx. */
  skippedXls: (file: string, kept: string) => string;
  readingProgress: (i: number, n: number, file: string) => string;
  writingProgress: (i: number, n: number, file: string) => string;
}

const zh: Labels = {
  title: (asOf, campaign) => `整改台账检查（截至 ${asOf}，${campaign}）`,
  scope: (files, ledgers, items) => `共 ${files} 个文件，${ledgers} 张台账，${items} 项整改事项`,
  units: '各单位情况',
  unitHeader: ['单位', '事项', '错误', '警告'],
  keyAttention: '【重点关注】',
  reasons: {
    'too-few': (u) => `查摆问题过少（${u.items} 项）`,
    imprecise: (u) => `问题查摆不精准（${u.vague}/${u.items} 项描述笼统）`,
    copied: (u) => `与其他单位问题雷同（${u.nearDuplicates} 项）`,
    late: (u) => `逾期报送${u.fillDate ? `（${u.fillDate} 填报）` : ''}`,
    overdue: (u) => `逾期未整改事项多（${u.overdue} 项）`,
  },
  worst: '需要处理的事项（最严重的在前）',
  itemPlace: (unit, file, sheet, row) => `${unit} · ${file}「${sheet}」第 ${row} 行`,
  rowOnly: (row) => `第${row}行`,
  more: (n) => `……另有 ${n} 项有问题未列出；用 --out 输出标注副本，或用 --json 查看全部。`,
  sheetProblems: '表格问题',
  skipped: (places) => `已跳过（没有台账表头）：${places}`,
  crossUnit: '跨单位雷同问题',
  similarity: (s) => `相似度 ${s}`,
  morePairs: (n) => `……另有 ${n} 对雷同未列出（--json 或 --out 的检查报告中有全部）。`,
  noItems: '没有发现需要处理的事项。',
  severity: { error: '错误', warning: '警告', info: '提示' },
  totals: (units, items, errors, warnings, attention) =>
    `合计：${units} 个单位，${items} 项事项，错误 ${errors} 条，警告 ${warnings} 条，${attention} 个单位需重点关注。`,
  written: (path) => `已写出标注副本：${path}`,
  writtenRebuilt: '（原文件不是 .xlsx，副本另存为 .xlsx，保留数值、数字格式、合并单元格和隐藏列，不保留字体、颜色和列宽）',
  writtenWithoutMacros: '（原文件是启用宏的 .xlsm，副本另存为 .xlsx，不含宏和按钮；原文件不变）',
  skippedXls: (file, kept) => `跳过 ${file}：同一文件夹中有同名的 ${kept}，只检查 ${extensionOf(kept)}`,
  readingProgress: (i, n, file) => `读取 ${i}/${n}：${file}`,
  writingProgress: (i, n, file) => `写出 ${i}/${n}：${file}`,
};

const en: Labels = {
  title: (asOf, campaign) => `Rectification ledger check (as of ${asOf}, ${campaign})`,
  scope: (files, ledgers, items) => `${files} file(s), ${ledgers} ledger(s), ${items} item(s)`,
  units: 'Units',
  unitHeader: ['Unit', 'Items', 'Errors', 'Warnings'],
  keyAttention: '[KEY ATTENTION] ',
  reasons: {
    'too-few': (u) => `too few problems found (${u.items})`,
    imprecise: (u) => `vague findings (${u.vague} of ${u.items})`,
    copied: (u) => `items nearly copied from another unit (${u.nearDuplicates})`,
    late: (u) => `reported late${u.fillDate ? ` (${u.fillDate})` : ''}`,
    overdue: (u) => `many overdue items (${u.overdue})`,
  },
  worst: 'Items to fix (worst first)',
  itemPlace: (unit, file, sheet, row) => `${unit} · ${file} [${sheet}] row ${row}`,
  rowOnly: (row) => `row ${row}`,
  more: (n) => `… and ${n} more item(s) with findings; use --out for annotated copies or --json for all.`,
  sheetProblems: 'Sheet problems',
  skipped: (places) => `Skipped (no ledger header): ${places}`,
  crossUnit: 'Near-duplicates across units',
  similarity: (s) => `similarity ${s}`,
  morePairs: (n) => `… and ${n} more pair(s); --json and the --out report sheet list them all.`,
  noItems: 'Nothing to fix.',
  severity: { error: 'error', warning: 'warning', info: 'info' },
  totals: (units, items, errors, warnings, attention) =>
    `Total: ${units} unit(s), ${items} item(s), ${errors} error(s), ${warnings} warning(s), ${attention} unit(s) under key attention.`,
  written: (path) => `Annotated copy written: ${path}`,
  writtenRebuilt: ' (the original is no .xlsx: saved as .xlsx with its values, number formats, merged cells and hidden columns; fonts, colours and widths are not kept)',
  writtenWithoutMacros: ' (the original is a macro-enabled .xlsm: saved as .xlsx without its macros and buttons; the original is unchanged)',
  skippedXls: (file, kept) => `skipped ${file}: the same folder holds ${kept}; only the ${extensionOf(kept)} is checked`,
  readingProgress: (i, n, file) => `reading ${i}/${n}: ${file}`,
  writingProgress: (i, n, file) => `writing ${i}/${n}: ${file}`,
};

/** @example labelsFor('en').severity.error === 'error' */
export function labelsFor(lang: Lang): Labels {
  return lang === 'en' ? en : zh;
}

/** A file name's extension as written, lower-cased (.xlsx, .xlsm). */
function extensionOf(file: string): string {
  return /\.[^./\\]+$/.exec(file)?.[0].toLowerCase() ?? '';
}
