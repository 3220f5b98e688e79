import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { Report } from '../../shared/index.js';
import type { NewVersion } from './submissions.js';
import { jsonChunks } from './json-chunks.js';

// Runs after the aggregate's items point at their new versions: a pair joins them by key.
export const INSERT_KEY_PAIRS = `
INSERT OR IGNORE INTO near_duplicates (version_id, other_version_id, similarity)
SELECT a.current_version_id, b.current_version_id, j.value ->> 2
FROM json_each(?) j JOIN items a ON a.key = j.value ->> 0 JOIN items b ON b.key = j.value ->> 1`;

/**
 * The near-duplicates the core found between the units of one county aggregate, as statements
 * for the aggregate's write batch (their versions have no ids before it runs). Keys the server
 * changed after the check (rekeyed copies) are mapped back by position.
 */
export function keyPairsStatement(db: D1Database, report: Report, versions: readonly NewVersion[], coreKeys: readonly string[]): D1PreparedStatement[] {
  const finalKey = new Map<string, string>();
  coreKeys.forEach((k, i) => {
    if (!finalKey.has(k)) finalKey.set(k, versions[i]!.item.key);
  });
  const pairs = report.crossUnit.map((p) => [finalKey.get(p.a.key) ?? p.a.key, finalKey.get(p.b.key) ?? p.b.key, p.similarity]);
  const insert = db.prepare(INSERT_KEY_PAIRS);
  return jsonChunks(pairs).map((chunk) => insert.bind(chunk));
}
