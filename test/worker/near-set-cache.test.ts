import type { D1Database } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { campaignOrDefault, checkWorkbooks, type Grid } from '../../shared/index.js';
import { NEAR_PROBE_SQL } from '../../worker/db/near-probe.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { NearSetCache, nearSetCache } from '../../worker/near-set-cache.js';
import { versionsOf } from '../../worker/submit.js';
import { api, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { rng } from './seeded.js';
import { watched } from './d1-watch.js';
import { templateVariants, storedSimilarTo } from './template-texts.js';

// The survivors' whole sets kept per isolate (worker/near-set-cache.ts): a warm isolate reads only
// the sets it has not seen, and the probe still offers exactly the versions the core will find
// similar, whatever was replaced, withdrawn or re-cut since the sets were kept.

const SET_READS = new Set<string>([NEAR_PROBE_SQL.SURVIVOR_SETS, NEAR_PROBE_SQL.SURVIVOR_SETS_WHOLE, NEAR_PROBE_SQL.WHOLE_SETS]);

/** The database, counting the statements that read survivors' sets. */
function counting(db: D1Database): { db: D1Database; reads: () => number } {
  let reads = 0;
  const wrapped = new Proxy(db, {
    get(t, k) {
      if (k === 'prepare') return (sql: string) => { if (SET_READS.has(sql)) reads++; return t.prepare(sql); };
      const v = (t as unknown as Record<string | symbol, unknown>)[k];
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  return { db: wrapped, reads: () => reads };
}

/** The database, counting its batches (each a round trip). */
function batches(db: D1Database): { db: D1Database; count: () => number } {
  let n = 0;
  return { db: watched(db, (what) => { if (what.startsWith('batch of')) n++; }), count: () => n };
}

interface NearDiag { row: number; details: { otherUnit: string; similarity: number } }
const nearOf = (items: { row: number; diagnostics: { code: string; details: NearDiag['details'] }[] }[]) =>
  items.flatMap((it) => it.diagnostics.filter((d) => d.code === 'near-duplicate').map((d) => [it.row, d.details.similarity]));

describe('the whole sets kept per isolate', () => {
  it('holds what was put, within its bound, oldest out first', () => {
    const cache = new NearSetCache(200);
    const r = rng(7);
    const put = new Map<number, number[]>();
    for (let id = 1; id <= 300; id++) {
      const set = Array.from({ length: 1 + Math.floor(r() * 40) }, () => Math.floor(r() * 5000));
      cache.put(id, set);
      put.set(id, set);
      const { seqs, versions, ring } = cache.stats;
      expect(ring).toBeLessThanOrEqual(200);
      expect(seqs + versions).toBeLessThanOrEqual(200); // each set and its length
      expect([...cache.get(id)!]).toEqual(set); // the newest is always held
    }
    // Every set still held is the one put under its id; the held ones are the newest.
    const held = [...put.keys()].filter((id) => cache.get(id) !== undefined);
    expect(held.length).toBeGreaterThan(5);
    for (const id of held) expect([...cache.get(id)!]).toEqual(put.get(id));
    expect(held).toEqual([...put.keys()].slice(-held.length));
    // A set longer than the bound is not kept.
    cache.put(1_000, Array.from({ length: 250 }, (_, i) => i));
    expect(cache.get(1_000)).toBeUndefined();
  });

  it('forgets everything when the index was emptied (no threshold, or a lower highest seq)', () => {
    const cache = new NearSetCache();
    cache.seen({ threshold: 0.8, top: 100 });
    cache.put(1, [5, 3, 1]);
    cache.seen({ threshold: 0.8, top: 120 });
    expect([...cache.get(1)!]).toEqual([5, 3, 1]);
    cache.seen({ threshold: 0.8, top: 90 });
    expect(cache.get(1)).toBeUndefined();
    cache.put(1, [5, 3, 1]);
    cache.seen({ threshold: null, top: 0 });
    expect(cache.get(1)).toBeUndefined();
  });

  it('a warm probe reads no set it holds and keeps exactly the similar versions; sets indexed before 0010 are never kept', async () => {
    const county = await issueToken('county');
    for (const [k, u] of ['东乡', '西镇', '南乡'].entries()) {
      await issueToken('unit', u);
      await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(u, ledger(u, templateVariants(40, k + 3).map((description) => ({ description })))) }), 201);
    }
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('中乡', templateVariants(30, 99).map((description) => ({ description })))] }], { asOf: TODAY, unit: '中乡' }));
    const similar = await storedSimilarTo(probing.map((v) => v.item.fields.description ?? ''), 0.8);
    expect(similar.length).toBeGreaterThan(3);
    const ids = (plan: { stored: { id: number }[] }) => plan.stored.map((c) => c.id).sort((a, b) => a - b);

    const cache = new NearSetCache();
    const cold = counting(env.DB);
    expect(ids(await nearCandidates(cold.db, probing, () => -1, 0.8, { cache }))).toEqual(similar);
    expect(cold.reads()).toBeGreaterThan(0);
    expect(cache.stats.versions).toBeGreaterThan(similar.length); // survivors that were not similar too
    // The same items again: every survivor's set is held, none read, the same versions kept.
    const warm = counting(env.DB);
    expect(ids(await nearCandidates(warm.db, probing, () => -1, 0.8, { cache }))).toEqual(similar);
    expect(warm.reads()).toBe(0);
    // Without the cache, and through a cache too small to hold them all: the same. The
    // candidates' rows read with the sets (at most ALONGSIDE_MAX versions read) or after them: the same.
    expect(ids(await nearCandidates(env.DB, probing, () => -1, 0.8, { cache: null }))).toEqual(similar);
    expect(ids(await nearCandidates(env.DB, probing, () => -1, 0.8, { cache: null, alongsideMax: 0 }))).toEqual(similar);
    // …and with them, a round trip fewer.
    const alongside = batches(env.DB);
    await nearCandidates(alongside.db, probing, () => -1, 0.8, { cache: null });
    const after = batches(env.DB);
    await nearCandidates(after.db, probing, () => -1, 0.8, { cache: null, alongsideMax: 0 });
    expect(alongside.count()).toBe(after.count() - 1);
    const small = new NearSetCache(300);
    for (let i = 0; i < 2; i++) expect(ids(await nearCandidates(env.DB, probing, () => -1, 0.8, { cache: small }))).toEqual(similar);

    // Versions indexed before 0010 have no whole set: offered from their prefixes' checks (a
    // superset), never held as whole sets.
    await env.DB.prepare('UPDATE near_sets SET bigrams = NULL WHERE version_id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(similar)).run();
    const fresh = new NearSetCache();
    const unwhole = ids(await nearCandidates(env.DB, probing, () => -1, 0.8, { cache: fresh }));
    for (const id of similar) expect(unwhole).toContain(id);
    for (const id of similar) expect(fresh.get(id)).toBeUndefined();
    expect(fresh.stats.versions).toBeGreaterThan(0);
  });

  it("the isolate's cache, warm, gives exactly the core's near-duplicates across withdrawals, resubmissions and a lower threshold", async () => {
    const county = await issueToken('county');
    // Each unit's current ledger, as the CLI would check them together.
    const current = new Map<string, Grid>();
    const ids = new Map<string, string>();
    const post = async (unit: string, grid: Grid, campaign?: string) => {
      const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(unit, grid, `${unit}.xlsx`), ...(campaign ? { env: { CAMPAIGN: campaign } } : {}) }), 201);
      ids.set(unit, body.submission.id);
      return nearOf(body.report.sheets[0].items);
    };
    const cli = (unit: string, grid: Grid, threshold = 0.8) => {
      const others = [...current].filter(([u]) => u !== unit);
      const together = checkWorkbooks([...others, [unit, grid] as const].map(([u, g]) => ({ file: `${u}.xlsx`, sheets: [g] })), {
        asOf: TODAY, campaign: { ...campaignOrDefault(), nearDuplicateThreshold: threshold },
      });
      return nearOf(together.sheets.at(-1)!.items as never);
    };
    // Another template than the test before's (its units are still stored: storage is per file).
    const variants2 = (rows: number, seed: number) => templateVariants(rows, seed, { base: '样板' });
    const units = ['甲乡', '乙镇', '丙乡', '丁镇'];
    for (const [k, u] of units.entries()) {
      await issueToken('unit', u);
      const grid = ledger(u, variants2(30, k + 21).map((description) => ({ description })));
      expect(await post(u, grid)).toEqual(cli(u, grid));
      current.set(u, grid);
    }
    expect(nearSetCache.stats.versions).toBeGreaterThan(0); // the isolate's cache is warm from here on
    const probe = async (unit: string, seed: number, threshold?: number) => {
      await issueToken('unit', unit);
      const grid = ledger(unit, variants2(20, seed).map((description) => ({ description })));
      const campaign = threshold === undefined ? undefined : JSON.stringify({ ...campaignOrDefault(), nearDuplicateThreshold: threshold });
      const found = await post(unit, grid, campaign);
      expect(found).toEqual(cli(unit, grid, threshold));
      // Withdrawn again at once, so the next probe is checked against the same county.
      await expectJson(await api('POST', `/api/v1/submissions/${ids.get(unit)}/withdraw`, { token: county, json: { reason: '试报' } }), 200);
      return found;
    };
    expect((await probe('戊乡', 50)).length).toBeGreaterThan(0);
    // A withdrawal: 乙镇's versions, some held in the cache, are no longer current.
    const held = await env.DB.prepare("SELECT v.id FROM items i JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = i.unit_id WHERE u.name = '乙镇'").raw<[number]>();
    expect(held.filter(([id]) => nearSetCache.get(id) !== undefined).length).toBeGreaterThan(0);
    const answered = nearSetCache.stats.hits;
    await expectJson(await api('POST', `/api/v1/submissions/${ids.get('乙镇')}/withdraw`, { token: county, json: { reason: '报错了' } }), 200);
    current.delete('乙镇');
    await probe('己镇', 50);
    // A resubmission: 丙乡's items get new descriptions (new versions), its old ones replaced.
    const changed = ledger('丙乡', variants2(30, 77).map((description) => ({ description })));
    expect(await post('丙乡', changed)).toEqual(cli('丙乡', changed));
    current.set('丙乡', changed);
    await probe('庚乡', 50);
    // A campaign with a lower threshold: every version back to pending, prefixes cut again; the
    // whole sets held stay what they are.
    await probe('辛镇', 51, 0.6);
    await probe('壬乡', 52, 0.6);
    expect(nearSetCache.stats.hits).toBeGreaterThan(answered); // the probes above were answered from it
  });
});
