import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { INSERT_KEY_PAIRS } from '../../worker/db/aggregate-pairs.js';
import { INSERT_PAIRS, RECORD_REVISIONS, UPSERT_ITEMS } from '../../worker/db/submissions.js';

// The store's statements as SQLite (D1) plans them: a JSON row that finds its version by
// (submission, ord) is the outer loop, or the statement goes quadratic (a ledger copied from
// another unit's: 10,000 rows, 9,000 near-duplicate pairs, minutes). A plan says so without timing.

/** The plan's lines (EXPLAIN QUERY PLAN's `detail` column). */
async function plan(sql: string, params: unknown[]): Promise<string[]> {
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

describe('store query plans', () => {
  it("a submission's near-duplicate pairs: each JSON row finds its version by (submission, ord), never a rescan of the JSON per version", async () => {
    const lines = await plan(INSERT_PAIRS, ['s', '[]']);
    expect(lines[0]).toMatch(/^SCAN j\b/);
    expect(lines.some((l) => /SEARCH v USING (COVERING )?INDEX item_versions_submission \(submission_id=\? AND ord=\?\)/.test(l))).toBe(true);
  });

  it("an aggregate's pairs between its units: each JSON row finds its two items by key, never a scan of the county's items", async () => {
    const lines = await plan(INSERT_KEY_PAIRS, ['[]']);
    expect(lines[0]).toMatch(/^SCAN j\b/);
    expect(lines.filter((l) => /SEARCH (a|b) USING INDEX sqlite_autoindex_items_1 \(key=\?\)/.test(l))).toHaveLength(2);
  });

  it("the items' upsert and the revisions: the submission's versions by their index, each item by its key", async () => {
    const upsert = await plan(UPSERT_ITEMS, ['s', '2023-04-24', '[]']);
    expect(upsert.some((l) => /SEARCH v USING INDEX item_versions_submission \(submission_id=\?\)/.test(l))).toBe(true);
    expect(upsert.filter((l) => /^SCAN (v|items|i)\b/.test(l))).toEqual([]);
    const revisions = await plan(RECORD_REVISIONS, ['s', 1, 'a', 'now', '2023-04-24', '[]']);
    expect(revisions.some((l) => /SEARCH v USING INDEX item_versions_submission \(submission_id=\?\)/.test(l))).toBe(true);
    expect(revisions.some((l) => /SEARCH i USING INDEX sqlite_autoindex_items_1 \(key=\?\)/.test(l))).toBe(true);
  });
});
