import { stageOn, type Campaign } from '../shared/index.js';
import type { RoundSummary, StageSummary, SummaryResponse } from '../shared/schema/api.js';
import type { RoundRow } from './db/rounds.js';
import type { Timeline } from './db/timeline.js';

/**
 * The campaign's stages (SPEC 12.3) as of a date: the one in force, and per stage what
 * happened in it up to that date, each event by its own date.
 */
export function stagesAsOf(campaign: Campaign, asOf: string, t: Timeline): Pick<SummaryResponse, 'stage' | 'stages'> {
  const current = stageOn(campaign, asOf);
  const stages = (campaign.stages ?? []).map((s): StageSummary => {
    const inStage = (on: string) => s.from <= on && on <= s.to && on <= asOf;
    const sum = (rows: [string, number][]) => rows.reduce((n, [on, k]) => n + (inStage(on) ? k : 0), 0);
    const decided = t.decisions.filter(([on]) => inStage(on));
    return {
      id: s.id, name: s.name, from: s.from, to: s.to,
      submissions: sum(t.submissions),
      decisions: decided.reduce((n, [, , k]) => n + k, 0),
      closeOuts: decided.reduce((n, [, d, k]) => n + (d === 'close_out' ? k : 0), 0),
      notices: sum(t.notices),
      interviews: sum(t.interviews),
    };
  });
  return { stage: current ? { id: current.id, name: current.name, from: current.from, to: current.to } : null, stages };
}

/** Rounds of 会诊 held by the date, with the items decided in each (and how) by then. */
export function roundsAsOf(rounds: readonly RoundRow[], counts: readonly { roundId: number; decision: string | null; items: number }[]): RoundSummary[] {
  return rounds.map((r) => {
    const of = (d: string) => counts.find((c) => c.roundId === r.id && c.decision === d)?.items ?? 0;
    return { id: r.id, title: r.title, heldOn: r.held_on, decided: of('*'), assigned: of('assign'), returned: of('return'), closedOut: of('close_out') };
  });
}
