import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { serverKeys } from '../../worker/item-keys.js';
import type { NewVersion } from '../../worker/db/submissions.js';
import { checkWorkbooks, type ItemReport } from '../../shared/index.js';
import { api, concrete, expectJson, issueToken, ledger, submitLedger } from './helpers.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function webHmac(key: Uint8Array<ArrayBuffer>, message: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, message));
}

// The README's key: ZG- and the first 70 bits of HMAC-SHA-256(secret, unit id NUL core key), base32.
async function expectedKey(secret: string, basis: string): Promise<string> {
  const mac = await webHmac(utf8(secret), utf8(basis));
  let bits = '';
  for (const b of mac) bits += b.toString(2).padStart(8, '0');
  return `ZG-${Array.from({ length: 14 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('')}`;
}

describe('serverKeys', () => {
  const version = (key: string, row: number): NewVersion => ({
    ord: row, sheetIndex: 0, sheet: 'S', vague: false, hasEvidence: false, item: { key, row } as unknown as ItemReport,
  });

  it('derives ZG- and the HMAC under the unit and the secret; a copied row gets its own key', async () => {
    const secret = 'bench-secret-不公开';
    const versions = [version('城关镇-1', 2), version('城关镇-2', 3), version('城关镇-1', 4)];
    // Two rows share a core key (a row copied with its key written): the later one is keyed by its place too.
    await serverKeys(env.DB, secret, new Map([[42, versions]]));
    expect(versions.map((v) => v.item.key)).toEqual([
      await expectedKey(secret, '42\u0000城关镇-1'),
      await expectedKey(secret, '42\u0000城关镇-2'),
      await expectedKey(secret, '42\u0000城关镇-1\u00000\u00004'),
    ]);
    // Another unit, the same core key: another server key.
    const other = [version('城关镇-1', 2)];
    await serverKeys(env.DB, Promise.resolve(secret), new Map([[43, other]]));
    expect(other[0]!.item.key).toBe(await expectedKey(secret, '43\u0000城关镇-1'));
    expect(other[0]!.item.key).not.toBe(versions[0]!.item.key);
  });
});

describe('POST /api/v1/items/keys: a copy of a ledger never submitted finds its items', () => {
  it('gives each core key (what the add-in computes from the sheet) the stored key of its item, for its own unit only', async () => {
    const unit = await issueToken('unit', '钥匙乡');
    const other = await issueToken('unit', '别处乡');
    const county = await issueToken('county');
    const grid = ledger('钥匙乡', [{ description: concrete('钥匙乡', 1) }, { description: concrete('钥匙乡', 2) }]);
    const stored = await submitLedger(unit, grid);
    const core = checkWorkbooks([{ file: 'a.xlsx', sheets: [grid] }], { unit: '钥匙乡' }).sheets[0]!.items;
    const storedKeys = (stored.report.sheets[0].items as { key: string; row: number }[]);
    const expected = Object.fromEntries(core.map((i) => [i.key, storedKeys.find((s) => s.row === i.row)!.key]));
    expect(Object.keys(expected)).toHaveLength(2);
    expect(Object.entries(expected).every(([a, b]) => a !== b)).toBe(true);
    const ask = (token: string, json: object) => api('POST', '/api/v1/items/keys', { token, json });
    // A core key maps to its stored key; a stored key to itself; anything else is left out.
    const keys = [...Object.keys(expected), storedKeys[0]!.key, 'ZG-AAAAAAAAAAAAAA'];
    expect((await expectJson(await ask(unit, { keys }), 200)).keys).toEqual({ ...expected, [storedKeys[0]!.key]: storedKeys[0]!.key });
    // Another unit's token finds none of them (its own HMACs name none of these items).
    expect((await expectJson(await ask(other, { keys }), 200)).keys).toEqual({});
    expect((await expectJson(await ask(other, { keys, unit: '钥匙乡' }), 403)).error.code).toBe('forbidden');
    // The county names the unit; without one the request is refused.
    expect((await expectJson(await ask(county, { keys, unit: '钥匙乡' }), 200)).keys).toEqual({ ...expected, [storedKeys[0]!.key]: storedKeys[0]!.key });
    expect((await expectJson(await ask(county, { keys }), 400)).error.code).toBe('invalid-body');
    expect((await expectJson(await ask(unit, { keys: [] }), 400)).error.code).toBe('invalid-body');
  });
});
