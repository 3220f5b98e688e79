import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { Deadline } from '../../shared/index.js';
import { staleUnitOfItem } from './unit-groups.js';
import { findItemStatement, type ItemRow } from './items.js';
import { countEvidenceStatement } from './evidence.js';
import { findRoundStatement, type RoundRow } from './rounds.js';
import { batchAfter } from './batch-after.js';

export interface Decision {
  key: string;
  decision: string;
  from: string;
  to: string;
  /** The version the decision was made on; a newer one meanwhile makes the write a no-op. */
  versionId: number;
  comment: string;
  tokenId: number;
  actor: string;
  at: string;
  on: string;
  round: number | null;
  /** For an assign of a relative deadline: the firm due date the core gave from the 交办 date. */
  firmDue?: string | undefined;
}

/**
 * Records a decision and moves the item's state in one batch. Both statements are conditioned
 * on the state and version read before, so a concurrent decision or submission turns this into
 * a no-op (returns false) instead of a lost update.
 * `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts).
 */
export async function applyDecision(db: D1Database, d: Decision, before: readonly D1PreparedStatement[] = []): Promise<boolean> {
  const [, update] = await batchAfter(db, before, [
    db.prepare(
      `INSERT INTO reviews (item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on, round_id)
       SELECT key, current_version_id, ?2, review_state, ?3, ?4, ?5, ?6, ?7, ?8, ?11 FROM items
       WHERE key = ?1 AND review_state = ?9 AND current_version_id = ?10`,
    ).bind(d.key, d.decision, d.to, d.comment, d.tokenId, d.actor, d.at, d.on, d.from, d.versionId, d.round),
    // The first 交办 fixes the start of a relative deadline; its due date becomes firm.
    db.prepare(
      `UPDATE items SET review_state = ?2, review_since = ?3,
         assigned_on = CASE WHEN ?6 = 'assign' THEN COALESCE(assigned_on, ?3) ELSE assigned_on END,
         due = CASE WHEN ?6 = 'assign' AND assigned_on IS NULL AND ?7 IS NOT NULL THEN ?7 ELSE due END
       WHERE key = ?1 AND review_state = ?4 AND current_version_id = ?5 RETURNING key`,
    ).bind(d.key, d.to, d.on, d.from, d.versionId, d.decision, d.firmDue ?? null),
    staleUnitOfItem(db, d.key),
  ]);
  // The item's row returned: D1's `changes` counts what triggers on items wrote as well.
  return (update?.results.length ?? 0) === 1;
}


/** What a decision on a version is checked against: the day it was stored and its deadline as read. */
export interface VersionFacts { submittedOn: string; deadline: Deadline }

/**
 * What a decision on an item is checked against, in one batch: the item, its current version's
 * facts, how many evidence files it holds (asked for a 销号) and the round named (if any). One
 * transaction, so the version's facts are those of the item's current version as read.
 */
export async function decisionReads(db: D1Database, key: string, ask: { evidence: boolean; round: number | undefined }): Promise<{
  item: ItemRow | null; version: VersionFacts | null; evidence: number | undefined; round: RoundRow | null | undefined;
}> {
  const statements = [
    findItemStatement(db, key),
    db.prepare(
      `SELECT s.submitted_on, v.item ->> '$.deadline' AS deadline
       FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN submissions s ON s.id = v.submission_id WHERE i.key = ?`,
    ).bind(key),
  ];
  const evidenceAt = ask.evidence ? statements.push(countEvidenceStatement(db, key)) - 1 : -1;
  const roundAt = ask.round !== undefined ? statements.push(findRoundStatement(db, ask.round)) - 1 : -1;
  const results = await db.batch<Record<string, unknown>>(statements);
  const first = <T>(k: number) => results[k]!.results[0] as T | undefined;
  const facts = first<{ submitted_on: string; deadline: string }>(1);
  return {
    item: first<ItemRow>(0) ?? null,
    version: facts ? { submittedOn: facts.submitted_on, deadline: JSON.parse(facts.deadline) as Deadline } : null,
    evidence: evidenceAt < 0 ? undefined : first<{ n: number }>(evidenceAt)!.n,
    round: roundAt < 0 ? undefined : (first<RoundRow>(roundAt) ?? null),
  };
}
