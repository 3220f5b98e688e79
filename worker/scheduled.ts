import type { Campaign } from '../shared/index.js';
import { recordChanges, storedTimeliness, type Change } from './db/timeliness.js';
import { timelinessAsOf } from './timeliness-as-of.js';

export interface DailyRun {
  on: string;
  items: number;
  changed: number;
  becameOverdue: number;
}

/**
 * The daily Cron Trigger's work: every current item's timeliness as of the county's date, by
 * the core's rule; each change (say on_track → overdue) is recorded once. Running it twice on
 * one day records nothing the second time.
 */
export async function recomputeTimeliness(db: D1Database, campaign: Campaign, on: string): Promise<DailyRun> {
  const items = await storedTimeliness(db);
  const timeliness = timelinessAsOf(campaign, on);
  const changes: Change[] = [];
  for (const it of items) {
    const state = timeliness(it).state;
    if (state !== it.timeliness) changes.push([it.key, it.versionId, it.timeliness, state]);
  }
  await recordChanges(db, changes, on);
  return { on, items: items.length, changed: changes.length, becameOverdue: changes.filter((c) => c[3] === 'overdue').length };
}
