import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, nearBigrams } from '../../shared/index.js';
import { nearOverlap, nearProbePlan, nearSizeRange } from '../../shared/near-signature.js';
import { compactText } from '../../shared/text.js';
import { mergeRecentPostings } from '../../worker/db/near-merge.js';
import { hitStatements } from '../../worker/db/near-probe-hits.js';
import type { ProbeItem, ProbePlanRow } from '../../worker/db/near-probe.js';
import { versionsOf } from '../../worker/submit.js';
import { api, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { POSTINGS } from './near-postings.js';
import { templateVariants } from './template-texts.js';

// A small submission's hits (near-probe-hits.ts) come back as one text per chunk of lookups
// ('key:ids;…') read from the lists (0017) and the recent postings: the pairs hit enough times
// must be those the postings, counted one by one, give, however the lookups are split into statements.

describe('the hits read as one text', () => {
  it('gives the pairs the postings counted one by one give, in one statement and in many', async () => {
    const county = await issueToken('county');
    for (const [k, u] of ['东山乡', '西山镇', '南山乡'].entries()) {
      await issueToken('unit', u);
      await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(u, ledger(u, templateVariants(40, k + 3).map((description) => ({ description })))) }), 201);
      // The first two units' postings in the lists, the third's recent.
      if (k === 1) await mergeRecentPostings(env.DB);
    }
    const seqOf = new Map(await env.DB.prepare('SELECT bigram, seq FROM near_bigrams').raw<[string, number]>());
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('中山乡', templateVariants(30, 99).map((description) => ({ description })))] }], { asOf: TODAY, unit: '中山乡' }));
    const plan = new Map<number, ProbePlanRow[]>();
    const items: ProbeItem[] = probing.flatMap((v) => {
      const grams = nearBigrams(compactText(v.item.fields.description ?? ''));
      if (!grams) return [];
      const n = grams.length;
      if (!plan.has(n)) plan.set(n, nearProbePlan(n, 0.8).map(([at, pos, lo, hi]): ProbePlanRow => [n, at, pos, lo, hi]));
      return [[v.ord, n, 999, grams.map((g) => seqOf.get(g) ?? 0).sort((a, b) => b - a)] as ProbeItem];
    });
    // The reference: every posting a row, each lookup's counted per version.
    const postings = await env.DB.prepare(`SELECT token, pos, size, version_id FROM ${POSTINGS} p`).raw<[number, number, number, number]>();
    const expected: string[] = [];
    for (const [item, n, , seqs] of items) {
      const hits = new Map<number, number>();
      for (const [, at, pos, lo, hi] of plan.get(n)!) {
        for (const [token, p, m, version] of postings) if (token === seqs[at - 1] && p === pos && m >= lo && m <= hi) hits.set(version, (hits.get(version) ?? 0) + 1);
      }
      const need = nearOverlap(n, nearSizeRange(n, 0.8)[0], 0.8) <= 1 ? 1 : 2;
      for (const [version, h] of hits) if (h >= need) expected.push(`${item}/${version}`);
    }
    expected.sort();
    const pairsOf = async (chunkBytes?: number) => {
      const h = hitStatements(env.DB, items, plan, 0.8, chunkBytes);
      const results = await env.DB.batch(h.statements);
      return { chunks: h.statements.length, pairs: h.pairs(results.map((r) => r.results) as never, new Map()).toArray().map((p) => `${p.item}/${p.version_id}`).sort() };
    };
    const one = await pairsOf();
    expect(one.pairs.length).toBeGreaterThan(20);
    expect(one.pairs).toEqual(expected);
    // Lookups split over many statements: each text's keys count from its own chunk's start.
    const split = await pairsOf(2_000);
    expect(split.chunks).toBeGreaterThan(5);
    expect(split.pairs).toEqual(expected);
    // A unit's own versions are left out: the first unit's, as if it probed.
    const first = new Set(await env.DB.prepare("SELECT v.id FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = i.unit_id WHERE u.name = '东山乡'").raw<[number]>().then((r) => r.map(([id]) => id)));
    const h = hitStatements(env.DB, items, plan, 0.8);
    const mine = h.pairs((await env.DB.batch(h.statements)).map((r) => r.results) as never, new Map([[999, first]])).toArray().map((p) => `${p.item}/${p.version_id}`).sort();
    expect(mine).toEqual(expected.filter((p) => !first.has(Number(p.split('/')[1]))));
    expect(mine.length).toBeLessThan(expected.length);
  });
});
