import { describe, expect, it } from 'vitest';
import { itemKeyAtRow } from '../../addin/chase/evidence.js';
import { CountyClient, ServerError } from '../../addin/server/client.js';
import { checkWorkbooks } from '../../shared/index.js';

const HEADER = ['序号', '问题类别', '问题描述', '整改措施', '责任人', '整改时限', '整改状态'];
const grid = {
  sheet: '整改台账',
  values: [
    ['儒林镇综合行政执法不规范问题整改台账', null, null, null, null, null, null],
    HEADER,
    [1, '执法程序', '2023年3月对2起案件未告知当事人陈述申辩权利', '逐案评查并补正告知', '李四', '2023年6月30日', '整改中'],
    [2, '执法效率', '2022年受理的5起投诉超期办结，平均超期12天', '建立办理时限台账', '王五', '2023年6月30日', '整改中'],
  ],
};

describe('attaching evidence to the selected row', () => {
  it('finds the key the check gives the item on that row, and none off the items', () => {
    const sheet = checkWorkbooks([{ file: 'a.xlsx', sheets: [grid] }], { unit: '儒林镇' }).sheets[0];
    const keys = sheet!.items.map((i) => i.key);
    expect(keys).toHaveLength(2);
    expect(itemKeyAtRow(sheet, 3)).toBe(keys[0]);
    expect(itemKeyAtRow(sheet, 4)).toBe(keys[1]);
    expect(itemKeyAtRow(sheet, 2)).toBeNull(); // the header row
    expect(itemKeyAtRow(sheet, 9)).toBeNull();
  });

  it('uploads the file as multipart to the item’s evidence and reads the answer; a refusal says why', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const answers = [
      new Response(JSON.stringify({ id: 'e1', itemKey: 'K 1', name: '报告.pdf', type: 'pdf', size: 9, sha256: 'ab', uploadedAt: '2023-05-29T01:00:00Z', uploadedOn: '2023-05-29', count: 2 }), { status: 201 }),
      new Response(JSON.stringify({ error: { code: 'evidence-type', message: '文件内容不是 PDF、JPG、PNG、Word(.docx) 或 Excel(.xlsx)' } }), { status: 415 }),
    ];
    const fetch = (async (url: string, init: RequestInit) => (calls.push({ url, init }), answers.shift()!)) as unknown as typeof globalThis.fetch;
    const client = new CountyClient({ baseUrl: 'http://127.0.0.1:8787', token: 'tok', backoffMs: 1, fetch });
    const info = await client.evidence('K 1', new Blob(['%PDF-1.4\n']), '报告.pdf');
    expect(info).toMatchObject({ id: 'e1', type: 'pdf', count: 2 });
    expect(calls[0]!.url).toBe('http://127.0.0.1:8787/api/v1/items/K%201/evidence');
    expect(calls[0]!.init.method).toBe('POST');
    const form = calls[0]!.init.body as FormData;
    expect((form.get('file') as File).name).toBe('报告.pdf');
    const error = (await client.evidence('K 1', new Blob(['MZ']), 'x.pdf').catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('evidence-type');
    expect(error.message).toContain('文件内容不是 PDF');
  });
});
