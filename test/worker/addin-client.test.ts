import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountyClient } from '../../addin/server/client.js';
import { uploadSummary, uploadWorkbooks } from '../../addin/server/uploads.js';
import { api, concrete, issueToken, ledger } from './helpers.js';

/** The add-in's own client, its requests answered by the Worker itself: the contract both sides keep. */
function clientOf(token: string, today = '2023-04-24') {
  const fetch = (async (url: string, init: RequestInit) => {
    const u = new URL(url);
    return api(init.method ?? 'GET', u.pathname + u.search, { token, body: init.body as BodyInit, headers: Object.fromEntries(Object.entries(init.headers as Record<string, string>).filter(([k]) => k !== 'authorization')), today });
  }) as unknown as typeof globalThis.fetch;
  return new CountyClient({ baseUrl: 'https://county.test', token: 'unused', attempts: 1, fetch });
}

const xlsx = (values: unknown[][]) => {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(values), '整改台账');
  return XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
};

let county: string;
beforeAll(async () => {
  county = await issueToken('county');
});

describe("the add-in's county upload against the Worker", () => {
  it('shows what each file became, asks before a mismatch, and sends confirmUnit only when told yes', async () => {
    for (const u of ['子镇', '丑镇', '寅镇']) await issueToken('unit', u);
    const own = xlsx(ledger('子镇', [{ description: concrete('子镇', 1) }, { description: concrete('子镇', 2) }]).values);
    const aggregate = xlsx([
      ['全县汇总表'],
      ['序号', '责任单位', '问题类别', '问题描述', '整改措施', '责任领导', '责任人', '整改时限', '整改状态'],
      [1, '丑镇', '执法程序', concrete('丑镇', 1), '逐案评查2022年以来的全部案卷', '张三', '李四', '2023年6月30日', '整改中'],
      [2, '寅镇', '执法程序', concrete('寅镇', 1), '逐案评查2022年以来的全部案卷', '张三', '李四', '2023年6月30日', '整改中'],
      [3, '寅镇', '执法程序', concrete('寅镇', 2), '逐案评查2022年以来的全部案卷', '张三', '李四', '2023年6月30日', '整改中'],
    ]);
    const asked: string[] = [];
    const results = await uploadWorkbooks(clientOf(county), [{ name: 'zi.xlsx', bytes: own }], {
      unit: '丑镇', confirm: async (file, requested, ledgerUnits) => (asked.push(`${file}:${requested}:${ledgerUnits.join()}`), false),
    });
    expect(asked).toEqual(['zi.xlsx:丑镇:子镇']);
    expect(results[0]).toMatchObject({ file: 'zi.xlsx', submissions: [] });
    expect(results[0]!.error).toContain('不一致');

    const taken = await uploadWorkbooks(clientOf(county), [{ name: 'zi.xlsx', bytes: own }, { name: '汇总.xlsx', bytes: aggregate }], { confirm: async () => true });
    expect(taken.map((r) => r.submissions.map((s) => [s.unit, s.items]))).toEqual([[['子镇', 2]], [['丑镇', 1], ['寅镇', 2]]]);
    expect(uploadSummary(taken)[1]).toBe('汇总.xlsx → 丑镇 第1版 1项 错误0条；寅镇 第1版 2项 错误0条');
  });

  it("asks for an extension with the add-in's client and reads it back", async () => {
    const token = await issueToken('unit', '卯镇');
    const c = clientOf(token);
    const sub = await c.submit({ file: 'a.xlsx', sheets: [ledger('卯镇', [{ description: concrete('卯镇', 1) }])] }, 'k-ext-1');
    if (!('report' in sub)) throw new Error('expected one submission');
    const key = sub.report.sheets[0]!.items[0]!.key;
    const ext = await c.requestExtension(key, { requestedDue: '2023-07-31', reason: '需上级复核' });
    expect(ext).toMatchObject({ key, state: 'pending', requestedDue: '2023-07-31' });
    expect((await c.extensions(key)).extensions).toHaveLength(1);
  });
});
