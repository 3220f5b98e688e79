import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, expectJson, issueToken } from './helpers.js';
import { seedDemoCounty } from './demo-seed.js';

const ASOF = '2023-05-29';
let county: string;

/** The text of a .docx: every w:t of word/document.xml, joined. */
function docxText(bytes: Uint8Array): { xml: string; text: string } {
  const files = unzipSync(bytes);
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml', 'word/styles.xml']));
  const xml = strFromU8(files['word/document.xml']!);
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  return { xml, text };
}

beforeAll(async () => {
  ({ county } = await seedDemoCounty());
});

describe('GET /api/v1/reminders/:unit/letter.docx', () => {
  it('writes each key-attention unit a 催办函 naming it and every overdue item with its days (docx runs in workerd)', async () => {
    const s = await expectJson(await api('GET', `/api/v1/summary?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    const attention = s.units.filter((u: { keyAttention: boolean }) => u.keyAttention).map((u: { unit: string }) => u.unit);
    expect(attention.sort()).toEqual(['丹口镇', '西岩镇'].sort());
    const reminders = await expectJson(await api('GET', `/api/v1/reminders?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    for (const unit of attention) {
      const res = await api('GET', `/api/v1/reminders/${encodeURIComponent(unit)}/letter.docx?asOf=${ASOF}&kind=reminder`, { token: county, today: ASOF });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(res.headers.get('content-disposition')).toContain(encodeURIComponent(`${unit}-催办函-${ASOF}.docx`));
      const { xml, text } = docxText(new Uint8Array(await res.arrayBuffer()));
      expect(text).toContain(`${unit}：`);
      expect(text).toContain('催 办 函');
      expect(text).toContain('2023年5月29日');
      expect(text).toContain('2023年6月5日前'); // reply date: a week after asOf
      expect(text).toContain('中共城步苗族自治县委巡察工作领导小组办公室');
      // Chinese text in 仿宋_GB2312 as the east-Asian font, so Word and WPS both render it.
      expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
      const overdue = reminders.units.find((u: { unit: string }) => u.unit === unit)?.overdueItems ?? [];
      for (const it of overdue) {
        expect(text).toContain(it.key);
        expect(text).toContain(it.description);
        expect(text).toContain(`逾期${it.daysOverdue}天`);
      }
      // Every item awaits the office's review past reviewDueDays on this date: each is named with its days.
      expect(text).toContain('待县巡察办会诊');
      expect(text).toMatch(/超期\d+天/);
    }
  });

  it('names the overdue items of a unit that has them (the demo county has three)', async () => {
    const reminders = await expectJson(await api('GET', `/api/v1/reminders?asOf=${ASOF}`, { token: county, today: ASOF }), 200);
    const withOverdue = reminders.units.filter((u: { overdueItems: unknown[] }) => u.overdueItems.length > 0);
    expect(withOverdue.length).toBeGreaterThan(0);
    for (const u of withOverdue) {
      const res = await api('GET', `/api/v1/reminders/${encodeURIComponent(u.unit)}/letter.docx?asOf=${ASOF}`, { token: county, today: ASOF });
      const { text } = docxText(new Uint8Array(await res.arrayBuffer()));
      expect(text).toContain(`逾期未完成整改${u.overdueItems.length}项`);
      for (const it of u.overdueItems) expect(text).toContain(`${it.description}${it.due}逾期未完成整改（逾期${it.daysOverdue}天）`);
    }
  });

  /** The letter's table rows after its header, each row's cells' text. */
  const tableRows = (xml: string) => [...xml.matchAll(/<w:tr\b.*?<\/w:tr>/gs)].slice(1)
    .map((tr) => [...tr[0].matchAll(/<w:tc\b.*?<\/w:tc>/gs)].map((tc) => [...tc[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')));
  const letterOf = async (unit: string, asOf: string, kind = 'reminder') =>
    docxText(new Uint8Array(await (await api('GET', `/api/v1/reminders/${encodeURIComponent(unit)}/letter.docx?asOf=${asOf}&kind=${kind}`, { token: county, today: asOf })).arrayBuffer()));

  it('names each item once, with every reason it is chased, and counts no more items than the unit has', async () => {
    const asOf = '2023-06-30';
    const s = await expectJson(await api('GET', `/api/v1/summary?asOf=${asOf}`, { token: county, today: asOf }), 200);
    const reminders = await expectJson(await api('GET', `/api/v1/reminders?asOf=${asOf}`, { token: county, today: asOf }), 200);
    let both = 0;
    for (const u of s.units as { unit: string; items: number }[]) {
      const { xml, text } = await letterOf(u.unit, asOf);
      const rows = tableRows(xml);
      const keys = rows.map((r) => r[1]);
      expect(new Set(keys).size, u.unit).toBe(keys.length);
      expect(keys.length, u.unit).toBeLessThanOrEqual(u.items);
      const counted = [...text.matchAll(/(\d+)项/g)].reduce((n, m) => n + Number(m[1]), 0);
      expect(counted, u.unit).toBeLessThanOrEqual(u.items);
      // An overdue item awaiting the office's review too: one row, both said.
      const overdue = reminders.units.find((r: { unit: string }) => r.unit === u.unit)?.overdueItems ?? [];
      for (const it of overdue) {
        const row = rows.find((r) => r[1] === it.key)!;
        expect(row[4], it.key).toContain(`逾期${it.daysOverdue}天`);
        if (row[4]!.includes('待县巡察办会诊')) both++;
      }
    }
    expect(both).toBeGreaterThan(0);
  });

  it('asks a unit to act only on what is its to do: items awaiting the office are named as such, and a unit with nothing to chase is not warned', async () => {
    const asOf = '2023-06-30';
    const reminders = await expectJson(await api('GET', `/api/v1/reminders?asOf=${asOf}`, { token: county, today: asOf }), 200);
    const s = await expectJson(await api('GET', `/api/v1/summary?asOf=${asOf}`, { token: county, today: asOf }), 200);
    const chased = new Set(reminders.units.filter((u: { overdueItems: unknown[] }) => u.overdueItems.length).map((u: { unit: string }) => u.unit));
    const waiting = (s.units as { unit: string }[]).map((u) => u.unit).filter((u) => !chased.has(u));
    expect(waiting.length).toBeGreaterThan(0);
    for (const unit of waiting) {
      for (const kind of ['reminder', 'notice']) {
        const { xml, text } = await letterOf(unit, asOf, kind);
        // Its items are the office's to review, past the review's due date: listed, the delay the office's.
        expect(tableRows(xml).length, unit).toBeGreaterThan(0);
        for (const row of tableRows(xml)) expect(row[4], unit).toMatch(/^已报送，待县巡察办会诊（会诊超期\d+天）$/);
        expect(text, unit).not.toContain('通报、约谈');
        expect(text, unit).not.toContain('完成上述');
        expect(text, unit).not.toContain('对照上述事项抓紧整改');
      }
    }
    // Nothing to chase at all (the day the ledgers came in): no paragraph about 上述事项.
    for (const kind of ['reminder', 'notice']) {
      const { text } = await letterOf('西岩镇', '2023-04-24', kind);
      expect(text).toContain('暂无');
      expect(text).not.toContain('上述');
    }
  });

  it('quotes the office\'s comment on an item returned for revision: what the unit is to improve', async () => {
    const { xml } = await letterOf('南山镇', '2023-04-24');
    const key = tableRows(xml)[0]?.[1] ?? (await expectJson(await api('GET', `/api/v1/items?unit=${encodeURIComponent('南山镇')}&view=brief`, { token: county, today: '2023-04-24' }), 200)).items[0].key;
    await expectJson(await api('POST', `/api/v1/items/${key}/reviews`, { token: county, json: { decision: 'return', comment: '请写明涉及案件的文号' }, today: '2023-05-02' }), 201);
    const row = tableRows((await letterOf('南山镇', '2023-05-10')).xml).find((r) => r[1] === key)!;
    expect(row[4]).toContain('退回完善后未重新报送（退回8天；意见：请写明涉及案件的文号）');
    // A letter dated before the return names no return.
    expect(tableRows((await letterOf('南山镇', '2023-04-30')).xml).find((r) => r[1] === key)?.[4] ?? '').not.toContain('意见');
  });

  it('writes a 工作提示 with kind=notice', async () => {
    const res = await api('GET', `/api/v1/reminders/${encodeURIComponent('西岩镇')}/letter.docx?asOf=${ASOF}&kind=notice&replyBy=2023-06-09`, { token: county, today: ASOF });
    const { text } = docxText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('工 作 提 示');
    expect(text).toContain('于2023年6月9日前更新整改台账');
    expect(text).not.toContain('催 办 函');
  });

  it('refuses a unit token, an unregistered unit, a bad kind and a reply date before asOf', async () => {
    const unitToken = issueToken('unit', '丹口镇');
    const letter = (unit: string, q = '') => `/api/v1/reminders/${encodeURIComponent(unit)}/letter.docx?asOf=${ASOF}${q}`;
    expect((await expectJson(await api('GET', letter('丹口镇'), { token: await unitToken, today: ASOF }), 403)).error.code).toBe('forbidden');
    expect((await expectJson(await api('GET', letter('不存在乡'), { token: county, today: ASOF }), 404)).error.code).toBe('unit-not-found');
    expect((await expectJson(await api('GET', letter('丹口镇', '&kind=warning'), { token: county, today: ASOF }), 400)).error.code).toBe('invalid-query');
    expect((await expectJson(await api('GET', letter('丹口镇', '&replyBy=2023-05-01'), { token: county, today: ASOF }), 400)).error.message).toContain('回复期限');
  });
});
