import * as z from 'zod';
import { FIELDS } from '../field-list.js';

export { FIELDS };
export const FieldSchema = z.enum(FIELDS);
export type Field = z.infer<typeof FieldSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** `relative`: counted from a start (30日内, 15个工作日内, SPEC 12.2); see Deadline.from. */
export const DeadlineKindSchema = z.enum(['date', 'immediate', 'ongoing', 'missing', 'invalid', 'relative']);
export type DeadlineKind = z.infer<typeof DeadlineKindSchema>;

export const StatusSchema = z.enum(['not_started', 'in_progress', 'completed', 'closed_out', 'unknown']);
export type Status = z.infer<typeof StatusSchema>;

export const TimelinessStateSchema = z.enum([
  'done_on_time', 'done_late', 'done', 'ongoing', 'unknown', 'overdue', 'due_soon', 'on_track',
]);
export type TimelinessState = z.infer<typeof TimelinessStateSchema>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const DiagnosticSchema = z.object({
  code: z.string(),
  severity: SeveritySchema,
  file: z.string().optional(),
  sheet: z.string(),
  /** 1-based sheet row, where the diagnostic points at a row or cell. */
  row: z.number().int().optional(),
  /** Column letter, where it points at a cell. */
  column: z.string().optional(),
  field: FieldSchema.optional(),
  /** Chinese message: what is wrong and how to fix it. */
  message: z.string(),
  messageEn: z.string(),
  /** Values the message was filled from (e.g. the other item of a near-duplicate). */
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

/** What a relative or month-relative deadline counts from: the 交办 date, the fill date, selfCheckDue. */
export const DeadlineFromSchema = z.enum(['assigned', 'fill-date', 'self-check-due']);
export type DeadlineFrom = z.infer<typeof DeadlineFromSchema>;

export const DeadlineSchema = z.object({
  kind: DeadlineKindSchema,
  due: IsoDate.optional(),
  text: z.string(),
  /** For 30日内, 15个工作日内, 下月底…: what `start` is (SPEC 12.2). A 交办 date makes it firm. */
  from: DeadlineFromSchema.optional(),
  start: IsoDate.optional(),
});
export type Deadline = z.infer<typeof DeadlineSchema>;

export const TimelinessSchema = z.object({
  state: TimelinessStateSchema,
  daysOverdue: z.number().int().optional(),
  daysLeft: z.number().int().optional(),
});
export type Timeliness = z.infer<typeof TimelinessSchema>;

export const ItemReportSchema = z.object({
  row: z.number().int(),
  unit: z.string(),
  key: z.string(),
  /** field → the cell's text as shown. */
  fields: z.record(z.string(), z.string()),
  deadline: DeadlineSchema,
  status: StatusSchema,
  completedOn: IsoDate.optional(),
  timeliness: TimelinessSchema,
  diagnostics: z.array(DiagnosticSchema),
});
export type ItemReport = z.infer<typeof ItemReportSchema>;

export const SheetReportSchema = z.object({
  file: z.string(),
  sheet: z.string(),
  /** false for a sheet without a ledger header (then only `diagnostics` says why). */
  isLedger: z.boolean(),
  unit: z.string(),
  headerRows: z.array(z.number().int()),
  firstDataRow: z.number().int().optional(),
  columns: z.record(z.string(), z.string()),
  /** The ledger's last column (enrichment columns go to its right, or where they already are). */
  lastColumn: z.string().optional(),
  /** Enrichment columns written on an earlier run: id → column letter. */
  enrichmentColumns: z.record(z.string(), z.string()),
  fillDate: IsoDate.optional(),
  /** When a unit was given explicitly: the units the ledger names itself (填报单位, title, unit column). */
  statedUnits: z.array(z.string()).optional(),
  items: z.array(ItemReportSchema),
  /** Sheet-level diagnostics (cell-level ones sit on their items). */
  diagnostics: z.array(DiagnosticSchema),
});
export type SheetReport = z.infer<typeof SheetReportSchema>;

export const AttentionReasonSchema = z.enum(['too-few', 'imprecise', 'copied', 'late', 'overdue']);
export type AttentionReason = z.infer<typeof AttentionReasonSchema>;

export const UnitReportSchema = z.object({
  unit: z.string(),
  items: z.number().int(),
  keyAttention: z.boolean(),
  reasons: z.array(AttentionReasonSchema),
  vague: z.number().int(),
  overdue: z.number().int(),
  nearDuplicates: z.number().int(),
  fillDate: IsoDate.optional(),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type UnitReport = z.infer<typeof UnitReportSchema>;

export const PlaceSchema = z.object({
  file: z.string(),
  sheet: z.string(),
  row: z.number().int(),
  column: z.string().optional(),
  unit: z.string(),
  key: z.string(),
});
export type Place = z.infer<typeof PlaceSchema>;

export const CrossUnitSchema = z.object({
  code: z.literal('near-duplicate'),
  similarity: z.number(),
  a: PlaceSchema,
  b: PlaceSchema,
});
export type CrossUnit = z.infer<typeof CrossUnitSchema>;

export const ReportSchema = z.object({
  valid: z.boolean(),
  asOf: IsoDate,
  campaign: z.string(),
  stats: z.object({
    items: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    infos: z.number().int(),
    sheets: z.number().int(),
  }),
  sheets: z.array(SheetReportSchema),
  units: z.array(UnitReportSchema),
  crossUnit: z.array(CrossUnitSchema),
});
export type Report = z.infer<typeof ReportSchema>;
