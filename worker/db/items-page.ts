import type { D1Database } from '@cloudflare/workers-types';
import { countStatement, listedPageOf, listedPageStatement, type ItemFilter, type ItemMatch, type ItemPage, type ListedPage } from './items.js';

/**
 * Today's page of GET /items, whole, in one batch: the page with what its view lists of each item
 * and the remarks on it (db/items.ts listedPageStatement), and the count of all it selects. One
 * transaction, so the count is of the list the page is of even while a submission lands.
 */
export async function todayPage(db: D1Database, view: ListedPage['view'], filter: ItemFilter, page: ItemPage, match?: ItemMatch): Promise<ListedPage & { total: number }> {
  const [listed, counted] = await db.batch([listedPageStatement(db, view, filter, page, match), countStatement(db, filter, match)]);
  return { ...listedPageOf(view, listed!), total: (counted!.results[0] as { n: number } | undefined)?.n ?? 0 };
}
