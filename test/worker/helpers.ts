import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Grid } from '../../shared/index.js';
import worker from '../../worker/index.js';
import { concrete } from './texts.js';

export { concrete };
import { sha256Hex } from '../../worker/hash.js';

/** The county's date the tests run on unless they say otherwise: the day before selfCheckDue. */
export const TODAY = '2023-04-24';

/** A statement's `n` (a count): `count('SELECT count(*) AS n FROM items WHERE unit_id = ?', id)`. */
export const count = (sql: string, ...args: unknown[]) => env.DB.prepare(sql).bind(...args).first<number>('n');
export const ORIGIN = 'https://localhost:3000';

export interface Call {
  token?: string;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
  today?: string;
  /** Other vars for this request (e.g. CAMPAIGN). */
  env?: Partial<Env>;
}

/** A request through the Worker's fetch handler, with the county's date pinned. */
export async function api(method: string, path: string, call: Call = {}): Promise<Response> {
  const headers: Record<string, string> = { ...call.headers };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  let body = call.body;
  if (call.json !== undefined) {
    body = JSON.stringify(call.json);
    headers['content-type'] ??= 'application/json';
  }
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://county.test${path}`, { method, headers, body }), { ...env, TODAY: call.today ?? TODAY, ...call.env }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** The JSON of a response, asserting its status first (with the body in the failure message). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read bodies loosely and assert on them
export async function expectJson<T = any>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

let counter = 0;

/** Registers the unit if needed and issues a token straight into D1 (as the admin command does). */
export async function issueToken(role: 'county' | 'unit', unit?: string): Promise<string> {
  let unitId: number | null = null;
  if (unit) {
    await env.DB.prepare('INSERT OR IGNORE INTO units (name) VALUES (?)').bind(unit).run();
    unitId = await env.DB.prepare('SELECT id FROM units WHERE name = ?').bind(unit).first<number>('id');
  }
  const token = `lc_test_${role}_${++counter}_${crypto.randomUUID().replaceAll('-', '')}`;
  await env.DB.prepare('INSERT INTO tokens (token_hash, role, unit_id, label) VALUES (?, ?, ?, ?)')
    .bind(await sha256Hex(token), role, unitId, `${role} ${unit ?? ''} ${counter}`.trim())
    .run();
  return token;
}

export async function revoke(token: string): Promise<void> {
  await env.DB.prepare("UPDATE tokens SET revoked_at = '2023-04-01T00:00:00Z' WHERE token_hash = ?").bind(await sha256Hex(token)).run();
}

/** Every row of every table of ours, to prove a rejected request changed nothing. */
export async function snapshot(): Promise<string> {
  const { results } = await env.DB.prepare(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name",
  ).all<{ name: string; sql: string }>();
  const parts: string[] = [];
  for (const { name, sql } of results) {
    // A token's last use is recorded on authentication (what `token list` shows), not stored data.
    const columns = name === 'tokens' ? 'id, token_hash, role, unit_id, label, created_at, revoked_at, expires_on' : '*';
    // A WITHOUT ROWID table (the near-duplicate index) has no rowid; it reads in key order.
    const order = /WITHOUT ROWID/i.test(sql) ? '' : ' ORDER BY rowid';
    const rows = await env.DB.prepare(`SELECT ${columns} FROM ${name}${order}`).raw();
    parts.push(`${name}:${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

export interface Row {
  seq?: string | number;
  category?: string;
  description: string;
  measures?: string;
  deadline?: string | number;
  status?: string;
  completedOn?: string;
  evidence?: string;
}

const HEADER = ['序号', '问题类别', '问题描述', '原因分析', '整改措施', '责任领导', '责任人', '整改时限', '整改状态', '完成时间', '佐证材料'];

/**
 * A small, clean ledger sheet of one unit (title row names the unit), concrete descriptions by
 * default, so tests control exactly which diagnostics and states appear.
 * @example ledger('儒林镇', [{ description: '2023年3月对2起案件未告知陈述申辩权利' }])
 */
export function ledger(unit: string, rows: Row[], sheet = '整改台账'): Grid {
  return {
    sheet,
    values: [
      [`${unit}综合行政执法不规范问题整改台账`, ...Array(HEADER.length - 1).fill(null)],
      HEADER,
      ...rows.map((r, i) => [
        r.seq ?? i + 1, r.category ?? '执法程序', r.description, '制度学习不深入，审核把关不严',
        r.measures ?? '组织专题学习并逐案评查2022年以来的全部案卷', '张三', '李四', r.deadline ?? '2023年6月30日',
        r.status ?? '整改中', r.completedOn ?? null, r.evidence ?? null,
      ]),
    ],
  };
}

export function submission(unit: string | undefined, grid: Grid, file = 'ledger.xlsx') {
  return { file, sheets: [grid], ...(unit ? { unit } : {}) };
}

export function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** A multipart upload of workbook bytes, with optional extra form fields. */
export function uploadForm(bytes: Uint8Array<ArrayBuffer>, name = 'ledger.xlsx', fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.append('file', new File([bytes], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

/** Submits a ledger and returns the response body, asserting 201. */
export async function submitLedger(token: string, grid: Grid, opts: { unit?: string; today?: string; key?: string } = {}) {
  const res = await api('POST', '/api/v1/submissions', {
    token, json: submission(opts.unit, grid), today: opts.today, headers: opts.key ? { 'idempotency-key': opts.key } : {},
  });
  return expectJson(res, 201);
}

const unitsMade = new Map<string, number>();

/**
 * A fresh unit (`${prefix}N乡`) that submits a one-item ledger: its token, name, the item's key,
 * and a resubmitter that sends the same item with some fields changed.
 */
export async function oneItemUnit(prefix: string, row: Partial<Row> = {}) {
  const n = (unitsMade.get(prefix) ?? 0) + 1;
  unitsMade.set(prefix, n);
  const unit = `${prefix}${n}乡`;
  const token = await issueToken('unit', unit);
  const grid = (extra: Partial<Row> = {}) => ledger(unit, [{ seq: 1, description: concrete(unit, 1), ...row, ...extra }]);
  const body = await submitLedger(token, grid());
  return { token, unit, key: body.report.sheets[0].items[0].key as string, resubmit: (extra: Partial<Row> = {}, today?: string) => submitLedger(token, grid(extra), { today }) };
}
