import type { D1Database } from '@cloudflare/workers-types';
import type { Campaign, Deadline, DeadlineKind, Status } from '../../shared/index.js';
import { firmDeadline } from '../firm-deadline.js';
import type { ItemFacts } from './items.js';

/** An item as it stood on a date: its version stored by then, its review state decided by then. */
export interface ItemAsOf extends ItemFacts {
  versionId: number;
  /** The item's id: lists go in unit then item order, as the current items do. */
  itemId: number;
  key: string;
  description: string;
}

/**
 * True when nothing is dated after asOf (no version stored, no decision taken later): the
 * `items` table's current state is then the state as of that date, and views read it directly.
 */
export async function currentIsAsOf(db: D1Database, asOf: string): Promise<boolean> {
  // A withdrawal or an approved extension after asOf changed the current state too.
  const row = await db
    .prepare(
      `SELECT (SELECT MAX(submitted_on) FROM submissions WHERE withdrawn_at IS NULL) AS s, (SELECT MAX(decided_on) FROM reviews) AS r,
         (SELECT MAX(withdrawn_on) FROM submissions) AS w, (SELECT MAX(decided_on) FROM extensions WHERE state = 'approved') AS e`,
    )
    .first<{ s: string | null; r: string | null; w: string | null; e: string | null }>();
  return [row?.s, row?.r, row?.w, row?.e].every((d) => (d ?? '') <= asOf);
}

// Each item's latest version stored by ?1 (a withdrawn submission never counts: SPEC 12.1), its
// last review event decided by ?1 that a withdrawn version did not make (by decidedOn, then the order recorded) and its first 交办 by ?1, which makes a relative deadline firm.
const ITEMS_AS_OF = `
WITH cur AS (
  SELECT v.item_key, MAX(v.version) AS version, MIN(s.submitted_on) AS first_on
  FROM item_versions v JOIN submissions s ON s.id = v.submission_id
  WHERE s.submitted_on <= ?1 AND s.withdrawn_at IS NULL AND (?2 IS NULL OR s.unit_id = ?2) GROUP BY v.item_key
), rv AS (
  SELECT r.item_key, r.to_state, r.decided_on,
    ROW_NUMBER() OVER (PARTITION BY r.item_key ORDER BY r.decided_on DESC, r.id DESC) AS n
  FROM reviews r WHERE r.decided_on <= ?1
    -- A withdrawn version revised nothing, and a withdrawal that left the state as it was changed
    -- nothing (not its since either, as db/withdraw.ts keeps it in the current state).
    AND NOT (r.decision = 'revise' AND EXISTS (SELECT 1 FROM item_versions wv JOIN submissions ws ON ws.id = wv.submission_id
      WHERE wv.id = r.version_id AND ws.withdrawn_at IS NOT NULL))
    AND NOT (r.decision = 'withdraw' AND r.from_state = r.to_state)
), asg AS (
  SELECT item_key, MIN(decided_on) AS assigned_on FROM reviews WHERE decision = 'assign' AND decided_on <= ?1 GROUP BY item_key
), ext AS (
  SELECT item_key, requested_due,
    ROW_NUMBER() OVER (PARTITION BY item_key ORDER BY decided_on DESC, id DESC) AS n
  FROM extensions WHERE state = 'approved' AND decided_on <= ?1
)
SELECT v.id, i.id, v.unit_id, v.item_key, v.description, v.category, v.deadline_kind, v.due, v.status, v.completed_on, v.vague,
  COALESCE(rv.to_state, 'pending'), COALESCE(rv.decided_on, cur.first_on), asg.assigned_on,
  CASE WHEN v.deadline_kind = 'relative' THEN v.item ->> '$.deadline' END, ext.requested_due
FROM cur JOIN item_versions v ON v.item_key = cur.item_key AND v.version = cur.version
JOIN items i ON i.key = cur.item_key
LEFT JOIN rv ON rv.item_key = cur.item_key AND rv.n = 1
LEFT JOIN asg ON asg.item_key = cur.item_key
LEFT JOIN ext ON ext.item_key = cur.item_key AND ext.n = 1
ORDER BY i.unit_id, i.id`;

type Raw = [number, number, number, string, string, string, DeadlineKind, string | null, Status, string | null, number, string, string, string | null, string | null, string | null];

/** Every item (of one unit, when `unitId` is given) as it stood on asOf, in unit then arrival order. */
export async function itemsAsOf(db: D1Database, asOf: string, campaign: Campaign, unitId?: number): Promise<ItemAsOf[]> {
  const rows = await db.prepare(ITEMS_AS_OF).bind(asOf, unitId ?? null).raw<Raw>();
  return rows.map(([versionId, itemId, unitId, key, description, category, deadlineKind, due, status, completedOn, vague, reviewState, reviewSince, assignedOn, deadline, extended]) => {
    // A relative deadline assigned by then counts from its 交办 date (the core reads it again).
    const firm = deadline && assignedOn ? (firmDeadline(JSON.parse(deadline) as Deadline, assignedOn, campaign).due ?? null) : due;
    // An extension approved by then moves a due date it lies after, as items.due does (db/extensions.ts).
    const later = extended !== null && (firm === null || firm < extended);
    return {
      versionId, itemId, unitId, key, description, category, deadlineKind: later ? 'date' : deadlineKind, status, completedOn, vague: vague === 1,
      reviewState, reviewSince, assignedOn, due: later ? extended : firm,
    };
  });
}

/**
 * The current items (of one unit, when given) in the shape of itemsAsOf: what it returns for any
 * date nothing is dated after (the Workers tests hold the two to the same answer).
 */
export async function currentItemsAsOf(db: D1Database, unitId?: number): Promise<ItemAsOf[]> {
  const rows = await db
    .prepare(
      `SELECT i.current_version_id, i.id, i.unit_id, i.key, v.description, i.category, i.deadline_kind, i.due, i.status, i.completed_on, i.vague,
         i.review_state, i.review_since, i.assigned_on
       FROM items i JOIN item_versions v ON v.id = i.current_version_id WHERE ?1 IS NULL OR i.unit_id = ?1 ORDER BY i.unit_id, i.id`,
    )
    .bind(unitId ?? null)
    .raw<[number, number, number, string, string, string, DeadlineKind, string | null, Status, string | null, number, string, string, string | null]>();
  return rows.map(([versionId, itemId, unitId, key, description, category, deadlineKind, due, status, completedOn, vague, reviewState, reviewSince, assignedOn]) => ({
    versionId, itemId, unitId, key, description, category, deadlineKind, due, status, completedOn, vague: vague === 1, reviewState, reviewSince, assignedOn,
  }));
}

/**
 * Items (of one unit, when given) as they stood on asOf (SPEC 12.2): read off the current state
 * when nothing is dated after asOf, else rebuilt from versions and review events.
 * @example await itemsOn(db, '2023-05-29', campaign, unitId)
 */
export async function itemsOn(db: D1Database, asOf: string, campaign: Campaign, unitId?: number): Promise<ItemAsOf[]> {
  return (await currentIsAsOf(db, asOf)) ? currentItemsAsOf(db, unitId) : itemsAsOf(db, asOf, campaign, unitId);
}
