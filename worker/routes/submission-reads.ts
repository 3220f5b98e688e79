import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { firstSubmittedByToken, idempotencyStatement, type SubmissionRow } from '../db/submissions.js';
import type { TokenReads } from '../submit.js';

/** `Idempotency-Key`: printable ASCII (spaces too), up to 200 characters (a UUID is typical). */
export function idempotencyKey(c: Context): string | null {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return null;
  if (!/^[\x20-\x7e]{1,200}$/.test(key)) {
    throw new ApiError('invalid-idempotency-key', '幂等键须为 1–200 个可打印 ASCII 字符 (Idempotency-Key must be 1–200 printable ASCII characters, e.g. a UUID)');
  }
  return key;
}

/**
 * POST /submissions and /uploads (mounted before requireToken): whether the Idempotency-Key was
 * seen and the token's unit's first submission are read in the token's own round trip, not one of
 * their own after it. A key that is not valid is left to the route, which refuses it once the
 * token is known (a bad token stays 401 first).
 */
export const submissionReads = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'POST') {
    let key: string | null;
    try {
      key = idempotencyKey(c);
    } catch {
      key = null;
    }
    c.set('withToken', (db, hash) => [firstSubmittedByToken(db, hash), ...(key ? [idempotencyStatement(db, { hash }, key)] : [])]);
  }
  await next();
});

/** submissionReads's answers, for the route's `key` (idempotencyKey, the same header); undefined when none were read. */
export function tokenReads(c: Context<AppEnv>, key: string | null): TokenReads | undefined {
  const results = c.get('withTokenResults');
  if (!results) return undefined;
  const [first, seen] = results;
  return {
    first: new Map((first!.results as { unit_id: number; first: string }[]).map((r) => [r.unit_id, r.first])),
    ...(key ? { seen: (seen?.results[0] as SubmissionRow | undefined) ?? null } : {}),
  };
}
