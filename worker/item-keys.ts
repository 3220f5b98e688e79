import type { D1Database } from '@cloudflare/workers-types';
import type { NewVersion } from './db/submissions.js';
import { jsonChunks } from './db/json-chunks.js';

/**
 * Server item keys. The core derives a key from the unit and 序号 (or takes the one written in
 * 检查·事项编号); anyone can compute that. The server stores instead an HMAC of it, keyed by the
 * unit and a per-deployment secret, so a unit can neither compute another unit's keys nor claim
 * another unit's item by writing its key into a sheet. A written key that already is one of this
 * unit's stored keys is kept as it is: the add-in writes the server's keys back into the sheet,
 * and the next submission must land on the same items.
 */
export async function serverKeys(db: D1Database, secret: string | Promise<string>, byUnit: ReadonlyMap<number, readonly NewVersion[]>): Promise<void> {
  // Every unit's stored keys in one read, beside the secret; every row's derived key at once.
  const [storedUnit, hmac] = await Promise.all([
    storedUnits(db, [...byUnit.values()].flatMap((own) => own.map((v) => v.item.key))),
    Promise.resolve(secret).then(hmacKey),
  ]);
  for (const [unitId, versions] of byUnit) {
    const own = (key: string) => storedUnit.get(key) === unitId;
    const derived = await Promise.all(versions.map((v) => (own(v.item.key) ? null : keyed(hmac, `${unitId}\u0000${v.item.key}`))));
    const used = new Set<string>();
    for (const [i, v] of versions.entries()) {
      let key = derived[i] ?? v.item.key;
      // A kept key and a derived one can coincide (a row copied with its key): the later one gets its own.
      if (used.has(key)) key = await keyed(hmac, `${unitId}\u0000${v.item.key}\u0000${v.sheetIndex}\u0000${v.item.row}`);
      used.add(key);
      v.item.key = key;
    }
  }
}

/**
 * The stored key of each of one unit's items that `asked` names (POST /items/keys): a stored key
 * of the unit's as it is, a core key (what the core derives from the sheet, never submitted from
 * this copy) by the HMAC serverKeys made of it. Keys naming nothing of the unit's are left out,
 * as is the rare row serverKeys keyed by its place (a row copied with its key).
 */
export async function storedKeysFor(db: D1Database, secret: Promise<string>, unitId: number, asked: readonly string[]): Promise<Record<string, string>> {
  const hmac = await secret.then(hmacKey);
  const derived = await Promise.all(asked.map((k) => keyed(hmac, `${unitId}\u0000${k}`)));
  const stored = await storedUnits(db, [...asked, ...derived]);
  const out: Record<string, string> = {};
  asked.forEach((k, i) => {
    if (stored.get(k) === unitId) out[k] = k;
    else if (stored.get(derived[i]!) === unitId) out[k] = derived[i]!;
  });
  return out;
}

/** The deployment's secret as the HMAC-SHA-256 key every server key is made with. */
function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

// ZG- and 14 characters of base32 (70 bits), the shape of the core's keys.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

async function keyed(hmac: CryptoKey, basis: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmac, new TextEncoder().encode(basis)));
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const byte of mac) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 14) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 14) break;
  }
  return `ZG-${out}`;
}

/**
 * The unit of each of `keys` stored (keys are unique across units): one statement a chunk,
 * whatever the number of units, where a statement a unit made a county aggregate's round trips
 * (and D1 queries, 1,000 an invocation) grow with its units.
 */
async function storedUnits(db: D1Database, keys: readonly string[]): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  for (const chunk of jsonChunks([...new Set(keys)])) {
    const rows = await db.prepare('SELECT key, unit_id FROM items WHERE key IN (SELECT value FROM json_each(?))').bind(chunk).raw<[string, number]>();
    for (const [k, u] of rows) units.set(k, u);
  }
  return units;
}

/**
 * The per-deployment key secret: the `KEY_SECRET` secret if set, else one made on first use and
 * kept in D1. Its read starts now (a request asks for it before reading its body, so in production
 * the read overlaps the upload); the function returned gives it, making it only when called and
 * none is stored, so a request refused before its keys never makes one.
 */
export function keySecretFor(env: { DB: D1Database; KEY_SECRET?: string }): () => Promise<string> {
  const fixed = env.KEY_SECRET;
  if (fixed) return () => Promise.resolve(fixed);
  const read = () => env.DB.prepare("SELECT value FROM deployment_secrets WHERE name = 'item-key'").first<string>('value');
  const found = read();
  found.catch(() => undefined);
  let secret: Promise<string> | undefined;
  return () => (secret ??= found.then(async (value) => {
    if (value) return value;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const made = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    // Two first uses at once: one insert wins and both read the winner.
    await env.DB.prepare("INSERT OR IGNORE INTO deployment_secrets (name, value) VALUES ('item-key', ?)").bind(made).run();
    return (await read())!;
  }));
}
