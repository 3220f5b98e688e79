import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

// Storage is isolated per test file: each file starts from an empty database with the
// migrations applied (applyD1Migrations skips those already applied).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
