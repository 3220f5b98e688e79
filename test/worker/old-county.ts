import type { D1PreparedStatement } from '@cloudflare/workers-types';
import { env } from 'cloudflare:workers';
import { nearBigrams, nearPrefixLength } from '../../shared/index.js';
import { compactText } from '../../shared/text.js';
import { sha256Hex } from '../../worker/hash.js';

/** Three descriptions no two of which are near-duplicates, the older counties' stored items. */
export const T1 = '2023年3月城区农贸市场查处无证经营时未出示执法证件，共5起案件当事人未签字';
export const T2 = '2023年6月在307国道沿线开展联合执法时扣押物品未开具清单，涉及货车12辆';
export const T3 = '今年以来安监站办理的14起案件中，南山村等地听证告知书未说明裁量理由，5月专项检查时发现';

/** One item version as a migration test stores it by hand, the way an older server stored it. */
export interface OldVersion {
  id: number;
  key: string;
  version?: number;
  sub: string;
  unit: number;
  text: string;
}

/** The three versions of T1–T3 the index migration tests store: unit 1's, and two of unit 2's in one submission. */
export const OLD_VERSIONS: readonly OldVersion[] = [
  { id: 1, key: 'ZG-A', sub: 's1', unit: 1, text: T1 },
  { id: 2, key: 'ZG-B', sub: 's2', unit: 2, text: T2 },
  { id: 3, key: 'ZG-C', sub: 's2', unit: 2, text: T3 },
];

/**
 * How the servers of 0008–0011 indexed a text: seqs in order of first storage (recorded in
 * `seqs`), its whole set by seq descending, its prefix the first nearPrefixLength of them.
 */
export function indexedSet(text: string, threshold: number, seqs: Map<string, number>): { size: number; all: number[]; prefix: number[] } {
  const grams = nearBigrams(compactText(text))!;
  for (const g of grams) if (!seqs.has(g)) seqs.set(g, seqs.size + 1);
  const all = grams.map((g) => seqs.get(g)!).sort((a, b) => b - a);
  return { size: grams.length, all, prefix: all.slice(0, nearPrefixLength(grams.length, threshold)) };
}

/** The old county's versions with their sets indexed at `threshold`, and the seqs the sets numbered. */
export function oldIndex(threshold: number) {
  const seqs = new Map<string, number>();
  const versions = OLD_VERSIONS;
  const sets = new Map(versions.map((v) => [v.id, indexedSet(v.text, threshold, seqs)]));
  return { seqs, versions, sets };
}

/**
 * The statements that store a small county the way every schema from 0006 on holds it: units
 * (ids from 1), a county token, one submission per `subs` entry (the unit of its first version), the
 * versions (ord and row by their place in their submission) and each key's item at its highest
 * version; the near-duplicate index empty of pending work, at threshold `threshold`, with `seqs` as
 * its stored bigrams. A migration test adds its own era's postings and runs the batch.
 */
export async function oldCounty(county: string, units: readonly string[], versions: readonly OldVersion[], threshold: number, seqs: ReadonlyMap<string, number>): Promise<D1PreparedStatement[]> {
  const item = (key: string, description: string) => JSON.stringify({ row: 3, key, fields: { description }, deadline: { kind: 'none' }, status: 'in_progress', timeliness: { state: 'in_progress' }, diagnostics: [] });
  const subs = [...new Map(versions.map((v) => [v.sub, v])).values()];
  const ordInSub = (v: OldVersion) => versions.filter((w) => w.sub === v.sub).indexOf(v);
  const current = new Map<string, OldVersion>();
  for (const v of versions) if ((current.get(v.key)?.version ?? 0) <= (v.version ?? 1)) current.set(v.key, v);
  return [
    env.DB.prepare(`INSERT INTO units (id, name) SELECT key + 1, value FROM json_each(?)`).bind(JSON.stringify(units)),
    env.DB.prepare("INSERT INTO tokens (id, token_hash, role, label) VALUES (1, ?, 'county', 'county office')").bind(await sha256Hex(county)),
    ...subs.map((v) => env.DB.prepare(
      `INSERT INTO submissions (id, unit_id, version, token_id, body_hash, source, file, submitted_at, submitted_on, item_count, error_count, warning_count, report)
       VALUES (?, ?, ?, 1, 'h', 'json', 'x.xlsx', '2023-04-24T02:00:00Z', '2023-04-24', 1, 0, 0, '{"sheets":[]}')`,
    ).bind(v.sub, v.unit, v.version ?? 1)),
    ...versions.map((v) => env.DB.prepare(
      `INSERT INTO item_versions (id, item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description, deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item)
       VALUES (?, ?, ?, ?, ?, ?, 0, 'Sheet1', ?, '执法程序', ?, 'none', NULL, 'in_progress', NULL, 'in_progress', 0, 0, ?)`,
    ).bind(v.id, v.key, v.version ?? 1, v.sub, v.unit, ordInSub(v), ordInSub(v) + 3, v.text, item(v.key, v.text))),
    ...[...current.values()].map((v) => env.DB.prepare(
      `INSERT INTO items (key, unit_id, current_version_id, versions, category, deadline_kind, due, status, completed_on, vague, has_evidence, review_state, review_since, first_submitted_on)
       VALUES (?, ?, ?, ?, '执法程序', 'none', NULL, 'in_progress', NULL, 0, 0, 'pending', '2023-04-24', '2023-04-24')`,
    ).bind(v.key, v.unit, v.id, v.version ?? 1)),
    env.DB.prepare('DELETE FROM near_pending'),
    env.DB.prepare('INSERT INTO near_index (id, threshold) VALUES (1, ?)').bind(threshold),
    env.DB.prepare('INSERT INTO near_bigrams (bigram, seq) SELECT j.value ->> 0, j.value ->> 1 FROM json_each(?) j').bind(JSON.stringify([...seqs])),
  ];
}

/**
 * Each version's index rows as the servers of 0010–0015 wrote them: its postings (its prefix's
 * seqs at their positions, into near_postings, or `recent` for the ids given) and its near_sets
 * row (prefix and whole set; `prefixOf` may store a prefix otherwise than in the index order).
 */
export function indexedRows(
  versions: readonly OldVersion[], sets: ReadonlyMap<number, { size: number; all: number[]; prefix: number[] }>,
  options: { recent?: readonly number[]; prefixOf?: (id: number, prefix: number[]) => number[] } = {},
): D1PreparedStatement[] {
  const set = (id: number) => sets.get(id)!;
  return [
    ...versions.map((v) => env.DB.prepare(`INSERT INTO ${options.recent?.includes(v.id) ? 'near_postings_recent' : 'near_postings'} (token, pos, size, unit_id, version_id) SELECT value, key + 1, ?, ?, ? FROM json_each(?)`)
      .bind(set(v.id).size, v.unit, v.id, JSON.stringify(set(v.id).prefix))),
    ...versions.map((v) => env.DB.prepare('INSERT INTO near_sets (version_id, size, prefix, bigrams) VALUES (?, ?, ?, ?)')
      .bind(v.id, set(v.id).size, JSON.stringify(options.prefixOf?.(v.id, set(v.id).prefix) ?? set(v.id).prefix), JSON.stringify(set(v.id).all))),
  ];
}
