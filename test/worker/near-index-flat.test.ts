import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { mergeRecentPostings } from '../../worker/db/near-merge.js';
import { versionsOf } from '../../worker/submit.js';
import { api, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { bigramSetOf, templateVariants, storedSimilarTo } from './template-texts.js';

// The probe offers the core only what it can match (issue 13, "flat as the county grows"): each
// indexed version keeps its whole bigram set (near_sets.bigrams, 0010), so a pair hit twice in
// the prefixes is kept only if its sets share enough bigrams. Before, every such pair went to the
// core: on a county written from templates their number grows with the county, similar or not.

describe('the probe offers only what the core can match', () => {
  it('the stored candidates are exactly the versions similar to a probing item, every way of probing', async () => {
    const county = await issueToken('county');
    const units = ['东山乡', '西山镇', '南山乡', '北山镇'];
    for (const [k, u] of units.entries()) {
      await issueToken('unit', u);
      await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(u, ledger(u, templateVariants(40, k + 3).map((description) => ({ description })))) }), 201);
      // The first two units' postings merged into the lists (0017), the others' recent (0012): the probe reads both.
      if (k === 1) await mergeRecentPostings(env.DB);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_postings_recent').first<number>('n')).toBeGreaterThan(0);
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('中山乡', templateVariants(30, 99).map((description) => ({ description })))] }], { asOf: TODAY, unit: '中山乡' }));
    const stored = await env.DB.prepare('SELECT v.id FROM items i JOIN item_versions v ON v.id = i.current_version_id').raw<[number]>();
    const similar = await storedSimilarTo(probing.map((v) => v.item.fields.description ?? ''), 0.8);
    expect(similar.length).toBeGreaterThan(3); // the generator does make near-duplicates
    expect(similar.length).toBeLessThan(stored.length / 2); // and most pairs are below the threshold
    // Each way of reading the hits (counted per item, shared lookups), with the whole sets (0010)
    // and without (0008's prefix checks then leave a superset).
    for (const way of ['hits', 'shared'] as const) {
      const plan = await nearCandidates(env.DB, probing, () => -1, 0.8, { way });
      expect(plan.stored.map((c) => c.id).sort((a, b) => a - b)).toEqual(similar);
      // The survivors' prefixes and whole sets read at once: the same.
      const atOnce = await nearCandidates(env.DB, probing, () => -1, 0.8, { way, setsAtOnce: true });
      expect(atOnce.stored.map((c) => c.id).sort((a, b) => a - b)).toEqual(similar);
      const prefixOnly = (await nearCandidates(env.DB, probing, () => -1, 0.8, { way, wholeSets: false })).stored.map((c) => c.id);
      expect(prefixOnly.length).toBeGreaterThan(similar.length);
      for (const id of similar) expect(prefixOnly).toContain(id);
    }
  });

  // Sets so small that one common bigram makes them similar (α = 1: a pair is hit once, not
  // twice): the hits counted in the Worker keep such pairs.
  it('a description of one distinct bigram finds its copy in another unit, every way of probing', async () => {
    const county = await issueToken('county');
    const tiny = '哈哈哈哈哈哈哈哈哈哈哈哈';
    expect(bigramSetOf(tiny).size).toBe(1);
    await issueToken('unit', '哈乡');
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('哈乡', ledger('哈乡', [{ description: tiny }])) }), 201);
    const id = (await env.DB.prepare('SELECT v.id FROM items i JOIN item_versions v ON v.id = i.current_version_id WHERE v.description = ?').bind(tiny).first<number>('id'))!;
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('呵镇', [{ description: tiny }])] }], { asOf: TODAY, unit: '呵镇' }));
    for (const way of ['hits', 'shared'] as const) {
      const plan = await nearCandidates(env.DB, probing, () => -1, 0.8, { way });
      expect(plan.counts.lookups).toBe(1);
      expect(plan.stored.map((c) => c.id)).toContain(id);
    }
  });
});
