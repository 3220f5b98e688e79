import { beforeAll, describe, expect, it } from 'vitest';
import { itemKey, type Grid } from '../../shared/index.js';
import { api, concrete, expectJson, issueToken, ledger, submission, submitLedger } from './helpers.js';

let county = '';
let rulin = '';
let maoping = '';
const theirs = concrete('儒林镇', 1);
let theirKey = '';

/** A ledger with keys written in 检查·事项编号, as the add-in leaves it. */
function keyed(grid: Grid, keys: string[]): Grid {
  grid.values[0]!.push(null);
  grid.values[1]!.push('检查·事项编号');
  keys.forEach((k, i) => grid.values[2 + i]!.push(k));
  return grid;
}

beforeAll(async () => {
  county = await issueToken('county');
  rulin = await issueToken('unit', '儒林镇');
  maoping = await issueToken('unit', '茅坪镇');
  const first = await submitLedger(rulin, ledger('儒林镇', [{ description: theirs }]), {});
  theirKey = first.report.sheets[0].items[0].key;
});

describe('what a unit token learns about other units', () => {
  it('a near-duplicate names no other unit and shows none of its text, place, key or score', async () => {
    const mine = `${theirs.slice(0, -2)}余起`;
    const body = await submitLedger(maoping, ledger('茅坪镇', [{ description: mine }]));
    const item = body.report.sheets[0].items[0];
    const dup = item.diagnostics.find((d: { code: string }) => d.code === 'near-duplicate');
    expect(dup.message).toMatch(/^与其他单位的事项高度雷同/);
    expect(dup.details).toBeUndefined();
    expect(dup.row).toBe(3);
    expect(body.report.crossUnit).toEqual([]);
    const reads = [
      JSON.stringify(body),
      await (await api('GET', '/api/v1/items', { token: maoping })).text(),
      await (await api('GET', `/api/v1/items/${encodeURIComponent(item.key)}/history`, { token: maoping })).text(),
      await (await api('GET', `/api/v1/submissions/${body.submission.id}`, { token: maoping })).text(),
    ];
    for (const text of reads) {
      expect(text).toContain('与其他单位的事项高度雷同');
      for (const secret of ['儒林镇', theirKey, theirs, 'similarity', 'percent']) expect(text).not.toContain(secret);
    }
    // The county sees everything.
    const full = await expectJson(await api('GET', `/api/v1/submissions/${body.submission.id}`, { token: county }), 200);
    expect(full.report.crossUnit[0].b).toMatchObject({ unit: '儒林镇', key: theirKey });
    expect(full.report.sheets[0].items[0].diagnostics.find((d: { code: string }) => d.code === 'near-duplicate').details.otherUnit).toBe('儒林镇');
  });

  it('keys are not the public derivation from unit and 序号, so a unit cannot compute another’s', async () => {
    expect(theirKey).toMatch(/^ZG-[A-Z2-7]{14}$/);
    expect(theirKey).not.toBe(itemKey('儒林镇', '1', theirs));
  });

  it('a key written in the sheet does not let a unit claim another unit’s item', async () => {
    const body = await expectJson(await api('POST', '/api/v1/submissions', {
      token: maoping, json: submission(undefined, keyed(ledger('茅坪镇', [{ description: concrete('茅坪镇', 7) }]), [theirKey])),
    }), 201);
    expect(body.report.sheets[0].items[0].key).not.toBe(theirKey);
    const history = await expectJson(await api('GET', `/api/v1/items/${encodeURIComponent(theirKey)}/history`, { token: rulin }), 200);
    expect(history.versions).toHaveLength(1);
    expect(history.versions[0].item.fields.description).toBe(theirs);
  });

  it('the server’s key, written back into the sheet, lands the next submission on the same item', async () => {
    const again = await expectJson(await api('POST', '/api/v1/submissions', {
      token: rulin, json: submission(undefined, keyed(ledger('儒林镇', [{ description: `${theirs}（已整改）`, seq: 9 }]), [theirKey])),
    }), 201);
    expect(again.report.sheets[0].items[0]).toMatchObject({ key: theirKey, version: 2 });
  });
});
