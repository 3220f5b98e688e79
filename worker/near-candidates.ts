import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { compactText } from '../shared/text.js';
import { nearBigrams, nearPrefixLength, nearSingleTokenSize, nearSizeRange, type StoredCandidate } from '../shared/index.js';
import { allCurrent, indexStatements, readCandidates, type CandidateRow, type IndexRow, type ProbeRow } from './db/near-index.js';
import type { NewVersion } from './db/submissions.js';

/** Pending (not yet indexed) current versions one submission indexes beside its own. */
export const PENDING_PER_SUBMISSION = 5_000;

/** What the near-duplicate index gives a submission: the core's stored candidates, and the writes for its batch. */
export interface NearPlan {
  /** Other units' current versions that may be similar to the submission's items (a superset, never missing one). */
  stored: StoredCandidate[];
  /** The stored candidate a crossUnit place names, by its key. */
  byKey: ReadonlyMap<string, StoredCandidate>;
  /** Index writes for the submission's batch: each stored submission's versions (with their ords in it), and some pending ones. */
  statements(submissions: readonly { id: string; versions: readonly NewVersion[] }[]): D1PreparedStatement[];
}

/**
 * Candidates for a submission's items from the persisted index (db/near-index.ts): every other
 * unit's current version sharing enough of its prefix with one of them, plus every current
 * version the index does not hold yet. The core then computes the similarities (SPEC 5), so
 * the server finds exactly what checking the county's ledgers together would.
 * `unitIdOf` gives each version's unit id; `versions` carry the server's keys.
 */
export async function nearCandidates(
  db: D1Database, versions: readonly NewVersion[], unitIdOf: (v: NewVersion) => number, threshold: number,
): Promise<NearPlan> {
  // By server key: the versions stored are those of the final check, with the same keys.
  const bigramsOf = new Map<string, string[]>();
  const probe: ProbeRow[] = [];
  for (const v of versions) {
    const bigrams = nearBigrams(compactText(v.item.fields.description ?? ''));
    if (!bigrams) continue;
    bigramsOf.set(v.item.key, bigrams);
    const n = bigrams.length;
    probe.push([unitIdOf(v), n, ...nearSizeRange(n, threshold), nearPrefixLength(n, threshold), bigrams]);
  }
  const read = await readCandidates(db, probe, nearSingleTokenSize(threshold));
  // A lower threshold than the prefixes were cut for: they may miss, so everything is pending again.
  const requeue = read.threshold !== null && threshold < read.threshold - 1e-12;
  const pending = requeue ? await allCurrent(db) : read.pending;

  // The submission's own keys are being replaced (an aggregate's units): not candidates.
  const ownKeys = new Set(versions.map((v) => v.item.key));
  const ownUnits = new Set(versions.map(unitIdOf));
  const byId = new Map<number, CandidateRow>();
  for (const c of [...pending, ...read.offered]) {
    if (ownKeys.has(c.key) || (ownUnits.size === 1 && ownUnits.has(c.unitId))) continue;
    byId.set(c.id, c);
  }
  const stored = [...byId.values()].map((c): StoredCandidate => ({ id: c.id, unit: c.unit, text: c.description, file: c.file, sheet: c.sheet, row: c.row, key: c.key }));

  const indexNow = [...pending].sort((a, b) => a.id - b.id).slice(0, PENDING_PER_SUBMISSION);
  const pendingRows: IndexRow[] = [];
  for (const c of indexNow) {
    const bigrams = nearBigrams(compactText(c.description));
    if (bigrams) pendingRows.push([c.id, bigrams.length, nearPrefixLength(bigrams.length, threshold), bigrams]);
  }
  return {
    stored,
    byKey: new Map(stored.map((s) => [s.key, s])),
    statements: (submissions) => indexStatements(
      db, threshold, requeue,
      submissions.map((s) => ({
        id: s.id,
        rows: indexRowsOf(s.versions, threshold, (v) => bigramsOf.get(v.item.key) ?? null),
      })),
      pendingRows, indexNow.map((c) => c.id),
    ),
  };
}

/** A stored submission's rows for the index, by ord (bigrams computed unless given). */
export function indexRowsOf(
  versions: readonly NewVersion[], threshold: number,
  bigramsOf = (v: NewVersion) => nearBigrams(compactText(v.item.fields.description ?? '')),
): IndexRow[] {
  return versions.flatMap((v): IndexRow[] => {
    const bigrams = bigramsOf(v);
    return bigrams ? [[v.ord, bigrams.length, nearPrefixLength(bigrams.length, threshold), bigrams]] : [];
  });
}
