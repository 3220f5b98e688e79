import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';

/** The period of both limits in wrangler.toml: a refused client may retry after it. */
const PERIOD_SECONDS = 60;

/** Submissions and uploads re-check a whole ledger: they count against the lower, heavy limit too. */
const isHeavy = (c: Context) => c.req.method === 'POST' && /^\/api\/v1\/(submissions|uploads)\/?$/.test(new URL(c.req.url).pathname);

async function enforce(c: Context<AppEnv>, key: string): Promise<void> {
  const limits = [c.env.RATE_LIMIT, ...(isHeavy(c) ? [c.env.HEAVY_RATE_LIMIT] : [])];
  for (const limiter of limits) {
    // Without the binding (a test harness that leaves it out) nothing is limited.
    if (limiter && !(await limiter.limit({ key })).success) {
      throw new ApiError('rate-limited', `请 ${PERIOD_SECONDS} 秒后再试 (wait ${PERIOD_SECONDS} seconds: ${key.startsWith('ip:') ? 'this address' : 'this token'})`, undefined, {
        'Retry-After': String(PERIOD_SECONDS),
      });
    }
  }
}

/**
 * Per client IP, before the token is even looked up (a flood of bad tokens costs no D1 reads).
 * Cloudflare sets CF-Connecting-IP on every request it forwards; a request without it (local
 * tools) is limited by its token only.
 */
export const limitByIp = createMiddleware<AppEnv>(async (c, next) => {
  const ip = c.req.header('cf-connecting-ip');
  if (ip) await enforce(c, `ip:${ip}`);
  await next();
});

/** Per token, after authentication: one unit's token cannot slow everyone down. */
export const limitByToken = createMiddleware<AppEnv>(async (c, next) => {
  await enforce(c, `token:${c.get('principal').tokenId}`);
  await next();
});
