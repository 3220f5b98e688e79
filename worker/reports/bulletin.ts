import { calendarGaps, type Campaign } from '../../shared/index.js';
import type { SummaryResponse, UnitSummary } from '../../shared/schema/api.js';
import type { Office } from '../letters/office.js';
import { reasonsText, SUBMISSION_ZH, TIMELINESS_SERIES } from './reasons.js';

/** The stage, stages and rounds the summary names (SPEC 12.3); absent from a summary that has none. */
interface StagedSummary extends SummaryResponse {
  stage?: { id: string; name: string; from: string; to: string } | null;
  stages?: { id: string; name: string; from: string; to: string; submissions: number; decisions: number; closeOuts: number; notices: number; interviews: number }[];
  rounds?: { id: number; title: string; heldOn: string; decided: number; assigned: number; returned: number; closedOut: number }[];
}

export interface BulletinUnit {
  unit: string;
  submission: UnitSummary['submission'];
  submissionText: string;
  items: number;
  closedOut: number;
  closeOutRate: number;
  overdue: number;
  workNotices: number;
  reminders: number;
  interviews: number;
  keyAttention: boolean;
  reasons: string[];
}

/**
 * The bulletin (通报, SPEC 12.4) as data: built from the county summary as of a date (so its
 * figures are the summary's, point in time included) and rendered twice, as .docx and as the
 * printable page. The stage and rounds come from the summary when it names them.
 */
export interface Bulletin {
  asOf: string;
  title: string;
  campaign: { id: string; name: string; county: string };
  office: Office;
  stage: { id: string; name: string; from: string; to: string } | null;
  stages: NonNullable<StagedSummary['stages']>;
  headline: {
    units: number; submitted: number; late: number; missing: number; items: number; closedOut: number; closeOutRate: number;
    overdue: number; reviewOverdue: number; keyAttention: number; workNotices: number; reminders: number; interviews: number; peopleInterviewed: number;
  };
  units: BulletinUnit[];
  rounds: NonNullable<StagedSummary['rounds']>;
  /** The units to name: those under key attention, with why. */
  named: { unit: string; reasons: string[] }[];
  chart: { units: string[]; series: { state: string; name: string; color: string; values: number[] }[] };
  /** Years within three months of asOf the holiday calendar does not cover (calendarGaps; the dashboard says so). */
  calendarGaps?: number[];
}

const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : 0);

export function bulletinOf(summary: StagedSummary, campaign: Campaign, office: Office): Bulletin {
  const t = summary.totals;
  const units: BulletinUnit[] = summary.units.map((u) => ({
    unit: u.unit, submission: u.submission, submissionText: SUBMISSION_ZH[u.submission], items: u.items, closedOut: u.closedOut,
    closeOutRate: u.closeOutRate, overdue: u.overdue, workNotices: u.workNotices, reminders: u.reminders, interviews: u.interviews,
    keyAttention: u.keyAttention, reasons: reasonsText(u),
  }));
  const withItems = summary.units.filter((u) => u.items > 0);
  const series = TIMELINESS_SERIES
    .map((s) => ({ ...s, values: withItems.map((u) => u.byTimeliness[s.state] ?? 0) }))
    .filter((s) => s.values.some((v) => v > 0));
  return {
    asOf: summary.asOf,
    title: `关于${campaign.name}工作进展情况的通报`,
    campaign: { id: campaign.id, name: campaign.name, county: campaign.county },
    office,
    stage: summary.stage ?? null,
    stages: summary.stages ?? [],
    headline: {
      units: t.units, submitted: t.submitted, late: t.late, missing: t.missing, items: t.items, closedOut: t.closedOut,
      closeOutRate: rate(t.closedOut, t.items), overdue: t.overdue, reviewOverdue: t.reviewOverdue, keyAttention: t.keyAttention,
      workNotices: t.workNotices, reminders: t.reminders, interviews: t.interviews, peopleInterviewed: t.peopleInterviewed,
    },
    units,
    rounds: summary.rounds ?? [],
    named: units.filter((u) => u.keyAttention).map((u) => ({ unit: u.unit, reasons: u.reasons })),
    chart: { units: withItems.map((u) => u.unit), series: series.map(({ state, name, color, values }) => ({ state, name, color, values })) },
    ...gapsOf(campaign, summary.asOf),
  };
}

function gapsOf(campaign: Campaign, asOf: string): Pick<Bulletin, 'calendarGaps'> {
  const gaps = calendarGaps(campaign, asOf);
  return gaps.length ? { calendarGaps: gaps } : {};
}

export const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

/** The headline paragraph, the same words on the page and in the .docx. */
export function headlineText(b: Bulletin): string {
  const h = b.headline;
  return `截至${b.asOf.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}，全县${h.units}个单位中${h.submitted}个已报送整改台账`
    + `（逾期报送${h.late}个，未报送${h.missing}个），共查摆问题${h.items}项，已销号${h.closedOut}项，销号率${percent(h.closeOutRate)}；`
    + `逾期未整改${h.overdue}项；发出工作提示${h.workNotices}次、催办${h.reminders}次，约谈${h.interviews}次${h.peopleInterviewed}人次；`
    + `${h.keyAttention}个单位列为重点关注。`;
}
