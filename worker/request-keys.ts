import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.js';
import { ApiError } from './errors.js';
import { sha256Hex } from './hash.js';
import { afterAnswer } from './after-answer.js';
import { idempotencyKey } from './routes/submission-reads.js';

// A write retried with the Idempotency-Key of its first try (migration 0018). The add-in retries
// a write after a lost answer or a timeout, and sends one key on every try of it
// (addin/server/client.ts): the server then answers the retry as it answered the first and
// writes nothing more. Submissions keep their keys in their own rows (submit.ts); these are the
// county office's and the units' other writes: decisions, extensions, evidence, notices,
// interviews, rounds and withdrawals.

/** Days a key is kept: the add-in's retries come within a minute; a week covers a person trying again days later. */
const REQUEST_KEY_DAYS = 7;

/** Seconds a retry is told to wait while the first try's answer is being kept. */
const IN_PROGRESS_RETRY_AFTER = 1;

/**
 * Past this, a key without its answer is a write whose answer was never kept (the Worker stopped
 * between its answer and keeping it): the write is done (its key's row says so), and the retry
 * is told that rather than to wait. Keeping an answer takes milliseconds.
 */
const ANSWER_KEPT_WITHIN_MS = 30_000;

interface Seen { route: string; digest: string; status: number | null; answer: string | null; created_at: string }

// The key's row, read in the token's own batch (requireToken's withToken): no round trip of its own.
const SEEN_COLUMNS = 'route, digest, status, answer, created_at';
const SEEN = `SELECT ${SEEN_COLUMNS} FROM request_keys WHERE token_id = (SELECT id FROM tokens WHERE token_hash = ?1) AND key = ?2`;

/**
 * Mounted before requireToken on the keyed writes (worker/index.ts): a POST's key is looked up
 * with its token. After the route, the answer of a write that stored its key is kept (after the
 * answer is sent: the request waits on no round trip for it).
 */
export const requestKeys = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'POST') return next();
  let key: string | null;
  try {
    key = idempotencyKey(c);
  } catch {
    key = null; // refused by the route (writeKey) once the token is known: a bad token stays 401 first
  }
  if (key) c.set('withToken', (db, hash) => [db.prepare(SEEN).bind(hash, key)]);
  await next();
  const written = c.get('requestKey');
  // A fault of ours after the write is not its answer: a retry is told the write is in progress,
  // then (ANSWER_KEPT_WITHIN_MS on) that it is done, rather than the fault again for a week.
  if (!written || c.res.status >= 500) return;
  const answer = await c.res.clone().text();
  await afterAnswer(c, c.env.DB.prepare('UPDATE request_keys SET status = ?1, answer = ?2 WHERE token_id = ?3 AND key = ?4 AND request_id = ?5')
    .bind(c.res.status, answer, written.tokenId, written.key, written.requestId).run().then(() => undefined), 'request key answer not kept');
});

/** What writeKey gives a route: the answer to replay, or the statements to put first in its write's batch. */
export type WriteKey = { replay: Response; statements?: never } | { replay?: never; statements: D1PreparedStatement[] };

/**
 * The route's side, once it has read its request and before it writes: `digest` says what the
 * request is as the route reads it (writeDigest of its JSON text; an evidence file's digest and
 * name, whatever multipart boundary each try had). A key seen before answers as the first try
 * did (marked `Idempotent-Replayed: true`), or is refused: 422 for another request under it, 409
 * while the first try's answer is being kept. Otherwise its row goes in the write's batch, so it
 * exists exactly when the write committed. No key: nothing to do.
 */
export async function writeKey(c: Context<AppEnv>, digest: string): Promise<WriteKey> {
  const key = idempotencyKey(c);
  if (!key) return { statements: [] };
  const db = c.env.DB;
  const { tokenId } = c.get('principal');
  const route = `${c.req.method} ${c.req.path}`;
  const results = c.get('withTokenResults');
  const seen = results
    ? ((results[0]?.results[0] as Seen | undefined) ?? null)
    : await db.prepare(`SELECT ${SEEN_COLUMNS} FROM request_keys WHERE token_id = ?1 AND key = ?2`).bind(tokenId, key).first<Seen>();
  if (seen) {
    if (seen.route !== route || seen.digest !== digest) {
      throw new ApiError('idempotency-key-reused', `该幂等键已用于另一请求（${seen.route}） (first used for another body)`);
    }
    if (seen.status === null || seen.answer === null) {
      if (Date.now() - Date.parse(seen.created_at) > ANSWER_KEPT_WITHIN_MS) throw new ApiError('request-done');
      throw new ApiError('request-in-progress', '同一操作的上一次请求仍在处理 (the first request with this Idempotency-Key is still being answered)', undefined, {
        'Retry-After': String(IN_PROGRESS_RETRY_AFTER),
      });
    }
    return { replay: new Response(seen.answer, { status: seen.status, headers: { 'content-type': 'application/json', 'Idempotent-Replayed': 'true' } }) };
  }
  const requestId = crypto.randomUUID();
  c.set('requestKey', { tokenId, key, requestId });
  return {
    statements: [db.prepare('INSERT INTO request_keys (token_id, key, route, digest, request_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
      .bind(tokenId, key, route, digest, requestId, new Date().toISOString())],
  };
}

/** A JSON route's digest: its body's text (read and cached by readJson). */
export async function writeDigest(c: Context<AppEnv>): Promise<string> {
  return sha256Hex(await c.req.text());
}

/** The daily job: keys older than REQUEST_KEY_DAYS are forgotten. */
export async function forgetRequestKeys(db: D1Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - REQUEST_KEY_DAYS * 86_400_000).toISOString();
  const { meta } = await db.prepare('DELETE FROM request_keys WHERE created_at < ?').bind(before).run();
  return meta.changes ?? 0;
}
