import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { staleUnitOfSubmission } from './unit-groups.js';
import { submissionStatement, type SubmissionRow } from './submissions.js';
import { batchAfter } from './batch-after.js';

export interface Withdrawal {
  submissionId: string;
  /** When (ISO instant); also the marker every statement of the batch checks. */
  at: string;
  on: string;
  by: string;
  tokenId: number;
  reason: string;
}

// Every statement after the first acts only if the first one marked the submission withdrawn now.
const MINE = 'EXISTS (SELECT 1 FROM submissions m WHERE m.id = ?1 AND m.withdrawn_at = ?2)';
// A revised item goes back to returned when the withdrawn version was what revised it.
const RESTORED = `CASE WHEN i.review_state = 'revised' AND EXISTS
  (SELECT 1 FROM reviews r WHERE r.version_id = i.current_version_id AND r.decision = 'revise') THEN 'returned' ELSE i.review_state END`;
// The latest version before the current one that is not itself withdrawn.
const PREVIOUS = `(SELECT p.id FROM item_versions p JOIN submissions ps ON ps.id = p.submission_id
  WHERE p.item_key = i.key AND p.id < i.current_version_id AND ps.withdrawn_at IS NULL ORDER BY p.id DESC LIMIT 1)`;

/**
 * Withdraws a submission in one batch (SPEC 12.1): the submission is marked (never deleted);
 * each item whose current version it holds records a `withdraw` event and goes back to its
 * previous version (facts copied again, an approved extension kept); an item with no earlier
 * version leaves the current-state table, its versions and history stay. Returns null when the
 * submission was already withdrawn (by this or a concurrent request).
 * `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts).
 */
export async function withdrawSubmission(db: D1Database, w: Withdrawal, before: readonly D1PreparedStatement[] = []): Promise<{ reverted: number; dropped: number; row: SubmissionRow } | null> {
  const [mark, , revert, drop, , after] = await batchAfter(db, before, [
    db.prepare(
      'UPDATE submissions SET withdrawn_at = ?2, withdrawn_on = ?3, withdrawn_by = ?4, withdraw_reason = ?5 WHERE id = ?1 AND withdrawn_at IS NULL',
    ).bind(w.submissionId, w.at, w.on, w.by, w.reason),
    db.prepare(
      `INSERT INTO reviews (item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on)
       SELECT i.key, i.current_version_id, 'withdraw', i.review_state, ${RESTORED}, ?5, ?6, ?4, ?2, ?3
       FROM items i JOIN item_versions v ON v.id = i.current_version_id WHERE v.submission_id = ?1 AND ${MINE}`,
    ).bind(w.submissionId, w.at, w.on, w.by, w.reason, w.tokenId),
    db.prepare(
      `UPDATE items SET current_version_id = p.id, versions = p.version, category = p.category,
         deadline_kind = CASE WHEN items.extended_due IS NOT NULL AND (p.due IS NULL OR p.due < items.extended_due) THEN 'date' ELSE p.deadline_kind END,
         due = CASE WHEN items.extended_due IS NOT NULL AND (p.due IS NULL OR p.due < items.extended_due) THEN items.extended_due ELSE p.due END,
         status = p.status, completed_on = p.completed_on, vague = p.vague, has_evidence = p.has_evidence, timeliness = p.timeliness,
         review_state = x.restored, review_since = CASE WHEN x.restored <> items.review_state THEN ?3 ELSE items.review_since END
       FROM (SELECT i.id AS item_id, ${PREVIOUS} AS prev_id, ${RESTORED} AS restored
             FROM items i JOIN item_versions v ON v.id = i.current_version_id WHERE v.submission_id = ?1) x
       JOIN item_versions p ON p.id = x.prev_id
       WHERE items.id = x.item_id AND ${MINE} RETURNING items.id`,
    ).bind(w.submissionId, w.at, w.on),
    db.prepare(
      `DELETE FROM items WHERE current_version_id IN (SELECT id FROM item_versions WHERE submission_id = ?1) AND ${MINE} RETURNING id`,
    ).bind(w.submissionId, w.at),
    staleUnitOfSubmission(db, w.submissionId),
    // The submission as withdrawn: the answer, read in the same batch.
    submissionStatement(db, w.submissionId),
  ]);
  if ((mark?.meta.changes ?? 0) !== 1) return null;
  // The items' rows returned, not `changes`: D1 counts there the rows the triggers on items wrote
  // too (near-duplicate postings dropped, the summary's stale units), 28 for 2 items reverted.
  return { reverted: revert?.results.length ?? 0, dropped: drop?.results.length ?? 0, row: after!.results[0] as SubmissionRow };
}

/**
 * A submission to withdraw, with the role of the token that stored it (a unit may withdraw only
 * what it submitted itself), in one batch.
 */
export async function withdrawalReads(db: D1Database, id: string): Promise<{ row: SubmissionRow | null; submitterRole: string | null }> {
  const [row, role] = await db.batch<Record<string, unknown>>([
    submissionStatement(db, id),
    db.prepare('SELECT t.role FROM submissions s JOIN tokens t ON t.id = s.token_id WHERE s.id = ?').bind(id),
  ]);
  return { row: (row!.results[0] as SubmissionRow | undefined) ?? null, submitterRole: (role!.results[0]?.role as string | undefined) ?? null };
}
