// Runs SQL against the Worker's D1 database through wrangler: local (wrangler's local mode, the
// same SQLite `npm run dev:worker` serves) by default, the deployed database with `remote`.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** No telemetry, no network look-ups: the local Worker must run offline. */
export const WRANGLER_ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

export interface Target {
  remote: boolean;
  /** wrangler's --persist-to for local state (default .wrangler/state). */
  persistTo?: string;
}

function targetArgs(t: Target): string[] {
  return t.remote ? ['--remote'] : ['--local', ...(t.persistTo ? ['--persist-to', t.persistTo] : [])];
}

/** wrangler's own launcher, run by this Node directly (no npx layer between us and its signals). */
export const WRANGLER_BIN = resolve(ROOT, 'node_modules/wrangler/bin/wrangler.js');

export function wrangler(args: string[], quiet = false): string {
  const run = spawnSync(process.execPath, [WRANGLER_BIN, ...args], { cwd: ROOT, env: WRANGLER_ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) {
    throw new Error(`wrangler ${args.slice(0, 3).join(' ')} failed:\n${run.stdout}\n${run.stderr}`.trim());
  }
  if (!quiet && run.stderr.trim()) process.stderr.write(run.stderr);
  return run.stdout;
}

/** Applies the migrations in worker/migrations (idempotent). */
export function migrate(t: Target): void {
  wrangler(['d1', 'migrations', 'apply', 'DB', ...targetArgs(t)], true);
}

/** Runs statements; returns the rows of each. */
export function sql<T = Record<string, unknown>>(t: Target, statements: string): T[][] {
  const out = wrangler(['d1', 'execute', 'DB', ...targetArgs(t), '--json', '--command', statements], true);
  const results = JSON.parse(out.slice(out.indexOf('['))) as { results: T[] }[];
  return results.map((r) => r.results);
}

/** A SQL string literal (single quotes doubled): admin input is a person's typing, not an attack. */
export function literal(text: string | null | undefined): string {
  return text === null || text === undefined ? 'NULL' : `'${text.replaceAll("'", "''")}'`;
}

/** A new access token: `lc_` + 32 random bytes, base64url. Only its SHA-256 is ever stored. */
export function newToken(): { token: string; hash: string } {
  const token = `lc_${randomBytes(32).toString('base64url')}`;
  return { token, hash: createHash('sha256').update(token).digest('hex') };
}

/** SQL that registers a unit (if new) and issues it a token, valid through `expiresOn` (a county date) if given. */
export function tokenSql(role: 'county' | 'unit', unit: string | null, hash: string, label: string, expiresOn: string | null = null): string {
  const unitId = unit ? `(SELECT id FROM units WHERE name = ${literal(unit)})` : 'NULL';
  return [
    unit ? `INSERT OR IGNORE INTO units (name) VALUES (${literal(unit)});` : '',
    `INSERT INTO tokens (token_hash, role, unit_id, label${expiresOn ? ', expires_on' : ''}) VALUES (${literal(hash)}, ${literal(role)}, ${unitId}, ${literal(label)}${expiresOn ? `, ${literal(expiresOn)}` : ''});`,
  ].join('\n');
}
