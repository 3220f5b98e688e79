import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

/**
 * A campaign's settings (SPEC section 6). Every shell validates a campaign file with this
 * schema, so a typo in a deployment's config is a clear error, not a silent default.
 */
export const CampaignSchema = z.strictObject({
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
  /** A unit may withdraw its own submission within this many days (SPEC 12.1); the county any time. */
  withdrawDays: z.number().int().min(0).default(3),
});
export type Campaign = z.infer<typeof CampaignSchema>;

/** The real 2023 campaign the product is modelled on; the shipped default and demo campaign. */
export const DEFAULT_CAMPAIGN: Campaign = CampaignSchema.parse({
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
});

/** Parses a campaign from untrusted JSON; throws a readable error listing every bad setting. */
export function parseCampaign(json: unknown): Campaign {
  const result = CampaignSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`invalid campaign: ${problems.join('; ')}`);
}
