import type { ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.js';
import { notFound, onError } from './errors.js';
import { campaignOf, countyToday } from './clock.js';
import { countyContext } from './middleware/context.js';
import { requireToken } from './middleware/auth.js';
import { submissionReads } from './routes/submission-reads.js';
import { viewReads } from './routes/view-reads.js';
import { forgetRequestKeys, requestKeys } from './request-keys.js';
import { limitByIp, limitByToken } from './middleware/rate-limit.js';
import { health } from './routes/health.js';
import { items } from './routes/items.js';
import { interviews, notices } from './routes/log.js';
import { letters } from './routes/letters.js';
import { evidence } from './routes/evidence.js';
import { reports } from './routes/reports.js';
import { noticeSend } from './routes/notices-send.js';
import { retryFailedNotices } from './robots/send.js';
import { meta } from './routes/meta.js';
import { reminders } from './routes/reminders.js';
import { reviews } from './routes/reviews.js';
import { rounds } from './routes/rounds.js';
import { submissions } from './routes/submissions.js';
import { summary } from './routes/summary.js';
import { uploads } from './routes/uploads.js';
import { withdraw } from './routes/withdraw.js';
import { extensions } from './routes/extensions.js';
import { recomputeTimeliness } from './scheduled.js';
import { recountRelativeDues } from './db/recount-dues.js';
import { mergeRecentPostings } from './db/near-merge.js';

// The campaign is checked when the Worker starts: a broken CAMPAIGN fails `wrangler deploy` (and
// `wrangler dev`) with the reason, so it is never deployed; requests would say the same.
campaignOf(env);

/** The county server (SPEC section 9): Hono on Workers, D1 behind it. */
export const app = new Hono<AppEnv>();

// CORS first, so a preflight (OPTIONS) is answered without a token; only configured origins pass.
app.use('*', (c, next) =>
  cors({
    origin: (origin) => (allowedOrigins(c.env).includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'Idempotency-Key'],
    // Not safelisted, so a page of another origin (the dev server's) reads them only when exposed.
    exposeHeaders: ['Retry-After', 'Idempotent-Replayed'],
    maxAge: 600,
  })(c, next),
);
app.use('/api/*', countyContext, limitByIp);
app.route('/api/v1/health', health);

// Reads that need no more than the token (a submission's) or the request (a view's date) go in
// the token's round trip: mounted before requireToken.
app.use('/api/v1/submissions', submissionReads);
app.use('/api/v1/uploads', submissionReads);
// A write the add-in retries: its Idempotency-Key is looked up with the token (request-keys.ts).
for (const write of ['/api/v1/items/:key/reviews', '/api/v1/items/:key/extensions', '/api/v1/items/:key/extensions/:id/decision', '/api/v1/items/:key/evidence', '/api/v1/notices', '/api/v1/notices/send', '/api/v1/interviews', '/api/v1/rounds', '/api/v1/submissions/:id/withdraw']) {
  app.use(write, requestKeys);
}
for (const view of ['/api/v1/items', '/api/v1/summary', '/api/v1/reminders', '/api/v1/reminders/:unit/letter.docx', '/api/v1/reports/bulletin', '/api/v1/reports/bulletin.docx']) {
  app.use(view, viewReads);
}

const api = new Hono<AppEnv>();
api.use('*', requireToken, limitByToken);
api.route('/', meta);
api.route('/submissions', submissions);
api.route('/submissions', withdraw);
api.route('/uploads', uploads);
api.route('/items', items);
api.route('/items', reviews);
api.route('/items', extensions);
api.route('/items', evidence);
api.route('/summary', summary);
api.route('/reminders', reminders);
api.route('/reminders', letters);
api.route('/notices', notices);
api.route('/notices', noticeSend);
api.route('/interviews', interviews);
api.route('/rounds', rounds);
api.route('/reports', reports);
app.route('/api/v1', api);
// The origin itself (the add-in's pages are static assets beside the API): the help page says
// what this is, rather than a JSON 404 to someone checking a deployment in a browser.
app.get('/', (c) => c.redirect('/help.html'));
// The county's pages at the short addresses SPEC and README give (static assets serve files by
// their names only: wrangler.toml's html_handling).
for (const [path, file] of [['/dashboard', '/dashboard.html'], ['/reports/bulletin', '/reports/bulletin.html']] as const) {
  app.get(path, async (c) => (await c.env.ASSETS.fetch(new URL(file, c.req.url))) as unknown as Response);
}

app.notFound(notFound);
app.onError(onError);

function allowedOrigins(env: Env): string[] {
  return (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}

export default {
  fetch: app.fetch,
  /** Daily (county time): recompute timeliness and record the items that changed, e.g. became overdue. */
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const campaign = campaignOf(env);
    const on = countyToday(env, campaign, new Date(controller.scheduledTime));
    // Relative deadlines counted again by the campaign in force (its holidays may be new), then timeliness by them.
    // A recount that fails (D1 unavailable a moment) is logged; timeliness still runs, by the dues as stored.
    ctx.waitUntil(
      recountRelativeDues(env.DB, campaign)
        .then((moved) => console.log('relative dues recounted', moved), (error: unknown) => console.error('relative dues not recounted', error))
        .then(() => recomputeTimeliness(env.DB, campaign, on))
        .then((run) => console.log('daily timeliness', JSON.stringify(run))),
    );
    // Robot notices that failed (rate limits, a wrong secret since fixed…) get another attempt.
    ctx.waitUntil(retryFailedNotices(env.DB, on).then((run) => console.log('robot retries', JSON.stringify(run))));
    // The day's new near-duplicate postings moved into the lists in bulk, the dropped versions' ids taken out (db/near-merge.ts).
    ctx.waitUntil(mergeRecentPostings(env.DB).then((run) => console.log('near postings merged', JSON.stringify(run))));
    // Retried writes' keys past their week (request-keys.ts).
    ctx.waitUntil(forgetRequestKeys(env.DB, new Date(controller.scheduledTime)).then((n) => console.log('request keys forgotten', n)));
  },
};
