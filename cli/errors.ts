/**
 * Errors the CLI stops on (exit code 2). Each carries a Chinese and an English message, like a
 * Diagnostic does, so the CLI prints one clear line in the user's language and never a stack trace.
 * Ledger problems are never errors: they are diagnostics in the report (exit code 1).
 */
export type Lang = 'zh' | 'en';

/** Something that stops the CLI before or while it runs: a bad flag, file or campaign. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  /** English message; `message` is the Chinese one. */
  readonly messageEn: string;

  /** @example throw new CliError('缺少文件参数', 'no file given') */
  constructor(message: string, messageEn: string, options?: { cause?: unknown }) {
    super(message, options);
    this.messageEn = messageEn;
  }

  /** The message in a language. */
  text(lang: Lang): string {
    return lang === 'en' ? this.messageEn : this.message;
  }
}

/**
 * A CliError, also one thrown by the built CLI's run bundle, which holds its own copy of these
 * classes (cli/load-run.ts), so `instanceof` alone would miss it.
 */
export function isCliError(error: unknown): error is CliError {
  if (error instanceof CliError) return true;
  if (!(error instanceof Error)) return false;
  const e = error as Partial<CliError>;
  return typeof e.messageEn === 'string' && typeof e.text === 'function';
}

/** A bad command line: unknown flag, missing value, bad date. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
}

/** Why a file could not be read as a workbook (.xlsx, .xls, .et, .ods, .xlsb, an export or a CSV). */
export type FileProblem = 'missing' | 'not-a-file' | 'unreadable' | 'empty' | 'legacy-xls' | 'encrypted' | 'web-page' | 'xml-spreadsheet' | 'not-xlsx' | 'corrupt' | 'too-large' | 'too-many-cells' | 'zip-encrypted' | 'zip-method' | 'archive' | 'zip-of-ledgers';

const PROBLEM_TEXT: Record<FileProblem, [zh: string, en: string]> = {
  missing: ['文件不存在', 'file not found'],
  'not-a-file': ['不是文件（是文件夹或设备）', 'not a regular file'],
  unreadable: ['没有读取权限', 'permission denied'],
  empty: ['文件是空的（0 字节）', 'the file is empty (0 bytes)'],
  'legacy-xls': ['是 Excel 4.0 或更早版本的文件，请在 Excel/WPS 中“另存为” .xlsx 后再检查', 'is an Excel 4.0 (or older) file; save it as .xlsx in Excel or WPS first'],
  encrypted: ['有打开密码（已加密），请在 Excel/WPS 中取消密码后另存再检查，或用 --password 给出密码', 'is password-protected (encrypted); remove the password in Excel or WPS and save again, or give it with --password'],
  'web-page': ['是网页（HTML）文件，其中没有表格，不是台账', 'is a web page (HTML) without a table; not a ledger'],
  'xml-spreadsheet': ['是 Excel 2003 XML 格式，但其中没有工作表', 'is an Excel 2003 XML file without a worksheet'],
  'not-xlsx': ['不是 Excel、WPS 或 LibreOffice 的表格文件（.xlsx、.xls、.et、.ods、.xlsb）或 CSV 表格，可能是文本、图片或改了扩展名的文件', 'is not an Excel workbook or another spreadsheet (.xlsx, .xls, .et, .ods, .xlsb) or a CSV table; it may be text, an image or a renamed file'],
  'too-large': ['解压后过大，疑似压缩炸弹或异常文件，未读取', 'unpacks to too much data (a zip bomb or a damaged file); not read'],
  'too-many-cells': ['表格范围过大（台账之外远处有单元格），请删除多余的远处单元格后再检查', 'its sheets span far too many cells (stray cells far outside the ledger); delete them and check again'],
  corrupt: ['已损坏，无法读取，请重新导出或向报送单位索取', 'is damaged and cannot be read; export or request it again'],
  archive: ['是 RAR 或 7z 压缩包，请先解压再检查解压出的文件（zip 压缩包可以直接检查）', 'is a RAR or 7z archive; unpack it and check the files it gives (a zip can be checked as it is)'],
  'zip-of-ledgers': ['是装着台账文件的 zip 压缩包：把扩展名改为 .zip 即可直接检查，或解压后检查', 'is a zip holding workbooks: name it .zip to check them as they are, or unzip it first'],
  'zip-method': ['在压缩包中以本工具不读的压缩方式存放（如 7-Zip 的 LZMA），请先解压再检查解压出的文件', 'is stored in the zip with a compression this tool does not read (such as 7-Zip\'s LZMA); unzip it first'],
  'zip-encrypted': ['在设有密码的压缩包中，请先用解压软件输入密码解压，再检查解压出的文件', 'is in a password-protected zip; unzip it with its password first and check the files it gives'],
};

/**
 * A file the CLI cannot read as a workbook.
 * @example new LedgerFileError('a.xls', 'legacy-xls').text('en') // "cannot read a.xls: is an Excel 4.0 (or older) file; …"
 */
export class LedgerFileError extends CliError {
  override readonly name = 'LedgerFileError';
  readonly file: string;
  readonly problem: FileProblem;

  constructor(file: string, problem: FileProblem, options?: { cause?: unknown; detail?: string }) {
    const [zh, en] = PROBLEM_TEXT[problem];
    const detail = options?.detail ? `（${options.detail}）` : '';
    const detailEn = options?.detail ? ` (${options.detail})` : '';
    super(`无法读取 ${file}：${zh}${detail}`, `cannot read ${file}: ${en}${detailEn}`, options);
    this.file = file;
    this.problem = problem;
  }
}
