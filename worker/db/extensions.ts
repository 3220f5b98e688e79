import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import type { Extension } from '../../shared/schema/api.js';
import { staleUnitOfItem } from './unit-groups.js';
import { batchAfter } from './batch-after.js';

interface ExtensionRow {
  id: number; item_key: string; unit: string; due_before: string | null; requested_due: string; reason: string;
  requested_by: string; requested_on: string; state: Extension['state'];
  decided_by: string | null; decided_on: string | null; comment: string | null;
}

const COLUMNS = `e.id, e.item_key, u.name AS unit, e.due_before, e.requested_due, e.reason, e.requested_by, e.requested_on, e.state,
  e.decided_by, e.decided_on, e.comment`;

function toExtension(r: ExtensionRow): Extension {
  return {
    id: r.id, key: r.item_key, unit: r.unit, dueBefore: r.due_before, requestedDue: r.requested_due, reason: r.reason,
    requestedBy: r.requested_by, requestedOn: r.requested_on, state: r.state,
    ...(r.decided_by !== null ? { decidedBy: r.decided_by } : {}),
    ...(r.decided_on !== null ? { decidedOn: r.decided_on } : {}),
    ...(r.comment ? { comment: r.comment } : {}),
  };
}

/** An item's extension requests, oldest first (its history keeps every request and decision). */
export function extensionsStatement(db: D1Database, key: string): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM extensions e JOIN units u ON u.id = e.unit_id WHERE e.item_key = ? ORDER BY e.id`).bind(key);
}

/** extensionsStatement's rows. */
export const extensionsOf = (result: D1Result<unknown>): Extension[] => (result.results as ExtensionRow[]).map(toExtension);

/** One extension request of an item, as a statement (extensionsOf reads its result). */
export function findExtensionStatement(db: D1Database, key: string, id: number): D1PreparedStatement {
  return db.prepare(`SELECT ${COLUMNS} FROM extensions e JOIN units u ON u.id = e.unit_id WHERE e.item_key = ? AND e.id = ?`).bind(key, id);
}

export interface NewExtension {
  key: string; unitId: number; dueBefore: string | null; requestedDue: string; reason: string;
  by: string; tokenId: number; at: string; on: string;
}

/**
 * Stores a request and reads it back as listed, in one batch; null when the item already has
 * one pending (the partial unique index says so, failing the batch).
 * `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts).
 */
export async function requestExtension(db: D1Database, e: NewExtension, before: readonly D1PreparedStatement[] = []): Promise<Extension | null> {
  try {
    const [, stored] = await batchAfter(db, before, [
      db.prepare(
        `INSERT INTO extensions (item_key, unit_id, due_before, requested_due, reason, requested_by, requested_token_id, requested_at, requested_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).bind(e.key, e.unitId, e.dueBefore, e.requestedDue, e.reason, e.by, e.tokenId, e.at, e.on),
      db.prepare(`SELECT ${COLUMNS} FROM extensions e JOIN units u ON u.id = e.unit_id WHERE e.id = last_insert_rowid()`),
    ]);
    return extensionsOf(stored!)[0]!;
  } catch (err) {
    if (/UNIQUE constraint failed: extensions\.item_key/.test(String(err))) return null;
    throw err;
  }
}

export interface ExtensionDecisionRow {
  key: string; id: number; approve: boolean; comment: string; by: string; tokenId: number; at: string; on: string;
}

/**
 * Decides a pending request in one batch: an approval sets the item's effective due date (kept
 * as `extended_due` over later versions' earlier dates); the request read back as decided. Null
 * when it was no longer pending.
 * `before`: statements to run first in the same batch (a keyed write's key, request-keys.ts).
 */
export async function decideExtension(db: D1Database, d: ExtensionDecisionRow, before: readonly D1PreparedStatement[] = []): Promise<Extension | null> {
  const [decided, , , after] = await batchAfter(db, before, [
    db.prepare(
      `UPDATE extensions SET state = ?3, decided_by = ?4, decided_token_id = ?5, decided_at = ?6, decided_on = ?7, comment = ?8
       WHERE item_key = ?1 AND id = ?2 AND state = 'pending'`,
    ).bind(d.key, d.id, d.approve ? 'approved' : 'denied', d.by, d.tokenId, d.at, d.on, d.comment),
    db.prepare(
      `UPDATE items SET extended_due = e.requested_due, due = e.requested_due, deadline_kind = 'date'
       FROM extensions e WHERE e.id = ?2 AND e.item_key = ?1 AND items.key = ?1 AND e.state = 'approved' AND e.decided_at = ?3`,
    ).bind(d.key, d.id, d.at),
    staleUnitOfItem(db, d.key),
    findExtensionStatement(db, d.key, d.id),
  ]);
  return (decided?.meta.changes ?? 0) === 1 ? (extensionsOf(after!)[0] ?? null) : null;
}

export type ApprovedExtension = { due: string; decidedOn: string; dueBefore: string | null };
export type ApprovedExtensions = Map<string, ApprovedExtension>;

/**
 * An item's latest approved extension (its key the SQL `key`), as SQL: json_array(due,
 * decidedOn, dueBefore), or NULL. A page's statement reads it per listed item (extensions_item).
 */
export const approvedExtensionOf = (key: string) => `(SELECT json_array(e.requested_due, e.decided_on, e.due_before) FROM extensions e
  WHERE e.item_key = ${key} AND e.state = 'approved' ORDER BY e.id DESC LIMIT 1)`;

/** An approvedExtensionOf value, read. */
export function approvedOf(json: string): ApprovedExtension {
  const [due, decidedOn, dueBefore] = JSON.parse(json) as [string, string, string | null];
  return { due, decidedOn, dueBefore };
}
