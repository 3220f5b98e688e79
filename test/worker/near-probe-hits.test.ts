import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, nearBigrams } from '../../shared/index.js';
import { nearProbePlan } from '../../shared/near-signature.js';
import { compactText } from '../../shared/text.js';
import { hitStatements } from '../../worker/db/near-probe-hits.js';
import type { ProbeItem, ProbePlanRow } from '../../worker/db/near-probe.js';
import { versionsOf } from '../../worker/submit.js';
import { api, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { templateVariants } from './template-texts.js';

// A small submission's hits (near-probe-hits.ts) come back as one text per chunk of lookups
// ('key:ids;…'), where they came as a row per lookup: the pairs hit twice must be the same, however
// the lookups are split into statements.

describe('the hits read as one text', () => {
  it('gives the pairs a row per lookup gives, in one statement and in many', async () => {
    const county = await issueToken('county');
    for (const [k, u] of ['东山乡', '西山镇'].entries()) {
      await issueToken('unit', u);
      await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(u, ledger(u, templateVariants(40, k + 3).map((description) => ({ description })))) }), 201);
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
    const pairsOf = async (form: 'text' | 'rows', chunkBytes?: number) => {
      const h = hitStatements(env.DB, items, plan, 0.8, form, chunkBytes);
      const results = await env.DB.batch(h.statements);
      return { chunks: h.statements.length, pairs: h.pairs(results.map((r) => r.results) as never).map((p) => `${p.item}/${p.version_id}`).sort() };
    };
    const rows = await pairsOf('rows');
    expect(rows.pairs.length).toBeGreaterThan(20);
    const text = await pairsOf('text');
    expect(text).toEqual(rows);
    // Lookups split over many statements: each text's keys count from its own chunk's start.
    const split = await pairsOf('text', 2_000);
    expect(split.chunks).toBeGreaterThan(5);
    expect(split.pairs).toEqual(rows.pairs);
    expect((await pairsOf('rows', 2_000)).pairs).toEqual(rows.pairs);
  });
});
