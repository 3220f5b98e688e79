// The root tsconfig checks every folder with the DOM lib, and @cloudflare/workers-types' global
// declarations clash with it. So the Worker imports runtime types from the package's module form
// and declares globally only what the generated worker-configuration.d.ts names.
type D1Database = import('@cloudflare/workers-types').D1Database;
type Fetcher = import('@cloudflare/workers-types').Fetcher;
