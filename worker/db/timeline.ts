import type { D1Database } from '@cloudflare/workers-types';

/** Events per day up to a date, for per-stage counts: [day, what, n]. */
export interface Timeline {
  submissions: [on: string, n: number][];
  /** County decisions, by decision (the server's revise step and withdrawals are not the office's decisions). */
  decisions: [on: string, decision: string, n: number][];
  notices: [on: string, n: number][];
  interviews: [on: string, n: number][];
}

export async function timeline(db: D1Database, asOf: string): Promise<Timeline> {
  const [submissions, decisions, notices, interviews] = await db.batch<unknown>([
    db.prepare('SELECT submitted_on, COUNT(*) FROM submissions WHERE submitted_on <= ?1 AND withdrawn_at IS NULL GROUP BY submitted_on').bind(asOf),
    db.prepare("SELECT decided_on, decision, COUNT(*) FROM reviews WHERE decided_on <= ?1 AND decision NOT IN ('revise', 'withdraw') GROUP BY decided_on, decision").bind(asOf),
    db.prepare('SELECT sent_on, COUNT(*) FROM notices WHERE sent_on <= ?1 GROUP BY sent_on').bind(asOf),
    db.prepare('SELECT held_on, COUNT(*) FROM interviews WHERE held_on <= ?1 GROUP BY held_on').bind(asOf),
  ]);
  const rows = <T>(r: unknown) => ((r as { results: Record<string, unknown>[] }).results.map((o) => Object.values(o)) as T[]);
  return { submissions: rows(submissions), decisions: rows(decisions), notices: rows(notices), interviews: rows(interviews) };
}
