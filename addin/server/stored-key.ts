import { CountyClient, ServerError } from './client.js';

/**
 * Asks the server about the item on a sheet's row by the key the sheet gives it; when the server
 * knows no item by that key (a copy of the ledger never submitted holds the core's key, the
 * server an HMAC of it: worker/item-keys.ts), asks again by the item's stored key, or says what
 * to do first. `unit`: the unit a county token names.
 */
export async function withStoredKey<T>(client: CountyClient, key: string, row: number, unit: string | undefined, ask: (key: string) => Promise<T>): Promise<{ key: string; answer: T }> {
  try {
    return { key, answer: await ask(key) };
  } catch (error) {
    if (!(error instanceof ServerError) || error.code !== 'item-not-found') throw error;
    const stored = (await client.storedKeys([key], unit).catch(() => null))?.keys[key];
    if (stored && stored !== key) return { key: stored, answer: await ask(stored) };
    throw new ServerError(`服务器上没有第${row}行的事项（${key}）：请先点击“报送本表”（本表从未报送过）或“拉取会诊状态”，再重试。`, 404, 'item-not-found', false);
  }
}
