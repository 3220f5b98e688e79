import { describe, expect, it } from 'vitest';
import { CampaignSchema, campaignOrDefault } from '../../shared/index.js';

// The default campaign is written out whole in shared/campaign.ts (not parsed at load, so the
// core starts without building zod's schemas): it must be exactly what parsing it would give.
describe('the default campaign', () => {
  it('is valid and equals its own parse, defaults and key order included', () => {
    const campaign = campaignOrDefault();
    const parsed = CampaignSchema.parse(campaign);
    expect(parsed).toStrictEqual(campaign);
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(campaign));
    // Every default the schema fills in is already there.
    expect(CampaignSchema.parse({ ...campaign, dueSoonDays: undefined, timezone: undefined })).toStrictEqual(campaign);
  });
});
