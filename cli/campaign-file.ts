import { readFile } from 'node:fs/promises';
import { parseCampaign, type Campaign } from '../shared/index.js';
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
