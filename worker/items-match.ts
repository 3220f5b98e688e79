import type { D1Database } from '@cloudflare/workers-types';
import type { Campaign } from '../shared/index.js';
import type { ItemMatch } from './db/items.js';
import { combinationsOf, itemGroups } from './db/unit-groups.js';
import { CHUNK_BYTES } from './db/json-chunks.js';
import { reviewInfo } from './review-info.js';
import { timelinessAsOf } from './timeliness-as-of.js';

export interface AsOfFilters {
  timeliness?: string | undefined;
  reviewOverdue: boolean;
}

/**
 * GET /items by timeliness or review=overdue on the current list: both depend on asOf, so the
 * core's rules decide them, once per combination of what they read among the current items (the
 * kept unit groups: a few thousand in a county of 100,000), and SQL selects the items of the
 * combinations kept (db/items.ts `ItemMatch`) instead of the Worker reading every item to filter
 * (0.7–0.9 s at 100,000). Undefined when the kept combinations would not fit in one bound string:
 * the caller then filters every item itself.
 */
export async function itemsMatch(
  db: D1Database, campaign: Campaign, asOf: string, filters: AsOfFilters, unitId?: number, maxBytes = CHUNK_BYTES,
): Promise<ItemMatch | undefined> {
  const { dated, facets } = await itemGroups(db);
  const ofUnit = <G extends { unitId: number }>(groups: G[]) => (unitId === undefined ? groups : groups.filter((g) => g.unitId === unitId));
  const match: ItemMatch = {};
  if (filters.timeliness) {
    const timeliness = timelinessAsOf(campaign, asOf);
    match.dated = combinationsOf(ofUnit(dated), (g) => [g.deadlineKind, g.due, g.status, g.completedOn] as const, (g) => timeliness(g).state === filters.timeliness);
  }
  if (filters.reviewOverdue) {
    match.reviewed = combinationsOf(ofUnit(facets), (g) => [g.reviewState, g.reviewSince] as const, (g) => reviewInfo(g.reviewState, g.reviewSince, asOf, campaign).overdue);
  }
  // Each list is one bound string; these columns hold ASCII only, so its length is its bytes.
  return [match.dated, match.reviewed].some((list) => list && JSON.stringify(list).length > maxBytes) ? undefined : match;
}
