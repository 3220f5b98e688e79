import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { compactText } from '../shared/text.js';
import { nearBigrams, nearPrefixLength, nearSingleTokenSize, nearSizeRange, type StoredCandidate } from '../shared/index.js';
import { allCurrent, indexStatements, probeIndex, readIndexState, type CandidateRow, type IndexRow, type ProbeRow } from './db/near-index.js';
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
 * `unitIdOf` gives each version's unit id; `versions` carry the server's keys. `probe: false`
 * only prepares the index writes (seeding a county).
 */
export async function nearCandidates(
  db: D1Database, versions: readonly NewVersion[], unitIdOf: (v: NewVersion) => number, threshold: number, options: { probe?: boolean } = {},
): Promise<NearPlan> {
  // By server key: the versions stored are those of the final check, with the same keys.
  const bigramsOf = new Map<string, string[]>();
  for (const v of versions) {
    const bigrams = nearBigrams(compactText(v.item.fields.description ?? ''));
    if (bigrams) bigramsOf.set(v.item.key, bigrams);
  }
  const order = new IndexOrder([...bigramsOf.values()]);
  const state = await readIndexState(db, order.asked);
  order.known(state.seqs);
  // A lower threshold than the prefixes were cut for: they may miss, so everything is pending again.
  const requeue = state.threshold !== null && threshold < state.threshold - 1e-12;
  const pending = requeue ? await allCurrent(db) : state.pending;
  const indexNow = [...pending].sort((a, b) => a.id - b.id).slice(0, PENDING_PER_SUBMISSION);
  const pendingBigrams = indexNow.map((c) => [c.id, nearBigrams(compactText(c.description))] as const);

  const probe: ProbeRow[] = [];
  if (options.probe !== false) {
    for (const v of versions) {
      const bigrams = bigramsOf.get(v.item.key);
      if (bigrams) probe.push([unitIdOf(v), bigrams.length, ...nearSizeRange(bigrams.length, threshold), order.prefix(bigrams, threshold)]);
    }
  }
  const more = order.unasked(pendingBigrams.flatMap(([, b]) => b ?? []));
  const probed = await probeIndex(db, probe, nearSingleTokenSize(threshold), more);
  order.known(probed.seqs);
  order.addNew(more);

  // The submission's own keys are being replaced (an aggregate's units): not candidates.
  const ownKeys = new Set(versions.map((v) => v.item.key));
  const ownUnits = new Set(versions.map(unitIdOf));
  const byId = new Map<number, CandidateRow>();
  for (const c of [...pending, ...probed.offered]) {
    if (ownKeys.has(c.key) || (ownUnits.size === 1 && ownUnits.has(c.unitId))) continue;
    byId.set(c.id, c);
  }
  const stored = [...byId.values()].map((c): StoredCandidate => ({ id: c.id, unit: c.unit, text: c.description, file: c.file, sheet: c.sheet, row: c.row, key: c.key }));
  const rowOf = (ref: number, bigrams: string[]): IndexRow => [ref, bigrams.length, order.prefix(bigrams, threshold)];
  return {
    stored,
    byKey: new Map(stored.map((s) => [s.key, s])),
    statements: (submissions) => indexStatements(
      db, threshold, requeue, order.newBigrams,
      submissions.map((s) => ({
        id: s.id,
        rows: s.versions.flatMap((v) => {
          const bigrams = bigramsOf.get(v.item.key);
          return bigrams ? [rowOf(v.ord, bigrams)] : [];
        }),
      })),
      pendingBigrams.flatMap(([id, b]) => (b ? [rowOf(id, b)] : [])), indexNow.map((c) => c.id),
    ),
  };
}

/**
 * The index order as this submission will store it: stored bigrams by seq, descending; bigrams
 * not stored yet come first (they take the next seqs, in `newBigrams` order: the submission's
 * most frequent first, so it ends up last). Prefixes cut here are the ones written.
 */
class IndexOrder {
  readonly asked: string[];
  readonly newBigrams: string[] = [];
  private readonly seqs = new Map<string, number>();
  private readonly fresh = new Map<string, number>();

  constructor(sets: readonly string[][]) {
    const count = new Map<string, number>();
    for (const set of sets) for (const g of set) count.set(g, (count.get(g) ?? 0) + 1);
    // Map order is first appearance; a stable sort keeps it among equal counts.
    this.asked = [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)!);
  }

  /** Records stored seqs; the first call also fixes the submission's own new bigrams. */
  known(seqs: ReadonlyMap<string, number>): void {
    for (const [g, s] of seqs) this.seqs.set(g, s);
    if (this.fresh.size === 0 && this.newBigrams.length === 0) this.addNew(this.asked);
  }

  /** Bigrams of `more` neither asked about nor known. */
  unasked(more: readonly string[]): string[] {
    const asked = new Set(this.asked);
    return [...new Set(more)].filter((g) => !asked.has(g) && !this.seqs.has(g));
  }

  /** Appends the bigrams of `list` not stored yet as the newest. */
  addNew(list: readonly string[]): void {
    for (const g of list) {
      if (this.seqs.has(g) || this.fresh.has(g)) continue;
      this.fresh.set(g, this.newBigrams.length);
      this.newBigrams.push(g);
    }
  }

  /** The first bigrams of a set under the order: its prefix for `threshold`. */
  prefix(bigrams: readonly string[], threshold: number): string[] {
    const key = (g: string) => this.seqs.get(g) ?? 2 ** 40 + this.fresh.get(g)!;
    return [...bigrams].sort((a, b) => key(b) - key(a)).slice(0, nearPrefixLength(bigrams.length, threshold));
  }
}
