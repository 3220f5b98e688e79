import { readFile } from 'node:fs/promises';
import { parseCampaign, type Campaign } from '../shared/index.js';
import { MeResponseSchema } from '../shared/schema/api.js';
import { CliError } from './errors.js';

/**
 * Reads and validates a campaign JSON file (SPEC section 6); any problem is a CliError that
 * names the file and the bad settings.
 * @example const campaign = await loadCampaignFile('campaign-2023.json')
 */
export async function loadCampaignFile(path: string): Promise<Campaign> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? ['文件不存在', 'file not found'] : code === 'EISDIR' ? ['是文件夹', 'is a folder'] : ['无法读取', String(code ?? error)];
    throw new CliError(`活动配置文件 ${path} ${why[0]}`, `campaign file ${path}: ${why[1]}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')); // Windows editors save JSON with a BOM
  } catch (error) {
    const detail = (error as Error).message;
    throw new CliError(`活动配置文件 ${path} 不是有效的 JSON：${detail}`, `campaign file ${path} is not valid JSON: ${detail}`, { cause: error });
  }
  try {
    return parseCampaign(json);
  } catch (error) {
    const detail = (error as Error).message;
    throw new CliError(`活动配置文件 ${path} 有误：${detail}`, `campaign file ${path} is invalid: ${detail}`, { cause: error });
  }
}

/**
 * The campaign the county server runs (`GET /api/v1/me`), so the CLI checks as the add-in and
 * the server do; any failure is a CliError saying what to fix, and nothing is checked.
 * @example const campaign = await fetchServerCampaign({ url: 'https://ledger.example.gov.cn', token })
 */
export async function fetchServerCampaign(server: { url: string; token: string }): Promise<Campaign> {
  const url = `${server.url}/api/v1/me`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${server.token}`, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    const why = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    throw new CliError(`无法连接服务器 ${server.url}（${why}），未做检查`, `cannot reach the server ${server.url} (${why}); nothing was checked`, { cause: error });
  }
  const text = await res.text();
  if (res.status === 401) throw new CliError(`服务器 ${server.url} 不接受这个访问令牌（无效或已撤销）`, `the server ${server.url} refused the access token (invalid or revoked)`);
  if (!res.ok) {
    const message = /"message"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? `HTTP ${res.status}`;
    throw new CliError(`服务器 ${server.url} 未给出活动配置：${message}`, `the server ${server.url} gave no campaign: ${message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const me = MeResponseSchema.safeParse(json);
  if (!me.success) throw new CliError(`${url} 的回答不是本系统的服务器应答，请确认服务器地址`, `${url} did not answer as the county server does; check the address`);
  return me.data.campaign;
}
