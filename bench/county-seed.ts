// A county seeded the way `npm run bench worker` seeds it (bench/worker-entry.ts's /__bench/seed),
// for the Worker in workerd and for bench/submit-memory.ts in Node against the same local D1:
// unit by unit, each unit's generated ledger stored and indexed in one batch the Worker's way, no
// near-duplicate search (so 100,000 items seed fast).
import type { D1Database } from '@cloudflare/workers-types';
import { checkWorkbooks, campaignOrDefault, type Report } from '../shared/index.js';
import { sha256Hex } from '../worker/hash.js';
import { submissionStatements, type NewSubmission, type NewVersion } from '../worker/db/submissions.js';
import { nearCandidates } from '../worker/near-candidates.js';
import { versionsOf } from '../worker/submit.js';
import { aggregateGrid } from './ledger-gen.js';

/** A unit's checked ledger of `rows` items, ready to store. */
export function ledgerOf(unit: string, rows: number, seed: number): { report: Report; versions: NewVersion[] } {
  const report = checkWorkbooks([{ file: 'bench.xlsx', sheets: [aggregateGrid(rows, 1, seed)] }], { campaign: campaignOrDefault(), asOf: '2023-04-24', unit });
  return { report, versions: versionsOf(report) };
}

/** A token (and, for a unit token, its unit registered), as the admin command would issue it. */
export async function unitWithToken(db: D1Database, unit: string, role: 'unit' | 'county' = 'unit'): Promise<{ unitId: number | null; tokenId: number; token: string }> {
  const token = `lc_bench_${role}_${crypto.randomUUID().replaceAll('-', '')}`;
  let unitId: number | null = null;
  if (role === 'unit') {
    await db.prepare('INSERT OR IGNORE INTO units (name) VALUES (?)').bind(unit).run();
    unitId = await db.prepare('SELECT id FROM units WHERE name = ?').bind(unit).first<number>('id');
  }
  const row = await db.prepare('INSERT INTO tokens (token_hash, role, unit_id, label) VALUES (?, ?, ?, ?) RETURNING id')
    .bind(await sha256Hex(token), role, unitId, `bench ${unit}`).first<{ id: number }>();
  return { unitId, tokenId: row!.id, token };
}

export function submissionOf(unitId: number, tokenId: number, report: Report): NewSubmission {
  return {
    id: crypto.randomUUID(), unitId, tokenId, actor: 'bench', idempotencyKey: null, bodyHash: '', source: 'json', file: 'bench.xlsx',
    submittedAt: new Date().toISOString(), submittedOn: '2023-04-24', fillDate: null, errors: report.stats.errors, warnings: report.stats.warnings,
    report: JSON.stringify({ ...report, sheets: report.sheets.map((s) => ({ ...s, items: [] })) }),
  };
}

/** A stored submission's index writes, as the Worker adds them to its batch (no probe: nothing is searched). */
export async function indexWrites(db: D1Database, id: string, versions: NewVersion[], unitId: number) {
  const plan = await nearCandidates(db, versions, () => unitId, campaignOrDefault().nearDuplicateThreshold, { probe: false });
  return plan.statements([{ id, versions }]);
}

/** One unit of `items` items (generator seed `seed`), stored and indexed in one batch; its item count. */
export async function seedUnit(db: D1Database, unit: string, items: number, seed: number): Promise<number> {
  const { unitId, tokenId } = await unitWithToken(db, unit);
  const { report, versions } = ledgerOf(unit, items, seed);
  const s = submissionOf(unitId!, tokenId, report);
  await db.batch(submissionStatements(db, s, versions, [], await indexWrites(db, s.id, versions, unitId!)));
  return versions.length;
}
