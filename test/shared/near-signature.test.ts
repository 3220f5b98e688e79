import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkbooks, nearBigrams, nearPrefixLength, nearSizeRange, type Grid } from '../../shared/index.js';
import { nearMayBeSimilar, nearOverlap, nearPrefixMayBeSimilar, nearProbePlan } from '../../shared/near-signature.js';
import { compactText } from '../../shared/text.js';
import { bigramIds } from '../../shared/bigram-sets.js';
import { NEAR_DUPLICATE_MIN_LENGTH } from '../../shared/near-duplicate.js';

/**
 * The Worker's index (worker/db/near-index.ts) replayed in memory: bigrams numbered in order of
 * first storage, prefixes under seq descending with their positions; a probe places unknown
 * bigrams first, asks its plan's lookups (position, stored position, sizes), keeps a stored set
 * its hits leave room for, then checks the survivor's whole stored prefix against its set. It
 * must never miss a pair the definition finds.
 */
function simulate(stored: string[], probe: string, t: number): { found: Set<number>; hits: number } {
  const seq = new Map<string, number>();
  const prefixes: { size: number; tokens: string[] }[] = [];
  for (const text of stored) {
    const grams = nearBigrams(compactText(text)) ?? [];
    for (const g of grams) if (!seq.has(g)) seq.set(g, seq.size + 1);
    const ordered = [...grams].sort((a, b) => seq.get(b)! - seq.get(a)!);
    prefixes.push({ size: grams.length, tokens: ordered.slice(0, nearPrefixLength(grams.length, t)) });
  }
  const grams = nearBigrams(compactText(probe)) ?? [];
  const n = grams.length;
  const rank = (g: string) => seq.get(g) ?? Infinity;
  const ordered = grams.map((g, pos) => ({ g, pos })).sort((a, b) => rank(b.g) - rank(a.g) || a.pos - b.pos).map((x) => x.g);
  const found = new Set<number>();
  if (n === 0) return { found, hits: 0 };
  const tally = new Map<number, [hits: number, lastAt: number, lastPos: number]>();
  let hits = 0;
  for (const [at, pos, lo, hi] of nearProbePlan(n, t)) {
    const g = ordered[at - 1]!;
    prefixes.forEach((p, id) => {
      if (p.size < lo || p.size > hi || p.tokens[pos - 1] !== g) return;
      hits++;
      const e = tally.get(id) ?? [0, 0, 0];
      tally.set(id, [e[0] + 1, Math.max(e[1], at), Math.max(e[2], pos)]);
    });
  }
  const atOf = new Map(ordered.map((g, i) => [g, i + 1]));
  for (const [id, [h, lastAt, lastPos]] of tally) {
    const p = prefixes[id]!;
    if (!nearMayBeSimilar(n, p.size, h, lastAt, lastPos, t)) continue;
    const common = p.tokens.filter((g) => atOf.has(g));
    if (nearPrefixMayBeSimilar(n, p.size, common.length, p.tokens.length, Math.max(...common.map((g) => atOf.get(g)!)), t)) found.add(id);
  }
  return { found, hits };
}

function jaccard(a: string, b: string): number {
  const x = new Set(nearBigrams(compactText(a)) ?? []);
  const y = new Set(nearBigrams(compactText(b)) ?? []);
  if (x.size === 0 || y.size === 0) return 0;
  let inter = 0;
  for (const g of x) if (y.has(g)) inter++;
  return inter / (x.size + y.size - inter);
}

describe('near-duplicate index signatures', () => {
  it('reads bigrams as the core compares them: distinct, over code points, none under 10 characters', () => {
    expect(nearBigrams('一二三四五六七八九')).toBeNull();
    expect(nearBigrams('哈哈哈哈哈哈哈哈哈哈')).toEqual(['哈哈']);
    expect(nearBigrams('𠀀𠀁一二三四五六七八')).toEqual(['𠀀𠀁', '𠀁一', '一二', '二三', '三四', '四五', '五六', '六七', '七八']);
  });

  it('lists the bigrams of the code points in first-seen order, lone surrogates one character each (as Array.from reads them)', () => {
    // The straightforward reading the index's bigrams must equal (the core's sets count code points so).
    const byArrayFrom = (compact: string): string[] | null => {
      const chars = Array.from(compact);
      if (chars.length < 10) return null;
      return [...new Set(chars.slice(1).map((c, i) => chars[i]! + c))];
    };
    const unit = fc.constantFrom('一', '二', '哈', 'a', '𠀀', '𠀁', '\ud800', '\udc00', '\udbff', '\udfff');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), (units) => {
        const compact = units.join('');
        expect(nearBigrams(compact)).toEqual(byArrayFrom(compact));
      }),
      { numRuns: 2000 },
    );
    expect(nearBigrams('\ud800一二三四五六七八\udc00')).toEqual(byArrayFrom('\ud800一二三四五六七八\udc00'));
  });

  it("reads many texts as dense ids (bigramIds, the Worker's index writes): each text's set and order as nearBigrams gives them after compactText, ids numbered first seen, counted once a text", () => {
    // Punctuation and spaces (dropped in place), astral characters, lone surrogates, short texts.
    const unit = fc.constantFrom('一', '二', '哈', 'a', '，', ' ', '、', '𠀀', '𠀁', '\ud800', '\udc00', '\udfff', '😀');
    fc.assert(
      fc.property(fc.array(fc.array(unit, { maxLength: 24 }).map((u) => u.join('')), { maxLength: 8 }), (texts) => {
        const ids = bigramIds(texts, NEAR_DUPLICATE_MIN_LENGTH);
        const byStrings = texts.map((t) => nearBigrams(compactText(t)) ?? []);
        const seen = new Map<string, number>();
        const freq = new Map<string, number>();
        for (const set of byStrings) for (const g of set) {
          if (!seen.has(g)) seen.set(g, seen.size);
          freq.set(g, (freq.get(g) ?? 0) + 1);
        }
        expect(ids.count).toBe(seen.size);
        texts.forEach((_, k) => {
          const mine = [...ids.flat.subarray(ids.textStart[k], ids.textStart[k + 1])];
          expect(mine.map((id) => ids.strings[id])).toEqual(byStrings[k]);
          expect(mine).toEqual(byStrings[k]!.map((g) => seen.get(g)));
        });
        for (const [g, id] of seen) expect(ids.freq[id]).toBe(freq.get(g));
      }),
      { numRuns: 1000 },
    );
  });

  it('never misses a similar stored text, whatever the threshold and the order texts arrived in', () => {
    // A small alphabet and edits of a few bases: many pairs near every threshold.
    const text = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.nat(40), fc.constantFrom(...'甲乙丙丁戊己')), { maxLength: 6 }), fc.integer({ min: 10, max: 40 }))
      .map(([base, edits, len]) => {
        const chars = Array.from('整改台账检查问题描述执法程序不规范案件当事人未签字送达文书超期罚款裁量基准证据照片时间标注法制审核'.slice(base * 3)).slice(0, len);
        for (const [at, c] of edits) chars[at % chars.length] = c;
        return chars.join('');
      });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 25 }), text, fc.double({ min: 0.3, max: 0.95, noNaN: true }), (stored, probe, t) => {
        const { found } = simulate(stored, probe, t);
        stored.forEach((s, id) => {
          if (jaccard(s, probe) >= t) expect(found.has(id), `${s} ~ ${probe} at ${t}`).toBe(true);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('needs the fewest common bigrams Jaccard allows, and not one fewer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 80 }), fc.double({ min: 0.3, max: 1, noNaN: true }), (n, m, t) => {
        const alpha = nearOverlap(n, m, t);
        const jaccard = (i: number) => i / (n + m - i);
        // α common bigrams may reach t (when both sets are that large); α − 1 never does.
        if (alpha <= Math.min(n, m)) expect(jaccard(alpha)).toBeGreaterThanOrEqual(t - 1e-9);
        if (alpha > 1) expect(jaccard(alpha - 1)).toBeLessThan(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('asks each stored position once per size, and fewer lookups than every prefix pair', () => {
    for (const t of [0.5, 0.8, 0.9]) {
      for (const n of [1, 5, 12, 40, 90]) {
        const plan = nearProbePlan(n, t);
        const seen = new Set<string>();
        for (const [at, pos, lo, hi] of plan) {
          for (let m = lo; m <= hi; m++) {
            expect(seen.has(`${at}/${pos}/${m}`)).toBe(false);
            seen.add(`${at}/${pos}/${m}`);
          }
        }
        const hi = nearSizeRange(n, t)[1];
        expect(plan.length).toBeLessThanOrEqual(nearPrefixLength(n, t) * nearPrefixLength(hi, t));
      }
    }
  });

  it("leaves the hits' positional check nothing to turn down: k hits of one size's lookups always leave room for α", () => {
    // Why a small submission's probe (worker/db/near-probe-hits.ts) keeps a pair on its count of
    // hits alone: every lookup of a size m lies within the pair's own prefixes (at ≤ n − α + k,
    // pos ≤ m − α + k), so k hits anywhere there pass nearMayBeSimilar. A large submission's
    // shared lookups span every size an item asks, and there the check does turn pairs down.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.5, max: 1, noNaN: true }), fc.nat(), fc.nat(), (n, t, pickM, pickHits) => {
        const [lo, hi] = nearSizeRange(n, t);
        const m = lo + (pickM % (hi - lo + 1));
        const mine = nearProbePlan(n, t).filter(([, , from, to]) => from <= m && m <= to);
        const k = Math.min(2, nearOverlap(n, m, t));
        if (mine.length < k) return;
        // k of its lookups, at distinct positions of both sets (each a different common bigram).
        const hits = [mine[pickHits % mine.length]!];
        for (let j = 1; hits.length < k && j < mine.length; j++) {
          const c = mine[(pickHits + j * 7) % mine.length]!;
          if (hits.every(([at, pos]) => at !== c[0] && pos !== c[1])) hits.push(c);
        }
        if (hits.length < k) return;
        const lastAt = Math.max(...hits.map(([at]) => at));
        const lastPos = Math.max(...hits.map(([, pos]) => pos));
        expect(nearMayBeSimilar(n, m, k, lastAt, lastPos, t)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('on template-written texts, keeps every similar stored text and few others', () => {
    // One sentence skeleton with a few varied words: every text shares most bigrams with every other.
    const words = ['城区', '农贸', '市场', '国道', '沿线', '南山', '牧场', '河道', '工地', '社区'];
    const stored = Array.from({ length: 120 }, (_, i) => `2023年${(i % 12) + 1}月在${words[i % 10]}${words[(i * 7) % 10]}查处无证经营时未出示执法证件，共${i % 9}起案件当事人未签字`);
    const probe = `2023年3月在${words[3]}${words[1]}查处无证经营时未出示执法证件，共5起案件当事人未签名`;
    const { found } = simulate(stored, probe, 0.8);
    const similar = stored.filter((s) => jaccard(s, probe) >= 0.8).length;
    expect(similar).toBeGreaterThan(0);
    expect(found.size).toBeGreaterThanOrEqual(similar);
    expect(found.size).toBeLessThan(stored.length / 2);
  });
});

describe('checking with stored candidates (the server’s index)', () => {
  const grid = (unit: string, descriptions: string[]): Grid => ({
    sheet: '台账',
    values: [[`${unit}整改台账`], ['序号', '问题类别', '问题描述', '整改措施', '整改时限', '整改状态'],
      ...descriptions.map((d, i) => [i + 1, '执法程序', d, '组织专题学习并逐案评查全部案卷', '2023年6月30日', '整改中'])],
  });
  const text = '2023年3月城区农贸市场查处无证经营时未出示执法证件，共5起案件当事人未签字';

  it('reports near-duplicates of the checked items only, naming the stored item’s place', () => {
    const report = checkWorkbooks([{ file: 'b.xlsx', sheets: [grid('乙镇', [`${text}。`, '2023年5月在307国道沿线扣押货车12辆未开具清单'])] }], {
      asOf: '2023-04-24', unit: '乙镇',
      stored: [
        { id: 7, unit: '甲乡', text, file: 'a.xlsx', sheet: '台账', row: 9, key: 'ZG-A' },
        { id: 3, unit: '丙乡', text, file: 'c.xlsx', sheet: 'S', row: 4, key: 'ZG-C' },
      ],
    });
    const items = report.sheets[0]!.items;
    // Equally similar: the lowest id wins, as in the core's search.
    expect(items[0]!.diagnostics.find((d) => d.code === 'near-duplicate')?.details).toMatchObject({ otherUnit: '丙乡', otherRow: 4, otherKey: 'ZG-C', similarity: 1 });
    expect(report.crossUnit).toEqual([{ code: 'near-duplicate', similarity: 1, a: expect.objectContaining({ unit: '乙镇', row: 3 }), b: { file: 'c.xlsx', sheet: 'S', row: 4, unit: '丙乡', key: 'ZG-C' } }]);
    expect(report.units).toEqual([expect.objectContaining({ unit: '乙镇', nearDuplicates: 1, reasons: expect.arrayContaining(['copied']) })]);
    expect(report.stats.warnings).toBe(report.sheets.flatMap((s) => [...s.diagnostics, ...s.items.flatMap((i) => i.diagnostics)]).filter((d) => d.severity === 'warning').length);
  });

  it('judges late by the first submission when the ledger has no fill date', () => {
    const check = (first?: string) => checkWorkbooks([{ file: 'b.xlsx', sheets: [grid('乙镇', [text, `${text}另2起`])] }], {
      asOf: '2023-06-01', unit: '乙镇', ...(first ? { firstSubmittedOn: new Map([['乙镇', first]]) } : {}),
    }).units[0]!.reasons;
    expect(check('2023-05-30')).toContain('late');
    expect(check('2023-04-20')).not.toContain('late');
    expect(check()).not.toContain('late');
  });
});
