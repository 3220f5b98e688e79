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
