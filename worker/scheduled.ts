import type { Campaign } from '../shared/index.js';
import { recordChanges, storedTimeliness, storedTimelinessNotIn, type Change } from './db/timeliness.js';
import { combinationsOf, itemGroups } from './db/unit-groups.js';
import { CHUNK_BYTES } from './db/json-chunks.js';
import { timelinessAsOf } from './timeliness-as-of.js';

export interface DailyRun {
  on: string;
  items: number;
  changed: number;
  becameOverdue: number;
}

/**
 * The changes of timeliness as of `on`, by the core's rule: [key, version, stored state, state on
 * `on`] of each current item whose state moved, and how many items there are. The rule decides
 * each combination of what it reads once (the kept unit groups); only the items whose stored
 * state is not their combination's come back from D1 (a day's transitions), and the rule decides
 * each of them again. Every item is read (`every`, the way before; the tests' reference) when
 * the combinations would not fit one bound string.
 */
export async function timelinessChanges(db: D1Database, campaign: Campaign, on: string, every = false): Promise<{ items: number; changes: Change[] }> {
  const timeliness = timelinessAsOf(campaign, on);
  const { dated } = await itemGroups(db);
  const items = dated.reduce((n, g) => n + g.n, 0);
  const list = combinationsOf(dated, (g) => [g.deadlineKind, g.due, g.status, g.completedOn, timeliness(g).state] as const);
  const candidates = every || JSON.stringify(list).length > CHUNK_BYTES ? await storedTimeliness(db) : await storedTimelinessNotIn(db, list);
  const changes: Change[] = [];
  for (const it of candidates) {
    const state = timeliness(it).state;
    if (state !== it.timeliness) changes.push([it.key, it.versionId, it.timeliness, state]);
  }
  // Read every item, the count is theirs (the groups may have been counted a moment before).
  return { items: every ? candidates.length : items, changes };
}

/**
 * The daily Cron Trigger's work: every current item's timeliness as of the county's date, by
 * the core's rule; each change (say on_track → overdue) is recorded once. Running it twice on
 * one day records nothing the second time.
 */
export async function recomputeTimeliness(db: D1Database, campaign: Campaign, on: string): Promise<DailyRun> {
  const { items, changes } = await timelinessChanges(db, campaign, on);
  await recordChanges(db, changes, on);
  return { on, items, changed: changes.length, becameOverdue: changes.filter((c) => c[3] === 'overdue').length };
}
