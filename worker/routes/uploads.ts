import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { UploadFieldsSchema } from '../../shared/schema/api.js';
import type { AppEnv } from '../env.js';
import type { ApiErrorCode } from '../../shared/schema/api-errors.js';
import { ApiError } from '../errors.js';
import { parseWith } from '../http.js';
import { heavyGate } from '../middleware/heavy-gate.js';
import { sha256Hex } from '../hash.js';
import { submit } from '../submit.js';
import { keySecretFor } from '../item-keys.js';
import { redactReport } from '../redact.js';
import { xlsxToWorkbook, XlsxError } from '../xlsx-grid.js';
import { tooLarge } from './submissions.js';
import { idempotencyKey, tokenReads } from './submission-reads.js';

/** An upload is at most 10 MB (a 10,000-row ledger is about 1 MB as .xlsx, 3–4 MB as .xls). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Why a workbook could not be read, as the API answers it. */
const UPLOAD_ERRORS: Record<XlsxError['kind'], ApiErrorCode> = {
  'zip-bomb': 'zip-bomb', 'too-large': 'too-many-cells', 'too-many-rows': 'too-many-rows', unreadable: 'file-unreadable', 'legacy-xls': 'legacy-xls', encrypted: 'file-encrypted',
  'web-page': 'file-web-page', 'xml-spreadsheet': 'file-xml-spreadsheet', archive: 'file-archive',
};

/**
 * `POST /api/v1/uploads` (multipart/form-data: `file`, optional `unit`): the county office
 * uploads a unit's workbook, or a unit its own. Read into grids as ledger-check reads it, then treated
 * exactly as a submission.
 */
export const uploads = new Hono<AppEnv>();

uploads.post('/', heavyGate(), bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: tooLarge }), async (c) => {
  if (!/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError('unsupported-media-type', '请以 multipart/form-data 上传，字段名 file (upload the workbook as multipart/form-data with a "file" field)');
  }
  // The key secret's read goes out before the body is read (keySecretFor).
  const keySecret = keySecretFor(c.env);
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError('malformed-form', '上传的表单无法读取 (the multipart body could not be read)');
  }
  const { file, ...fields } = form;
  if (!(file instanceof File)) throw new ApiError('invalid-body', '表单须有且只有一个 file 字段，内容为台账文件 (.xlsx、.xls、.et、.ods、.xlsb 或 .csv)');
  const { unit, confirmUnit } = parseWith(UploadFieldsSchema, fields, 'invalid-body', '表单只能有 file、unit 和 confirmUnit 字段 (only "file", "unit" and "confirmUnit")');
  if (file.size > MAX_UPLOAD_BYTES) tooLarge();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let workbook;
  try {
    workbook = await xlsxToWorkbook(bytes, (file.name || 'upload.xlsx').slice(-255));
  } catch (err) {
    if (err instanceof XlsxError) throw new ApiError(UPLOAD_ERRORS[err.kind], err.message);
    throw err;
  }
  const key = idempotencyKey(c);
  const { status, body } = await submit(c.env.DB, {
    principal: c.get('principal'),
    campaign: c.get('campaign'),
    today: c.get('today'),
    now: new Date(),
    workbook,
    unit,
    confirmUnit,
    source: 'upload',
    bodyHash: await sha256Hex(`${unit ?? ''}\u0000${workbook.file}\u0000${await sha256Hex(bytes)}`),
    idempotencyKey: key,
    known: tokenReads(c, key),
    keySecret,
  });
  return c.json('report' in body ? { ...body, report: redactReport(body.report, c.get('principal')) } : body, status);
});
