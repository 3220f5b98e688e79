import type { D1Database } from '@cloudflare/workers-types';
import type { Extension } from '../../shared/schema/api.js';
import { staleUnitOfItem } from './unit-groups.js';

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
export async function listExtensions(db: D1Database, key: string): Promise<Extension[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM extensions e JOIN units u ON u.id = e.unit_id WHERE e.item_key = ? ORDER BY e.id`)
    .bind(key).all<ExtensionRow>();
  return results.map(toExtension);
}

export async function findExtension(db: D1Database, key: string, id: number): Promise<Extension | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM extensions e JOIN units u ON u.id = e.unit_id WHERE e.item_key = ? AND e.id = ?`)
    .bind(key, id).first<ExtensionRow>();
  return row ? toExtension(row) : null;
}

export interface NewExtension {
  key: string; unitId: number; dueBefore: string | null; requestedDue: string; reason: string;
  by: string; tokenId: number; at: string; on: string;
}

/** Stores a request; null when the item already has one pending (the partial unique index says so). */
export async function requestExtension(db: D1Database, e: NewExtension): Promise<number | null> {
  try {
    const row = await db.prepare(
      `INSERT INTO extensions (item_key, unit_id, due_before, requested_due, reason, requested_by, requested_token_id, requested_at, requested_on)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    ).bind(e.key, e.unitId, e.dueBefore, e.requestedDue, e.reason, e.by, e.tokenId, e.at, e.on).first<number>('id');
    return row;
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
 * as `extended_due` over later versions' earlier dates). False when it was no longer pending.
 */
export async function decideExtension(db: D1Database, d: ExtensionDecisionRow): Promise<boolean> {
  const [decided] = await db.batch([
    db.prepare(
      `UPDATE extensions SET state = ?3, decided_by = ?4, decided_token_id = ?5, decided_at = ?6, decided_on = ?7, comment = ?8
       WHERE item_key = ?1 AND id = ?2 AND state = 'pending'`,
    ).bind(d.key, d.id, d.approve ? 'approved' : 'denied', d.by, d.tokenId, d.at, d.on, d.comment),
    db.prepare(
      `UPDATE items SET extended_due = e.requested_due, due = e.requested_due, deadline_kind = 'date'
       FROM extensions e WHERE e.id = ?2 AND e.item_key = ?1 AND items.key = ?1 AND e.state = 'approved' AND e.decided_at = ?3`,
    ).bind(d.key, d.id, d.at),
    staleUnitOfItem(db, d.key),
  ]);
  return (decided?.meta.changes ?? 0) === 1;
}

/** The approved extensions of these items, latest per item: key → {due, decidedOn, dueBefore}. */
export async function approvedExtensions(db: D1Database, keys: readonly string[]): Promise<Map<string, { due: string; decidedOn: string; dueBefore: string | null }>> {
  const out = new Map<string, { due: string; decidedOn: string; dueBefore: string | null }>();
  if (keys.length === 0) return out;
  const rows = await db.prepare(
    `SELECT item_key, requested_due, decided_on, due_before FROM extensions
     WHERE state = 'approved' AND item_key IN (SELECT value FROM json_each(?)) ORDER BY id`,
  ).bind(JSON.stringify(keys)).raw<[string, string, string, string | null]>();
  for (const [key, due, decidedOn, dueBefore] of rows) out.set(key, { due, decidedOn, dueBefore });
  return out;
}
