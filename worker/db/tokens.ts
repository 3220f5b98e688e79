import type { D1Database } from '@cloudflare/workers-types';

export interface TokenRow {
  id: number;
  role: 'county' | 'unit';
  unit_id: number | null;
  unit_name: string | null;
  label: string;
  revoked_at: string | null;
}

/** The token with this hash, with its unit's name; null when none. */
export function findTokenByHash(db: D1Database, hash: string): Promise<TokenRow | null> {
  return db
    .prepare(
      `SELECT t.id, t.role, t.unit_id, u.name AS unit_name, t.label, t.revoked_at
       FROM tokens t LEFT JOIN units u ON u.id = t.unit_id WHERE t.token_hash = ?`,
    )
    .bind(hash)
    .first<TokenRow>();
}
