import * as z from 'zod';
import { EvidenceCountsSchema, EvidenceUploadSchema } from '../../shared/schema/chase.js';
import {
  API_LIMITS, submissionSize, AggregateResponseSchema, ApiErrorSchema, ExtensionListSchema, ExtensionSchema, ItemKeysResponseSchema, ItemsResponseSchema, BriefItemsResponseSchema, MeResponseSchema, RemindersResponseSchema, SubmissionResponseSchema, SummaryResponseSchema,
  type ApiError, type BriefItem, type BriefItemsResponse, type CurrentItem, type ExtensionRequest, type InterviewRequest, type NoticeRequest, type ReviewRequest, type SubmissionRequest,
} from '../../shared/schema/api.js';
import { API_ERRORS, type ApiErrorCode } from '../../shared/schema/api-errors.js';

/** A failure a person can act on: what went wrong, whether retrying may help, and the HTTP status. */
export class ServerError extends Error {
  constructor(message: string, readonly status: number, readonly code: string, readonly retryable: boolean, readonly units?: ApiError['error']['units']) {
    super(message);
    this.name = 'ServerError';
  }
}

/** What the server would answer 413 for the ledger's size (API_LIMITS, counted by the same submissionSize), or null. */
function overLimits(body: SubmissionRequest): ServerError | null {
  const { rows, cells } = submissionSize(body.sheets);
  if (rows > API_LIMITS.rowsPerSubmission) {
    return new ServerError(`台账共 ${rows} 行，超过一次报送的上限 ${API_LIMITS.rowsPerSubmission} 行，请按单位分开报送。`, 413, 'too-many-rows', false);
  }
  if (cells > API_LIMITS.cellsPerSubmission) {
    return new ServerError(`台账共 ${cells} 个单元格，超过一次报送的上限 ${API_LIMITS.cellsPerSubmission} 个，请按单位分开报送。`, 413, 'too-many-cells', false);
  }
  return null;
}

export interface ClientOptions {
  baseUrl: string;
  token: string;
  /** Tries per request (network errors, 429, 5xx); 1 disables retries. */
  attempts?: number;
  /** First back-off in ms, doubled each retry. */
  backoffMs?: number;
  fetch?: typeof fetch;
  /**
   * How long one try may wait for its answer to begin, and then between its pieces (TIMEOUT_MS),
   * beyond the time its body takes to send on a slow line (tryTimeoutMs). A county network can
   * drop a connection without closing it; the browser would then wait minutes with the pane busy.
   */
  timeoutMs?: number;
  /**
   * A ledger whose JSON is at least this many bytes goes gzip-compressed (about a tenth of its
   * size on the wire), where the runtime has CompressionStream; Infinity never compresses.
   */
  compressFrom?: number;
}

/** Items a page of GET /items (the server's most). */
const ITEMS_PAGE = 5000;

/** A GET's query parameters (undefined ones left out). */
type Query = Record<string, string | undefined>;

/**
 * Servers that refused a compressed body (older than gzip support): every client sends them plain
 * while the pane stays open (the pane makes a client per action).
 */
const plainServers = new Set<string>();
/** Server addresses that answered GET /items only in full (older than its brief view). */
const fullViewServers = new Set<string>();

/**
 * One try's limit for the server's answer to begin (a county's largest submission takes it a few
 * seconds), and then between the answer's pieces; a try that sends a body gets that body's time
 * on the slowest line on top.
 */
export const TIMEOUT_MS = 60_000;

/**
 * The slowest line planned for: 256 kbit/s, 32 bytes a millisecond. A 12,000-row ledger (~1 MB
 * compressed) gets 60 + 33 s, an .xlsx of 10 MB (the server's most) 60 + 328 s.
 */
const SLOWEST_LINE_BYTES_PER_MS = 32;

/** How long one try may take that sends `bytes`: the answer's time plus the sending's on the slowest line. */
export function tryTimeoutMs(bytes: number, answerMs = TIMEOUT_MS): number {
  return answerMs + Math.ceil(bytes / SLOWEST_LINE_BYTES_PER_MS);
}

/** A response's text, read piece by piece; `moved` is called as each piece arrives. */
async function textOf(res: Response, moved: () => void): Promise<string> {
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    moved();
    text += decoder.decode(value, { stream: true });
  }
}

/** What a request sends, in bytes (a form's files and fields). */
function bodyBytes(body: BodyInit | undefined): number {
  if (body === undefined) return 0;
  if (typeof body === 'string') return new Blob([body]).size;
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof FormData) {
    let n = 0;
    for (const [, v] of body) n += typeof v === 'string' ? v.length * 3 : v.size;
    return n;
  }
  return 0;
}

/** Below this a ledger's JSON is sent as it is: the time saved on the line would be a few milliseconds. */
export const COMPRESS_FROM = 32 * 1024;

/**
 * The county server's API, typed by the same zod schemas the Worker validates with. Network
 * failures and server errors are retried with back-off; every answer is checked against its
 * schema, so a wrong server is a clear error rather than a broken sheet.
 * @example const me = await new CountyClient({ baseUrl: 'http://127.0.0.1:8787', token }).me()
 */
export class CountyClient {
  private readonly base: string;
  private asked = 0;
  constructor(private readonly opts: ClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '');
  }

  /** Requests this client has begun (runExcelAsking: a run that sent none may run again). */
  get sent(): number {
    return this.asked;
  }

  me() {
    return this.request('GET', '/api/v1/me', MeResponseSchema);
  }

  /**
   * Stores a ledger as a new version. The key makes a retried submission count once; without one
   * it is the ledger's own (idempotencyKey of the JSON sent, made once for both). A ledger past
   * the server's limits is refused here, before its megabytes cross a county network.
   */
  async submit(body: SubmissionRequest, key?: string) {
    const refused = overLimits(body);
    if (refused) throw refused;
    const text = JSON.stringify(body);
    return this.request('POST', '/api/v1/submissions', SubmissionResponseSchema, { text, compress: true, headers: { 'Idempotency-Key': key ?? (await idempotencyKey(text)) } });
  }

  /** Uploads an .xlsx: one unit's submission, or (a county aggregate) one per unit. */
  upload(file: Blob, name: string, unit: string | undefined, idempotencyKey: string, confirmUnit = false) {
    const form = new FormData();
    form.append('file', file, name);
    if (unit) form.append('unit', unit);
    if (confirmUnit) form.append('confirmUnit', '1');
    return this.request('POST', '/api/v1/uploads', UploadAnswerSchema, { form, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  /** 延期申请 for one of the unit's items. */
  requestExtension(key: string, body: ExtensionRequest) {
    return this.request('POST', `/api/v1/items/${encodeURIComponent(key)}/extensions`, ExtensionSchema, { json: body });
  }

  extensions(key: string) {
    return this.request('GET', `/api/v1/items/${encodeURIComponent(key)}/extensions`, ExtensionListSchema);
  }

  items(query: Query = {}) {
    return this.request('GET', `/api/v1/items${qs({ limit: String(ITEMS_PAGE), ...query })}`, ItemsResponseSchema);
  }

  /** GET /items?view=brief: key, unit, description, status, timeliness, review and extension of each item. */
  briefItems(query: Query = {}) {
    return this.request('GET', `/api/v1/items${qs({ limit: String(ITEMS_PAGE), ...query, view: 'brief' })}`, BriefItemsResponseSchema);
  }

  /** Every item the query selects (the first `max`), page after page (see allPages). */
  allItems(query: Query = {}, max = Infinity) {
    return allPages((q) => this.items(q), query, max);
  }

  /**
   * allItems in the brief view: what pull status and 全县·会诊事项 read (a fifth of the bytes). A
   * server older than the view refuses it (400 invalid-query: its query schema is strict): the
   * full view then, cut down alike, and the full view for that address while the pane is open.
   */
  async allBriefItems(query: Query = {}, max = Infinity): Promise<BriefItemsResponse> {
    if (!fullViewServers.has(this.base)) {
      try {
        return await allPages((q) => this.briefItems(q), query, max);
      } catch (error) {
        if (!(error instanceof ServerError && error.code === 'invalid-query')) throw error;
      }
    }
    // Remembered only once the full view answers: a query refused for another reason fails again here.
    const all = await this.allItems(query, max);
    fullViewServers.add(this.base);
    return { ...all, items: all.items.map(briefOf) };
  }

  summary(asOf?: string) {
    return this.request('GET', `/api/v1/summary${qs({ asOf })}`, SummaryResponseSchema);
  }

  reminders(asOf?: string) {
    return this.request('GET', `/api/v1/reminders${qs({ asOf })}`, RemindersResponseSchema);
  }

  review(key: string, body: ReviewRequest) {
    return this.request('POST', `/api/v1/items/${encodeURIComponent(key)}/reviews`, null, { json: body });
  }

  notice(body: NoticeRequest) {
    return this.request('POST', '/api/v1/notices', null, { json: body });
  }

  interview(body: InterviewRequest) {
    return this.request('POST', '/api/v1/interviews', null, { json: body });
  }

  /** Uploads an evidence file (佐证材料) for an item; the server checks its type by content and answers how many the item now holds. */
  evidence(key: string, file: Blob, name: string) {
    const form = new FormData();
    form.append('file', file, name);
    return this.request('POST', `/api/v1/items/${encodeURIComponent(key)}/evidence`, EvidenceUploadSchema, { form });
  }

  /** Evidence files per item key (佐证材料; a unit token: its own unit's items), for 检查·佐证材料. */
  evidenceCounts() {
    return this.request('GET', '/api/v1/items/evidence-counts', EvidenceCountsSchema);
  }

  /** The stored key of each item `keys` name (a copy never submitted holds the core's keys); `unit` for a county token. */
  storedKeys(keys: readonly string[], unit?: string) {
    return this.request('POST', '/api/v1/items/keys', ItemKeysResponseSchema, { json: { keys, ...(unit ? { unit } : {}) } });
  }

  private async request<S extends z.ZodType | null>(
    method: string,
    path: string,
    schema: S,
    init: { json?: unknown; text?: string; form?: FormData; headers?: Record<string, string>; compress?: boolean } = {},
  ): Promise<S extends z.ZodType ? z.infer<S> : unknown> {
    if (!this.base) throw new ServerError('未设置服务器地址（在“设置”中填写）。', 0, 'no-server', false);
    this.asked++;
    const attempts = Math.max(1, this.opts.attempts ?? 4);
    const doFetch = this.opts.fetch ?? fetch;
    // JSON as given, or already stringified (`text`: a ledger, stringified once for its key too).
    const json = init.text ?? (init.json === undefined ? undefined : JSON.stringify(init.json));
    // Compressed once, before the first try; every retry sends the same bytes.
    let packed = json !== undefined && init.compress && !plainServers.has(this.base) ? await gzipped(json, this.opts.compressFrom ?? COMPRESS_FROM) : null;
    // A write carries one Idempotency-Key on every try (made here unless the caller keys it by
    // content, as a ledger is): a retry after a lost answer or a timeout is answered as the first
    // try was, and nothing is written twice (worker/request-keys.ts).
    const keyed: Record<string, string> = method === 'POST' && !init.headers?.['Idempotency-Key'] ? { 'Idempotency-Key': oneTimeKey() } : {};
    let last: ServerError | null = null;
    let retryAfterMs = 0;
    // A try that timed out has held the pane a minute: after a second, the person decides.
    let timedOut = 0;
    for (let attempt = 1; attempt <= attempts && timedOut < 2; attempt++) {
      if (attempt > 1) await sleep(Math.max(retryAfterMs, (this.opts.backoffMs ?? 400) * 2 ** (attempt - 2)));
      let res: Response;
      let text: string;
      const headers: Record<string, string> = { authorization: `Bearer ${this.opts.token}`, ...keyed, ...init.headers };
      let body: BodyInit | undefined;
      if (json !== undefined) {
        headers['content-type'] = 'application/json';
        if (packed) headers['content-encoding'] = 'gzip';
        body = packed ?? json;
      } else if (init.form) body = init.form;
      // Until the answer begins: the body's time on a slow line and the server's. Then while it
      // arrives: the same limit between its pieces, so a large answer on a slow line goes on as
      // long as it moves, and a connection that stalls halfway is given up.
      const answerMs = this.opts.timeoutMs ?? TIMEOUT_MS;
      let limitMs = tryTimeoutMs(bodyBytes(body), answerMs);
      const abort = new AbortController();
      let timer = setTimeout(() => abort.abort(), limitMs);
      const moved = () => {
        clearTimeout(timer);
        limitMs = answerMs;
        timer = setTimeout(() => abort.abort(), limitMs);
      };
      try {
        res = await doFetch(this.base + path, { method, headers, body, signal: abort.signal });
        moved();
        text = await textOf(res, moved);
      } catch {
        if (abort.signal.aborted) timedOut++;
        last = abort.signal.aborted
          ? new ServerError(`服务器 ${this.base} 没有在 ${Math.ceil(limitMs / 1000)} 秒内回答（网络慢或服务器忙）。稍后可重试，台账不会丢失。`, 0, 'timeout', true)
          : new ServerError(`无法连接服务器 ${this.base}（网络不通或服务器未启动）。稍后可重试，台账不会丢失。`, 0, 'offline', true);
        continue;
      } finally {
        clearTimeout(timer);
      }
      const data = parseJson(text);
      // A server that cannot read the compressed body (one older than gzip support reads it as
      // broken JSON; one behind a proxy that mangles it): the same body again, plain, at once.
      if (packed && refusedCompression(res.status, data)) {
        plainServers.add(this.base);
        packed = null;
        attempt--;
        retryAfterMs = 0;
        continue;
      }
      if (res.ok) {
        if (!schema) return data as never;
        const parsed = schema.safeParse(data);
        if (!parsed.success) throw new ServerError(`服务器的回答格式不对（${path}）。请确认服务器地址。`, res.status, 'bad-response', false);
        return parsed.data as never;
      }
      const err = ApiErrorSchema.safeParse(data);
      // The server names each field it refused: say which, so the person can fix that one.
      const issues = err.success ? (err.data.error.issues ?? []).map((i) => `${i.path}: ${i.message}`) : [];
      const message = err.success ? [err.data.error.message, ...issues].join('；') : `HTTP ${res.status}`;
      // 409 request-in-progress: this write's first try is still being answered (Retry-After).
      const retryable = res.status === 429 || res.status >= 500 || (err.success && err.data.error.code === 'request-in-progress');
      // A 429 or 409 says how long to wait (seconds); a few seconds at most, then the person decides.
      retryAfterMs = Math.min(10_000, 1000 * (Number(res.headers.get('retry-after')) || 0));
      last = new ServerError(
        explain(err.success ? err.data.error.code : null, res.status, message), res.status,
        err.success ? err.data.error.code : `http-${res.status}`, retryable, err.success ? err.data.error.units : undefined,
      );
      if (!retryable) throw last;
    }
    throw last!;
  }
}

/** `text` gzip-compressed when it is at least `from` bytes and the runtime can (CompressionStream), else null. */
async function gzipped(text: string, from: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (typeof CompressionStream !== 'function' || typeof Blob.prototype.stream !== 'function') return null;
  const plain = new Blob([text]);
  if (plain.size < from) return null;
  return new Uint8Array(await new Response(plain.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
}

/** The answers that say a compressed body was not read as such. */
function refusedCompression(status: number, data: unknown): boolean {
  const code = ApiErrorSchema.safeParse(data).data?.error.code;
  return status === 415 || code === 'malformed-json' || code === 'malformed-encoding';
}

/** An upload's answer: a unit's submission, or a county aggregate split per unit. */
const UploadAnswerSchema = z.union([SubmissionResponseSchema, AggregateResponseSchema]);

/** What a person reads: the catalogue's Chinese for the code (the server's message leads with it), and what to do. */
function explain(code: ApiErrorCode | null, status: number, message: string): string {
  const known = code ? API_ERRORS[code].zh : '';
  const text = known && !message.startsWith(known) ? `${known}（${message}）` : message;
  if (status === 401) return `${text}。请在“设置”中填写县委巡察办发放的有效令牌。`;
  if (status === 413) return `台账太大，服务器拒收：${text}。`;
  // Too many requests, or a server or database busy for a moment: nothing was refused as such.
  if (status === 429 || status === 503) return `${text}。`;
  return `服务器拒绝了请求：${text}`;
}

function qs(params: Record<string, string | undefined>): string {
  const pairs = Object.entries(params).filter((p): p is [string, string] => !!p[1]);
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A random key for one write (a UUID; made from getRandomValues where a webview lacks randomUUID). */
function oneTimeKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A key that stays the same for the same ledger content, so a retry after a lost answer (or a
 * second click) is stored once, while an edited ledger is a new version.
 * @example await idempotencyKey(JSON.stringify(body))
 */
export async function idempotencyKey(content: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(content));
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}


/**
 * Every item a query selects (the first `max`), page after page: the server answers at most
 * 5,000 a page (a unit's ledger may hold 12,000, a county far more); `total` says how many there
 * are. Each later page starts where the page before ended (its `next`, as `after`): an offset
 * would skip as many items as left the list before it meanwhile (a submission withdrawn, a
 * review decided under a review filter). A server older than `next` pages by offset. Later pages
 * ask for the first page's date, so a midnight between them does not mix two days; an item met
 * twice (the list moved while paging) counts once.
 */
async function allPages<T extends { key: string }, R extends { asOf: string; total: number; items: T[]; next?: string | undefined }>(
  page: (query: Query) => Promise<R>, query: Query, max: number,
): Promise<R> {
  const first = await page(query);
  const items = [...first.items];
  const seen = new Set(items.map((i) => i.key));
  let asked = first.items.length;
  let before = first;
  while (asked < first.total && items.length < max) {
    const next = await page({ ...query, asOf: first.asOf, ...(before.next ? { after: before.next } : { offset: String(asked) }) });
    asked += next.items.length;
    before = next;
    const fresh = next.items.filter((i) => !seen.has(i.key));
    // An empty page, or one with nothing new, ends it: the list got shorter meanwhile.
    if (fresh.length === 0) break;
    for (const i of fresh) {
      seen.add(i.key);
      items.push(i);
    }
  }
  const { next: _next, ...rest } = first;
  return { ...rest, items: items.slice(0, max) } as R;
}

/** An item of the full view as the brief view gives it (for a server older than that view). */
function briefOf(i: CurrentItem): BriefItem {
  return { key: i.key, unit: i.unit, description: i.fields.description ?? '', status: i.status, timeliness: i.timeliness, review: i.review, ...(i.extension ? { extension: i.extension } : {}) };
}
