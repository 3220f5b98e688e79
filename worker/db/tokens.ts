import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

export interface TokenRow {
  id: number;
  role: 'county' | 'unit';
  unit_id: number | null;
  unit_name: string | null;
  label: string;
  revoked_at: string | null;
  /** The last county date the token works; null: no expiry. */
  expires_on: string | null;
  last_used_at: string | null;
}

/** The token with this hash, with its unit's name; null when none. */
export function findTokenByHash(db: D1Database, hash: string): Promise<TokenRow | null> {
  return tokenStatement(db, hash).first<TokenRow>();
}

/** The statement findTokenByHash runs, for a batch that reads more beside it (middleware/auth.ts). */
export const tokenStatement = (db: D1Database, hash: string): D1PreparedStatement =>
  db.prepare(
    `SELECT t.id, t.role, t.unit_id, u.name AS unit_name, t.label, t.revoked_at, t.expires_on, t.last_used_at
     FROM tokens t LEFT JOIN units u ON u.id = t.unit_id WHERE t.token_hash = ?`,
  ).bind(hash);

/** Records a token's use, at most once an hour (a write per request would cost more than it tells). */
export async function touchToken(db: D1Database, id: number, now: Date): Promise<void> {
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  await db.prepare('UPDATE tokens SET last_used_at = ?1 WHERE id = ?2 AND (last_used_at IS NULL OR last_used_at < ?3)').bind(now.toISOString(), id, hourAgo).run();
}
