import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiError as ApiErrorBody } from '../shared/schema/api.js';

type Issue = { path: string; message: string };
type Units = ApiErrorBody['error']['units'];

/**
 * A client's mistake, answered as `{ error: { code, message } }` with a 4xx status. Routes and
 * middleware throw it; the one `onError` below turns it (and Hono's own HTTPExceptions) into JSON.
 * @example throw new ApiError(404, 'item-not-found', `no item ${key}`)
 */
export class ApiError extends HTTPException {
  constructor(status: ContentfulStatusCode, readonly code: string, message: string, readonly issues?: Issue[], readonly units?: Units) {
    super(status, { message });
  }
}

const CODE_OF_STATUS: Record<number, string> = {
  400: 'bad-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed',
  409: 'conflict', 413: 'payload-too-large', 415: 'unsupported-media-type', 422: 'unprocessable',
};

function body(code: string, message: string, issues?: Issue[], units?: Units): ApiErrorBody {
  return { error: { code, message, ...(issues?.length ? { issues } : {}), ...(units ? { units } : {}) } };
}

/** The app's only error handler: 4xx for what the client sent, 500 (logged) for our own faults. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = err instanceof ApiError ? err.code : (CODE_OF_STATUS[status] ?? 'error');
    const issues = err instanceof ApiError ? err.issues : undefined;
    if (status === 401) c.header('WWW-Authenticate', 'Bearer');
    return c.json(body(code, err.message || code, issues, err instanceof ApiError ? err.units : undefined), status);
  }
  console.error('unhandled error', err);
  return c.json(body('internal', 'internal server error (服务器内部错误)'), 500);
}

export function notFound(c: Context): Response {
  return c.json(body('not-found', `no such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
