import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { DeadlineKind, Status } from '../../shared/index.js';
import { jsonChunks } from './json-chunks.js';

export interface StoredTimeliness {
  key: string;
  unitId: number;
  versionId: number;
  timeliness: string | null;
  deadlineKind: DeadlineKind;
  due: string | null;
  status: Status;
  completedOn: string | null;
}

export async function storedTimeliness(db: D1Database): Promise<StoredTimeliness[]> {
  const rows = await db
    .prepare(
      'SELECT key, unit_id, current_version_id, timeliness, deadline_kind, due, status, completed_on FROM items',
    )
    .raw<[string, number, number, string | null, DeadlineKind, string | null, Status, string | null]>();
  return rows.map(([key, unitId, versionId, timeliness, deadlineKind, due, status, completedOn]) => ({
    key, unitId, versionId, timeliness, deadlineKind, due, status, completedOn,
  }));
}

/**
 * storedTimeliness of the items whose stored state is not the state given for their
 * combination of what timeliness reads ([deadline_kind, due, status, completed_on, state], the
 * day's states by the core's rule): one scan, the combinations an index of their own, and only
 * the items whose state may have changed come back (a day's transitions, not 100,000 items).
 * The combinations are one bound string: the caller keeps them within D1's 2 MB.
 */
export async function storedTimelinessNotIn(db: D1Database, states: readonly (readonly [DeadlineKind, string | null, Status, string | null, string])[]): Promise<StoredTimeliness[]> {
  const rows = await db
    .prepare(
      // A row value IN a subquery compares with =: the NULLs compare as ''.
      `SELECT key, unit_id, current_version_id, timeliness, deadline_kind, due, status, completed_on FROM items
       WHERE (deadline_kind, COALESCE(due, ''), status, COALESCE(completed_on, ''), COALESCE(timeliness, '')) NOT IN
         (SELECT value ->> 0, COALESCE(value ->> 1, ''), value ->> 2, COALESCE(value ->> 3, ''), value ->> 4 FROM json_each(?1))`,
    )
    .bind(JSON.stringify(states))
    .raw<[string, number, number, string | null, DeadlineKind, string | null, Status, string | null]>();
  return rows.map(([key, unitId, versionId, timeliness, deadlineKind, due, status, completedOn]) => ({
    key, unitId, versionId, timeliness, deadlineKind, due, status, completedOn,
  }));
}

/** A change to record: [key, version id it was computed on, from, to]. */
export type Change = [key: string, versionId: number, from: string | null, to: string];

/**
 * Records timeliness changes and moves the cached state, in one batch. Conditioned on the
 * version the change was computed from: an item resubmitted meanwhile keeps its newer state.
 */
export async function recordChanges(db: D1Database, changes: readonly Change[], on: string): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (const chunk of jsonChunks(changes)) {
    statements.push(
      db.prepare(
        `INSERT INTO timeliness_changes (item_key, unit_id, changed_on, from_state, to_state)
         SELECT i.key, i.unit_id, ?1, j.value ->> 2, j.value ->> 3 FROM json_each(?2) j
         JOIN items i ON i.key = j.value ->> 0 AND i.current_version_id = j.value ->> 1`,
      ).bind(on, chunk),
      db.prepare(
        `UPDATE items SET timeliness = j.value ->> 3, timeliness_on = ?1 FROM json_each(?2) j
         WHERE items.key = j.value ->> 0 AND items.current_version_id = j.value ->> 1`,
      ).bind(on, chunk),
    );
  }
  if (statements.length) await db.batch(statements);
}
