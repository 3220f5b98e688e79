// The root tsconfig checks every folder with the DOM lib, and @cloudflare/workers-types' global
// declarations clash with it. So the Worker imports runtime types from the package's module form
// and declares globally only what the generated worker-configuration.d.ts names.
type D1Database = import('@cloudflare/workers-types').D1Database;
type Fetcher = import('@cloudflare/workers-types').Fetcher;

// Secrets and bindings not in wrangler.toml's [vars] (so not in the generated types).
interface Env {
  /** Per-deployment secret for item keys (`wrangler secret put KEY_SECRET`); unset: one kept in D1. */
  KEY_SECRET?: string;
  /** wrangler.toml's [[ratelimits]] (optional here: a harness may leave them out). */
  RATE_LIMIT?: import('@cloudflare/workers-types').RateLimit;
  HEAVY_RATE_LIMIT?: import('@cloudflare/workers-types').RateLimit;
}
