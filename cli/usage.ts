import type { Lang } from './errors.js';

const ZH = `用法：ledger-check 文件.xlsx… [选项]

一起检查一个或多个整改台账（.xlsx、.xlsm、.xlsb，或旧版 Excel 的 .xls（2.x–2003）、WPS 的 .et、LibreOffice 的 .ods），跨单位雷同和重点关注在所有文件之间判断。
可以给文件夹（检查其中所有这些文件；与 .xlsx 同名的只查 .xlsx）、通配符（如 uploads\\*.xlsx）
或压缩包（.zip，检查其中各文件夹里的这些文件，不必先解压）。

选项：
  --json               只在标准输出打印 JSON 检查报告
  --as-of YYYY-MM-DD   以这一天计算逾期（默认：活动时区的今天）
  --campaign 文件      活动配置 JSON（默认：内置的 2023 年活动）
  --server 地址 --token 令牌
                       从县里的服务器取活动配置（GET /api/v1/me），与网页插件检查的一致
  --unit 名称          指定责任单位（优先于表格中的单位）
  --out 文件夹         写出标注副本：问题单元格高亮并加批注、右侧加检查列、加“检查报告”表；原文件不变
                       （.xls、.xlsb、.ods 等的副本另存为 .xlsx，不保留原表的字体、颜色和列宽；
                       .xlsm 的副本另存为 .xlsx，不含宏）
  --password 密码      有打开密码的工作簿用这个密码打开（可给多次）；Excel 保护工作簿时
                       默认加密的文件不需要密码
  --lang zh|en         输出语言（默认 zh）
  -h, --help           显示本帮助
  -v, --version        显示版本

退出码：0 没有错误；1 发现错误；2 无法运行（参数或文件有误）。
有任何一个文件无法读取时，列出所有无法读取的文件，全部不做检查（退出码 2），以免漏掉单位而误判雷同和重点关注。
`;

const EN = `Usage: ledger-check FILE.xlsx… [options]

Checks one or many rectification ledgers (.xlsx, .xlsm, .xlsb, or older Excel's .xls (2.x–2003), WPS .et, LibreOffice .ods) together:
cross-unit near-duplicates and key attention are judged across all of them. A folder stands for
all such files in it (one beside an .xlsx of the same name is skipped);
patterns such as uploads\\*.xlsx are expanded; a .zip stands for the workbooks in its folders
(no need to unzip it first).

Options:
  --json               print only the JSON check report on stdout
  --as-of YYYY-MM-DD   compute overdue items as of this day (default: today in the campaign's time zone)
  --campaign FILE      campaign settings JSON (default: the built-in 2023 campaign)
  --server URL --token T
                       take the campaign from the county server (GET /api/v1/me), as the add-in does
  --unit NAME          the unit, given explicitly (wins over the sheet's own)
  --out DIR            write annotated copies: diagnosed cells highlighted with notes, check
                       columns on the right, a 检查报告 sheet; the originals are not touched
                       (an .xls's, .xlsb's or .ods's copy is an .xlsx without the original's fonts, colours and widths;
                       an .xlsm's is an .xlsx without its macros)
  --password PW        open a workbook that has a password to open with PW (may be given more
                       than once); one Excel encrypted by itself (a protected workbook) needs none
  --lang zh|en         output language (default zh)
  -h, --help           show this help
  -v, --version        show the version

Exit codes: 0 no errors; 1 errors found; 2 could not run (bad flag or file).
When any file cannot be read, every such file is named and nothing is checked (exit 2): a batch
missing one unit would misjudge near-duplicates and key attention.
`;

/** @example process.stdout.write(usage('en')) */
export function usage(lang: Lang): string {
  return lang === 'en' ? EN : ZH;
}
