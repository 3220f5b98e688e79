import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import {
  assessUnit, checkWorkbooks, isReturnedUnchanged, isVagueDescription,
  type Campaign, type Report, type ReturnedItem, type WorkbookInput,
} from '../shared/index.js';
import type { AggregateResponse, SubmissionResponse } from '../shared/schema/api.js';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { checkCells } from './json-bounds.js';
import { findByIdempotencyKey, firstSubmittedOn, submissionStatements, type NewPair, type NewSubmission, type NewVersion } from './db/submissions.js';
import { keyPairsStatement } from './db/aggregate-pairs.js';
import { returnedItems } from './db/returned.js';
import { assignedDates } from './db/items.js';
import type { UnitRow } from './db/units.js';
import { serverKeys } from './item-keys.js';
import { aggregateUnits, explicitUnit, inferredUnit, itemUnits, refuseMismatch } from './intake-units.js';
import { findStoredDuplicates } from './stored-duplicates.js';
import { replay, respond } from './submission-response.js';
import { aggregateResponse, replayAggregate } from './aggregate-response.js';

export interface SubmitInput {
  principal: Principal;
  campaign: Campaign;
  today: string;
  now: Date;
  workbook: WorkbookInput;
  /** The unit named in the request (body or form), if any. */
  unit: string | undefined;
  /** The request confirms `unit` though the ledger names another (SPEC 12.1). */
  confirmUnit?: boolean | undefined;
  source: 'json' | 'upload';
  bodyHash: string;
  idempotencyKey: string | null;
  /** The per-deployment secret item keys are derived with (item-keys.ts); asked for only when storing. */
  keySecret: () => Promise<string>;
}

type Answer = { status: 200 | 201; body: SubmissionResponse | AggregateResponse };

/**
 * A submission, start to end: resolve the unit (refusing a mismatch), honour the
 * Idempotency-Key, re-check the ledger with the core (client-side results are never trusted, and
 * returned items are checked against their returned version), add near-duplicates against the
 * other units' stored items, store it as a new version in one batch, and answer with the report.
 * A county aggregate (one sheet, several units' rows) becomes one submission per unit, all
 * stored in that one batch.
 */
export async function submit(db: D1Database, input: SubmitInput): Promise<Answer> {
  const { principal, campaign, today } = input;
  checkCells(input.workbook);
  const explicit = await explicitUnit(db, principal, input.unit);
  if (input.idempotencyKey) {
    const earlier = await findByIdempotencyKey(db, principal.tokenId, input.idempotencyKey);
    if (earlier) return { status: 200, body: await (earlier.aggregate_id ? replayAggregate(db, earlier, input.bodyHash) : replay(db, earlier, campaign, today, input.bodyHash)) };
  }

  const checkWith = (extra: CheckExtra = {}) => check(input.workbook, campaign, today, explicit?.name, extra);
  let report = checkWith();
  let units: UnitRow[];
  if (explicit) {
    refuseMismatch(report, explicit.name, principal, input.unit !== undefined, input.confirmUnit === true);
    units = [explicit];
  } else {
    const names = itemUnits(report);
    units = names.length > 1 ? await aggregateUnits(db, names) : [await inferredUnit(db, report)];
  }
  const byName = new Map(units.map((u) => [u.name, u]));
  const unitOf = (unit: string) => (units.length === 1 ? units[0]! : byName.get(unit)!);

  let versions = versionsOf(report);
  const coreKeys = versions.map((v) => v.item.key);
  // Items already assigned (交办) count their relative deadlines from that date.
  const assignedOn = await keyByUnit(db, await input.keySecret(), versions, coreKeys, unitOf);
  const returned = await returnedItems(db, versions.map((v) => v.item.key));
  if (returned.size > 0 || assignedOn.size > 0) {
    // The core judges returned-unchanged and relative deadlines: check again with them as input
    // (keyed as the core keys them); the same rows keep their server keys.
    const byCoreKey = new Map<string, ReturnedItem>();
    versions.forEach((v, i) => {
      const r = returned.get(v.item.key);
      if (r) byCoreKey.set(coreKeys[i]!, r);
    });
    report = checkWith({ returned: byCoreKey, assignedOn });
    const again = versionsOf(report);
    again.forEach((v, i) => (v.item.key = versions[i]!.item.key));
    versions = again;
  }

  const aggregateId = units.length > 1 ? crypto.randomUUID() : null;
  // One search against every stored item, whatever the number of units (the core never pairs an
  // item with its own unit's): an aggregate's 20 units do not index the county 20 times.
  const allPairs = await findStoredDuplicates(db, units.length === 1 ? units[0]!.id : 0, report, versions, campaign);
  const statements: D1PreparedStatement[] = [];
  const stored: NewSubmission[] = [];
  for (const unit of units) {
    const mine = units.length === 1 ? versions : versions.filter((v) => v.item.unit === unit.name);
    const local = new Map(mine.map((v, ord) => [v.ord, ord]));
    const own = units.length === 1 ? versions : mine.map((v, ord) => ({ ...v, ord }));
    const pairs: NewPair[] = allPairs.filter((p) => local.has(p[0])).map(([ord, other, similarity]) => [local.get(ord)!, other, similarity]);
    await reassessUnit(db, report, unit, pairs.length, campaign, today, principal);
    const u = report.units.find((r) => r.unit === unit.name);
    const s: NewSubmission = {
      id: stored.length === 0 && aggregateId ? aggregateId : crypto.randomUUID(),
      unitId: unit.id,
      tokenId: principal.tokenId,
      actor: principal.label || `token ${principal.tokenId}`,
      idempotencyKey: stored.length === 0 ? input.idempotencyKey : null,
      bodyHash: input.bodyHash,
      source: input.source,
      file: input.workbook.file,
      submittedAt: input.now.toISOString(),
      submittedOn: today,
      fillDate: u?.fillDate ?? null,
      errors: units.length === 1 ? report.stats.errors : (u?.errors ?? 0),
      warnings: units.length === 1 ? report.stats.warnings : (u?.warnings ?? 0),
      report: JSON.stringify(units.length === 1 ? withoutItems(report) : unitReport(report, unit.name)),
      aggregateId,
      unchangedKeys: own.filter((v) => isReturnedUnchanged(v.item)).map((v) => v.item.key),
    };
    stored.push(s);
    statements.push(...submissionStatements(db, s, own, pairs));
  }
  // Near-duplicates between the units of one aggregate, found by the core, stored by key.
  if (aggregateId) statements.push(...keyPairsStatement(db, report, versions, coreKeys));
  try {
    await db.batch(statements);
  } catch (err) {
    // A concurrent retry with the same key won the race: its batch stored, ours stored nothing.
    if (input.idempotencyKey && /UNIQUE constraint failed: submissions\.token_id/.test(String(err))) {
      const earlier = await findByIdempotencyKey(db, principal.tokenId, input.idempotencyKey);
      if (earlier) return { status: 200, body: await (earlier.aggregate_id ? replayAggregate(db, earlier, input.bodyHash) : replay(db, earlier, campaign, today, input.bodyHash)) };
    }
    // The database's ownership trigger refused the batch: another unit stored one of these keys meanwhile.
    if (/item-owned-by-other-unit/.test(String(err))) {
      throw new ApiError('item-owned-by-other-unit', 'another unit stored one of these item keys meanwhile; submit again');
    }
    throw err;
  }
  if (aggregateId) return { status: 201, body: await aggregateResponse(db, aggregateId, false) };
  return { status: 201, body: await respond(db, stored[0]!, report, campaign, today) };
}

/** What the core is told beyond the ledger, keyed by the core's keys: returned versions, 交办 dates. */
type CheckExtra = { returned?: ReadonlyMap<string, ReturnedItem>; assignedOn?: ReadonlyMap<string, string> };

function check(workbook: WorkbookInput, campaign: Campaign, asOf: string, unit: string | undefined, extra: CheckExtra): Report {
  let report: Report;
  try {
    report = checkWorkbooks([workbook], {
      campaign, asOf, unit,
      ...(extra.returned?.size ? { returned: extra.returned } : {}),
      ...(extra.assignedOn?.size ? { assignedOn: extra.assignedOn } : {}),
    });
  } catch (err) {
    console.error('check failed', err);
    throw new ApiError('ledger-unreadable', 'the ledger could not be checked');
  }
  if (!report.sheets.some((s) => s.isLedger)) {
    const why = report.sheets.flatMap((s) => s.diagnostics).find((d) => d.code === 'header-not-found');
    throw new ApiError('ledger-not-found', why?.message ?? 'no sheet holds a ledger header');
  }
  return report;
}

const withoutItems = (report: Report): Report => ({ ...report, sheets: report.sheets.map((s) => ({ ...s, items: [] })) });

/** One unit's part of an aggregate's report (its counts, its key attention, its cross-unit pairs). */
function unitReport(report: Report, unit: string): Report {
  const u = report.units.find((r) => r.unit === unit);
  return {
    ...withoutItems(report),
    valid: (u?.errors ?? 0) === 0,
    stats: { ...report.stats, items: u?.items ?? 0, errors: u?.errors ?? 0, warnings: u?.warnings ?? 0, infos: 0 },
    units: u ? [u] : [],
    crossUnit: report.crossUnit.filter((p) => p.a.unit === unit || p.b.unit === unit),
  };
}

/** The report's items as versions to store, in report order, keys unique across the submission. */
export function versionsOf(report: Report): NewVersion[] {
  const versions: NewVersion[] = [];
  const keys = new Set<string>();
  report.sheets.forEach((sheet, sheetIndex) => {
    for (const item of sheet.items) {
      // Keys are unique per sheet (the core's rule); across sheets, a later twin names its sheet.
      if (keys.has(item.key)) item.key = `${item.key}-${sheetIndex + 1}-${item.row}`;
      keys.add(item.key);
      versions.push({
        ord: versions.length, sheetIndex, sheet: sheet.sheet, item,
        vague: isVagueDescription(item.fields.description ?? ''),
        hasEvidence: (item.fields.evidence ?? '').trim() !== '',
      });
    }
  });
  return versions;
}

/**
 * Server keys (item-keys.ts) for every unit's rows, each keyed by its own unit, exactly as a
 * single submission's; then the 交办 dates of the stored items, keyed back to the core's keys.
 */
async function keyByUnit(db: D1Database, secret: string, versions: NewVersion[], coreKeys: readonly string[], unitOf: (name: string) => UnitRow): Promise<Map<string, string>> {
  const byUnit = new Map<UnitRow, NewVersion[]>();
  for (const v of versions) {
    const u = unitOf(v.item.unit);
    byUnit.set(u, [...(byUnit.get(u) ?? []), v]);
  }
  const assignedOn = new Map<string, string>();
  for (const [unit, own] of byUnit) {
    await serverKeys(db, secret, unit.id, own);
    const assigned = await assignedDates(db, unit.id, own.filter((v) => v.item.deadline.kind === 'relative').map((v) => v.item.key));
    for (const v of own) {
      const on = assigned.get(v.item.key);
      if (on) assignedOn.set(coreKeys[v.ord]!, on);
    }
  }
  return assignedOn;
}

/**
 * The unit's key attention as the county sees it: with stored near-duplicates and its first own
 * submission (today's, when the unit submits it itself; a county upload never makes it late).
 */
async function reassessUnit(db: D1Database, report: Report, unit: UnitRow, added: number, campaign: Campaign, today: string, principal: Principal): Promise<void> {
  // The near-duplicate diagnostics found against stored items are warnings like any other.
  report.stats.warnings += added;
  const u = report.units.find((r) => r.unit === unit.name);
  if (!u) return;
  u.nearDuplicates = report.sheets.flatMap((s) => s.items).filter((i) => i.unit === unit.name && i.diagnostics.some((d) => d.code === 'near-duplicate')).length;
  u.warnings += added;
  const first = (await firstSubmittedOn(db, unit.id)) ?? (principal.role === 'unit' ? today : undefined);
  const { keyAttention, reasons } = assessUnit({ ...u, firstSubmittedOn: first }, campaign);
  u.keyAttention = keyAttention;
  u.reasons = reasons;
}
