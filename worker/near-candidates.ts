import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { compactText } from '../shared/text.js';
import { nearBigrams, nearPrefixLength, type StoredCandidate } from '../shared/index.js';
import { NEAR_DUPLICATE_MIN_LENGTH } from '../shared/near-duplicate.js';
import { bigramIds, type BigramIds } from '../shared/bigram-sets.js';
import { nearProbePlan } from '../shared/near-signature.js';
import { allCurrent, candidatesById, candidateRows, candidateStatements, indexStatements, readIndexState, type CandidateRow, type IndexRow, type IndexState } from './db/near-index.js';
import { probeIndex, probeReads, type ProbeItem, type ProbePlanRow, type ProbeWay } from './db/near-probe.js';
import type { Alongside } from './db/near-survivors.js';
import type { NewVersion } from './db/submissions.js';
import { nearSetCache, type NearSetCache } from './near-set-cache.js';
import { sketchHex } from './near-sketch.js';

/**
 * Whether a submission's probe turns down survivors by their stored sketches (0013) before reading
 * their whole sets. Always on in the app; the bench turns it off to time the way before beside it.
 */
export const nearSketchFilter = { on: true };

/** Pending (not yet indexed) targets one submission indexes beside its own versions. */
export const PENDING_PER_SUBMISSION = 5_000;

/** What the near-duplicate index gives a submission: the core's stored candidates, and the writes for its batch. */
export interface NearPlan {
  /** Other units' current versions that may be similar to the submission's items (a superset, never missing one). */
  stored: StoredCandidate[];
  /** The stored candidate a crossUnit place names, by its key. */
  byKey: ReadonlyMap<string, StoredCandidate>;
  /** Index writes for the submission's batch: each stored submission's versions (with their ords in it), and some pending ones. */
  statements(submissions: readonly { id: string; versions: readonly NewVersion[] }[]): D1PreparedStatement[];
  /** What the probe did, for the bench: lookups asked, postings hit, pairs checked from their sets (small probes), candidates kept. */
  counts: { lookups: number; reads?: number; pairs: number; kept: number; pending: number; ms: number[] };
}

/** A probe begun (startNear): the submission's index order, and the index's state being read. */
export interface NearStart {
  order: IndexOrder;
  state: Promise<IndexState>;
}

/**
 * Starts reading the index's state as a submission's probe needs it: its bigrams' seqs, the
 * pending versions, whether other units hold items. It needs only the submission's descriptions
 * and units, not its server keys, so submit.ts starts it beside the stored keys' read (one round
 * trip fewer in turn). Its rejection is handled here and met again where nearCandidates awaits it.
 */
export function startNear(db: D1Database, versions: readonly NewVersion[], unitIdOf: (v: NewVersion) => number): NearStart {
  const order = new IndexOrder(bigramIds(versions.map((v) => v.item.fields.description ?? ''), NEAR_DUPLICATE_MIN_LENGTH));
  // Several units (an aggregate): each unit's items are candidates for the others' items.
  const units = [...new Set(versions.map(unitIdOf))];
  const state = readIndexState(db, order.asked, units.length === 1 ? units : []);
  state.catch(() => undefined);
  return { order, state };
}

/**
 * Candidates for a submission's items from the persisted index (db/near-index.ts): every other
 * unit's current version whose description's postings (its item's target's, 0016) leave room for
 * a similar pair (shared/near-signature.ts), plus every current version whose target the index
 * does not hold yet. The core then computes the
 * similarities (SPEC 5), so the server finds exactly what checking the county's ledgers together
 * would. `unitIdOf` gives each version's unit id; `versions` carry the server's keys.
 * `probe: false` only prepares the index writes (seeding a county); `way` picks how the probe
 * reads its postings (db/near-probe.ts; by default, by the number of lookups); `countReads` counts the postings read and
 * `wholeSets: false` checks pairs from their prefixes alone, as 0008 did; `recent: false` writes a
 * submission's postings straight into the lists (0017), as before 0012; `setsAtOnce` reads the
 * survivors' whole sets with their prefixes, in one read; `sketches: false` reads every
 * survivor's set without first turning down those their sketches rule out (0013; all five for
 * the bench), and `sketchFrom` says from how many survivors' versions they are read (tests: 0);
 * `alongsideMax`, up to how many versions read the candidates' rows come with their sets
 * (ALONGSIDE_MAX; tests 0: read after them, as before); `start`, the state's read begun earlier
 * (startNear, for the same versions and units). `cache` keeps
 * the survivors' whole sets between submissions (the isolate's by default; null: none, the way
 * before it); `mark` is the bench's trace of the probe's steps.
 */
export async function nearCandidates(
  db: D1Database, versions: readonly NewVersion[], unitIdOf: (v: NewVersion) => number, threshold: number,
  options: {
    probe?: boolean; countReads?: boolean; way?: ProbeWay; wholeSets?: boolean; recent?: boolean; setsAtOnce?: boolean; sketches?: boolean; sketchFrom?: number; sharedRows?: number; alongsideMax?: number;
    cache?: NearSetCache | null; mark?: (step: string) => Promise<void>; start?: NearStart;
  } = {},
): Promise<NearPlan> {
  const cache = options.cache === undefined ? nearSetCache : options.cache;
  const ms = [Date.now()];
  const { order, state: stateRead } = options.start ?? startNear(db, versions, unitIdOf);
  // By server key: the versions stored are those of the final check, with the same keys. Each
  // version's text (its place in `versions`), if it has bigrams to index.
  const textOf = new Map<string, number>();
  versions.forEach((v, k) => {
    if (order.sizeOf(k) > 0) textOf.set(v.item.key, k);
  });
  const state = await stateRead;
  ms.push(Date.now());
  cache?.seen(state);
  order.known(state.seqs, state.top);
  // A lower threshold than the prefixes were cut for: they may miss, so everything is pending again.
  const requeue = state.threshold !== null && threshold < state.threshold - 1e-12;
  const pending = requeue ? await allCurrent(db) : state.pending;
  const indexNow = [...pending].sort((a, b) => a.indexId - b.indexId).slice(0, PENDING_PER_SUBMISSION);
  const pendingBigrams = indexNow.map((c) => [c.indexId, nearBigrams(compactText(c.description))] as const);

  // Each item's bigrams in the index order (0: not stored yet, in no stored set); the lookups of its size's plan.
  const probe: ProbeItem[] = [];
  // Each item's seqs in the index order, as the probe cut them: its index rows reuse them (its
  // bigrams' seqs were all settled by the first order.known; later ones are other bigrams').
  const orderedOf = new Map<string, number[]>();
  const plans = new Map<number, ProbePlanRow[]>();
  let lookups = 0;
  // Nothing to probe when no other unit holds an item (a county's first unit, its own resubmissions).
  if (options.probe !== false && state.others) {
    for (const v of versions) {
      const k = textOf.get(v.item.key);
      if (k === undefined) continue;
      const n = order.sizeOf(k);
      let plan = plans.get(n);
      if (!plan) plans.set(n, (plan = nearProbePlan(n, threshold).map(([at, pos, lo, hi]): ProbePlanRow => [n, at, pos, lo, hi])));
      const all = order.orderedText(k);
      orderedOf.set(v.item.key, all);
      const seqs = all.map((s) => (s > state.top ? 0 : s));
      for (const row of plan) if (seqs[row[1] - 1]! > 0) lookups++;
      probe.push([v.ord, n, unitIdOf(v), seqs]);
    }
  }
  // Versions indexed before 0010: their whole sets, written in this batch.
  const wholeBigrams = state.unwhole.map((c) => [c.id, nearBigrams(compactText(c.description))] as const);
  const more = order.unasked([...pendingBigrams, ...wholeBigrams].flatMap(([, b]) => b ?? []));
  ms.push(Date.now());
  // The candidates' rows are read beside the survivors' sets (one round trip for both, cold);
  // those kept without a read (their sets held by the cache) are read after.
  const asked = new Set<number>();
  const rowsOf = new Map<number, CandidateRow[]>();
  const gather = (rows: readonly CandidateRow[]) => {
    for (const r of rows) {
      const same = rowsOf.get(r.indexId);
      if (same) same.push(r);
      else rowsOf.set(r.indexId, [r]);
    }
  };
  const alongside: Alongside = {
    statements: (ids) => candidateStatements(db, ids),
    take: (ids, results) => {
      for (const id of ids) asked.add(id);
      gather(candidateRows(results));
    },
  };
  const probed = await probeIndex(db, probe, plans, lookups, threshold, more, {
    way: options.way, wholeSets: options.wholeSets, setsAtOnce: options.setsAtOnce, sketches: options.sketches ?? nearSketchFilter.on, sketchFrom: options.sketchFrom, sharedRows: options.sharedRows, cache, mark: options.mark,
    alongside, alongsideMax: options.alongsideMax,
  });
  ms.push(Date.now());
  order.known(probed.seqs, state.top);
  order.addNew(more);

  const kept = probed.kept;
  const reads = options.countReads ? { reads: await probeReads(db, probe, plans) } : {};
  ms.push(Date.now());
  const keptInOrder = [...kept].sort((x, y) => x - y);
  gather(await candidatesById(db, keptInOrder.filter((id) => !asked.has(id))));
  const offered = keptInOrder.flatMap((id) => rowsOf.get(id) ?? []);
  ms.push(Date.now());
  await options.mark?.('candidates read');

  // The submission's own keys are being replaced (an aggregate's units): not candidates.
  const ownKeys = new Set(versions.map((v) => v.item.key));
  const ownUnits = new Set(versions.map(unitIdOf));
  const byId = new Map<number, CandidateRow>();
  for (const c of [...pending, ...offered]) {
    if (ownKeys.has(c.key) || (ownUnits.size === 1 && ownUnits.has(c.unitId))) continue;
    byId.set(c.id, c);
  }
  const stored = [...byId.values()].map((c): StoredCandidate => ({ id: c.id, unit: c.unit, text: c.description, file: c.file, sheet: c.sheet, row: c.row, key: c.key }));
  const rowOf = (ref: number, all: number[]): IndexRow => [ref, all.length, all.slice(0, nearPrefixLength(all.length, threshold)), all, sketchHex(all)];
  return {
    stored,
    byKey: new Map(stored.map((s) => [s.key, s])),
    counts: { lookups, ...reads, pairs: probed.pairs, kept: kept.length, pending: pending.length, ms: ms.slice(1).map((t, i) => t - ms[i]!) },
    statements: (submissions) => indexStatements(
      db, threshold, requeue, { top: state.top, bigrams: order.newBigrams },
      submissions.map((s) => ({
        id: s.id,
        rows: s.versions.map((v) => {
          const k = textOf.get(v.item.key);
          return rowOf(v.ord, k === undefined ? [] : (orderedOf.get(v.item.key) ?? order.orderedText(k)));
        }),
      })),
      pendingBigrams.map(([id, b]) => rowOf(id, b ? order.ordered(b) : [])), indexNow.map((c) => c.indexId),
      wholeBigrams.flatMap(([id, b]) => {
        if (!b) return [];
        const all = order.ordered(b);
        return [[id, all, sketchHex(all)] as [number, number[], string]];
      }),
      { recent: options.recent, sketches: state.unsketched.map(({ id, bigrams }) => [id, sketchHex(JSON.parse(bigrams) as number[])] as [number, string]) },
    ),
  };
}

/** Room for each bigram's first-seen number beside its count in one sort key (2^24: more distinct bigrams than any submission holds). */
const FIRST_SEEN = 2 ** 24;

/**
 * The index order as this submission will store it: seq descending. Bigrams not stored yet take
 * the seqs after the highest stored one, in `newBigrams` order (the submission's most frequent
 * first, so it ends up last among them). Prefixes cut here are the ones written. The submission's
 * own texts are read as dense ids (shared bigramIds): a seq each in an Int32Array, no string or
 * Map lookup per bigram of a text (10,000 rows: ~450,000 of them); other texts (pending versions,
 * those given their whole sets) as nearBigrams's strings.
 */
class IndexOrder {
  readonly asked: string[];
  readonly newBigrams: string[] = [];
  private readonly seqs = new Map<string, number>();
  private readonly seqOfId: Int32Array;
  private top = 0;

  constructor(private readonly ids: BigramIds) {
    // Most frequent first, first seen first among equal counts: one number each, sorted natively
    // (a comparator reading two counts from the Map was a third of this on 10,000 items).
    const { count, freq, strings } = ids;
    let top = 1;
    for (let id = 0; id < count; id++) if (freq[id]! >= top) top = freq[id]! + 1;
    const keys = new Float64Array(count);
    for (let id = 0; id < count; id++) keys[id] = (top - freq[id]!) * FIRST_SEEN + id;
    keys.sort();
    this.asked = Array.from(keys, (key) => strings[key % FIRST_SEEN]!);
    this.seqOfId = new Int32Array(count);
  }

  /** How many bigrams text k of the submission holds (0: too short to compare). */
  sizeOf(k: number): number {
    return this.ids.textStart[k + 1]! - this.ids.textStart[k]!;
  }

  /** Records stored seqs (all below `top`); the first call also numbers the submission's own new bigrams. */
  known(seqs: ReadonlyMap<string, number>, top: number): void {
    this.top = top;
    const first = this.seqs.size === 0 && this.newBigrams.length === 0;
    for (const [g, s] of seqs) this.seqs.set(g, s);
    if (!first) return;
    this.addNew(this.asked);
    const { strings } = this.ids;
    for (let id = 0; id < this.seqOfId.length; id++) this.seqOfId[id] = this.seqs.get(strings[id]!)!;
  }

  /** Bigrams of `more` neither asked about nor known. */
  unasked(more: readonly string[]): string[] {
    const asked = new Set(this.asked);
    return [...new Set(more)].filter((g) => !asked.has(g) && !this.seqs.has(g));
  }

  /** Appends the bigrams of `list` not stored yet as the newest (the next seqs). */
  addNew(list: readonly string[]): void {
    for (const g of list) {
      if (this.seqs.has(g)) continue;
      this.newBigrams.push(g);
      this.seqs.set(g, this.top + this.newBigrams.length);
    }
  }

  /** Text k's seqs under the order (newest first): its prefix is the first nearPrefixLength of them. */
  orderedText(k: number): number[] {
    const { flat, textStart } = this.ids;
    const from = textStart[k]!;
    const seqs = new Int32Array(textStart[k + 1]! - from);
    for (let i = 0; i < seqs.length; i++) seqs[i] = this.seqOfId[flat[from + i]!]!;
    return descending(seqs);
  }

  /** Another text's set (nearBigrams's strings), ordered the same way. */
  ordered(bigrams: readonly string[]): number[] {
    const seqs = new Int32Array(bigrams.length);
    for (let i = 0; i < bigrams.length; i++) seqs[i] = this.seqs.get(bigrams[i]!)!;
    return descending(seqs);
  }
}

/** Sorted natively, ascending, and read back from the end. */
function descending(seqs: Int32Array): number[] {
  seqs.sort();
  const out = new Array<number>(seqs.length);
  for (let i = 0; i < seqs.length; i++) out[i] = seqs[seqs.length - 1 - i]!;
  return out;
}
