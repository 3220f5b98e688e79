import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { listedPageArgs, listedPageSql } from '../../worker/db/items.js';

// Today's page of GET /items reads each listed item's remarks (its latest comment, an approved
// extension) in the page's own statement (db/items.ts listedPageStatement): each is a walk of
// that item's rows by index, newest first, never a scan of the county's reviews or extensions
// (the page of 5,000 in a county of 100,000 would then read them all 5,000 times).

async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe('view query plans', () => {
  for (const view of ['brief', 'full'] as const) {
    it(`today's ${view} page: the remarks by each item's key, by index`, async () => {
      const page = { limit: 50, offset: 0, after: [3, 40] as const };
      for (const match of [undefined, { dated: [['date', '2023-06-30', 'in_progress', null]] as const }]) {
        const lines = await plan(listedPageSql(view, page, match), listedPageArgs({ unitId: 3 }, page, match));
        expect(lines.some((l) => /SEARCH r USING INDEX reviews_item \(item_key=\?\)/.test(l)), lines.join('\n')).toBe(true);
        expect(lines.some((l) => /SEARCH e USING INDEX extensions_item \(item_key=\?\)/.test(l)), lines.join('\n')).toBe(true);
        expect(lines.filter((l) => /^SCAN (r|e|reviews|extensions)\b/.test(l)), lines.join('\n')).toEqual([]);
      }
    });
  }
});
