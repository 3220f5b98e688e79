import * as z from 'zod';
import { holidayProblems } from './calendar/working-days.js';

// Schemas are marked pure so bundles that never validate a campaign (the CLI's check) leave zod out.

const IsoDate = /* @__PURE__ */ z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

/** A stage of the campaign (SPEC 12.3): 自查自纠, 提级整改, 回头看, each over its dates (inclusive). */
export const StageSchema = /* @__PURE__ */ z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  from: IsoDate,
  to: IsoDate,
}).refine((s) => s.from <= s.to, { message: 'a stage ends on or after it starts (from ≤ to)', path: ['to'] });
export type Stage = z.infer<typeof StageSchema>;

/**
 * A campaign's settings (SPEC section 6). Every shell validates a campaign file with this
 * schema, so a typo in a deployment's config is a clear error, not a silent default.
 */
export const CampaignSchema = /* @__PURE__ */ z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  county: z.string().min(1),
  year: z.number().int().min(2000).max(2100),
  timezone: z.string().min(1).default('Asia/Shanghai'),
  startsOn: IsoDate,
  selfCheckDue: IsoDate,
  inspectionFrom: IsoDate.optional(),
  categories: z.array(z.string().min(1)).min(1),
  dueSoonDays: z.number().int().min(0).default(7),
  immediateGraceDays: z.number().int().min(0).default(0),
  minItemsPerUnit: z.number().int().min(0).default(2),
  impreciseRatio: z.number().min(0).max(1).default(0.5),
  overdueItemsForAttention: z.number().int().min(1).default(3),
  nearDuplicateThreshold: z.number().gt(0).max(1).default(0.8),
  reviewDueDays: z.number().int().min(0).default(5),
  // These two are optional (absent = their default, read where used) so GET /me echoes a
  // campaign file unchanged, as closeOutNeedsFile does.
  /** A unit may withdraw its own submission within this many days (SPEC 12.1; absent = 3); the county any time. */
  withdrawDays: z.number().int().min(0).optional(),
  /** reviewDueDays counted in working days (official calendar; absent = working) or calendar days. */
  reviewDueIn: z.enum(['working', 'calendar']).optional(),
  /** Optional; stages do not overlap, in date order. */
  stages: z.array(StageSchema).optional(),
  /** 销号 needs at least one evidence file uploaded to the server (SPEC 12.4); absent means no. */
  closeOutNeedsFile: z.boolean().optional(),
  /**
   * The official arrangement of years the pinned calendar does not cover (or corrects), copied
   * from the State Council's notice: `{"2027": {"off": ["2027-01-01", "2027-02-06..2027-02-14"],
   * "on": ["2027-02-20"]}}`. A year written here replaces the package's. Absent: the package alone.
   */
  holidays: z.record(
    z.string().regex(/^\d{4}$/, 'a year written YYYY'),
    z.strictObject({
      off: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, 'a date YYYY-MM-DD, or a span YYYY-MM-DD..YYYY-MM-DD')),
      on: z.array(IsoDate).optional(),
    }),
  ).optional(),
}).refine((c) => (c.stages ?? []).every((s, i, all) => i === 0 || all[i - 1]!.to < s.from), {
  message: 'stages are in date order and do not overlap', path: ['stages'],
}).superRefine((c, ctx) => {
  for (const p of holidayProblems(c.holidays ?? {})) ctx.addIssue({ code: 'custom', message: p.message, path: ['holidays', ...p.path] });
});
export type Campaign = z.infer<typeof CampaignSchema>;

/**
 * The real 2023 campaign the product is modelled on; the shipped default and demo campaign.
 * Written out whole rather than parsed at load, so the core starts without building zod's
 * schemas (test/shared/campaign-schema.test.ts holds it equal to its parse by CampaignSchema).
 */
export const DEFAULT_CAMPAIGN: Campaign = {
  id: 'chengbu-2023',
  name: '城步苗族自治县综合行政执法不规范问题提级整改',
  county: '城步苗族自治县',
  year: 2023,
  timezone: 'Asia/Shanghai',
  startsOn: '2023-03-29',
  selfCheckDue: '2023-04-25',
  inspectionFrom: '2023-05-15',
  categories: ['执法理念', '执法程序', '执法裁量', '执法廉洁', '执法效率'],
  dueSoonDays: 7,
  immediateGraceDays: 0,
  minItemsPerUnit: 2,
  impreciseRatio: 0.5,
  overdueItemsForAttention: 3,
  nearDuplicateThreshold: 0.8,
  reviewDueDays: 5,
  reviewDueIn: 'working',
  stages: [
    { id: 'self-check', name: '自查自纠', from: '2023-03-29', to: '2023-04-25' },
    { id: 'rectification', name: '提级整改', from: '2023-04-26', to: '2023-06-30' },
    { id: 'review-back', name: '回头看', from: '2023-07-01', to: '2023-12-31' },
  ],
};

/** The stage in force on a date, if the campaign has stages and one covers it. */
export function stageOn(campaign: Campaign, on: string): Stage | undefined {
  return campaign.stages?.find((s) => s.from <= on && on <= s.to);
}

/** Parses a campaign from untrusted JSON; throws a readable error listing every bad setting. */
export function parseCampaign(json: unknown): Campaign {
  const result = CampaignSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`invalid campaign: ${problems.join('; ')}`);
}

/**
 * A deployment's campaign setting (the Worker's CAMPAIGN var, JSON): empty means the product's
 * default campaign; anything else must be a valid campaign, or a clear error (Chinese first)
 * says what is wrong, so a typo never silently falls back to the default.
 * @example campaignFromSetting('').id === 'chengbu-2023'
 */
export function campaignFromSetting(source: string | undefined): Campaign {
  const text = (source ?? '').replace(/^\uFEFF/, '').trim();
  if (!text) return DEFAULT_CAMPAIGN;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`CAMPAIGN 设置不是有效的 JSON（${(error as Error).message}） / CAMPAIGN is not valid JSON`, { cause: error });
  }
  try {
    return parseCampaign(json);
  } catch (error) {
    throw new Error(`CAMPAIGN 设置有误：${(error as Error).message} / CAMPAIGN is invalid`, { cause: error });
  }
}

/**
 * The campaign to check against: the one given (the county server's), else the product's
 * default. Shells call this instead of naming the default, so it stays defined in one place.
 */
export function campaignOrDefault(campaign?: Campaign | null): Campaign {
  return campaign ?? DEFAULT_CAMPAIGN;
}
