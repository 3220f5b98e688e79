import { assessUnit, type Campaign } from '../shared/index.js';
import type { SummaryResponse, UnitSummary } from '../shared/schema/api.js';
import type { CountyFacts } from './db/summary.js';
import { reviewInfo } from './review-info.js';
import { roundsAsOf, stagesAsOf } from './stages.js';
import { timelinessAsOf } from './timeliness-as-of.js';

const add = (counts: Record<string, number>, key: string, n: number) => {
  counts[key] = (counts[key] ?? 0) + n;
};

/**
 * The county aggregate (SPEC section 9) as of a date: per registered unit, submission on time /
 * late / missing, items by category, status, timeliness and review state, close-out rate, and
 * key attention by the core's assessUnit over the county's stored facts. A unit that has not
 * submitted is `missing` (and chased by reminders), not assessed for key attention. The facts
 * are those of asOf (point in time, SPEC 12.2); the stage in force, per-stage and per-round counts too.
 */
export function countySummary(facts: CountyFacts, campaign: Campaign, asOf: string): SummaryResponse {
  const timeliness = timelinessAsOf(campaign, asOf);
  const byUnit = new Map<number, UnitSummary>();
  const nearDuplicateKeys = new Map<number, Set<string>>();
  for (const u of facts.units) {
    const sub = facts.submissions.get(u.id);
    const log = facts.interviews.get(u.id);
    byUnit.set(u.id, {
      unit: u.name, submission: sub ? 'on_time' : 'missing', versions: sub?.versions ?? 0,
      ...(sub ? { firstSubmittedOn: sub.firstSubmittedOn, lastSubmittedAt: sub.lastSubmittedAt } : {}),
      ...(sub?.fillDate ? { fillDate: sub.fillDate } : {}),
      items: 0, byCategory: {}, byStatus: {}, byTimeliness: {}, byReview: {}, reviewOverdue: 0,
      closedOut: 0, closedOutReported: 0, closeOutRate: 0, vague: 0, overdue: 0, nearDuplicates: 0,
      keyAttention: false, reasons: [],
      notices: facts.notices.get(u.id) ?? 0,
      workNotices: facts.noticesByKind.get(u.id)?.notice ?? 0, reminders: facts.noticesByKind.get(u.id)?.reminder ?? 0,
      interviews: log?.count ?? 0, peopleInterviewed: log?.people ?? 0,
    });
    nearDuplicateKeys.set(u.id, new Set());
  }
  for (const g of facts.dated) {
    const u = byUnit.get(g.unitId)!;
    const state = timeliness(g).state;
    u.items += g.n;
    add(u.byStatus, g.status, g.n);
    add(u.byTimeliness, state, g.n);
    if (g.status === 'closed_out') u.closedOutReported += g.n;
    if (state === 'overdue') u.overdue += g.n;
  }
  for (const g of facts.facets) {
    const u = byUnit.get(g.unitId)!;
    add(u.byCategory, g.category || '(空)', g.n);
    add(u.byReview, g.reviewState, g.n);
    if (reviewInfo(g.reviewState, g.reviewSince, asOf, campaign).overdue) u.reviewOverdue += g.n;
    if (g.reviewState === 'closed_out') u.closedOut += g.n;
    if (g.vague) u.vague += g.n;
  }
  for (const p of facts.pairs) {
    nearDuplicateKeys.get(p.a.unitId)!.add(p.a.key);
    nearDuplicateKeys.get(p.b.unitId)!.add(p.b.key);
  }
  for (const [unitId, u] of byUnit) {
    u.nearDuplicates = nearDuplicateKeys.get(unitId)!.size;
    u.closeOutRate = u.items ? Math.round((u.closedOut / u.items) * 1000) / 1000 : 0;
    if (u.submission === 'missing') continue;
    const own = facts.submissions.get(unitId)?.ownFirstSubmittedOn ?? undefined;
    const { keyAttention, reasons } = assessUnit({ ...u, fillDate: u.fillDate, firstSubmittedOn: own }, campaign);
    u.keyAttention = keyAttention;
    u.reasons = reasons;
    // Late is the same rule key attention uses: the fill date, else the unit's own first submission, after selfCheckDue.
    if (reasons.includes('late')) u.submission = 'late';
  }
  const units = [...byUnit.values()];
  const nameOf = (id: number) => byUnit.get(id)!.unit;
  const sum = (f: (u: UnitSummary) => number) => units.reduce((n, u) => n + f(u), 0);
  return {
    asOf,
    campaign: campaign.id,
    ...stagesAsOf(campaign, asOf, facts.timeline),
    rounds: roundsAsOf(facts.rounds, facts.roundCounts),
    totals: {
      units: units.length,
      submitted: units.filter((u) => u.submission !== 'missing').length,
      late: units.filter((u) => u.submission === 'late').length,
      missing: units.filter((u) => u.submission === 'missing').length,
      items: sum((u) => u.items),
      overdue: sum((u) => u.overdue),
      closedOut: sum((u) => u.closedOut),
      reviewOverdue: sum((u) => u.reviewOverdue),
      keyAttention: units.filter((u) => u.keyAttention).length,
      notices: sum((u) => u.notices),
      workNotices: sum((u) => u.workNotices),
      reminders: sum((u) => u.reminders),
      interviews: sum((u) => u.interviews),
      peopleInterviewed: sum((u) => u.peopleInterviewed),
    },
    units,
    crossUnit: facts.pairs.map((p) => ({
      similarity: p.similarity,
      a: { unit: nameOf(p.a.unitId), key: p.a.key, description: p.a.description },
      b: { unit: nameOf(p.b.unitId), key: p.b.key, description: p.b.description },
    })),
  };
}
