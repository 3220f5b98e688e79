import { parseArgs } from 'node:util';
import { isIsoDate } from '../shared/dates.js';
import { UsageError, type Lang } from './errors.js';

/** The command line, parsed and validated (SPEC section 10). */
export interface CliOptions {
  /** Files, folders or patterns as given; see expandInputs. */
  inputs: string[];
  json: boolean;
  asOf?: string;
  campaignFile?: string;
  /** The county server to take the campaign from (GET /api/v1/me), with its access token. */
  server?: { url: string; token: string };
  unit?: string;
  outDir?: string;
  /** Passwords to open encrypted .xls files with (Excel's default one is always tried). */
  passwords?: string[];
  lang: Lang;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  json: { type: 'boolean' },
  'as-of': { type: 'string' },
  campaign: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  unit: { type: 'string' },
  out: { type: 'string' },
  password: { type: 'string', multiple: true },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * The language to speak before the arguments are known to be valid, so that even a bad
 * command line is answered in the language asked for.
 * @example guessLang(['a.xlsx', '--lang=en']) === 'en'
 */
export function guessLang(argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice('--lang='.length);
  return value === 'en' ? 'en' : 'zh';
}

// node:util's messages are English and name the problem inside quotes: reuse the option's name.
function translateParseError(error: unknown): UsageError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  const option = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`未知选项 ${option}（ledger-check --help 查看用法）`, `unknown option ${option} (see ledger-check --help)`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = /--[\w-]+/.exec(message)?.[0] ?? option;
    return /argument missing|ambiguous/.test(message)
      ? new UsageError(`选项 ${name} 缺少取值`, `option ${name} needs a value`)
      : new UsageError(`选项 ${name} 不接受取值`, `option ${name} takes no value`);
  }
  return new UsageError(`命令行参数有误：${message}`, `bad command line: ${message}`);
}

/**
 * Parses `ledger-check FILE.xlsx… [--json] [--as-of YYYY-MM-DD] [--campaign FILE] [--unit NAME]
 * [--out DIR] [--password PW]… [--lang zh|en] [--help] [--version]`; throws UsageError on anything wrong.
 * @example parseCliArgs(['a.xlsx', '--as-of', '2023-05-29']).asOf === '2023-05-29'
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw translateParseError(error);
  }
  const v = parsed.values;
  const lang = v.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new UsageError(`--lang 只能是 zh 或 en，而不是 ${lang}`, `--lang must be zh or en, not ${lang}`);
  const options: CliOptions = { inputs: parsed.positionals, json: v.json ?? false, lang, help: v.help ?? false, version: v.version ?? false };
  if (options.help || options.version) return options;

  if (v['as-of'] !== undefined) {
    if (!isIsoDate(v['as-of'])) throw new UsageError(`--as-of 日期无效：${v['as-of']}（应写成 YYYY-MM-DD，如 2023-05-29）`, `--as-of is not a valid date: ${v['as-of']} (write YYYY-MM-DD, e.g. 2023-05-29)`);
    options.asOf = v['as-of'];
  }
  if (v.unit !== undefined) {
    if (!v.unit.trim()) throw new UsageError('--unit 不能为空', '--unit must not be empty');
    options.unit = v.unit.trim();
  }
  if (v.campaign !== undefined) options.campaignFile = v.campaign;
  if (v.server !== undefined || v.token !== undefined) options.server = serverOption(v.server, v.token, v.campaign);
  if (v.out !== undefined) {
    if (!v.out.trim()) throw new UsageError('--out 需要一个文件夹', '--out needs a folder');
    options.outDir = v.out;
  }
  if (v.password !== undefined) {
    if (v.password.some((p) => p === '')) throw new UsageError('--password 不能为空', '--password must not be empty');
    options.passwords = v.password;
  }
  if (options.inputs.length === 0) throw new UsageError('请给出要检查的 .xlsx 文件（ledger-check --help 查看用法）', 'give the .xlsx files to check (see ledger-check --help)');
  return options;
}

/** `--server URL --token T`: both, an http(s) address, and not beside --campaign (which would win?). */
function serverOption(server: string | undefined, token: string | undefined, campaign: string | undefined): { url: string; token: string } {
  if (campaign !== undefined) throw new UsageError('--campaign 与 --server 只能选一个：活动配置要么来自文件，要么来自服务器', '--campaign and --server exclude each other: the campaign comes from a file or from a server');
  if (!server?.trim()) throw new UsageError('--token 需要与 --server 服务器地址一起使用', '--token goes with --server URL');
  if (!/^https?:\/\/[^\s/]+/i.test(server.trim())) throw new UsageError(`--server 应是 http:// 或 https:// 开头的服务器地址，而不是 ${server}`, `--server must be an http:// or https:// address, not ${server}`);
  if (!token?.trim()) throw new UsageError('--server 需要访问令牌：--token 令牌（县委巡察办发放）', '--server needs an access token: --token T (issued by the county office)');
  return { url: server.trim().replace(/\/+$/, ''), token: token.trim() };
}
