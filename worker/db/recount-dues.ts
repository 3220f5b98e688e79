import type { Campaign, Deadline } from '../../shared/index.js';
import { firmDeadline } from '../firm-deadline.js';
import { jsonChunks } from './json-chunks.js';
import { staleUnit } from './unit-groups.js';

/** Items read a page (rows of ~150 bytes: well within a Worker's memory, few round trips for a county). */
const PAGE_ROWS = 5_000;

interface RelativeRow {
  id: number;
  unit_id: number;
  due: string | null;
  assigned_on: string | null;
  deadline: string;
}

/**
 * Relative deadlines (15个工作日内, 30日内) counted again by the campaign in force, as the items
 * list counts them on each read (firmDeadline): a county that writes a year's holidays into its
 * campaign (the package lacked it) or moves selfCheckDue changes what they count to. The stored
 * due, which timeliness, the summary, the filters and the letters read, follows here; the daily
 * job runs it before timeliness. Each version's own report keeps the date as it was read then.
 * Returns how many items moved.
 */
export async function recountRelativeDues(db: D1Database, campaign: Campaign, pageRows = PAGE_ROWS): Promise<number> {
  const moved: [number, string | null, string | null][] = [];
  const units = new Set<number>();
  // A page at a time by id: a county whose items are mostly relative is not held in memory whole.
  for (let after = 0; ; ) {
    const { results } = await db
      .prepare(
        `SELECT i.id, i.unit_id, i.due, i.assigned_on, v.item ->> '$.deadline' AS deadline
         FROM items i JOIN item_versions v ON v.id = i.current_version_id
         WHERE i.deadline_kind = 'relative' AND i.id > ?1 ORDER BY i.id LIMIT ?2`,
      )
      .bind(after, pageRows)
      .all<RelativeRow>();
    for (const r of results) {
      const due = firmDeadline(JSON.parse(r.deadline) as Deadline, r.assigned_on, campaign).due ?? null;
      if (due === r.due) continue;
      moved.push([r.id, due, r.due]);
      units.add(r.unit_id);
    }
    if (results.length < pageRows) break;
    after = results[results.length - 1]!.id;
  }
  if (!moved.length) return 0;
  const statements = [...units].map((u) => staleUnit(db, u));
  // Only a due still as read: an item resubmitted or extended meanwhile keeps what that wrote.
  for (const chunk of jsonChunks(moved)) {
    statements.push(
      db.prepare(
        `UPDATE items SET due = j.value ->> 1 FROM json_each(?1) j
         WHERE items.id = j.value ->> 0 AND items.due IS j.value ->> 2 AND items.deadline_kind = 'relative'`,
      ).bind(chunk),
    );
  }
  await db.batch(statements);
  return moved.length;
}
