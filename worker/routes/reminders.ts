import { Hono } from 'hono';
import { SummaryQuerySchema, type RemindersResponse } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { readQuery, validDate } from '../http.js';
import { requireCounty } from '../middleware/auth.js';
import { listNotices } from '../db/log.js';
import { asOfWay, datedItemsAsOf } from '../db/as-of.js';
import { knownWay } from './view-reads.js';
import { listUnits } from '../db/units.js';
import { timelinessAsOf } from '../timeliness-as-of.js';

/**
 * `GET /api/v1/reminders?asOf=`: the chase list (催办) — every unit that has not submitted or
 * has overdue items, with those items, and the notices already sent to it.
 */
export const reminders = new Hono<AppEnv>();

reminders.get('/', requireCounty, async (c) => {
  const q = readQuery(c, SummaryQuerySchema);
  const asOf = validDate(q.asOf) ?? c.get('today');
  const timeliness = timelinessAsOf(c.get('campaign'), asOf);
  // As of asOf (SPEC 12.2): items as they stood, notices sent and submissions stored by then.
  const way = await asOfWay(c.env.DB, asOf, knownWay(c));
  const isOverdue = (it: Parameters<typeof timeliness>[0]) => timeliness(it).state === 'overdue';
  const [units, overdue, allNotices, submitted] = await Promise.all([
    listUnits(c.env.DB),
    datedItemsAsOf(c.env.DB, asOf, c.get('campaign'), way, isOverdue),
    listNotices(c.env.DB),
    // A unit whose every submission was withdrawn has not submitted (SPEC 12.1).
    c.env.DB.prepare('SELECT DISTINCT unit_id FROM submissions WHERE submitted_on <= ? AND withdrawn_at IS NULL').bind(asOf).raw<[number]>(),
  ]);
  const hasSubmitted = new Set(submitted.map(([id]) => id));
  // By unit once (a county has ~150 units and may have tens of thousands of overdue items).
  const overdueOf = groupedBy<(typeof overdue)[number], number>(overdue, (it) => it.unitId);
  const sentTo = groupedBy(allNotices.filter((n) => n.sent_on <= asOf), (n) => n.unit);
  const body: RemindersResponse = { asOf, units: [] };
  for (const u of units) {
    const items = overdueOf.get(u.id) ?? [];
    if (hasSubmitted.has(u.id) && items.length === 0) continue;
    const sent = sentTo.get(u.name) ?? [];
    body.units.push({
      unit: u.name,
      reason: hasSubmitted.has(u.id) ? 'overdue' : 'missing',
      overdueItems: items.map((it) => ({ key: it.key, description: it.description, due: it.due!, daysOverdue: timeliness(it).daysOverdue ?? 0 })),
      ...(sent.length ? { lastNoticeOn: sent[sent.length - 1]!.sent_on } : {}),
      notices: sent.length,
    });
  }
  return c.json(body);
});

/** The list's elements by key, each group in the list's order (Map.groupBy, which Node 20 lacks). */
function groupedBy<T, K>(list: readonly T[], keyOf: (t: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const t of list) {
    const k = keyOf(t);
    const group = groups.get(k);
    if (group) group.push(t);
    else groups.set(k, [t]);
  }
  return groups;
}
