import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError as ApiErrorBody } from '../shared/schema/api.js';
import { API_ERRORS, type ApiErrorCode } from '../shared/schema/api-errors.js';

type Issue = { path: string; message: string };
type Units = ApiErrorBody['error']['units'];

/**
 * A client's mistake, answered as `{ error: { code, message } }` with the status the catalogue
 * (shared/schema/api-errors.ts) gives its code. The message is the code's Chinese text, then
 * the detail of this case. Routes and middleware throw it; `onError` below answers it.
 * @example throw new ApiError('item-not-found', `no item ${key}`)
 */
export class ApiError extends HTTPException {
  constructor(
    readonly code: ApiErrorCode, detail?: string, readonly issues?: Issue[],
    readonly headers: Record<string, string> = {}, readonly units?: Units,
  ) {
    const e = API_ERRORS[code];
    super(e.status as ContentfulStatusCode, { message: detail ? `${e.zh}：${detail}` : `${e.zh} (${e.en})` });
  }
}

// Hono's own exceptions (e.g. a body limit without our handler) map to the catalogue by status.
const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed',
  409: 'conflict', 413: 'payload-too-large', 415: 'unsupported-media-type', 422: 'unprocessable', 429: 'rate-limited',
};

function body(code: ApiErrorCode, message: string, issues?: Issue[], units?: Units): ApiErrorBody {
  return { error: { code, message, ...(issues?.length ? { issues } : {}), ...(units ? { units } : {}) } };
}

/** D1's errors that are worth retrying (its documentation's list, and its retry template's). */
const D1_UNAVAILABLE = /D1_ERROR.*(Network connection lost|object to be reset|reset because its code was updated|overloaded)/i;
const D1_RETRY_AFTER_SECONDS = 2;

/**
 * The app's only error handler: 4xx for what the client sent, 503 (logged) for a database
 * unavailable for a moment, 500 (logged) for our own faults.
 */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    if (err.status === 401) c.header('WWW-Authenticate', 'Bearer');
    return c.json(body(err.code, err.message, err.issues, err.units), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    const code = CODE_OF_STATUS[err.status] ?? 'bad-request';
    return c.json(body(code, err.message || API_ERRORS[code].zh), API_ERRORS[code].status as ContentfulStatusCode);
  }
  // Two tries of one keyed write at once (request-keys.ts): the second's batch met the first's key
  // row (its PRIMARY KEY), and nothing of it was written.
  if (/UNIQUE constraint failed: request_keys\./.test(String(err))) {
    c.header('Retry-After', '1');
    return c.json(body('request-in-progress', API_ERRORS['request-in-progress'].zh), 409);
  }
  // D1 unavailable for a moment, past its own retries of reads (its errors worth retrying: the
  // connection lost, the database reset or overloaded). Not a bug: 503 with Retry-After, which the
  // add-in waits out. A write's batch is all or nothing; lost after it committed, the retry with
  // the same Idempotency-Key is answered as the first (request-keys.ts, submissions).
  if (D1_UNAVAILABLE.test(String(err))) {
    console.error('database unavailable', err);
    c.header('Retry-After', String(D1_RETRY_AFTER_SECONDS));
    return c.json(body('database-unavailable', API_ERRORS['database-unavailable'].zh), 503);
  }
  console.error('unhandled error', err);
  return c.json(body('internal', `${API_ERRORS.internal.zh} (${API_ERRORS.internal.en})`), 500);
}

export function notFound(c: Context): Response {
  return c.json(body('not-found', `${API_ERRORS['not-found'].zh}：${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
