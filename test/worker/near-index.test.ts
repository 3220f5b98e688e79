import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { campaignOrDefault, checkWorkbooks, findNearDuplicates, type Grid } from '../../shared/index.js';
import { storeSubmission, submissionStatements } from '../../worker/db/submissions.js';
import { BIGRAM_RACE } from '../../worker/db/near-index.js';
import { nearCandidates } from '../../worker/near-candidates.js';
import { versionsOf } from '../../worker/submit.js';
import { api, concrete, expectJson, issueToken, ledger, submission, TODAY } from './helpers.js';
import { POSTINGS } from './near-postings.js';
import { rng } from './seeded.js';

// The persisted near-duplicate index (issue 13): a submission finds exactly the near-duplicates
// that checking the county's ledgers together finds, without loading every stored description.

const POOL = '查处审核复议送达听证扣押笔录案卷签字材料证据期限文书';

/**
 * A unit's rows: each a base text (shared by every unit) with a few characters replaced, so
 * pairs of units land on both sides of the threshold, near it.
 */
function variants(unit: string, rows: number, seed: number, base = '县里'): string[] {
  const r = rng(seed);
  return Array.from({ length: rows }, (_, i) => {
    const chars = Array.from(concrete(base, (i * 3 + seed) % 9));
    const edits = Math.floor(r() * 5);
    for (let e = 0; e < edits; e++) chars[Math.floor(r() * chars.length)] = POOL[Math.floor(r() * POOL.length)]!;
    return `${chars.join('')}${unit.slice(0, 1)}`;
  });
}

const units = ['甲乡', '乙镇', '丙乡', '丁镇'];
const grids: Grid[] = units.map((u, k) => ledger(u, variants(u, 24, k + 11).map((description) => ({ description }))));

interface NearDiag { row: number; details: { otherUnit: string; otherRow: number; similarity: number } }
const nearOf = (items: { row: number; diagnostics: { code: string; details: NearDiag['details'] }[] }[]) =>
  items.flatMap((it) => it.diagnostics.filter((d) => d.code === 'near-duplicate').map((d) => ({ row: it.row, ...d.details })));

const textOf = (unit: string, row: number) => variants(unit, 24, units.indexOf(unit) + 11)[row - 3]!;
const similarity = (a: string, b: string) => findNearDuplicates([{ id: 1, unit: 'x', text: a }, { id: 2, unit: 'y', text: b }], 0)?.get(1)?.similarity ?? 0;

describe('the near-duplicate index', () => {
  it('finds exactly what checking the ledgers together finds, submission after submission', async () => {
    const county = await issueToken('county');
    for (const u of units) await issueToken('unit', u);
    let pairsSeen = 0;
    for (let k = 0; k < units.length; k++) {
      const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(units[k], grids[k]!, `${units[k]}.xlsx`) }), 201);
      const server = nearOf(body.report.sheets[0].items);
      // The CLI's way: every ledger so far checked together; this unit's items only.
      const together = checkWorkbooks(grids.slice(0, k + 1).map((g, i) => ({ file: `${units[i]}.xlsx`, sheets: [g] })), { asOf: TODAY, campaign: campaignOrDefault() });
      const cli = nearOf(together.sheets[k]!.items as never);
      expect(server.map((d) => [d.row, d.similarity])).toEqual(cli.map((d) => [d.row, d.similarity]));
      // Equally similar matches may be named differently; the one named has that similarity.
      for (const d of server) expect(Math.round(similarity(textOf(units[k]!, d.row), textOf(d.otherUnit, d.otherRow)) * 1000) / 1000).toBe(d.similarity);
      pairsSeen += server.length;

      // The report is the core's, as it returned it: counts agree with its own diagnostics.
      const report = body.report;
      const diags = report.sheets.flatMap((s: { diagnostics: { severity: string }[]; items: { diagnostics: { severity: string }[] }[] }) => [...s.diagnostics, ...s.items.flatMap((i) => i.diagnostics)]);
      expect(report.stats.warnings).toBe(diags.filter((d: { severity: string }) => d.severity === 'warning').length);
      expect(report.units[0].nearDuplicates).toBe(server.length);
      expect(report.units[0].reasons.includes('copied')).toBe(server.length > 0);
      expect(report.crossUnit).toHaveLength(server.length);
    }
    expect(pairsSeen).toBeGreaterThan(10); // the generator does make near-duplicates
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM near_duplicates').first<number>('n');
    expect(stored).toBe(pairsSeen);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM near_pending').first<number>('n')).toBe(0);
  });

  it('a replaced or withdrawn version no longer matches; the version a withdrawal restores matches again', async () => {
    const county = await issueToken('county');
    const a = await issueToken('unit', '戊乡');
    const text = '2023年3月城区农贸市场查处无证经营时未出示执法证件，共5起案件当事人未签字';
    const copy = '2023年3月城区农贸市场查处无证经营时未出示执法证件，共5起案件当事人未签名';
    const other = '2023年6月在307国道沿线开展联合执法时扣押物品未开具清单，涉及货车12辆';
    const first = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, ledger('戊乡', [{ description: text }, { description: concrete('戊乡', 1) }])) }), 201);
    // Each probe is another unit's copy, withdrawn again at once so it never matches the next.
    const probe = async (unit: string) => {
      await issueToken('unit', unit);
      const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(unit, ledger(unit, [{ description: copy }, { description: concrete(unit, 2) }])) }), 201);
      await expectJson(await api('POST', `/api/v1/submissions/${body.submission.id}/withdraw`, { token: county, json: { reason: '试报' } }), 200);
      return nearOf(body.report.sheets[0].items).map((d) => d.otherUnit);
    };
    expect(await probe('己镇')).toEqual(['戊乡']);
    // 戊乡 replaces row 1 (same 序号, same item): its old text no longer counts.
    const second = await expectJson(await api('POST', '/api/v1/submissions', { token: a, json: submission(undefined, ledger('戊乡', [{ description: other }, { description: concrete('戊乡', 1) }])) }), 201);
    expect(second.report.sheets[0].items[0].key).toBe(first.report.sheets[0].items[0].key);
    expect(await probe('庚乡')).toEqual([]);
    // Withdrawing the replacement brings the first version back: it matches again.
    await expectJson(await api('POST', `/api/v1/submissions/${second.submission.id}/withdraw`, { token: county, json: { reason: '报错了' } }), 200);
    expect(await probe('辛镇')).toEqual(['戊乡']);
    // Withdrawing 戊乡's only submission leaves it nothing current.
    await expectJson(await api('POST', `/api/v1/submissions/${first.submission.id}/withdraw`, { token: county, json: { reason: '全部撤回' } }), 200);
    expect(await probe('壬乡')).toEqual([]);
  });

  it('finds near-duplicates among versions stored before the index, and indexes them as it goes', async () => {
    const county = await issueToken('county');
    const texts = variants('癸乡', 12, 3, '旧账');
    // Stored the way the county was before migration 0006: versions without postings.
    await env.DB.prepare("INSERT OR IGNORE INTO units (name) VALUES ('癸乡')").run();
    const unitId = (await env.DB.prepare("SELECT id FROM units WHERE name = '癸乡'").first<number>('id'))!;
    const tokenId = (await env.DB.prepare("INSERT INTO tokens (token_hash, role, label) VALUES ('old-county', 'county', 'old') RETURNING id").first<number>('id'))!;
    const old = checkWorkbooks([{ file: 'old.xlsx', sheets: [ledger('癸乡', texts.map((description) => ({ description })))] }], { asOf: TODAY, unit: '癸乡' });
    await storeSubmission(env.DB, {
      id: crypto.randomUUID(), unitId, tokenId, actor: 'old', idempotencyKey: null, bodyHash: '', source: 'json', file: 'old.xlsx',
      submittedAt: `${TODAY}T00:00:00Z`, submittedOn: TODAY, fillDate: null, errors: 0, warnings: 0, report: '{}',
    }, versionsOf(old), []);
    const postingsOf = () => env.DB.prepare(`SELECT count(*) AS n FROM ${POSTINGS} p JOIN units u ON u.id = p.unit_id WHERE u.name = '癸乡'`).first<number>('n');
    expect(await postingsOf()).toBe(0);

    const copies = [0, 5, 9].map((i) => ({ description: `${texts[i]!.slice(0, -1)}子` }));
    const expected = (unit: string) => checkWorkbooks(
      [{ file: 'old.xlsx', sheets: [ledger('癸乡', texts.map((description) => ({ description })))] }, { file: 'new.xlsx', sheets: [ledger(unit, copies)] }],
      { asOf: TODAY },
    ).sheets[1]!.items;
    for (const unit of ['子乡', '丑乡']) {
      await issueToken('unit', unit);
      const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(unit, ledger(unit, copies)) }), 201);
      const got = nearOf(body.report.sheets[0].items).map((d) => [d.row, d.otherUnit, d.similarity]);
      const want = nearOf(expected(unit) as never).map((d) => [d.row, d.otherUnit, d.similarity]);
      expect(got.filter((g) => g[1] === '癸乡')).toEqual(want);
      expect(want).toHaveLength(3);
      // The first such submission indexed them: the second finds them through their postings.
      expect(await postingsOf()).toBeGreaterThan(0);
      expect(await env.DB.prepare("SELECT count(*) AS n FROM near_pending p JOIN item_versions v ON v.id = p.version_id WHERE v.unit_id = ?").bind(unitId).first<number>('n')).toBe(0);
      // Withdrawn, so the next unit's identical copies match the old ledger, not this one.
      await expectJson(await api('POST', `/api/v1/submissions/${body.submission.id}/withdraw`, { token: county, json: { reason: '试报' } }), 200);
    }
  });

  it('two units submitting at once (new bigrams on both sides) are both indexed, each bigram once', async () => {
    const county = await issueToken('county');
    const one = await issueToken('unit', '卯乡');
    const two = await issueToken('unit', '辰镇');
    // Characters no other test writes: every bigram is new to the index for both submissions.
    const rare = '鼋鼍蛟螭鲲鹏麒麟貔貅饕餮梼杌穷奇混沌';
    const line = (shift: number, tail: string) => `${Array.from(rare).slice(shift).concat(Array.from(rare).slice(0, shift)).join('')}${tail}`;
    const answers = await Promise.all([
      api('POST', '/api/v1/submissions', { token: one, json: submission(undefined, ledger('卯乡', [{ description: line(0, '共3起') }, { description: concrete('卯乡', 1) }])) }),
      api('POST', '/api/v1/submissions', { token: two, json: submission(undefined, ledger('辰镇', [{ description: line(0, '共4起') }, { description: concrete('辰镇', 1) }])) }),
    ]);
    const bodies = await Promise.all(answers.map((r) => expectJson(r, 201)));
    // At most one of the two saw the other (whichever stored first); never both.
    const seen = bodies.map((b) => nearOf(b.report.sheets[0].items).length);
    expect(seen[0]! + seen[1]!).toBeLessThanOrEqual(1);
    const dupes = await env.DB.prepare('SELECT count(*) AS n FROM (SELECT seq FROM near_bigrams GROUP BY seq HAVING count(*) > 1)').first<number>('n');
    expect(dupes).toBe(0);
    // A third unit finds both through the index.
    await issueToken('unit', '巳乡');
    const third = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('巳乡', ledger('巳乡', [{ description: line(0, '共4起') }, { description: line(0, '共3起') }])) }), 201);
    expect(nearOf(third.report.sheets[0].items).map((d) => [d.otherUnit, d.similarity])).toEqual([['辰镇', 1], ['卯乡', 1]]);
    expect(third.report.crossUnit).toHaveLength(2);
  });

  it('the database refuses a batch whose new bigrams another batch stored first (the submission is retried)', async () => {
    const unitId = (await env.DB.prepare("INSERT INTO units (name) VALUES ('申乡') RETURNING id").first<number>('id'))!;
    const tokenId = (await env.DB.prepare("INSERT INTO tokens (token_hash, role, label) VALUES ('race-county', 'county', 'race') RETURNING id").first<number>('id'))!;
    const stored = (description: string) => {
      const report = checkWorkbooks([{ file: 'r.xlsx', sheets: [ledger('申乡', [{ description }])] }], { asOf: TODAY, unit: '申乡' });
      return versionsOf(report);
    };
    // Both plans read the index before either writes: each takes 犇猋 etc. as new.
    const one = stored('犇猋骉麤毳淼掱焱垚赑共2起');
    const two = stored('犇猋骉麤毳淼掱焱垚赑共9起');
    two[0]!.item.key = 'ZG-RACE-TWO';
    const plans = await Promise.all([one, two].map((v) => nearCandidates(env.DB, v, () => unitId, 0.8)));
    const sub = (id: string) => ({ id, unitId, tokenId, actor: 'race', idempotencyKey: null, bodyHash: '', source: 'json' as const, file: 'r.xlsx', submittedAt: `${TODAY}T00:00:00Z`, submittedOn: TODAY, fillDate: null, errors: 0, warnings: 0, report: '{}' });
    const [a, b] = [sub(crypto.randomUUID()), sub(crypto.randomUUID())];
    await env.DB.batch(submissionStatements(env.DB, a, one, [], plans[0]!.statements([{ id: a.id, versions: one }])));
    await expect(env.DB.batch(submissionStatements(env.DB, b, two, [], plans[1]!.statements([{ id: b.id, versions: two }])))).rejects.toThrow(BIGRAM_RACE);
    expect(await env.DB.prepare('SELECT count(*) AS n FROM submissions WHERE id = ?').bind(b.id).first<number>('n')).toBe(0);
  });

  it('a campaign with a lower threshold than the index was cut for still finds every pair', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '午乡');
    await issueToken('unit', '未镇');
    const text = '2023年4月在南山牧场实施查封扣押时扣押物品未开具清单，安监站复核发现超期送达决定书';
    const loose = '2023年4月在南山牧场实施查封扣押时未开具清单，林业站复核发现超期送达了决定书共7起';
    await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('午乡', ledger('午乡', [{ description: text }])) }), 201);
    const s = similarity(text, loose);
    expect(s).toBeGreaterThan(0.5);
    expect(s).toBeLessThan(0.8);
    const lower = JSON.stringify({ ...campaignOrDefault(), nearDuplicateThreshold: 0.5 });
    const body = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('未镇', ledger('未镇', [{ description: loose }])), env: { CAMPAIGN: lower } }), 201);
    expect(nearOf(body.report.sheets[0].items).map((d) => d.otherUnit)).toEqual(['午乡']);
    expect(await env.DB.prepare('SELECT threshold FROM near_index').first<number>('threshold')).toBe(0.5);
  });

  it('postings hold current versions only: a newer version drops the replaced one’s, a withdrawal queues the restored one and the next submission indexes it', async () => {
    const county = await issueToken('county');
    await issueToken('unit', '酉乡');
    const text = '2023年5月城郊结合部巡查时发现违建台账未按规定报备，涉及房屋7处当事人未签字';
    const newer = '2023年8月在滨江路沿线开展夜间巡查时油烟扰民投诉处置不及时，群众反映强烈';
    const post = (description: string) => api('POST', '/api/v1/submissions', { token: county, json: submission('酉乡', ledger('酉乡', [{ description }])) });
    const first = await expectJson(await post(text), 201);
    const key: string = first.report.sheets[0].items[0].key;
    const current = () => env.DB.prepare('SELECT current_version_id AS v FROM items WHERE key = ?').bind(key).first<number>('v');
    const postings = (v: number) => env.DB.prepare(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id = ?`).bind(v).first<number>('n');
    const pending = (v: number) => env.DB.prepare('SELECT count(*) AS n FROM near_pending WHERE version_id = ?').bind(v).first<number>('n');
    const v1 = (await current())!;
    expect(await postings(v1)).toBeGreaterThan(0);

    // Resubmitted with a new text: only the new version's postings remain.
    const second = await expectJson(await post(newer), 201);
    const v2 = (await current())!;
    expect(v2).not.toBe(v1);
    expect(await postings(v1)).toBe(0);
    expect(await postings(v2)).toBeGreaterThan(0);

    // Withdrawn: the first version is current again, queued, not yet indexed; the withdrawn one has nothing.
    await expectJson(await api('POST', `/api/v1/submissions/${second.submission.id}/withdraw`, { token: county, json: { reason: '报错了' } }), 200);
    expect(await current()).toBe(v1);
    expect(await postings(v2)).toBe(0);
    expect(await pending(v1)).toBe(1);

    // The next submission (another unit's copy) finds it as a pending candidate, and indexes it.
    await issueToken('unit', '戌镇');
    const copy = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('戌镇', ledger('戌镇', [{ description: text }])) }), 201);
    expect(nearOf(copy.report.sheets[0].items).map((d) => [d.otherUnit, d.similarity])).toEqual([['酉乡', 1]]);
    expect(await pending(v1)).toBe(0);
    expect(await postings(v1)).toBeGreaterThan(0);
    // And the one after finds it through its postings (equally similar to 戌镇's copy: the older wins).
    await issueToken('unit', '亥镇');
    const again = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('亥镇', ledger('亥镇', [{ description: text }])) }), 201);
    expect(nearOf(again.report.sheets[0].items).map((d) => [d.otherUnit, d.similarity])).toEqual([['酉乡', 1]]);

    // Withdrawing the only submission of an item drops its postings with it.
    const only = await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission('酉乡', ledger('酉乡', [{ description: concrete('酉乡', 5) }, { description: text }])) }), 201);
    const added: string = only.report.sheets[0].items[0].key;
    const addedVersion = (await env.DB.prepare('SELECT current_version_id AS v FROM items WHERE key = ?').bind(added).first<number>('v'))!;
    expect(await postings(addedVersion)).toBeGreaterThan(0);
    await expectJson(await api('POST', `/api/v1/submissions/${only.submission.id}/withdraw`, { token: county, json: { reason: '撤回' } }), 200);
    expect(await postings(addedVersion)).toBe(0);
    expect(await current()).toBe(v1);
    // Every posting left belongs to a current version.
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM ${POSTINGS} WHERE version_id NOT IN (SELECT current_version_id FROM items)`).first<number>('n')).toBe(0);
  });

  it("a probe never offers the probing unit's own items, and reads its postings only to reject them", async () => {
    const unitId = (await env.DB.prepare("INSERT INTO units (name) VALUES ('自查乡') RETURNING id").first<number>('id'))!;
    const tokenId = (await env.DB.prepare("INSERT INTO tokens (token_hash, role, label) VALUES ('own-county', 'county', 'own') RETURNING id").first<number>('id'))!;
    const texts = variants('自查乡', 12, 7, '自查');
    const versions = versionsOf(checkWorkbooks([{ file: 'own.xlsx', sheets: [ledger('自查乡', texts.map((description) => ({ description })))] }], { asOf: TODAY, unit: '自查乡' }));
    const plan = await nearCandidates(env.DB, versions, () => unitId, 0.8);
    const s = { id: crypto.randomUUID(), unitId, tokenId, actor: 'own', idempotencyKey: null, bodyHash: '', source: 'json' as const, file: 'own.xlsx', submittedAt: `${TODAY}T00:00:00Z`, submittedOn: TODAY, fillDate: null, errors: 0, warnings: 0, report: '{}' };
    await env.DB.batch(submissionStatements(env.DB, s, versions, [], plan.statements([{ id: s.id, versions }])));
    // The same items probed: as the unit itself, nothing (by either way of probing); as another unit, every one of them.
    for (const way of ['hits', 'shared'] as const) {
      const own = await nearCandidates(env.DB, versions, () => unitId, 0.8, { way });
      expect(own.counts.lookups).toBeGreaterThan(0); // other units hold items (earlier tests'): the probe ran
      expect(own.counts.kept).toBe(0);
      expect(own.stored).toEqual([]);
      const other = await nearCandidates(env.DB, versions, () => -1, 0.8, { way });
      expect(other.counts.kept).toBe(versions.length);
    }
  });

  it('a large submission’s shared lookups keep exactly what the per-item lookups keep', async () => {
    const county = await issueToken('county');
    const names = ['东关乡', '西关镇', '南关乡'];
    for (const u of names) await issueToken('unit', u);
    for (const [k, u] of names.entries()) {
      await expectJson(await api('POST', '/api/v1/submissions', { token: county, json: submission(u, ledger(u, variants(u, 30, k + 31, '关口').map((description) => ({ description })))) }), 201);
    }
    const probing = versionsOf(checkWorkbooks([{ file: 'p.xlsx', sheets: [ledger('北关镇', variants('北关镇', 30, 77, '关口').map((description) => ({ description })))] }], { asOf: TODAY, unit: '北关镇' }));
    const ids = async (way: 'hits' | 'shared', sharedRows?: number) =>
      (await nearCandidates(env.DB, probing, () => -1, 0.8, { way, sharedRows })).stored.map((c) => c.id).sort((a, b) => a - b);
    const small = await ids('hits');
    expect(small.length).toBeGreaterThan(5);
    expect(await ids('shared')).toEqual(small);
    // The shared lookups read in many statements (7 or 100 lookups each, the last shorter, their
    // answers arriving in any order), as a unit's whole ledger reads them 10,000 a statement.
    expect(await ids('shared', 7)).toEqual(small);
    expect(await ids('shared', 100)).toEqual(small);
  });
});
