import { CountyClient, ServerError } from '../server/client.js';
import { attentionSheet, remindersSheet, reviewSheet, summarySheet } from './county-sheets.js';
import { writeCountySheets } from './write-county.js';
import { whenEditEnds } from '../excel/run.js';

/**
 * Items 全县·会诊事项 lists at most: four pages of GET /items in the brief view (each page's size
 * and the Worker's time at 100,000 items: `npm run bench worker`, near phase) and 200,000 cells
 * written. Past it the sheet's title says how many there are.
 */
export const COUNTY_REVIEW_ITEMS = 20_000;

/**
 * The county view (county token): the aggregate, key attention, the chase list and the items to
 * review, pulled from the server into sheets of this workbook.
 */
export async function pullCountyView(context: Excel.RequestContext, client: CountyClient, asOf?: string) {
  // All four at once (one round trip on the county's line, not two): a unit token's three reads
  // are refused by the server, and the role answers for them.
  const reads = Promise.all([client.summary(asOf), client.reminders(asOf), client.allBriefItems(asOf ? { asOf } : {}, COUNTY_REVIEW_ITEMS)]);
  reads.catch(() => undefined);
  const me = await client.me();
  if (me.role !== 'county') throw new ServerError('全县汇总需要县委巡察办的令牌（当前是单位令牌）。', 403, 'forbidden', false);
  const [summary, reminders, items] = await reads;
  const tables = [summarySheet(summary, me.campaign.categories), attentionSheet(summary), remindersSheet(reminders), reviewSheet(items.items, items.asOf, items.total)];
  // Asked once: a cell being edited by now holds the writing (all of it in its last round trip,
  // which Excel refuses whole), not another round of the server's reads.
  const names = await whenEditEnds(context, () => writeCountySheets(context, tables));
  return { names, summary, reminders };
}
