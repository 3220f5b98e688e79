import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';

/**
 * Runs `statements` in one batch after `before` (a keyed write's key row, request-keys.ts): one
 * transaction, so both commit or neither does. The results are `statements`' alone, in order.
 */
export async function batchAfter<T = unknown>(db: D1Database, before: readonly D1PreparedStatement[], statements: readonly D1PreparedStatement[]): Promise<D1Result<T>[]> {
  return (await db.batch<T>([...before, ...statements])).slice(before.length);
}

/** An INSERT … RETURNING id run after `before` in one batch: the id. */
export async function insertedId(db: D1Database, before: readonly D1PreparedStatement[], insert: D1PreparedStatement): Promise<number> {
  const [inserted] = await batchAfter<{ id: number }>(db, before, [insert]);
  return inserted!.results[0]!.id;
}
