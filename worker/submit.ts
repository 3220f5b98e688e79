import type { D1Database } from '@cloudflare/workers-types';
import { assessUnit, checkWorkbooks, isVagueDescription, type Campaign, type Report, type WorkbookInput } from '../shared/index.js';
import type { SubmissionResponse } from '../shared/schema/api.js';
import type { Principal } from './env.js';
import { ApiError } from './errors.js';
import { checkCells } from './json-bounds.js';
import { findByIdempotencyKey, firstSubmittedOn, storeSubmission, type NewVersion } from './db/submissions.js';
import { findUnitByName, type UnitRow } from './db/units.js';
import { serverKeys } from './item-keys.js';
import { findStoredDuplicates } from './stored-duplicates.js';
import { replay, respond } from './submission-response.js';

export interface SubmitInput {
  principal: Principal;
  campaign: Campaign;
  today: string;
  now: Date;
  workbook: WorkbookInput;
  /** The unit named in the request (body or form), if any. */
  unit: string | undefined;
  source: 'json' | 'upload';
  bodyHash: string;
  idempotencyKey: string | null;
  /** The per-deployment secret item keys are derived with (item-keys.ts); asked for only when storing. */
  keySecret: () => Promise<string>;
}

/**
 * A submission, start to end: resolve the unit, honour the Idempotency-Key, re-check the ledger
 * with the core (client-side results are never trusted), add near-duplicates against the other
 * units' stored items, store it as a new version in one batch, and answer with the report.
 */
export async function submit(db: D1Database, input: SubmitInput): Promise<{ status: 200 | 201; body: SubmissionResponse }> {
  const { principal, campaign, today } = input;
  checkCells(input.workbook);
  const explicit = await explicitUnit(db, principal, input.unit);
  if (input.idempotencyKey) {
    const earlier = await findByIdempotencyKey(db, principal.tokenId, input.idempotencyKey);
    if (earlier) return { status: 200, body: await replay(db, earlier, campaign, today, input.bodyHash) };
  }

  const report = check(input.workbook, campaign, today, explicit?.name);
  const unit = explicit ?? (await inferredUnit(db, report));
  const versions = versionsOf(report);
  await serverKeys(db, await input.keySecret(), unit.id, versions);
  const pairs = await findStoredDuplicates(db, unit.id, report, versions, campaign);
  await reassessUnit(db, report, unit, pairs.length, campaign, today);

  const submission = {
    id: crypto.randomUUID(),
    unitId: unit.id,
    tokenId: principal.tokenId,
    actor: principal.label || `token ${principal.tokenId}`,
    idempotencyKey: input.idempotencyKey,
    bodyHash: input.bodyHash,
    source: input.source,
    file: input.workbook.file,
    submittedAt: input.now.toISOString(),
    submittedOn: today,
    fillDate: report.units.find((u) => u.unit === unit.name)?.fillDate ?? null,
    errors: report.stats.errors,
    warnings: report.stats.warnings,
    report: JSON.stringify({ ...report, sheets: report.sheets.map((s) => ({ ...s, items: [] })) }),
  };
  try {
    await storeSubmission(db, submission, versions, pairs);
  } catch (err) {
    // A concurrent retry with the same key won the race: its batch stored, ours stored nothing.
    if (input.idempotencyKey && /UNIQUE constraint failed: submissions\.token_id/.test(String(err))) {
      const earlier = await findByIdempotencyKey(db, principal.tokenId, input.idempotencyKey);
      if (earlier) return { status: 200, body: await replay(db, earlier, campaign, today, input.bodyHash) };
    }
    // The database's ownership trigger refused the batch: another unit stored one of these keys meanwhile.
    if (/item-owned-by-other-unit/.test(String(err))) {
      throw new ApiError('item-owned-by-other-unit', 'another unit stored one of these item keys meanwhile; submit again');
    }
    throw err;
  }
  return { status: 201, body: await respond(db, submission, report, campaign, today) };
}

/** A unit token submits for its own unit only; a county token may name any registered unit. */
async function explicitUnit(db: D1Database, principal: Principal, named: string | undefined): Promise<UnitRow | null> {
  if (principal.role === 'unit') {
    if (named !== undefined && named !== principal.unitName) {
      throw new ApiError('wrong-unit', `this token submits for ${principal.unitName} only, not ${named}`);
    }
    return { id: principal.unitId!, name: principal.unitName! };
  }
  if (named === undefined) return null;
  const unit = await findUnitByName(db, named);
  if (!unit) throw new ApiError('unit-unknown', `unit ${named} is not registered`);
  return unit;
}

function check(workbook: WorkbookInput, campaign: Campaign, asOf: string, unit: string | undefined): Report {
  let report: Report;
  try {
    report = checkWorkbooks([workbook], { campaign, asOf, unit });
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

/** Without a named unit, the ledger names it (label, title, sheet or file): one registered unit. */
async function inferredUnit(db: D1Database, report: Report): Promise<UnitRow> {
  const names = new Set(report.sheets.filter((s) => s.isLedger).flatMap((s) => [s.unit, ...s.items.map((i) => i.unit)]));
  if (names.size !== 1) {
    throw new ApiError('unit-ambiguous', `a submission holds one unit's ledger; this one names ${[...names].join('、')}`);
  }
  const [name] = names as Set<string>;
  const unit = await findUnitByName(db, name!);
  if (!unit) throw new ApiError('unit-unknown', `the ledger's unit ${name} is not registered; name a registered unit`);
  return unit;
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

/** The unit's key attention as the county sees it: with stored near-duplicates and its first submission. */
async function reassessUnit(db: D1Database, report: Report, unit: UnitRow, added: number, campaign: Campaign, today: string): Promise<void> {
  // The near-duplicate diagnostics found against stored items are warnings like any other.
  report.stats.warnings += added;
  const u = report.units.find((r) => r.unit === unit.name);
  if (!u) return;
  u.nearDuplicates = report.sheets.flatMap((s) => s.items).filter((i) => i.diagnostics.some((d) => d.code === 'near-duplicate')).length;
  u.warnings += added;
  const { keyAttention, reasons } = assessUnit({ ...u, firstSubmittedOn: (await firstSubmittedOn(db, unit.id)) ?? today }, campaign);
  u.keyAttention = keyAttention;
  u.reasons = reasons;
}
