import type { Campaign } from './campaign.js';
import type { AttentionReason } from './schema/report.js';

/** What the unit-level rule needs to know of a unit. */
export interface UnitFacts {
  unit: string;
  items: number;
  /** Items whose description is vague. */
  vague: number;
  /** Open items past their deadline. */
  overdue: number;
  /** Items with a near-duplicate in another unit. */
  nearDuplicates: number;
  /** The fill date written on the ledger (填报时间). */
  fillDate?: string | undefined;
  /** The day the unit itself first submitted to the county server (a county upload does not count). */
  firstSubmittedOn?: string | undefined;
}

/**
 * Key attention (重点关注, SPEC section 5): a unit is flagged with every reason that applies.
 * The CLI, the add-in and the Worker's county summary all call this one rule.
 * @example assessUnit({ unit: '儒林镇', items: 3, vague: 2, overdue: 0, nearDuplicates: 1 }, c)
 *   → { keyAttention: true, reasons: ['imprecise', 'copied'] }
 */
export function assessUnit(facts: UnitFacts, campaign: Campaign): { keyAttention: boolean; reasons: AttentionReason[] } {
  const reasons: AttentionReason[] = [];
  if (facts.items < campaign.minItemsPerUnit) reasons.push('too-few');
  if (facts.vague >= 1 && facts.vague >= campaign.impreciseRatio * facts.items) reasons.push('imprecise');
  if (facts.nearDuplicates > 0) reasons.push('copied');
  // The ledger's own fill date decides; only without one, the unit's first submission (SPEC 12.1).
  const reported = facts.fillDate ?? facts.firstSubmittedOn;
  if (reported && reported > campaign.selfCheckDue) reasons.push('late');
  if (facts.overdue >= campaign.overdueItemsForAttention) reasons.push('overdue');
  return { keyAttention: reasons.length > 0, reasons };
}
