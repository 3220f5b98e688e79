import type { Context } from 'hono';
import type { z } from 'zod';
import { isIsoDate } from '../shared/index.js';
import { ApiError } from './errors.js';

/** zod issues as `{ path, message }`, for the error body. */
export function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
}

/**
 * The request's JSON body, validated. Wrong content type → 415, unparsable JSON → 400,
 * a body that does not match the schema (wrong types, unknown fields) → 400 with the issues.
 * @example const review = await readJson(c, ReviewRequestSchema);
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S, bound?: (text: string) => void): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError('unsupported-media-type', `请以 JSON 发送，Content-Type: application/json（收到 ${type || '无'}）`);
  }
  const text = await c.req.text();
  // Bounds on the text itself (cells, nesting) run before JSON.parse materialises anything.
  bound?.(text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('malformed-json', '请求内容不是有效的 JSON (the request body is not valid JSON)');
  }
  return parseWith(schema, json, 'invalid-body', '请逐项核对下列字段 (the request body does not match the API)');
}

/** The query string, validated like a body (unknown parameters are errors too). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  // A null-prototype object, so `?__proto__=…` is an own (unknown, rejected) key, not a prototype.
  const single: Record<string, string> = Object.create(null);
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (Object.hasOwn(single, name)) throw new ApiError('invalid-query', `查询参数 ${name} 重复 (given twice)`);
    single[name] = value;
  }
  return parseWith(schema, single, 'invalid-query', '请逐项核对下列查询参数 (the query parameters do not match the API)');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, code: 'invalid-body' | 'invalid-query', message: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError(code, message, issuesOf(result.error));
  return result.data;
}

/** A date parameter must be a real date: 2023-02-30 matches the pattern but is a 400 too. */
export function validDate(date: string | undefined): string | undefined {
  if (date !== undefined && !isIsoDate(date)) throw new ApiError('invalid-query', `${date} 不是有效日期 (not a real date)`);
  return date;
}
