import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

/** Drops every table of this test file's database, so a migration test can start from an older schema. Repeated because foreign keys and triggers can make a first DROP fail. */
export async function dropEverything(): Promise<void> {
  for (let pass = 0; pass < 5; pass++) {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
    if (!results.length) return;
    for (const { name } of results) await env.DB.prepare(`DROP TABLE IF EXISTS "${name}"`).run().catch(() => undefined);
  }
}

/** An empty database at the schema just before `migration` (e.g. '0008': 0001–0007 applied): where a migration test stores its older county. */
export async function schemaBefore(migration: string): Promise<void> {
  await env.DB.prepare('PRAGMA foreign_keys = OFF').run().catch(() => undefined);
  await dropEverything();
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS.filter((m) => m.name < migration));
}
