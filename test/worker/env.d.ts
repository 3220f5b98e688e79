// Types of the Workers test runtime's modules for the root tsconfig (which checks with the DOM
// lib, where @cloudflare/workers-types' globals clash): only what these tests use.
declare module 'cloudflare:test' {
  import type { D1Database, ExecutionContext, ScheduledController } from '@cloudflare/workers-types';
  export interface D1Migration {
    name: string;
    queries: string[];
  }
  export function applyD1Migrations(db: D1Database, migrations: D1Migration[], migrationsTableName?: string): Promise<void>;
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): ScheduledController;
}

declare module 'cloudflare:workers' {
  export const env: Env & { TEST_MIGRATIONS: import('cloudflare:test').D1Migration[] };
}

// Vite's import.meta.glob (the tests are transformed by Vite): only the form these tests use.
interface ImportMeta {
  glob(pattern: string, options: { query: '?raw'; import: 'default'; eager: true }): Record<string, unknown>;
}
