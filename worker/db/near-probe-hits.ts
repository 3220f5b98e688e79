import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { nearOverlap, nearSizeRange } from '../../shared/near-signature.js';
import { jsonChunks } from './json-chunks.js';
import type { ProbeItem, ProbePlanRow } from './near-probe.js';

// A small submission's probe with its hits counted in the Worker (issue 13, "flat as the county
// grows"). On a county written from templates an item's rarest prefix bigrams still have postings
// in proportion to the county (63,000 read for a 60-row ledger in a county of 100,000), and
// counting them per (item, version) in SQL sorted every one: two thirds of the statement. Here
// each lookup hands over its versions as one list, walked along the key in its order, and the
// Worker counts them in a table of typed arrays (HitTable): no sort, no row per posting across D1.

// One lookup a row: [token, stored position, sizes lo..hi, the item's unit] (other units'
// postings only: unit_id rides in the key). The versions as one comma-separated list, or NULL.
// Both tables of postings (0012: the recent ones, not merged yet), one range of each key.
// The lookups are read out of their JSON once (materialized): the subquery's bounds are then
// plain values, where `q.value ->> 4` parsed the lookup's JSON again for every posting it walked.
const HITS = `
WITH q AS MATERIALIZED (
  SELECT key, value ->> 0 AS token, value ->> 1 AS pos, value ->> 2 AS lo, value ->> 3 AS hi, value ->> 4 AS unit_id FROM json_each(?1)
)
SELECT q.key, (SELECT group_concat(version_id) FROM (
    SELECT np.version_id FROM near_postings np
    WHERE np.token = q.token AND np.pos = q.pos AND np.size BETWEEN q.lo AND q.hi AND np.unit_id <> q.unit_id
    UNION ALL
    SELECT nr.version_id FROM near_postings_recent nr
    WHERE nr.token = q.token AND nr.pos = q.pos AND nr.size BETWEEN q.lo AND q.hi AND nr.unit_id <> q.unit_id)) AS ids
FROM q`;

// The statement before 0012 (near_postings alone), kept for the bench: what reading the recent
// table beside it costs each lookup.
const HITS_MAIN = `
WITH q AS MATERIALIZED (
  SELECT key, value ->> 0 AS token, value ->> 1 AS pos, value ->> 2 AS lo, value ->> 3 AS hi, value ->> 4 AS unit_id FROM json_each(?1)
)
SELECT q.key, (SELECT group_concat(np.version_id) FROM near_postings np
  WHERE np.token = q.token AND np.pos = q.pos AND np.size BETWEEN q.lo AND q.hi AND np.unit_id <> q.unit_id) AS ids
FROM q`;

type Lookup = [token: number, pos: number, lo: number, hi: number, unitId: number];

/** The statements reading every item's lookups, and how to turn their rows into the pairs kept for the checks. */
export function hitStatements(db: D1Database, items: readonly ProbeItem[], plan: ReadonlyMap<number, readonly ProbePlanRow[]>, threshold: number, mainOnly = false): {
  statements: D1PreparedStatement[];
  pairs(rows: readonly { key: number; ids: string | null }[][]): { item: number; version_id: number }[];
} {
  const lookups: Lookup[] = [];
  // Where each item's lookups end in `lookups` (they are item after item).
  const ends: number[] = [];
  for (const [, n, unitId, seqs] of items) {
    for (const [, at, pos, lo, hi] of plan.get(n) ?? []) {
      const token = seqs[at - 1]!;
      if (token > 0) lookups.push([token, pos, lo, hi, unitId]);
    }
    ends.push(lookups.length);
  }
  const chunks = jsonChunks(lookups);
  return {
    statements: chunks.map((c) => db.prepare(mainOnly ? HITS_MAIN : HITS).bind(c)),
    pairs(results) {
      // Every lookup of a chunk gives a row (NULL: no posting), by its key in the chunk: back to
      // one list over every lookup.
      const ids: (string | null)[] = [];
      let from = 0;
      for (const rows of results) {
        for (const r of rows) ids[from + r.key] = r.ids;
        from += rows.length;
      }
      const out: { item: number; version_id: number }[] = [];
      let start = 0;
      items.forEach(([item, n], i) => {
        // k = min(2, α) hits: 2 but for sets so small a single common bigram could do (α ≤ 1).
        const need = nearOverlap(n, nearSizeRange(n, threshold)[0], threshold) <= 1 ? 1 : 2;
        let chars = 0;
        for (let l = start; l < ends[i]!; l++) chars += ids[l]?.length ?? 0;
        table.reset(chars);
        for (let l = start; l < ends[i]!; l++) table.count(ids[l] ?? null, need, item, out);
        start = ends[i]!;
      });
      return out;
    },
  };
}

/**
 * Hits per version for one item: an open-addressing table of typed arrays, kept between items
 * and submissions. Its Map<version, count> before cost ~7 ms at 100,000 items (63,000 postings,
 * one get and one set each; the same lists counted in Node, medians of 30): this ~2.5 ms.
 */
class HitTable {
  private keys = new Int32Array(0);
  private hits = new Uint8Array(0);
  private used = new Int32Array(0);
  private filled = 0;
  private mask = 0;

  /** Empties the table for an item whose lists hold `chars` characters (at most chars / 2 ids). */
  reset(chars: number): void {
    for (let k = 0; k < this.filled; k++) this.hits[this.used[k]!] = 0;
    this.filled = 0;
    let size = 64;
    while (size < chars) size *= 2; // at least twice the ids: short probes
    // Grown for an item of very common bigrams: not kept at that size for every later item.
    if (this.keys.length < size || (this.keys.length > 1 << 16 && this.keys.length > 4 * size)) {
      this.keys = new Int32Array(size);
      this.hits = new Uint8Array(size);
      this.used = new Int32Array(size);
    }
    this.mask = size - 1;
  }

  /** Counts each version id of a comma-separated list (group_concat's, digits only); a version reaching `need` hits joins `out` once. */
  count(list: string | null, need: number, item: number, out: { item: number; version_id: number }[]): void {
    if (list === null) return;
    const { keys, hits, used, mask } = this;
    let v = 0;
    for (let i = 0; i <= list.length; i++) {
      const c = i < list.length ? list.charCodeAt(i) : 44;
      if (c !== 44) {
        v = v * 10 + c - 48;
        continue;
      }
      let h = (Math.imul(v, 0x9e3779b1) >>> 0) & mask;
      while (hits[h] !== 0 && keys[h] !== v) h = (h + 1) & mask;
      if (hits[h] === 0) {
        keys[h] = v;
        used[this.filled++] = h;
      }
      if (hits[h] !== 255 && ++hits[h]! === need) out.push({ item, version_id: v });
      v = 0;
    }
  }
}

const table = new HitTable();

/** The statement, for the test that holds its query plan. */
export const NEAR_HITS_SQL = { HITS, HITS_MAIN } as const;
