import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { findTokenByHash, tokenStatement, touchToken, type TokenRow } from '../db/tokens.js';
import { sha256Hex } from '../hash.js';
import { afterAnswer } from '../after-answer.js';

// Tokens are issued as `lc_` + 43 base64url characters; anything else is refused before hashing.
const BEARER = /^Bearer ([A-Za-z0-9_-]{16,128})$/;

/** Requires a valid, unrevoked bearer token and sets `principal`. */
export const requireToken = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header) throw new ApiError('unauthorized', '请求未带访问令牌 (missing bearer token)');
  const match = BEARER.exec(header.trim());
  if (!match) throw new ApiError('invalid-token', '令牌格式不对，应为“Bearer 令牌” (the Authorization header must be "Bearer <token>")');
  const hash = await sha256Hex(match[1] as string);
  // A route's reads that need only the token go in the token's round trip (a submission's
  // Idempotency-Key and first submission: routes/submission-reads.ts); kept only for a valid token.
  const along = c.get('withToken')?.(c.env.DB, hash) ?? [];
  const [row, results] = along.length
    ? await c.env.DB.batch([tokenStatement(c.env.DB, hash), ...along]).then(([token, ...rest]) => [(token!.results[0] as TokenRow | undefined) ?? null, rest] as const)
    : [await findTokenByHash(c.env.DB, hash), undefined];
  if (!row) throw new ApiError('invalid-token', '没有这个令牌，请核对是否复制完整 (unknown access token)');
  if (row.revoked_at) throw new ApiError('token-revoked', '该令牌已被管理员撤销 (this access token has been revoked)');
  if (row.expires_on && c.get('today') > row.expires_on) throw new ApiError('token-expired', `该令牌有效期至${row.expires_on} (this access token was valid through ${row.expires_on})`);
  const now = new Date();
  // The use is recorded after the answer (the request waits on no round trip for it); a caller
  // without an execution context (the bench's Node runs) waits for it.
  if (!row.last_used_at || row.last_used_at < new Date(now.getTime() - 3600_000).toISOString()) await afterAnswer(c, touchToken(c.env.DB, row.id, now), 'token use not recorded');
  c.set('principal', {
    tokenId: row.id,
    role: row.role,
    unitId: row.unit_id ?? undefined,
    unitName: row.unit_name ?? undefined,
    label: row.label,
  });
  if (results) c.set('withTokenResults', results);
  await next();
});

/** Only the county office (county tokens) may pass: reviews, reminders, notices, interviews. */
export const requireCounty = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('principal').role !== 'county') {
    throw new ApiError('forbidden', '需要县委巡察办的令牌 (this needs a county token)');
  }
  await next();
});
