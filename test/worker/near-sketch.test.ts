import type { D1Database } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks } from '../../shared/index.js';
import { nearSketchOf } from '../../shared/near-signature.js';
import { NEAR_PROBE_SQL } from '../../worker/db/near-probe.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { readSketchList, sketchHex } from '../../worker/near-sketch.js';
import { versionsOf } from '../../worker/submit.js';
import { api, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { templateVariants, storedSimilarTo } from './template-texts.js';

// Each indexed version's 128-bit sketch (near_sets.sketch, 0013): the probe turns down the
// survivors whose sketches leave no room for a similar pair before reading their whole sets. It
// must keep exactly the versions the core will find, with sketches, without them, and with some
// rows lacking one (indexed before 0013).

const SET_READS = new Set<string>([NEAR_PROBE_SQL.SURVIVOR_SETS, NEAR_PROBE_SQL.SURVIVOR_SETS_WHOLE, NEAR_PROBE_SQL.WHOLE_SETS]);

/** The database, counting the version ids the survivors' set reads ask for. */
function counting(db: D1Database): { db: D1Database; read: () => number } {
  let read = 0;
  const statement = (s: ReturnType<D1Database['prepare']>, sql: string): ReturnType<D1Database['prepare']> => new Proxy(s, {
    get(t, k) {
      if (k === 'bind') {
        return (...args: unknown[]) => {
          if (SET_READS.has(sql)) read += (JSON.parse(String(args[0])) as unknown[]).length;
          return t.bind(...args);
        };
      }
      const v = (t as unknown as Record<string | symbol, unknown>)[k];
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  const wrapped = new Proxy(db, {
    get(t, k) {
      if (k === 'prepare') return (sql: string) => statement(t.prepare(sql), sql);
      const v = (t as unknown as Record<string | symbol, unknown>)[k];
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  return { db: wrapped, read: () => read };
}

describe('stored sketches (0013)', () => {
  it('reads a list of sketches as hex() gives them, leaving out rows without one or with a malformed one', () => {
    const a = [5, 17, 90_001];
    const b = [2, 3];
    const words = new Int32Array(16);
    const found: [number, number, number][] = [];
    const list = [`11,3,${sketchHex(a)}`, '12,4,', `13,2,${sketchHex(b).toUpperCase()}`, '14,2,XYZ', `15,2,${sketchHex(b).slice(2)}`, `16,2,${sketchHex(b)}00`].join(';');
    readSketchList(list, words, (id, size, at) => found.push([id, size, at]));
    expect(found).toEqual([[11, 3, 0], [13, 2, 4]]);
    expect([...words.subarray(0, 4)]).toEqual([...nearSketchOf(a)]);
    expect([...words.subarray(4, 8)]).toEqual([...nearSketchOf(b)]);
  });

  it("a submission stores each version's sketch beside its whole set: the whole set's, read back through hex()", async () => {
    const county = await issueToken('county');
    await issueToken('unit', '甲乡');
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('甲乡', ledger('甲乡', templateVariants(12, 1).map((description) => ({ description })))) }), 201);
    const rows = await env.DB.prepare('SELECT version_id, size, bigrams, hex(sketch) AS hex FROM near_sets').raw<[number, number, string, string]>();
    expect(rows.length).toBe(12);
    const { list } = (await env.DB.prepare(NEAR_PROBE_SQL.SURVIVOR_SKETCHES).bind(JSON.stringify(rows.map(([id]) => id))).first<{ list: string }>())!;
    const words = new Int32Array(4 * rows.length);
    const read = new Map<number, number[]>();
    readSketchList(list, words, (id, size, at) => read.set(id, [size, ...words.subarray(at, at + 4)]));
    for (const [id, size, bigrams, hex] of rows) {
      expect(hex.toLowerCase()).toBe(sketchHex(JSON.parse(bigrams) as number[]));
      expect(read.get(id)).toEqual([size, ...nearSketchOf(JSON.parse(bigrams) as number[])]);
    }
  });

  it('the probe keeps exactly the similar versions with sketches, without, and with rows lacking one; sketches spare set reads', async () => {
    const county = await issueToken('county');
    for (const [k, u] of ['东山乡', '西山镇', '南山乡'].entries()) {
      await issueToken('unit', u);
      await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(u, ledger(u, templateVariants(40, k + 3).map((description) => ({ description })))) }), 201);
    }
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('中山乡', templateVariants(30, 99).map((description) => ({ description })))] }], { asOf: TODAY, unit: '中山乡' }));
    const similar = await storedSimilarTo(probing.map((v) => v.item.fields.description ?? ''), 0.8);
    expect(similar.length).toBeGreaterThan(3);
    const ids = async (options: { sketches?: boolean; way?: 'hits' | 'shared' }) => {
      const c = counting(env.DB);
      // sketchFrom 0: the sketches read however few the survivors (a test county is small).
      const plan = await nearCandidates(c.db, probing, () => -1, 0.8, { cache: null, sketchFrom: 0, ...options });
      return { ids: plan.stored.map((s) => s.id).sort((a, b) => a - b), read: c.read(), pairs: plan.counts.pairs };
    };
    for (const way of ['hits', 'shared'] as const) {
      const withSketches = await ids({ way });
      const without = await ids({ way, sketches: false });
      expect(withSketches.ids).toEqual(similar);
      expect(without.ids).toEqual(similar);
      // Without sketches every survivor's set is read; with them, fewer (here most survivors are
      // near the threshold; on the bench's county of 100,000, 3,594 pairs become 167).
      expect(without.read).toBeGreaterThan(similar.length);
      expect(withSketches.read).toBeLessThan(without.read);
    }
    // Rows without a sketch (indexed before 0013) keep their pairs: half of them, then all.
    await env.DB.prepare('UPDATE near_sets SET sketch = NULL WHERE version_id % 2 = 0').run();
    expect((await ids({})).ids).toEqual(similar);
    await env.DB.prepare('UPDATE near_sets SET sketch = NULL').run();
    const none = await ids({});
    expect(none.ids).toEqual(similar);
    expect(none.read).toBe((await ids({ sketches: false })).read);
  });
});
