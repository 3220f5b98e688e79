import type { D1Database } from '@cloudflare/workers-types';
import type { AggregateResponse } from '../shared/schema/api.js';
import { ApiError } from './errors.js';
import { aggregateSubmissions, type SubmissionRow } from './db/submissions.js';
import { infoOf } from './submission-response.js';

/** The answer to a county aggregate: what each unit's submission became (unit, items, errors). */
export async function aggregateResponse(db: D1Database, aggregateId: string, replayed: boolean): Promise<AggregateResponse> {
  return aggregateAnswer(await aggregateSubmissions(db, aggregateId), replayed);
}

/** That answer from the aggregate's submission rows, in the order they were stored (aggregateSubmissions). */
export function aggregateAnswer(rows: readonly SubmissionRow[], replayed: boolean): AggregateResponse {
  const submissions = rows.map((r) => ({ ...infoOf(r), errors: r.error_count, warnings: r.warning_count }));
  const sum = (f: (s: (typeof submissions)[number]) => number) => submissions.reduce((n, s) => n + f(s), 0);
  return { replayed, submissions, stats: { items: sum((s) => s.items), errors: sum((s) => s.errors), warnings: sum((s) => s.warnings) } };
}

/** A retried aggregate (same Idempotency-Key): the first answer again; a different body is refused. */
export async function replayAggregate(db: D1Database, row: SubmissionRow, bodyHash: string): Promise<AggregateResponse> {
  if (row.body_hash !== bodyHash) {
    throw new ApiError('idempotency-key-reused', '该幂等键已用于另一份报送 (this Idempotency-Key was used for a different submission)');
  }
  return aggregateResponse(db, row.aggregate_id!, true);
}
