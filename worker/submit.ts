import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import {
  checkWorkbooks, isReturnedUnchanged, isVagueDescription,
  type Campaign, type Report, type ReturnedItem, type StoredCandidate, type WorkbookInput,
} from '../shared/index.js';
import type { AggregateResponse, SubmissionResponse } from '../shared/schema/api.js';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { checkCells } from './json-bounds.js';
import { aggregateSubmissionsStatement, findByIdempotencyKey, firstSubmittedOn, itemStatements, versionStatements, type NewPair, type NewSubmission, type NewVersion, type StoredVersion, type SubmissionRow } from './db/submissions.js';
import { keyPairsStatement } from './db/aggregate-pairs.js';
import { returnedItems } from './db/returned.js';
import { assignedDates } from './db/items.js';
import type { UnitRow } from './db/units.js';
import { serverKeys } from './item-keys.js';
import { aggregateUnits, explicitUnit, inferredUnit, itemUnits, refuseMismatch } from './intake-units.js';
import { nearCandidates, startNear, type NearPlan } from './near-candidates.js';
import { BIGRAM_RACE } from './db/near-index.js';
import { answerStatements, replay, respond } from './submission-response.js';
import { aggregateAnswer, replayAggregate } from './aggregate-response.js';

/** A submission's reads made in its token's round trip (routes/submission-reads.ts): the token's unit's first submission (if a unit token), and the key's submission (if a key). */
export interface TokenReads {
  first: ReadonlyMap<number, string>;
  /** Asked only with a key: the submission stored under it, or null. */
  seen?: SubmissionRow | null;
}

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
  /** What was read in the token's round trip (routes/submission-reads.ts), if anything. */
  known?: TokenReads | undefined;
  /** The per-deployment secret item keys are derived with (item-keys.ts); asked for only when storing. */
  keySecret: () => Promise<string>;
  /** Set on the one retry after a concurrent submission stored a bigram this one meant to add. */
  retried?: boolean;
}

type Answer = { status: 200 | 201; body: SubmissionResponse | AggregateResponse };

/**
 * A submission, start to end: resolve the unit (refusing a mismatch), honour the
 * Idempotency-Key, re-check the ledger with the core (client-side results are never trusted):
 * returned items against their returned version, near-duplicates against the other units' stored
 * items the index offers, key attention with each unit's first submission. The core's report is
 * stored as it is, as a new version in one batch (with the index's own writes), and answered.
 * A county aggregate (one sheet, several units' rows) becomes one submission per unit, all
 * stored in that one batch.
 */
export async function submit(db: D1Database, input: SubmitInput): Promise<Answer> {
  const { principal, campaign, today } = input;
  checkCells(input.workbook);
  const explicit = await explicitUnit(db, principal, input.unit);
  // Asked at once (one round trip in production, not two): whether the Idempotency-Key was seen,
  // and a unit known before the check (a unit token's, or named), its first submission, so the
  // core judges `late` in its first run and a plain resubmission is checked once, not twice. A
  // replay leaves the second unused (handled, so its rejection is never unawaited).
  const { known } = input;
  const seen = input.idempotencyKey ? (known?.seen !== undefined ? Promise.resolve(known.seen) : findByIdempotencyKey(db, principal.tokenId, input.idempotencyKey)) : null;
  // The token's own unit's first submission was read with the token (a unit token's submission).
  const ownFirst = known && principal.role === 'unit' && explicit?.id === principal.unitId ? known.first : undefined;
  const firstRead = explicit ? firstSubmissions(db, [explicit], principal, today, ownFirst) : null;
  firstRead?.catch(() => undefined);
  const earlier = await seen;
  if (earlier) return { status: 200, body: await (earlier.aggregate_id ? replayAggregate(db, earlier, input.bodyHash) : replay(db, earlier, campaign, today, input.bodyHash)) };
  const firstKnown = firstRead ? await firstRead : undefined;
  const checkWith = (extra: CheckExtra = {}) => check(input.workbook, campaign, today, explicit?.name, extra);
  let report = checkWith(firstKnown ? { firstSubmittedOn: firstKnown } : {});
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
  const unitIdOf = (v: NewVersion) => unitOf(v.item.unit).id;
  // The index's state needs the descriptions and units only: read beside the stored keys. The
  // secret (item-keys.ts keySecretFor: read since the request began, made here on first use) comes
  // with the stored keys; handled here too, so a ledger without rows leaves no rejection unawaited.
  const nearStart = startNear(db, versions, unitIdOf);
  const secret = input.keySecret();
  secret.catch(() => undefined);
  await serverKeys(db, secret, versionsByUnit(versions, unitIdOf));
  // Reads only, so at once: the 交办 dates (items already assigned count their relative deadlines
  // from them), the returned versions, one probe of the index for every unit's items (the core
  // never pairs an item with its own unit's), each unit's first submission.
  const [assignedOn, returned, near, firstSubmitted] = await Promise.all([
    assignedByCoreKey(db, versions, coreKeys, unitIdOf),
    returnedItems(db, versions.map((v) => v.item.key)),
    nearCandidates(db, versions, unitIdOf, campaign.nearDuplicateThreshold, { start: nearStart }),
    firstKnown ?? firstSubmissions(db, units, principal, today),
  ]);
  if (returned.size > 0 || assignedOn.size > 0 || near.stored.length > 0 || (!firstKnown && firstSubmitted.size > 0)) {
    // The core judges returned-unchanged, relative deadlines, near-duplicates and key attention:
    // check again with what the server knows as input (keyed as the core keys them); the same
    // rows keep their server keys.
    const byCoreKey = new Map<string, ReturnedItem>();
    versions.forEach((v, i) => {
      const r = returned.get(v.item.key);
      if (r) byCoreKey.set(coreKeys[i]!, r);
    });
    report = checkWith({ returned: byCoreKey, assignedOn, stored: near.stored, firstSubmittedOn: firstSubmitted });
    const again = versionsOf(report);
    again.forEach((v, i) => (v.item.key = versions[i]!.item.key));
    versions = again;
  }

  const aggregateId = units.length > 1 ? crypto.randomUUID() : null;
  const allPairs = storedPairs(report, versions, near);
  const statements: D1PreparedStatement[] = [];
  const items: D1PreparedStatement[] = [];
  const stored: NewSubmission[] = [];
  const indexed: { id: string; versions: NewVersion[] }[] = [];
  for (const unit of units) {
    const mine = units.length === 1 ? versions : versions.filter((v) => v.item.unit === unit.name);
    const local = new Map(mine.map((v, ord) => [v.ord, ord]));
    const own = units.length === 1 ? versions : mine.map((v, ord) => ({ ...v, ord }));
    const pairs: NewPair[] = allPairs.filter((p) => local.has(p[0])).map(([ord, other, similarity]) => [local.get(ord)!, other, similarity]);
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
    indexed.push({ id: s.id, versions: own });
    statements.push(...versionStatements(db, s, own));
    items.push(...itemStatements(db, s, pairs));
  }
  // The index's writes between every unit's versions and their items' upserts (submissions.ts).
  statements.push(...near.statements(indexed), ...items);
  // Near-duplicates between the units of one aggregate, found by the core, stored by key. The
  // answer is read by the batch's last statements: an aggregate's units' rows, or a single
  // submission's row and versions.
  if (aggregateId) statements.push(...keyPairsStatement(db, report, versions, coreKeys), aggregateSubmissionsStatement(db, aggregateId));
  else statements.push(...answerStatements(db, stored[0]!.id));
  let results;
  try {
    results = await db.batch<unknown>(statements);
  } catch (err) {
    // A concurrent retry with the same key won the race: its batch stored, ours stored nothing.
    if (input.idempotencyKey && /UNIQUE constraint failed: submissions\.token_id/.test(String(err))) {
      const earlier = await findByIdempotencyKey(db, principal.tokenId, input.idempotencyKey);
      if (earlier) return { status: 200, body: await (earlier.aggregate_id ? replayAggregate(db, earlier, input.bodyHash) : replay(db, earlier, campaign, today, input.bodyHash)) };
    }
    // The index's new bigrams were stored by a concurrent submission first: our prefixes assumed
    // another order. Nothing was stored; once more, with the seqs read again.
    if (BIGRAM_RACE.test(String(err))) {
      if (!input.retried) return submit(db, { ...input, retried: true });
      throw new ApiError('conflict', '其他报送正在同时保存，请重新报送 (other submissions were being stored at the same moment; submit again)');
    }
    // The database's ownership trigger refused the batch: another unit stored one of these keys meanwhile.
    if (/item-owned-by-other-unit/.test(String(err))) {
      throw new ApiError('item-owned-by-other-unit', '其他单位刚刚保存了其中的事项编号，请重新报送 (another unit stored one of these item keys meanwhile; submit again)');
    }
    throw err;
  }
  if (aggregateId) return { status: 201, body: aggregateAnswer(results.at(-1)!.results as SubmissionRow[], false) };
  const [row, rows] = results.slice(-2).map((r) => r.results);
  return { status: 201, body: respond(row![0] as SubmissionRow, rows as StoredVersion[], report, campaign, today) };
}

/** What the core is told beyond the ledger, keyed by the core's keys: returned versions, 交办 dates. */
type CheckExtra = {
  returned?: ReadonlyMap<string, ReturnedItem>;
  assignedOn?: ReadonlyMap<string, string>;
  stored?: readonly StoredCandidate[];
  firstSubmittedOn?: ReadonlyMap<string, string>;
};

function check(workbook: WorkbookInput, campaign: Campaign, asOf: string, unit: string | undefined, extra: CheckExtra): Report {
  let report: Report;
  try {
    report = checkWorkbooks([workbook], {
      campaign, asOf, unit,
      ...(extra.returned?.size ? { returned: extra.returned } : {}),
      ...(extra.assignedOn?.size ? { assignedOn: extra.assignedOn } : {}),
      ...(extra.stored?.length ? { stored: extra.stored } : {}),
      ...(extra.firstSubmittedOn?.size ? { firstSubmittedOn: extra.firstSubmittedOn } : {}),
    });
  } catch (err) {
    console.error('check failed', err);
    throw new ApiError('ledger-unreadable', '台账无法检查 (the ledger could not be checked)');
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

/** Every unit's rows, for server keys (item-keys.ts) keyed by each row's own unit, exactly as a single submission's. */
function versionsByUnit(versions: readonly NewVersion[], unitIdOf: (v: NewVersion) => number): Map<number, NewVersion[]> {
  // Pushed, not copied: copying the list for every row was quadratic (0.2–0.4 s at 10,000 rows).
  const byUnit = new Map<number, NewVersion[]>();
  for (const v of versions) {
    const id = unitIdOf(v);
    const own = byUnit.get(id);
    if (own) own.push(v);
    else byUnit.set(id, [v]);
  }
  return byUnit;
}

/** The 交办 dates of the stored items (by their server keys, now set), keyed back to the core's keys. */
async function assignedByCoreKey(db: D1Database, versions: readonly NewVersion[], coreKeys: readonly string[], unitIdOf: (v: NewVersion) => number): Promise<Map<string, string>> {
  const unitOfKey = new Map(versions.map((v) => [v.item.key, unitIdOf(v)]));
  const relative = versions.filter((v) => v.item.deadline.kind === 'relative').map((v) => v.item.key);
  const assigned = await assignedDates(db, relative, (key) => unitOfKey.get(key)!);
  const assignedOn = new Map<string, string>();
  for (const v of versions) {
    const on = assigned.get(v.item.key);
    if (on) assignedOn.set(coreKeys[v.ord]!, on);
  }
  return assignedOn;
}

/**
 * Each unit's first own submission (today's, when the unit submits this one itself; a county
 * upload never makes it late): the core judges `late` with it when the ledger has no fill date.
 */
async function firstSubmissions(db: D1Database, units: readonly UnitRow[], principal: Principal, today: string, read?: ReadonlyMap<number, string>): Promise<Map<string, string>> {
  const firsts = read ?? (await firstSubmittedOn(db, units.map((u) => u.id)));
  const out = new Map<string, string>();
  for (const unit of units) {
    const first = firsts.get(unit.id) ?? (principal.role === 'unit' ? today : undefined);
    if (first) out.set(unit.name, first);
  }
  return out;
}

/**
 * The core's pairs with a stored item, as rows to store: [ord of the submission's version, the
 * stored version's id, similarity]. The checked item comes first in such a pair (the core's rule).
 */
function storedPairs(report: Report, versions: readonly NewVersion[], near: NearPlan): NewPair[] {
  if (near.stored.length === 0) return [];
  const ordAt = new Map(versions.map((v) => [`${v.sheet}\u0000${v.item.row}`, v.ord]));
  const pairs: NewPair[] = [];
  for (const { a, b, similarity } of report.crossUnit) {
    const other = near.byKey.get(b.key);
    const ord = ordAt.get(`${a.sheet}\u0000${a.row}`);
    if (other && ord !== undefined && other.unit === b.unit && other.sheet === b.sheet && other.row === b.row && other.file === b.file) {
      pairs.push([ord, other.id, similarity]);
    }
  }
  return pairs;
}
