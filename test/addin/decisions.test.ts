import { describe, expect, it } from 'vitest';
import { DECISIONS_IN_FLIGHT, sendDecisions, type DecisionRow } from '../../addin/county/decisions.js';
import { ServerError } from '../../addin/server/client.js';

/** A server whose answers the test releases one by one, recording what is in flight. */
function heldServer() {
  const pending: { key: string; release: (error?: Error) => void }[] = [];
  const log: string[] = [];
  let inFlight = 0;
  let most = 0;
  const client = {
    review(key: string, body: { decision: string; comment?: string }) {
      inFlight++;
      most = Math.max(most, inFlight);
      log.push(`start ${key} ${body.decision}`);
      return new Promise<void>((ok, fail) => {
        pending.push({
          key,
          release: (error) => {
            inFlight--;
            log.push(`end ${key}`);
            if (error) fail(error);
            else ok();
          },
        });
      });
    },
  };
  return { client, pending, log, most: () => most };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const row = (n: number, key: string, word = '交办', comment = ''): DecisionRow => ({ row: n, key, word, comment });

describe('pushing 会诊 decisions', () => {
  it(`sends up to ${DECISIONS_IN_FLIGHT} at once, not one after another, and answers every row in row order`, async () => {
    const server = heldServer();
    const rows = Array.from({ length: 10 }, (_, i) => row(i + 2, `K${i}`));
    const done = sendDecisions(rows, server.client);
    await settle();
    expect(server.pending).toHaveLength(DECISIONS_IN_FLIGHT);
    while (server.pending.length) {
      server.pending.shift()!.release();
      await settle();
    }
    const results = await done;
    expect(server.most()).toBe(DECISIONS_IN_FLIGHT);
    expect(results.map((r) => [r.row, r.ok, r.message])).toEqual(rows.map((r) => [r.row, true, '已交办']));
  });

  it('keeps the rows of one item in order: the second is sent only after the first is answered', async () => {
    const server = heldServer();
    const done = sendDecisions([row(2, 'A', '退回完善', '请补充文号'), row(3, 'B'), row(4, 'A', '交办')], server.client);
    await settle();
    expect(server.log).toEqual(['start A return', 'start B assign']);
    server.pending.shift()!.release(new ServerError('会诊状态不允许此操作', 409, 'invalid-transition', false));
    await settle();
    expect(server.log).toEqual(['start A return', 'start B assign', 'end A', 'start A assign']);
    while (server.pending.length) {
      server.pending.shift()!.release();
      await settle();
    }
    expect((await done).map((r) => [r.row, r.ok, r.message])).toEqual([
      [2, false, '会诊状态不允许此操作'],
      [3, true, '已交办'],
      [4, true, '已交办'],
    ]);
  });

  it('answers a word that is no decision on its row without asking the server', async () => {
    const server = heldServer();
    const results = await sendDecisions([row(5, 'C', '同意')], server.client);
    expect(server.log).toEqual([]);
    expect(results).toEqual([{ row: 5, key: 'C', ok: false, message: '“同意”不是会诊决定（交办 / 退回完善 / 销号）' }]);
  });
});
