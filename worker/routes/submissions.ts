import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { SubmissionRequestSchema, SubmissionsQuerySchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import { ApiError } from '../errors.js';
import { readJson, readQuery } from '../http.js';
import { boundJson } from '../json-bounds.js';
import { heavyGate } from '../middleware/heavy-gate.js';
import { gzipBody } from '../middleware/request-encoding.js';
import { unitScope } from '../access.js';
import { sha256Hex } from '../hash.js';
import { listSubmissions, submissionStatement, type SubmissionRow } from '../db/submissions.js';
import { submit } from '../submit.js';
import { keySecretFor } from '../item-keys.js';
import { redactReport } from '../redact.js';
import { infoOf, replayed, replayStatements } from '../submission-response.js';
import { idempotencyKey, tokenReads } from './submission-reads.js';

/** A 10,000-row ledger as grids is about 10 MB of JSON; anything past this is not a ledger. */
export const MAX_SUBMISSION_BYTES = 32 * 1024 * 1024;

/** Submitting a ledger as grids (the add-in's way), and reading a stored submission back. */
export const submissions = new Hono<AppEnv>();

// A large ledger may come gzip-compressed (the add-in's way over a slow line): decoded first,
// within its turn and the same limit, so everything after sees the plain body.
submissions.post('/', heavyGate(), gzipBody(MAX_SUBMISSION_BYTES), bodyLimit({ maxSize: MAX_SUBMISSION_BYTES, onError: tooLarge }), async (c) => {
  // The key secret's read goes out before the body is read (keySecretFor).
  const keySecret = keySecretFor(c.env);
  const body = await readJson(c, SubmissionRequestSchema, boundJson);
  const key = idempotencyKey(c);
  const { status, body: result } = await submit(c.env.DB, {
    principal: c.get('principal'),
    campaign: c.get('campaign'),
    today: c.get('today'),
    now: new Date(),
    workbook: { file: body.file, sheets: body.sheets },
    unit: body.unit,
    confirmUnit: body.confirmUnit,
    source: 'json',
    bodyHash: await sha256Hex(await c.req.text()),
    idempotencyKey: key,
    known: tokenReads(c, key),
    keySecret,
  });
  return c.json('report' in result ? { ...result, report: redactReport(result.report, c.get('principal')) } : result, status);
});

submissions.get('/', async (c) => {
  const { unit } = readQuery(c, SubmissionsQuerySchema);
  const rows = await listSubmissions(c.env.DB, await unitScope(c.env.DB, c.get('principal'), unit));
  return c.json({ submissions: rows.map(infoOf) });
});

/**
 * A stored submission's report, rebuilt from its item versions: every version stays readable. Its
 * row and what the report is rebuilt from are read in one batch; another unit's is read and never
 * answered.
 */
submissions.get('/:id', async (c) => {
  const principal = c.get('principal');
  const db = c.env.DB;
  const id = c.req.param('id');
  const [found, ...rest] = await db.batch([submissionStatement(db, id), ...replayStatements(db, id)]);
  const row = found!.results[0] as SubmissionRow | undefined;
  if (!row || (principal.role === 'unit' && row.unit_id !== principal.unitId)) {
    throw new ApiError('submission-not-found', '没有这份报送 (no such submission)');
  }
  const stored = replayed(row, rest, c.get('campaign'), c.get('today'));
  return c.json({ ...stored, replayed: false, report: redactReport(stored.report, principal) });
});

export function tooLarge(): never {
  throw new ApiError('payload-too-large', '请求内容过大 (the request body is too large)');
}
