// The Worker as `npm run bench worker` runs it: the real app, plus bench-only routes that store
// synthetic ledgers directly (to time the store alone, batched against per-row, and to seed a
// 100-unit county fast). Never deployed: wrangler.toml's main is worker/index.ts.
import type { D1Database, D1PreparedStatement, ExecutionContext } from '@cloudflare/workers-types';
import { read } from '@e965/xlsx';
import { Hono } from 'hono';
import { campaignOrDefault, findNearDuplicates } from '../shared/index.js';
import worker, { app } from '../worker/index.js';
import { INSERT_VERSIONS, itemStatements, submissionStatements, versionStatements, type NewSubmission, type NewVersion } from '../worker/db/submissions.js';
import { jsonChunks } from '../worker/db/json-chunks.js';
import { nearCandidates, nearSketchFilter } from '../worker/near-candidates.js';
import { nearSetCache } from '../worker/near-set-cache.js';
import { mergeRecentPostings } from '../worker/db/near-merge.js';
import { NEAR_PROBE_SQL, type ProbeWay } from '../worker/db/near-probe.js';
import { countyFacts } from '../worker/db/summary.js';
import { itemsAsOfRebuilt } from '../worker/db/as-of.js';
import { currentItemStates } from '../worker/db/items.js';
import { todayPageWhole } from '../worker/routes/items.js';
import { timelinessAsOf } from '../worker/timeliness-as-of.js';
import { timelinessChanges } from '../worker/scheduled.js';
import { countySummary } from '../worker/summary.js';
import { indexWrites, ledgerOf, seedUnit, submissionOf, unitWithToken } from './county-seed.js';
import { xlsxToWorkbook } from '../worker/xlsx-grid.js';
import { remoteDb, type RemoteCalls } from './remote-d1.js';
import { guardZip } from '../worker/zip-guard.js';

const bench = new Hono<{ Bindings: Env }>();

/** The naive way: one INSERT per item version and one upsert per item, each awaited. */
async function storePerRow(db: D1Database, s: NewSubmission, versions: readonly NewVersion[]): Promise<void> {
  await db.prepare(`INSERT INTO submissions (id, unit_id, version, token_id, body_hash, source, file, submitted_at, submitted_on, item_count, error_count, warning_count, report)
    VALUES (?, ?, (SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE unit_id = ?), ?, '', 'json', ?, ?, ?, ?, 0, 0, ?)`)
    .bind(s.id, s.unitId, s.unitId, s.tokenId, s.file, s.submittedAt, s.submittedOn, versions.length, s.report).run();
  for (const v of versions) {
    const it = v.item;
    const { meta } = await db.prepare(`INSERT INTO item_versions (item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description,
      deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item)
      VALUES (?, COALESCE((SELECT MAX(version) FROM item_versions WHERE item_key = ?), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .bind(it.key, it.key, s.id, s.unitId, v.ord, v.sheetIndex, v.sheet, it.row, it.fields.category ?? '', it.fields.description ?? '',
        it.deadline.kind, it.deadline.due ?? null, it.status, it.completedOn ?? null, it.timeliness.state, v.vague ? 1 : 0, v.hasEvidence ? 1 : 0, JSON.stringify(it)).run();
    await db.prepare(`INSERT INTO items (key, unit_id, current_version_id, versions, category, deadline_kind, due, status, completed_on, vague,
      has_evidence, review_state, review_since, timeliness, timeliness_on, first_submitted_on)
      VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET current_version_id = excluded.current_version_id`)
      .bind(it.key, s.unitId, meta.last_row_id, it.fields.category ?? '', it.deadline.kind, it.deadline.due ?? null, it.status, it.completedOn ?? null,
        v.vague ? 1 : 0, v.hasEvidence ? 1 : 0, s.submittedOn, it.timeliness.state, s.submittedOn, s.submittedOn).run();
  }
}

/**
 * The store before 0009 (the baseline): the same statements, each version's item JSON whole
 * (its description, key, file, sheet and messages again in every row).
 */
function wholeStatements(db: D1Database, s: NewSubmission, versions: readonly NewVersion[]): D1PreparedStatement[] {
  const [submission, ...rest] = submissionStatements(db, s, [], []); // the submission, its revisions, the items' upsert
  const insert = db.prepare(INSERT_VERSIONS);
  const rows = versions.map((v) => {
    const it = v.item;
    return [it.key, v.ord, v.sheetIndex, v.sheet, it.row, it.fields.category ?? '', it.fields.description ?? '',
      it.deadline.kind, it.deadline.due ?? null, it.status, it.completedOn ?? null, it.timeliness.state, v.vague ? 1 : 0, v.hasEvidence ? 1 : 0, it];
  });
  return [submission!, ...jsonChunks(rows).map((chunk) => insert.bind(s.id, s.unitId, chunk)), ...rest];
}

// Empties every table between phases, so each phase measures its own county.
bench.post('/__bench/reset', async (c) => {
  const tables = ['near_lists', 'near_dropped', 'near_postings_recent', 'near_sets', 'near_bigrams', 'near_pending', 'near_index', 'near_duplicates', 'extensions', 'reviews', 'timeliness_changes', 'notices', 'interviews', 'items', 'item_versions', 'submission_texts', 'submission_report_parts', 'submissions', 'tokens', 'units'];
  await c.env.DB.batch(tables.map((t) => c.env.DB.prepare(`DELETE FROM ${t}`)));
  nearSetCache.clear(); // version ids are given again from 1
  return c.json({ ok: true });
});

bench.post('/__bench/token', async (c) => {
  const { unit, role } = await c.req.json<{ unit: string; role?: 'unit' | 'county' }>();
  return c.json({ token: (await unitWithToken(c.env.DB, unit, role)).token });
});

// Times storing one unit's `rows`-item ledger, already checked: batched (the Worker's way) or per row.
bench.post('/__bench/store', async (c) => {
  const { mode, rows, unit } = await c.req.json<{ mode: 'batched' | 'whole' | 'indexed' | 'per-row'; rows: number; unit: string }>();
  // Checked first: workerd's clock stands still between I/O, so the check's CPU time would be
  // counted in the store's if it ran after the last I/O before `started`.
  const { report, versions } = ledgerOf(unit, rows, 11);
  const { unitId, tokenId } = await unitWithToken(c.env.DB, unit);
  const s = submissionOf(unitId!, tokenId, report);
  const started = Date.now(); // advances across I/O in workerd, which is what is measured here
  if (mode === 'batched' || mode === 'whole') {
    // The statements built (the Worker's JSON work), then an I/O so the clock moves, then the batch.
    const statements = mode === 'batched' ? submissionStatements(c.env.DB, s, versions, []) : wholeStatements(c.env.DB, s, versions);
    await c.env.DB.prepare('SELECT 1').run();
    const built = Date.now();
    const sql = (await c.env.DB.batch(statements)).map((r) => Math.round(r.meta.duration));
    return c.json({ ms: Date.now() - started, buildMs: built - started, items: versions.length, sql });
  }
  if (mode === 'indexed') {
    // The split: the items' statements built, the index's plan (its read of the stored seqs
    // included) and statements, then the batch (SQLite's own time per statement beside it).
    const statements = [versionStatements(c.env.DB, s, versions), itemStatements(c.env.DB, s, [])];
    await c.env.DB.prepare('SELECT 1').run();
    const built = Date.now();
    const writes = await indexWrites(c.env.DB, s.id, versions, unitId!);
    await c.env.DB.prepare('SELECT 1').run();
    const planned = Date.now();
    const sql = (await c.env.DB.batch([...statements[0]!, ...writes, ...statements[1]!])).map((r) => Math.round(r.meta.duration));
    return c.json({ ms: Date.now() - started, buildMs: built - started, planMs: planned - built, items: versions.length, sql });
  }
  await storePerRow(c.env.DB, s, versions);
  return c.json({ ms: Date.now() - started, items: versions.length, sql: [] });
});

// Times a resubmission of a unit's indexed `rows`-item ledger, unchanged (every item a new
// version, every description the same): since 0016 each new version is indexed as its item's
// target, so the batch writes and drops nothing of the index (before, it dropped each old
// version's postings and near_sets row and wrote the same rows again for the new versions).
// (Moving the rows to the new version by triggers was tried before, interleaved: the items'
// upsert went 1.08 -> 1.62 s while the postings' and sets' statements went 0.73 -> 0.15 s, no
// faster in all: the version id is in the postings' key, so a move is a delete and an insert.)
// `changed`: every description changed instead (a word appended): the index rows of every item
// dropped and written for its new text, as every resubmission did before 0016.
bench.post('/__bench/resubmit', async (c) => {
  const { rows, unit, changed } = await c.req.json<{ rows: number; unit: string; changed?: boolean }>();
  const db = c.env.DB;
  const { report, versions } = ledgerOf(unit, rows, 11);
  const { unitId, tokenId } = await unitWithToken(db, unit);
  const first = submissionOf(unitId!, tokenId, report);
  await db.batch(submissionStatements(db, first, versions, [], await indexWrites(db, first.id, versions, unitId!)));
  const again = changed ? ledgerOf(unit, rows, 11).versions : versions;
  if (changed) for (const v of again) v.item.fields.description = `${v.item.fields.description ?? ''}并已复查`;
  const s = submissionOf(unitId!, tokenId, report);
  const statements = submissionStatements(db, s, again, [], await indexWrites(db, s.id, again, unitId!));
  await db.prepare('SELECT 1').run(); // an I/O: the clock moves past building the statements
  const started = Date.now();
  const results = await db.batch(statements);
  const ms = Date.now() - started;
  // Rows written, as D1 counts (and bills) them: triggers' writes and index entries included.
  const written = results.reduce((n, r) => n + (r.meta.rows_written ?? 0), 0);
  return c.json({ ms, items: versions.length, sql: results.map((r) => Math.round(r.meta.duration)), written });
});

// A small ledger's store batch alone (its statements built first, as the Worker builds them
// before its batch), the index's postings into near_postings_recent (0012) or, `recent: false`,
// straight into the lists (0017; the way before 0012): the batch's time and SQLite's time of its
// postings statements.
bench.post('/__bench/store-batch', async (c) => {
  const { rows, unit, seed, recent } = await c.req.json<{ rows: number; unit: string; seed: number; recent: boolean }>();
  const db = c.env.DB;
  const { report, versions } = ledgerOf(unit, rows, seed);
  const { unitId, tokenId } = await unitWithToken(db, unit);
  const s = submissionOf(unitId!, tokenId, report);
  const log: TraceEntry[] = [];
  const traced = tracedDb(db, log);
  const plan = await nearCandidates(traced, versions, () => unitId!, campaignOrDefault().nearDuplicateThreshold, { probe: false, recent });
  const statements = submissionStatements(traced, s, versions, [], plan.statements([{ id: s.id, versions }]));
  await db.prepare('SELECT 1').run(); // an I/O: the clock moves past building the statements
  const started = Date.now();
  await traced.batch(statements);
  const ms = Date.now() - started;
  const batch = log.at(-1)!;
  const sql = batch.sqlMs as number[];
  const postings = (batch.args ?? []).reduce((n, a, i) => n + (/INSERT INTO near_(postings_recent|lists)/.test(String(a[0])) ? sql[i] ?? 0 : 0), 0);
  return c.json({ ms, sqlMs: sql.reduce((a, b) => a + b, 0), postingsMs: postings, recent: await db.prepare('SELECT count(*) AS n FROM near_postings_recent').first<number>('n') });
});

// The scheduled job's merge of the recent postings (0012), timed.
bench.post('/__bench/merge', async (c) => {
  const started = Date.now();
  const { merged } = await mergeRecentPostings(c.env.DB);
  return c.json({ ms: Date.now() - started, merged });
});

// Seeds one unit of `items` items, stored and indexed in one batch the Worker's way (a county is
// seeded unit by unit; no near-duplicate search, so seeding 100,000 items stays fast).
bench.post('/__bench/seed', async (c) => {
  const { unit, items, seed } = await c.req.json<{ unit: string; items: number; seed: number }>();
  return c.json({ items: await seedUnit(c.env.DB, unit, items, seed) });
});

// The old way of a submission's cross-unit search (before the index): load every other unit's
// current description and run the core's search over all of them with the new items.
bench.post('/__bench/old-search', async (c) => {
  const { rows, seed } = await c.req.json<{ rows: number; seed: number }>();
  const started = Date.now();
  const { versions } = ledgerOf('旧法乡', rows, seed);
  const others = await c.env.DB.prepare(`SELECT v.id, u.name, v.description FROM items i
    JOIN item_versions v ON v.id = i.current_version_id JOIN units u ON u.id = i.unit_id WHERE length(v.description) >= 10`).raw<[number, string, string]>();
  const loaded = Date.now();
  const best = findNearDuplicates([
    ...versions.map((v) => ({ id: -(v.ord + 1), unit: '旧法乡', text: v.item.fields.description ?? '' })),
    ...others.map(([id, unit, text]) => ({ id, unit, text })),
  ], campaignOrDefault().nearDuplicateThreshold);
  const found = versions.filter((v) => best.has(-(v.ord + 1))).length;
  return c.json({ ms: Date.now() - started, loadMs: loaded - started, items: others.length, found });
});

// The index probe alone for a `rows`-row ledger of a unit not stored yet: its time and what it did
// (lookups asked, postings hit, candidates kept for the core), then the core's search over the
// items and those candidates (what the submission's check does with them), beside what it finds.
// `wholeSets: false` checks the pairs from their prefixes alone (0008's way) on the same index.
// The isolate's cache of whole sets (worker/near-set-cache.ts): `clear` empties it (a cold
// isolate's), `warm` then probes the ledgers of those seeds (another unit's each, nothing stored),
// as other submissions before this one would have filled it.
// `sketches`: whether submissions' probes turn survivors down by their sketches (0013) from now on (false: the way before).
bench.post('/__bench/near-cache', async (c) => {
  const { clear, warm = [], rows = 60, sketches } = await c.req.json<{ clear?: boolean; warm?: number[]; rows?: number; sketches?: boolean }>();
  if (clear) nearSetCache.clear();
  if (sketches !== undefined) nearSketchFilter.on = sketches;
  for (const seed of warm) await nearCandidates(c.env.DB, ledgerOf('预热乡', rows, seed).versions, () => -1, campaignOrDefault().nearDuplicateThreshold);
  return c.json(nearSetCache.stats);
});

// Whether GET /items reads today's page whole in one batch (db/items-page.ts); `whole: false`,
// the page first, then its rows with their remarks by id (as a past date's page is read).
bench.post('/__bench/items-way', async (c) => {
  const { whole } = await c.req.json<{ whole: boolean }>();
  todayPageWhole.on = whole;
  return c.json({ whole });
});

bench.post('/__bench/probe', async (c) => {
  const { rows, seed, way, wholeSets, only, probe, setsAtOnce, cache, steps, sketches } = await c.req.json<{
    rows: number; seed: number; way?: ProbeWay; wholeSets?: boolean; only?: boolean; probe?: boolean; setsAtOnce?: boolean; sketches?: boolean;
    /** 'off': no cache (the way before it); 'cold': emptied first; absent: as the isolate holds it. */
    cache?: 'off' | 'cold'; steps?: boolean;
  }>();
  const { versions } = ledgerOf('探针乡', rows, seed);
  if (cache === 'cold') nearSetCache.clear();
  await c.env.DB.prepare('SELECT 1').run(); // an I/O: workerd's clock then moves past the check
  // Its D1 round trips traced: SQLite's own time for the statements reading the postings.
  const log: TraceEntry[] = [{ at: Date.now(), kind: 'start', sql: '' }];
  // `steps`: the probe's steps, each ended by a round trip of its own (the clock moves at I/O);
  // each step's time holds one such round trip (`SELECT 1`, timed alone as step 'mark').
  const marks: [string, number][] = [];
  const mark = steps ? async (step: string) => { await c.env.DB.prepare('SELECT 1').run(); marks.push([step, Date.now()]); } : undefined;
  if (mark) {
    await mark('start');
    await mark('mark');
  }
  const before = nearSetCache.stats;
  const started = Date.now();
  const plan = await nearCandidates(tracedDb(c.env.DB, log), versions, () => -1, campaignOrDefault().nearDuplicateThreshold, {
    wholeSets, way, probe, setsAtOnce, sketches, cache: cache === 'off' ? null : undefined, mark,
  });
  const ms = Date.now() - started;
  const reading = new Set<string>([NEAR_PROBE_SQL.HITS, NEAR_PROBE_SQL.READ_SHARED]);
  const sets = new Set<string>([NEAR_PROBE_SQL.SURVIVOR_SETS, NEAR_PROBE_SQL.SURVIVOR_SETS_WHOLE, NEAR_PROBE_SQL.WHOLE_SETS, NEAR_PROBE_SQL.SURVIVOR_SKETCHES]);
  let statementMs = 0;
  let setsMs = 0;
  for (const e of log) {
    const each = Array.isArray(e.sqlMs) ? e.sqlMs : [e.sqlMs ?? 0];
    (e.args ?? []).forEach((a, i) => {
      if (reading.has(a[0] as string)) statementMs += each[i] ?? 0;
      if (sets.has(a[0] as string)) setsMs += each[i] ?? 0;
    });
  }
  const rounds = log.slice(1).map((e, k) => `${e.at - log[k]!.at}:${e.sql.slice(0, 24)}`);
  const stepMs = marks.slice(1).map(([step, at], k) => [step, at - marks[k]![1]] as const);
  const after = nearSetCache.stats;
  // The sets held after it, and how many of its survivors' sets the cache answered.
  const cached = { ...after, hits: after.hits - before.hits, misses: after.misses - before.misses };
  // `only`: the probe alone (its CPU time measured from outside).
  if (only) return c.json({ ...plan.counts, ms, statementMs, setsMs, rounds, steps: stepMs, cached, offered: plan.stored.length });
  const texts = versions.map((v) => ({ id: -(v.ord + 1), unit: '探针乡', text: v.item.fields.description ?? '' }));
  const similar = findNearDuplicates([...texts, ...plan.stored.map((s) => ({ id: s.id, unit: s.unit, text: s.text }))], campaignOrDefault().nearDuplicateThreshold);
  await c.env.DB.prepare('SELECT 1').run(); // the clock moves past the search
  const coreMs = Date.now() - started - ms;
  const { reads } = (await nearCandidates(c.env.DB, versions, () => -1, campaignOrDefault().nearDuplicateThreshold, { countReads: true, cache: null })).counts;
  return c.json({ ...plan.counts, reads, ms, coreMs, statementMs, setsMs, rounds, steps: stepMs, cached, stages: plan.counts.ms, offered: plan.stored.length, found: versions.filter((v) => similar.has(-(v.ord + 1))).length });
});

// An upload read into grids (the guard, then shared/xlsx/ inflated by DecompressionStream), or
// the way before: the guard, then SheetJS's read (without the grids it was turned into: a floor);
// or the guard alone.
bench.post('/__bench/read-upload', async (c) => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const way = c.req.query('way');
  const started = Date.now();
  let rows = 0;
  if (way === 'guard') {
    rows = guardZip(bytes).inflated;
  } else if (way === 'sheetjs') {
    guardZip(bytes);
    const book = read(bytes, { type: 'array', dense: true, cellNF: true, cellText: true, sheetRows: 12_001 });
    rows = book.SheetNames.reduce((n, name) => n + ((book.Sheets[name]?.['!data'] as unknown[] | undefined)?.length ?? 0), 0);
  } else {
    rows = (await xlsxToWorkbook(bytes, 'bench.xlsx')).sheets.reduce((n, s) => n + s.values.length, 0);
  }
  await c.env.DB.prepare('SELECT 1').run(); // workerd's clock moves at I/O: past the reading
  return c.json({ ms: Date.now() - started, rows });
});

// The naive way, for comparison (the old guard): trust the declared sizes and let SheetJS read it.
bench.post('/__bench/sheetjs-read', async (c) => {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  const started = performance.now();
  let outcome = 'read';
  try {
    read(bytes, { type: 'array', dense: true, cellNF: true, cellText: true, sheetRows: 100_001 });
  } catch (err) {
    outcome = `failed: ${String(err).slice(0, 60)}`;
  }
  return c.json({ ms: performance.now() - started, outcome });
});


// BENCH: one request's D1 round trips, in order (the `x-bench-trace` header): each call's end
// time (workerd's clock moves at I/O, so a gap holds the CPU work before the call too), its kind,
// its SQL's start and SQLite's own time. `/__bench/last-trace` answers the last one.
type TraceEntry = { at: number; kind: string; sql: string; sqlMs?: number | number[]; args?: unknown[][] };
let lastTrace: TraceEntry[] = [];

function tracedDb(db: D1Database, log: TraceEntry[]): D1Database {
  const real = new WeakMap<object, D1PreparedStatement>();
  const args = new WeakMap<object, unknown[]>();
  const full = new WeakMap<object, string>();
  const short = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 70);
  const wrap = (s: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const p = new Proxy(s, {
      get(t, k) {
        if (k === 'bind') return (...a: unknown[]) => { const b = wrap(t.bind(...a), sql); args.set(b, a); full.set(b, sql); return b; };
        if (k === 'first' || k === 'all' || k === 'raw' || k === 'run') {
          return async (...a: unknown[]) => {
            const r = await (t[k] as (...x: unknown[]) => Promise<unknown>)(...a);
            log.push({ at: Date.now(), kind: k, sql: short(sql), sqlMs: (r as { meta?: { duration: number } })?.meta?.duration });
            return r;
          };
        }
        const v = (t as unknown as Record<string | symbol, unknown>)[k];
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    real.set(p, s);
    return p;
  };
  return new Proxy(db, {
    get(t, k) {
      if (k === 'prepare') return (sql: string) => wrap(t.prepare(sql), sql);
      if (k === 'batch') {
        return async (stmts: D1PreparedStatement[]) => {
          // A round trip first: the clock moves past the CPU work before the batch, so the batch's
          // own time (SQLite, its commit, the transfer) is the gap after this mark.
          await t.prepare('SELECT 1').run();
          log.push({ at: Date.now(), kind: 'cpu', sql: '' });
          const failed = (e: unknown) => {
            log.push({ at: Date.now(), kind: 'failed', sql: String(e), args: stmts.map((s) => [full.get(s) ?? '', ...(args.get(s) ?? [])]) });
            throw e;
          };
          const r = await t.batch(stmts.map((s) => real.get(s) ?? s)).catch(failed);
          log.push({ at: Date.now(), kind: `batch×${stmts.length}`, sql: stmts.map((s) => (full.get(s) ?? '').replace(/\s+/g, ' ').trim().slice(0, 40)).join(' | '), sqlMs: r.map((x) => Math.round(x.meta.duration * 10) / 10), args: stmts.map((s) => [full.get(s) ?? '', ...(args.get(s) ?? [])]) });
          return r;
        };
      }
      const v = (t as unknown as Record<string | symbol, unknown>)[k];
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

// One statement run `runs` times: SQLite's own time for each (to compare two ways of a query, interleaved).
bench.post('/__bench/sql', async (c) => {
  const { sql, args, runs } = await c.req.json<{ sql: string; args: unknown[]; runs: number }>();
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const r = await c.env.DB.prepare(sql).bind(...args).all();
    ms.push(r.meta.duration);
    rows = r.results.length;
  }
  return c.json({ ms, rows });
});

// The county summary the way before 0014, for the bench's baseline: both groupings over every
// current item at each request (the same GROUP BYs, on the same covering indexes).
const DIRECT_GROUPS = [
  'SELECT unit_id, deadline_kind, due, status, completed_on, COUNT(*) FROM items GROUP BY unit_id, deadline_kind, due, status, completed_on',
  'SELECT unit_id, category, review_state, review_since, vague, COUNT(*) FROM items GROUP BY unit_id, category, review_state, review_since, vague',
];
bench.get('/__bench/summary-direct', async (c) => {
  const asOf = c.req.query('asOf')!;
  const facts = await countyFacts(c.env.DB, asOf, campaignOrDefault(), { groupsNow: async (db) => {
    const [dated, facets] = await Promise.all(DIRECT_GROUPS.map((sql) => db.prepare(sql).raw<[number, never, never, never, never, number]>()));
    return {
      dated: dated!.map(([unitId, deadlineKind, due, status, completedOn, n]) => ({ unitId, deadlineKind, due, status, completedOn, n })),
      facets: facets!.map(([unitId, category, reviewState, reviewSince, vague, n]) => ({ unitId, category, reviewState, reviewSince, vague: (vague as number) === 1, n })),
    };
  } });
  return c.json(countySummary(facts, campaignOrDefault(), asOf));
});

// Views as of a past date the way before changed-since.ts, for the bench's baselines: every item
// rebuilt from its versions and events (the summary from them; the reminders' overdue items and a
// page of GET /items cut from them, without the reads that follow, which both ways share).
bench.get('/__bench/summary-rebuilt', async (c) => {
  const asOf = c.req.query('asOf')!;
  return c.json(countySummary(await countyFacts(c.env.DB, asOf, campaignOrDefault(), { way: 'rebuilt' }), campaignOrDefault(), asOf));
});
bench.get('/__bench/past-items-rebuilt', async (c) => {
  const asOf = c.req.query('asOf')!;
  const items = await itemsAsOfRebuilt(c.env.DB, asOf, campaignOrDefault());
  const timeliness = timelinessAsOf(campaignOrDefault(), asOf);
  return c.json({ items: items.length, overdue: items.filter((i) => timeliness(i).state === 'overdue').length, page: items.slice(0, Number(c.req.query('limit') ?? 50)).length });
});

// GET /items?timeliness= the way before items-match.ts, for the bench's baseline: every current
// item's state read and the rule applied to each (without the page's reads that follow).
bench.get('/__bench/timeliness-filter-all', async (c) => {
  const asOf = c.req.query('asOf')!;
  const timeliness = timelinessAsOf(campaignOrDefault(), asOf);
  const states = (await currentItemStates(c.env.DB)).filter((s) => timeliness(s).state === c.req.query('timeliness'));
  return c.json({ total: states.length, page: states.slice(0, 50).length });
});

// The daily job's changes of timeliness as of `on`, found through the combinations (or, with
// every=1, by reading every item: the way before), timed in the Worker; nothing recorded.
bench.get('/__bench/timeliness-changes', async (c) => {
  const started = Date.now();
  const { items, changes } = await timelinessChanges(c.env.DB, campaignOrDefault(), c.req.query('on')!, c.req.query('every') === '1');
  return c.json({ ms: Date.now() - started, items, changed: changes.length });
});

// One unit's latest submission dated `on` (a day after the views' date): the county then holds a
// submission after that date, as a week of campaign leaves, and views as of it are past views.
bench.post('/__bench/redate', async (c) => {
  const { unit, on } = await c.req.json<{ unit: string; on: string }>();
  const row = await c.env.DB.prepare(
    'UPDATE submissions SET submitted_on = ?2 WHERE id = (SELECT s.id FROM submissions s JOIN units u ON u.id = s.unit_id WHERE u.name = ?1 ORDER BY s.version DESC LIMIT 1) RETURNING item_count',
  ).bind(unit, on).first<number>('item_count');
  return c.json({ items: row });
});

bench.post('/__bench/plan', async (c) => {
  const { sql } = await c.req.json<{ sql: string }>();
  return c.json((await c.env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).all()).results);
});

bench.get('/__bench/last-trace', (c) => c.json({ trace: lastTrace }));

// BENCH: a request against D1 as a deployed Worker meets it (remote-d1.ts): the `x-bench-remote`
// header gives each call's latency in ms, and `,one-at-a-time` the naive way. `/__bench/last-remote`
// answers the last one's calls and the round trips it waited on in turn.
let lastRemote: RemoteCalls = { calls: 0, inTurn: 0 };
bench.get('/__bench/last-remote', (c) => c.json(lastRemote));

bench.all('*', async (c) => {
  const remote = c.req.header('x-bench-remote');
  if (remote) {
    const [latency, way] = remote.split(',');
    lastRemote = { calls: 0, inTurn: 0 };
    return app.fetch(c.req.raw, { ...c.env, DB: remoteDb(c.env.DB, Number(latency), way === 'one-at-a-time', lastRemote) }, c.executionCtx);
  }
  if (!c.req.header('x-bench-trace')) return app.fetch(c.req.raw, c.env, c.executionCtx);
  const log: TraceEntry[] = [{ at: Date.now(), kind: 'start', sql: '' }];
  lastTrace = log; // kept even when the request fails
  const res = await app.fetch(c.req.raw, { ...c.env, DB: tracedDb(c.env.DB, log) }, c.executionCtx);
  await res.clone().arrayBuffer();
  await c.env.DB.prepare('SELECT 1').run(); // an I/O: the clock then moves past the answer's CPU work
  log.push({ at: Date.now(), kind: 'end', sql: '' });
  lastTrace = log;
  return res;
});

// The app without its rate limiters (wrangler.toml: 60 submissions a minute per client IP): the
// bench posts faster than any county does, and measures the app, not the limiter (on a quick host
// the near-duplicate phase passed 60 a minute and was refused).
const unlimited = (env: Env): Env => ({ ...env, RATE_LIMIT: undefined, HEAVY_RATE_LIMIT: undefined }) as unknown as Env;

export default { fetch: (req: Request, env: Env, ctx: ExecutionContext) => bench.fetch(req, unlimited(env), ctx), scheduled: worker.scheduled };
