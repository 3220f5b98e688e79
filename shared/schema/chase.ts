import * as z from 'zod';

/**
 * Wire schemas of chasing and reporting (SPEC 12.4): letters, robot delivery, notice channels,
 * the bulletin and evidence files. Shared by the Worker and the add-in.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');
const UnitName = z.string().trim().min(1).max(100);

/** How a notice reached the unit. */
export const ChannelSchema = z.enum(['document', 'phone', 'dingtalk', 'wecom', 'sms', 'in-person']);
export type Channel = z.infer<typeof ChannelSchema>;
export const CHANNEL_ZH: Record<Channel, string> = {
  document: '书面通知', phone: '电话', dingtalk: '钉钉群', wecom: '企业微信群', sms: '短信', 'in-person': '当面',
};

export const NoticeKindSchema = z.enum(['notice', 'reminder']);

/** `GET /api/v1/reminders/:unit/letter.docx?asOf=&kind=&replyBy=` (replyBy defaults to asOf + 7 days). */
export const LetterQuerySchema = z.strictObject({
  asOf: IsoDate.optional(),
  kind: NoticeKindSchema.default('reminder'),
  replyBy: IsoDate.optional(),
});

/** `POST /api/v1/notices/send`: post the notice text to the unit's group robot; items default to its chase list. */
export const NoticeSendSchema = z.strictObject({
  unit: UnitName,
  kind: NoticeKindSchema,
  items: z.array(z.string().min(1).max(200)).max(1000).optional(),
  replyBy: IsoDate.optional(),
});

export const DeliverySchema = z.object({
  outcome: z.enum(['delivered', 'failed']),
  at: z.string(),
  httpStatus: z.number().int().nullable(),
  errcode: z.number().int().nullable(),
  errmsg: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const SentNoticeSchema = z.object({
  id: z.number().int(),
  unit: z.string(),
  kind: NoticeKindSchema,
  channel: ChannelSchema,
  sentOn: IsoDate,
  delivery: z.enum(['delivered', 'failed']).nullable(),
  deliveries: z.array(DeliverySchema),
});
export type SentNotice = z.infer<typeof SentNoticeSchema>;

/** Evidence files (佐证材料) of an item. */
export const EVIDENCE_TYPES = ['pdf', 'jpg', 'png', 'docx', 'xlsx'] as const;
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
export const EvidenceInfoSchema = z.object({
  id: z.string(),
  itemKey: z.string(),
  name: z.string(),
  type: z.enum(EVIDENCE_TYPES),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
  uploadedOn: IsoDate,
});
export type EvidenceInfo = z.infer<typeof EvidenceInfoSchema>;
/** `POST /api/v1/items/:key/evidence`'s answer: the file stored, and how many the item holds now (the add-in's 检查·佐证材料, without asking again). */
export const EvidenceUploadSchema = EvidenceInfoSchema.extend({ count: z.number().int().positive() });
export type EvidenceUpload = z.infer<typeof EvidenceUploadSchema>;
export const EvidenceListSchema = z.object({ evidence: z.array(EvidenceInfoSchema) });
/** `GET /api/v1/items/evidence-counts`: files per item key (a unit token: its own unit's items). */
export const EvidenceCountsSchema = z.object({ counts: z.record(z.string(), z.number().int().nonnegative()) });
export type EvidenceCounts = z.infer<typeof EvidenceCountsSchema>;

/** `GET /api/v1/reports/bulletin.docx?asOf=` and `/reports/bulletin?asOf=`. */
export const BulletinQuerySchema = z.strictObject({ asOf: IsoDate.optional() });
