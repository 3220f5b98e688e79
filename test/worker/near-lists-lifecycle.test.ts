import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { compactStatements, mergeRecentPostings, mergeStatements } from '../../worker/db/near-merge.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { versionsOf } from '../../worker/submit.js';
import { api, count, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { LISTED_IDS, POSTINGS } from './near-postings.js';
import { rng } from './seeded.js';
import { storedSimilarTo, templateVariants } from './template-texts.js';

// The lists (migration 0017) through a county's life: submissions, resubmissions that change some
// descriptions, withdrawals (a replaced target current again), merges of the recent postings and
// compactions, in a seeded random order. After every step the index holds exactly the current
// targets' postings (their near_sets rows' prefixes), every other id a list holds is tombstoned,
// no list holds an id twice, and a probe finds exactly what brute force finds.

/** Every posting the current targets' near_sets rows call for: (token, position, size, unit, version). */
const EXPECTED = `SELECT t.value, t.key + 1, s.size, v.unit_id, s.version_id
  FROM items i CROSS JOIN item_versions c ON c.id = i.current_version_id
  CROSS JOIN near_sets s ON s.version_id = COALESCE(c.indexed_as, c.id)
  CROSS JOIN item_versions v ON v.id = s.version_id CROSS JOIN json_each(s.prefix) t ORDER BY 1, 2, 3, 4, 5`;

const rows = async (sql: string) => (await env.DB.prepare(sql).raw()).map((r) => r.join(','));

async function expectConsistent(step: string): Promise<void> {
  expect(await rows(`SELECT * FROM ${POSTINGS} p ORDER BY 1, 2, 3, 4, 5`), step).toEqual(await rows(EXPECTED));
  // Listed ids that are no current target's are tombstoned; none is listed twice.
  const litter = await count(`SELECT count(*) AS n FROM ${LISTED_IDS} l WHERE l.version_id NOT IN (SELECT version_id FROM near_dropped)
    AND NOT EXISTS (SELECT 1 FROM near_sets s WHERE s.version_id = l.version_id)`);
  expect(litter, step).toBe(0);
  expect(await count(`SELECT count(*) AS n FROM (SELECT 1 FROM ${LISTED_IDS} GROUP BY token, pos, size, version_id HAVING count(*) > 1)`), step).toBe(0);
  // A tombstone is never a current target's.
  expect(await count('SELECT count(*) AS n FROM near_dropped d JOIN near_sets s ON s.version_id = d.version_id'), step).toBe(0);
}

describe('the lists through a county’s life', () => {
  it('hold exactly the current targets’ postings after every step, and a probe finds what brute force finds', async () => {
    const county = await issueToken('county');
    const units = ['甲乡', '乙镇', '丙乡'];
    for (const u of units) await issueToken('unit', u);
    const r = rng(Number(process.env.LIFE_SEED ?? 2027));
    const sent = new Map<string, string[]>(); // each unit's submissions, oldest first
    const texts = new Map<string, string[]>();
    const seen = { tombstoned: 0, withdrawals: 0, jobs: 0, requeued: 0 };
    for (let step = 0; step < 60; step++) {
      const roll = r();
      const unit = units[Math.floor(r() * units.length)]!;
      let what: string;
      if (roll < 0.5 || !texts.has(unit)) {
        // A ledger sent (again): a unit's rows are its items; some descriptions changed, some kept.
        const before = texts.get(unit);
        const fresh = templateVariants(6, Math.floor(r() * 1e6), { suffix: unit });
        const next = before ? before.map((t, i) => (r() < 0.4 ? fresh[i]! : t)) : fresh;
        const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(unit, ledger(unit, next.map((description) => ({ description })))) }), 201);
        texts.set(unit, next);
        sent.set(unit, [...(sent.get(unit) ?? []), body.submission.id]);
        what = `send ${unit}`;
      } else if (roll < 0.65 && (sent.get(unit)?.length ?? 0) > 1) {
        // Its last submission withdrawn: the one before is current again (its targets queued, then indexed again).
        const id = sent.get(unit)!.pop()!;
        await expectJson(await api('POST', `/api/v1/submissions/${id}/withdraw`, { token: county, json: { reason: '撤回重报' } }), 200);
        texts.delete(unit); // its descriptions are the earlier submission's now: the next send starts afresh
        seen.withdrawals++;
        // Targets tombstoned (their ids still listed) and now queued to be indexed again.
        seen.requeued += (await count('SELECT count(*) AS n FROM near_dropped d JOIN near_pending p ON p.version_id = d.version_id'))!;
        what = `withdraw ${unit}`;
      } else if (roll < 0.8) {
        seen.tombstoned += (await count('SELECT count(*) AS n FROM near_dropped'))!;
        seen.jobs++;
        await mergeRecentPostings(env.DB); // the daily job: merge and compaction
        expect(await count('SELECT count(*) AS n FROM near_dropped')).toBe(0);
        expect(await count('SELECT count(*) AS n FROM near_postings_recent')).toBe(0);
        what = 'daily job';
      } else if (roll < 0.9) {
        await env.DB.batch(mergeStatements(env.DB, -1)); // a batch past the bound: merge alone
        what = 'merge';
      } else {
        await env.DB.batch(compactStatements(env.DB));
        expect(await count(`SELECT count(*) AS n FROM ${LISTED_IDS} WHERE version_id IN (SELECT version_id FROM near_sets) IS NOT 1`)).toBe(0);
        what = 'compaction';
      }
      await expectConsistent(`step ${step}: ${what}`);
    }
    // The steps did what they are for: targets were tombstoned and their ids taken out, targets made current again.
    expect(seen.tombstoned).toBeGreaterThan(0);
    expect(seen.withdrawals).toBeGreaterThan(0);
    expect(seen.requeued).toBeGreaterThan(0);
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('丁镇', templateVariants(12, 99, { suffix: '丁镇' }).map((description) => ({ description })))] }], { asOf: TODAY, unit: '丁镇' }));
    const similar = await storedSimilarTo(probing.map((v) => v.item.fields.description ?? ''), 0.8);
    expect(similar.length).toBeGreaterThan(0);
    for (const way of ['hits', 'shared'] as const) {
      const plan = await nearCandidates(env.DB, probing, () => -1, 0.8, { way, sketchFrom: 0 });
      expect(plan.stored.map((c) => c.id).sort((a, b) => a - b), way).toEqual(similar);
    }
  });
});
