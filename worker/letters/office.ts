import type { Campaign } from '../../shared/index.js';

/** Who signs the county office's letters and bulletins: configurable, else named after the county. */
export interface Office {
  name: string;
  letterhead: string;
}

export function officeOf(env: Pick<Env, 'OFFICE_NAME' | 'LETTERHEAD'>, campaign: Campaign): Office {
  const name = env.OFFICE_NAME?.trim() || `中共${campaign.county}委巡察工作领导小组办公室`;
  const letterhead = env.LETTERHEAD?.trim() || `${campaign.county}${campaign.name.startsWith(campaign.county) ? campaign.name.slice(campaign.county.length) : campaign.name}工作`;
  return { name, letterhead };
}

/** 2023-05-29 → 2023年5月29日, as official documents write dates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
