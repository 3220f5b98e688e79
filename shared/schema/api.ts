import * as z from 'zod';
import { CampaignSchema } from '../campaign.js';
import { ChannelSchema, EvidenceInfoSchema } from './chase.js';
import { GridSchema } from './grid.js';
import {
  AttentionReasonSchema, DeadlineSchema, DiagnosticSchema, ItemReportSchema, ReportSchema, SheetReportSchema,
  StatusSchema, TimelinessSchema, TimelinessStateSchema,
} from './report.js';
import { API_ERROR_CODES } from './api-errors.js';

/**
 * Wire schemas of the county server's API (SPEC section 9), shared by the Worker (which
 * validates every request with them) and the add-in (a typed client). Requests are strict:
 * an unknown field is an error, not silently dropped. Dates are ISO `YYYY-MM-DD`.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const UnitName = z.string().trim().min(1).max(100);
const Note = z.string().max(2000);

/** Limits the server holds a ledger to; larger requests are refused with 413. */
export const API_LIMITS = {
  sheetsPerSubmission: 50,
  /**
   * Rows and cells a submission may hold (every sheet together): what a Worker's 128 MB holds,
   * measured by `npm run bench memory`: a 12,000-row ledger, as JSON or as an upload (read by
   * shared/xlsx/), is checked, stored and answered within 100 MB of heap (the limit before, 1,000,000
   * cells, let an 83,000-row ledger run out of memory at 128 MB). A 10,000-row ledger (SPEC 11)
   * fits with its header and notes; a larger county aggregate goes unit by unit.
   */
  rowsPerSubmission: 12_000,
  cellsPerSubmission: 300_000,
  /** Excel's own limit for a cell; a row's cells together at most charsPerRow (so a stored row fits D1). */
  charsPerCell: 32_767,
  charsPerRow: 100_000,
  itemKeysPerNotice: 1000,
} as const;

/** A submission's size as API_LIMITS counts it: every sheet's rows, and their cells (an empty row counts one). */
export function submissionSize(sheets: readonly { values: readonly (readonly unknown[])[] }[]): { rows: number; cells: number } {
  let rows = 0;
  let cells = 0;
  for (const grid of sheets) {
    rows += grid.values.length;
    for (const row of grid.values) cells += Math.max(row.length, 1);
  }
  return { rows, cells };
}

// ── Errors ──────────────────────────────────────────────────────────────────────────────────

/** Every error response: `{ error: { code, message } }`, code one of the catalogue's (api-errors.ts). */
export const ApiErrorCodeSchema = z.enum(API_ERROR_CODES);
export const ApiErrorSchema = z.object({
  error: z.object({
    code: ApiErrorCodeSchema,
    message: z.string(),
    /** Where a request body failed validation: path → problem. */
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** The units concerned: unit-mismatch `{requested, ledger}`, unit-unregistered the names. */
    units: z.union([z.array(z.string()), z.object({ requested: z.string(), ledger: z.array(z.string()) })]).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

// ── Review (会诊) ───────────────────────────────────────────────────────────────────────────

export const ReviewStateSchema = z.enum(['pending', 'assigned', 'returned', 'revised', 'closed_out', 'reopened']);
export type ReviewState = z.infer<typeof ReviewStateSchema>;

/** County decisions; `revise` is recorded by the server when a returned item comes back. */
export const ReviewDecisionSchema = z.enum(['assign', 'return', 'close_out', 'reopen']);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

/** `POST /api/v1/items/:key/reviews`. A return needs a comment saying what to improve. */
export const ReviewRequestSchema = z
  .strictObject({
    decision: ReviewDecisionSchema,
    comment: Note.optional(),
    /** The version the decision is about; a newer one stored meanwhile makes it a 409. */
    version: z.number().int().min(1).optional(),
    /** The day it was decided (default today): not before the version it decides, not after today. */
    decidedOn: IsoDate.optional(),
    /** The round of 会诊 it was taken in (`POST /api/v1/rounds`). */
    round: z.number().int().min(1).optional(),
  })
  .refine((r) => r.decision !== 'return' || (r.comment ?? '').trim().length > 0, {
    message: '退回完善须写明需要完善之处 (a return needs a comment saying what to improve)',
    path: ['comment'],
  })
  .refine((r) => r.decision !== 'reopen' || (r.comment ?? '').trim().length > 0, {
    message: '回头看重新打开事项须写明原因 (a reopen needs a comment saying why)',
    path: ['comment'],
  });
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

export const ReviewEventSchema = z.object({
  /** `withdraw`: the version was withdrawn with its submission and the previous one is current again. */
  decision: z.enum(['assign', 'return', 'close_out', 'revise', 'reopen', 'withdraw']),
  from: ReviewStateSchema,
  to: ReviewStateSchema,
  comment: z.string(),
  by: z.string(),
  at: z.string(),
  version: z.number().int(),
  /** The day it was decided (may be earlier than `at`, when it was recorded). */
  decidedOn: IsoDate.optional(),
  round: z.number().int().optional(),
});
export type ReviewEvent = z.infer<typeof ReviewEventSchema>;

/** An item's review status as of a date: `overdue` when it awaits review past reviewDueDays. */
export const ReviewInfoSchema = z.object({
  state: ReviewStateSchema,
  since: IsoDate,
  /** When a decision is due (states pending and revised only). */
  due: IsoDate.optional(),
  overdue: z.boolean(),
  /** The office's latest comment on the item (退回完善：…) and the decision it came with. */
  comment: z.string().optional(),
  decision: ReviewDecisionSchema.optional(),
});
export type ReviewInfo = z.infer<typeof ReviewInfoSchema>;

/** `POST /api/v1/rounds`: the county office opens a round of 会诊 (heldOn default today). */
export const RoundRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  heldOn: IsoDate.optional(),
});
export type RoundRequest = z.infer<typeof RoundRequestSchema>;

export const RoundSchema = z.object({ id: z.number().int(), title: z.string(), heldOn: IsoDate, createdAt: z.string() });
export type Round = z.infer<typeof RoundSchema>;

// ── Submissions and uploads ────────────────────────────────────────────────────────────────

/** `POST /api/v1/submissions`: a workbook as grids. The server re-reads and re-checks it. */
export const SubmissionRequestSchema = z.strictObject({
  file: z.string().trim().min(1).max(255),
  sheets: z.array(GridSchema).min(1).max(API_LIMITS.sheetsPerSubmission),
  /** The unit the ledger belongs to: a county token may name it; a unit token's is implied. */
  unit: UnitName.optional(),
  /** Take the ledger for `unit` even though it names another unit itself (else 422 unit-mismatch). */
  confirmUnit: z.boolean().optional(),
});
export type SubmissionRequest = z.input<typeof SubmissionRequestSchema>;

/** Query of `GET /api/v1/submissions` (a unit token lists its own). */
export const SubmissionsQuerySchema = z.strictObject({ unit: UnitName.optional() });

/** Query of `GET /api/v1/notices` and `/interviews` (a unit token lists its own). */
export const LogQuerySchema = z.strictObject({ unit: UnitName.optional() });

/** Form fields of `POST /api/v1/uploads` (multipart): `file` (the .xlsx) and optional `unit`. */
export const UploadFieldsSchema = z.strictObject({
  unit: UnitName.optional(),
  /** `1` confirms a unit that differs from the one the ledger names. */
  confirmUnit: z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional(),
});

export const SubmittedItemSchema = ItemReportSchema.extend({ review: ReviewInfoSchema, version: z.number().int() });
export type SubmittedItem = z.infer<typeof SubmittedItemSchema>;

export const SubmissionInfoSchema = z.object({
  id: z.string(),
  unit: z.string(),
  /** 1, 2, … per unit. */
  version: z.number().int(),
  file: z.string(),
  source: z.enum(['json', 'upload']),
  submittedAt: z.string(),
  submittedOn: IsoDate,
  items: z.number().int(),
  /** Set once the submission was withdrawn: its versions are no longer current. */
  withdrawn: z.object({ at: z.string(), on: IsoDate, by: z.string(), reason: z.string() }).optional(),
});
export type SubmissionInfo = z.infer<typeof SubmissionInfoSchema>;

export const SubmissionListSchema = z.object({ submissions: z.array(SubmissionInfoSchema) });

/** The response of a submission or upload: the report (SPEC section 7) as the server checked it. */
export const SubmissionResponseSchema = z.object({
  submission: SubmissionInfoSchema,
  /** True when an Idempotency-Key matched an earlier submission: nothing new was stored. */
  replayed: z.boolean(),
  report: ReportSchema.extend({
    sheets: z.array(SheetReportSchema.extend({ items: z.array(SubmittedItemSchema) })),
  }),
});
export type SubmissionResponse = z.infer<typeof SubmissionResponseSchema>;

/**
 * The answer to a county aggregate (one sheet, many units' rows) split into one submission per
 * unit: each unit's submission with its item, error and warning counts (each one's report: GET /submissions/:id).
 */
export const AggregateResponseSchema = z.object({
  replayed: z.boolean(),
  submissions: z.array(SubmissionInfoSchema.extend({ errors: z.number().int(), warnings: z.number().int() })),
  stats: z.object({ items: z.number().int(), errors: z.number().int(), warnings: z.number().int() }),
});
export type AggregateResponse = z.infer<typeof AggregateResponseSchema>;

/** `POST /api/v1/submissions/:id/withdraw`: why (the county's, or the submitting unit's within withdrawDays). */
export const WithdrawRequestSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export const WithdrawResponseSchema = z.object({
  submission: SubmissionInfoSchema,
  /** Items now back on their previous version, and those with none left (no longer current). */
  reverted: z.number().int(),
  dropped: z.number().int(),
});
export type WithdrawResponse = z.infer<typeof WithdrawResponseSchema>;

// ── Item keys ──────────────────────────────────────────────────────────────────────────────

/**
 * `POST /api/v1/items/keys`: the stored key of each item a sheet's keys name, for a copy of a
 * ledger that was never submitted (its keys the core's, the server's an HMAC of them). A unit
 * token asks for its own unit; a county token names the unit.
 */
export const ItemKeysRequestSchema = z.strictObject({
  unit: z.string().trim().min(1).max(200).optional(),
  keys: z.array(z.string().min(1).max(200)).min(1).max(API_LIMITS.rowsPerSubmission),
});
export type ItemKeysRequest = z.infer<typeof ItemKeysRequestSchema>;
/** Each asked key that names one of the unit's items, to that item's stored key (a stored key to itself). */
export const ItemKeysResponseSchema = z.object({ keys: z.record(z.string(), z.string()) });
export type ItemKeysResponse = z.infer<typeof ItemKeysResponseSchema>;

// ── Extensions (延期申请) ─────────────────────────────────────────────────────────────────────

/** `POST /api/v1/items/:key/extensions` (the item's unit). */
export const ExtensionRequestSchema = z.strictObject({ requestedDue: IsoDate, reason: z.string().trim().min(1).max(2000) });
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;

/** `POST /api/v1/items/:key/extensions/:id/decision` (county). */
export const ExtensionDecisionSchema = z.strictObject({ decision: z.enum(['approve', 'deny']), comment: Note.optional() });
export type ExtensionDecision = z.infer<typeof ExtensionDecisionSchema>;

export const ExtensionSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  unit: z.string(),
  /** The item's due date when asked, and the date asked for. */
  dueBefore: IsoDate.nullable(),
  requestedDue: IsoDate,
  reason: z.string(),
  requestedBy: z.string(),
  requestedOn: IsoDate,
  state: z.enum(['pending', 'approved', 'denied']),
  decidedBy: z.string().optional(),
  decidedOn: IsoDate.optional(),
  comment: z.string().optional(),
});
export type Extension = z.infer<typeof ExtensionSchema>;
export const ExtensionListSchema = z.object({ extensions: z.array(ExtensionSchema) });

// ── Items ───────────────────────────────────────────────────────────────────────────────────

/** Query of `GET /api/v1/items`; `review=overdue` selects items awaiting review too long. */
export const ItemsQuerySchema = z.strictObject({
  unit: UnitName.optional(),
  category: z.string().min(1).max(50).optional(),
  timeliness: TimelinessStateSchema.optional(),
  review: z.union([ReviewStateSchema, z.literal('overdue')]).optional(),
  asOf: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).default(0),
  /**
   * The page before's `next`: this page starts after that page's last item in the list's order
   * (unit, then the item's arrival), wherever the list moved meanwhile (an offset skips items when
   * earlier ones leave the list between pages). `offset` then counts from there.
   */
  after: z.string().regex(/^\d{1,15}\.\d{1,15}$/, 'after: 应为上一页的 next (the previous page’s next)').optional(),
  /** `brief`: each item's key, unit, description, status, timeliness, review and extension only (BriefItem). */
  view: z.enum(['full', 'brief']).default('full'),
});

export const CurrentItemSchema = z.object({
  key: z.string(),
  unit: z.string(),
  version: z.number().int(),
  submissionId: z.string(),
  file: z.string(),
  sheet: z.string(),
  row: z.number().int(),
  fields: z.record(z.string(), z.string()),
  deadline: DeadlineSchema,
  status: StatusSchema,
  completedOn: IsoDate.optional(),
  /** As of the query's asOf (default: the county's today), not as of submission. */
  timeliness: TimelinessSchema,
  diagnostics: z.array(DiagnosticSchema),
  review: ReviewInfoSchema,
  /** An approved extension (延期): `deadline.due` and timeliness already use its date. */
  extension: z.object({ due: IsoDate, decidedOn: IsoDate, dueBefore: IsoDate.nullable() }).optional(),
});
export type CurrentItem = z.infer<typeof CurrentItemSchema>;

export const ItemsResponseSchema = z.object({
  asOf: IsoDate,
  total: z.number().int(),
  items: z.array(CurrentItemSchema),
  /** Where the next page starts (its `after`): the place of this page's last item; absent when the page is empty. */
  next: z.string().optional(),
});
export type ItemsResponse = z.infer<typeof ItemsResponseSchema>;

/**
 * An item as `GET /items?view=brief` lists it: what 拉取会诊状态 and 全县·会诊事项 read, without the
 * version's fields and diagnostics, which the server would otherwise decode for every item and a
 * county's line would carry (a fifth of the bytes; `npm run bench worker`, near phase).
 */
export const BriefItemSchema = CurrentItemSchema.pick({ key: true, unit: true, status: true, timeliness: true, review: true, extension: true }).extend({
  /** The item's 问题描述 (its fields.description; empty when the ledger has none). */
  description: z.string(),
});
export type BriefItem = z.infer<typeof BriefItemSchema>;

export const BriefItemsResponseSchema = ItemsResponseSchema.extend({ items: z.array(BriefItemSchema) });
export type BriefItemsResponse = z.infer<typeof BriefItemsResponseSchema>;

export const ItemHistorySchema = z.object({
  key: z.string(),
  unit: z.string(),
  /** False when every version of the item was withdrawn: it has history but no current state. */
  current: z.boolean().optional(),
  review: ReviewInfoSchema,
  versions: z.array(z.object({
    version: z.number().int(),
    submissionId: z.string(),
    submittedAt: z.string(),
    file: z.string(),
    sheet: z.string(),
    item: ItemReportSchema,
    withdrawn: z.object({ at: z.string(), by: z.string(), reason: z.string() }).optional(),
  })),
  reviews: z.array(ReviewEventSchema),
  extensions: z.array(ExtensionSchema).optional(),
  timeliness: z.array(z.object({ on: IsoDate, from: z.string().nullable(), to: z.string() })),
  /** Evidence files uploaded for the item (佐证材料, SPEC 12.4), oldest first. */
  evidence: z.array(EvidenceInfoSchema).optional(),
});
export type ItemHistory = z.infer<typeof ItemHistorySchema>;

// ── County aggregate, reminders, notices, interviews ─────────────────────────────────────────

export const SummaryQuerySchema = z.strictObject({ asOf: IsoDate.optional() });

const Counts = z.record(z.string(), z.number().int());

export const UnitSummarySchema = z.object({
  unit: z.string(),
  /** on_time / late against the campaign's selfCheckDue (fill date or first submission); missing: none. */
  submission: z.enum(['on_time', 'late', 'missing']),
  firstSubmittedOn: IsoDate.optional(),
  lastSubmittedAt: z.string().optional(),
  versions: z.number().int(),
  fillDate: IsoDate.optional(),
  items: z.number().int(),
  byCategory: Counts,
  byStatus: Counts,
  byTimeliness: Counts,
  byReview: Counts,
  reviewOverdue: z.number().int(),
  /** Items the county verified as closed out (销号), and those the ledger reports closed out. */
  closedOut: z.number().int(),
  closedOutReported: z.number().int(),
  /** closedOut / items (0 when there are no items). */
  closeOutRate: z.number(),
  vague: z.number().int(),
  overdue: z.number().int(),
  nearDuplicates: z.number().int(),
  keyAttention: z.boolean(),
  reasons: z.array(AttentionReasonSchema),
  /** Notices of both kinds; workNotices (工作提示) and reminders (催办) count them apart. */
  notices: z.number().int(),
  workNotices: z.number().int(),
  reminders: z.number().int(),
  interviews: z.number().int(),
  peopleInterviewed: z.number().int(),
});
export type UnitSummary = z.infer<typeof UnitSummarySchema>;

export const CrossUnitPairSchema = z.object({
  similarity: z.number(),
  a: z.object({ unit: z.string(), key: z.string(), description: z.string() }),
  b: z.object({ unit: z.string(), key: z.string(), description: z.string() }),
});

/** What happened in a stage up to the summary's date (events counted by their own dates). */
export const StageSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  from: IsoDate,
  to: IsoDate,
  submissions: z.number().int(),
  /** County decisions (交办, 退回完善, 销号…), not the server's own revised step. */
  decisions: z.number().int(),
  closeOuts: z.number().int(),
  notices: z.number().int(),
  interviews: z.number().int(),
});
export type StageSummary = z.infer<typeof StageSummarySchema>;

/** A round of 会诊 held by the summary's date, with the items decided in it by then. */
export const RoundSummarySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  heldOn: IsoDate,
  decided: z.number().int(),
  assigned: z.number().int(),
  returned: z.number().int(),
  closedOut: z.number().int(),
});
export type RoundSummary = z.infer<typeof RoundSummarySchema>;

export const SummaryResponseSchema = z.object({
  asOf: IsoDate,
  campaign: z.string(),
  // stage, stages and rounds (SPEC 12.3) are always sent; optional so an older server's answer parses.
  /** The campaign stage in force on asOf (null: no stages, or none covers the date). */
  stage: z.object({ id: z.string(), name: z.string(), from: IsoDate, to: IsoDate }).nullable().optional(),
  stages: z.array(StageSummarySchema).optional(),
  rounds: z.array(RoundSummarySchema).optional(),
  totals: z.object({
    units: z.number().int(),
    submitted: z.number().int(),
    late: z.number().int(),
    missing: z.number().int(),
    items: z.number().int(),
    overdue: z.number().int(),
    closedOut: z.number().int(),
    reviewOverdue: z.number().int(),
    keyAttention: z.number().int(),
    notices: z.number().int(),
    workNotices: z.number().int(),
    reminders: z.number().int(),
    interviews: z.number().int(),
    peopleInterviewed: z.number().int(),
  }),
  units: z.array(UnitSummarySchema),
  crossUnit: z.array(CrossUnitPairSchema),
});
export type SummaryResponse = z.infer<typeof SummaryResponseSchema>;

export const RemindersResponseSchema = z.object({
  asOf: IsoDate,
  units: z.array(z.object({
    unit: z.string(),
    reason: z.enum(['missing', 'overdue']),
    overdueItems: z.array(z.object({ key: z.string(), description: z.string(), due: IsoDate, daysOverdue: z.number().int() })),
    lastNoticeOn: IsoDate.optional(),
    notices: z.number().int(),
  })),
});
export type RemindersResponse = z.infer<typeof RemindersResponseSchema>;

/** `POST /api/v1/notices`: a work notice (工作提示) or reminder (催办) sent to a unit. */
export const NoticeRequestSchema = z.strictObject({
  unit: UnitName,
  kind: z.enum(['notice', 'reminder']),
  /** How it reached the unit (SPEC 12.4); defaults to a document (书面通知). */
  channel: ChannelSchema.default('document'),
  /** Defaults to the county's today. */
  sentOn: IsoDate.optional(),
  itemKeys: z.array(z.string().min(1).max(200)).max(API_LIMITS.itemKeysPerNotice).optional(),
  note: Note.optional(),
});
export type NoticeRequest = z.input<typeof NoticeRequestSchema>;

/** `POST /api/v1/interviews`: an interview (约谈) with `people` enforcement staff of a unit. */
export const InterviewRequestSchema = z.strictObject({
  unit: UnitName,
  heldOn: IsoDate.optional(),
  people: z.number().int().min(1).max(1000),
  note: Note.optional(),
});
export type InterviewRequest = z.infer<typeof InterviewRequestSchema>;

export const NoticeSchema = z.object({
  id: z.number().int(), unit: z.string(), kind: z.enum(['notice', 'reminder']), channel: ChannelSchema,
  delivery: z.enum(['delivered', 'failed']).optional(), sentOn: IsoDate,
  itemKeys: z.array(z.string()), note: z.string(), createdAt: z.string(),
});
export const InterviewSchema = z.object({
  id: z.number().int(), unit: z.string(), heldOn: IsoDate, people: z.number().int(), note: z.string(), createdAt: z.string(),
});

/**
 * `GET /api/v1/me`: who the token is, so the add-in can show the right views, and the county's
 * whole campaign, which the add-in and the CLI check against (SPEC section 13).
 */
export const MeResponseSchema = z.object({
  role: z.enum(['county', 'unit']),
  unit: z.string().optional(),
  label: z.string(),
  campaign: CampaignSchema,
  today: IsoDate,
  /** County tokens: the years within the next three months the holiday calendar does not cover (calendarGaps). */
  calendarGaps: z.array(z.number().int()).optional(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;
