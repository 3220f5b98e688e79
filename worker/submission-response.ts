import type { D1Database } from '@cloudflare/workers-types';
import type { Campaign, Report } from '../shared/index.js';
import type { ReviewInfo, SubmissionResponse, SubmittedItem } from '../shared/schema/api.js';
import { ApiError } from './errors.js';
import { storedVersions, submissionStatement, versionsStatement, versionsWithItemsStatements, type StoredVersion, type SubmissionRow } from './db/submissions.js';
import type { D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import { reviewInfo } from './review-info.js';
import { reportPartsStatement, wholeReport } from './db/report-parts.js';

type ResponseReport = SubmissionResponse['report'];

/**
 * What the answer reads, as statements to end the store's batch with: the stored submission and
 * its versions with their review states (read in the batch's transaction, no round trip more).
 */
export const answerStatements = (db: D1Database, id: string): D1PreparedStatement[] => [submissionStatement(db, id), versionsStatement(db, id, false)];

/** The answer to a stored submission: its report, each item with its version and review state (answerStatements' rows). */
export function respond(row: SubmissionRow, stored: readonly StoredVersion[], report: Report, campaign: Campaign, today: string): SubmissionResponse {
  const review = reviewsOn(today, campaign);
  let n = 0;
  const sheets = report.sheets.map((sheet) => ({
    ...sheet,
    items: sheet.items.map((item): SubmittedItem => {
      const v = stored[n++]!;
      return { ...item, version: v.version, review: review(v.reviewState, v.reviewSince) };
    }),
  }));
  return {
    submission: infoOf(row),
    replayed: false,
    report: { ...report, sheets },
  };
}

/**
 * What a stored submission's report is rebuilt from, all by its id: its report's other parts, its
 * versions with their items and texts. One batch, after its row or beside it (GET
 * /submissions/:id reads it with the row, as it need not wait for it).
 */
export const replayStatements = (db: D1Database, id: string): D1PreparedStatement[] => [reportPartsStatement(db, id), ...versionsWithItemsStatements(db, id)];

/**
 * The first result again, for a retry with the same Idempotency-Key: the stored report with its
 * items rebuilt from their versions. The same key with a different body is refused.
 */
export async function replay(db: D1Database, row: SubmissionRow, campaign: Campaign, today: string, bodyHash: string): Promise<SubmissionResponse> {
  if (row.body_hash !== bodyHash) {
    throw new ApiError('idempotency-key-reused', '该幂等键已用于另一份报送 (this Idempotency-Key was used for a different submission)');
  }
  return replayed(row, await db.batch(replayStatements(db, row.id)), campaign, today);
}

/** The stored submission's answer from replayStatements' results (`replayed` true: a retry's answer). */
export function replayed(row: SubmissionRow, [parts, versions, texts]: readonly D1Result<unknown>[], campaign: Campaign, today: string): SubmissionResponse {
  const report = JSON.parse(wholeReport(row.report, parts!.results as { part: string }[])) as ResponseReport;
  const review = reviewsOn(today, campaign);
  for (const v of storedVersions(versions!, texts!)) {
    report.sheets[v.sheetIndex]!.items.push({ ...v.item!, version: v.version, review: review(v.reviewState, v.reviewSince) });
  }
  return { submission: infoOf(row), replayed: true, report };
}

/**
 * reviewInfo for many items of one submission: they share a few (state, since) pairs, and each
 * pair's due date (working days by the calendar) is worked out once, not once per item.
 */
function reviewsOn(today: string, campaign: Campaign): (state: string, since: string) => ReviewInfo {
  const known = new Map<string, ReviewInfo>();
  return (state, since) => {
    const key = `${state}\u0000${since}`;
    let info = known.get(key);
    if (!info) known.set(key, (info = reviewInfo(state, since, today, campaign)));
    return { ...info };
  };
}

export function infoOf(row: SubmissionRow): SubmissionResponse['submission'] {
  return {
    id: row.id, unit: row.unit, version: row.version, file: row.file, source: row.source,
    submittedAt: row.submitted_at, submittedOn: row.submitted_on, items: row.item_count,
    ...(row.withdrawn_at
      ? { withdrawn: { at: row.withdrawn_at, on: row.withdrawn_on!, by: row.withdrawn_by ?? '', reason: row.withdraw_reason ?? '' } }
      : {}),
  };
}
