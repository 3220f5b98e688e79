import type { D1Database, D1PreparedStatement, D1Result } from '@cloudflare/workers-types';
import type { ItemReport } from '../../shared/index.js';
import { jsonChunks } from './json-chunks.js';
import { replacedIndexStatements, targetOf } from './near-index.js';
import { decodeItem, encodeItem, TextTable } from './item-codec.js';
import { reportPartStatements, reportParts } from './report-parts.js';
import { staleUnit } from './unit-groups.js';

/** A submission about to be stored (its id is made before the batch). */
export interface NewSubmission {
  id: string;
  unitId: number;
  tokenId: number;
  actor: string;
  idempotencyKey: string | null;
  bodyHash: string;
  source: 'json' | 'upload';
  file: string;
  submittedAt: string;
  submittedOn: string;
  fillDate: string | null;
  errors: number;
  warnings: number;
  /** The report without its items, as JSON. */
  report: string;
  /** The first submission's id, shared by the submissions one county aggregate was split into. */
  aggregateId?: string | null;
  /** Keys of returned items this submission resubmits unchanged: they stay returned (SPEC 12.3). */
  unchangedKeys?: readonly string[];
}

/** One item version, in report order (`ord`). */
export interface NewVersion {
  ord: number;
  sheetIndex: number;
  sheet: string;
  item: ItemReport;
  vague: boolean;
  hasEvidence: boolean;
}

/** A near-duplicate found against another unit's current version: [ord, other version id, similarity]. */
export type NewPair = [ord: number, otherVersionId: number, similarity: number];

// Rows travel as arrays (smaller than objects); the positions are read back by these statements.
// indexed_as (0016): a version whose description its item's current version already holds is
// indexed as that version's target, whose index rows stand for it (nothing of the index written).
// Each row is read once into `r` (its 14 small columns) and `item`, materialized: reading every
// column straight from json_each's `value` renders and parses the whole row (the item's ~1 KB of
// JSON) once per column, which was half of the statement's time on a 10,000-item ledger.
export const INSERT_VERSIONS = `
WITH t AS MATERIALIZED (
  SELECT json_extract(j.value, '$[0]', '$[1]', '$[2]', '$[3]', '$[4]', '$[5]', '$[6]', '$[7]', '$[8]', '$[9]', '$[10]', '$[11]', '$[12]', '$[13]') AS r,
    j.value -> 14 AS item
  FROM json_each(?3) j)
INSERT INTO item_versions (item_key, version, submission_id, unit_id, ord, sheet_index, sheet, row, category, description,
  deadline_kind, due, status, completed_on, timeliness, vague, has_evidence, item, indexed_as)
SELECT r ->> 0,
  COALESCE((SELECT MAX(x.version) FROM item_versions x WHERE x.item_key = r ->> 0), 0) + 1,
  ?1, ?2, r ->> 1, r ->> 2, r ->> 3, r ->> 4, r ->> 5, r ->> 6,
  r ->> 7, r ->> 8, r ->> 9, r ->> 10, r ->> 11, r ->> 12, r ->> 13, item,
  (SELECT ${targetOf('c')} FROM items i CROSS JOIN item_versions c ON c.id = i.current_version_id
   WHERE i.key = r ->> 0 AND c.description = r ->> 6)
FROM t`;

// The submission's distinct texts (item-codec.ts), numbered: rows [n, text].
const INSERT_TEXTS = `INSERT INTO submission_texts (submission_id, n, text) SELECT ?1, j.value ->> 0, j.value ->> 1 FROM json_each(?2) j`;

// A returned item that comes back in a newer version is revised: recorded before the state moves.
export const RECORD_REVISIONS = `
INSERT INTO reviews (item_key, version_id, decision, from_state, to_state, comment, token_id, actor, decided_at, decided_on)
SELECT i.key, v.id, 'revise', 'returned', 'revised', '', ?2, ?3, ?4, ?5
FROM item_versions v JOIN items i ON i.key = v.item_key
WHERE v.submission_id = ?1 AND i.review_state = 'returned' AND v.item_key NOT IN (SELECT value FROM json_each(?6))`;

// An approved extension's date stands over a new version's earlier (or missing) due date.
const EXTENDED = `items.extended_due IS NOT NULL AND (excluded.due IS NULL OR excluded.due < items.extended_due)`;
// A returned item is revised only when the new version changes its content (SPEC 12.3).
const REVISED = `items.review_state = 'returned' AND excluded.key NOT IN (SELECT value FROM json_each(?3))`;

// Every item of the submission now points at its new version (and copies its facts); new items start pending.
export const UPSERT_ITEMS = `
INSERT INTO items (key, unit_id, current_version_id, versions, category, deadline_kind, due, status, completed_on, vague, has_evidence,
  review_state, review_since, timeliness, timeliness_on, first_submitted_on)
SELECT v.item_key, v.unit_id, v.id, v.version, v.category, v.deadline_kind, v.due, v.status, v.completed_on, v.vague, v.has_evidence,
  'pending', ?2, v.timeliness, ?2, ?2
FROM item_versions v WHERE v.submission_id = ?1
ON CONFLICT (key) DO UPDATE SET
  current_version_id = excluded.current_version_id,
  versions = excluded.versions,
  category = excluded.category,
  deadline_kind = CASE WHEN ${EXTENDED} THEN 'date' ELSE excluded.deadline_kind END,
  due = CASE WHEN ${EXTENDED} THEN items.extended_due ELSE excluded.due END,
  status = excluded.status,
  completed_on = excluded.completed_on,
  vague = excluded.vague,
  has_evidence = excluded.has_evidence,
  timeliness = excluded.timeliness,
  timeliness_on = excluded.timeliness_on,
  review_state = CASE WHEN ${REVISED} THEN 'revised' ELSE items.review_state END,
  review_since = CASE WHEN ${REVISED} THEN excluded.review_since ELSE items.review_since END`;

// CROSS JOIN keeps the JSON rows the outer loop, each finding its version by (submission_id, ord):
// a plain JOIN let SQLite loop over the submission's versions and rescan the JSON for each
// (quadratic: 10,000 rows copied from another unit's ledger, 9,000 pairs, over two minutes).
export const INSERT_PAIRS = `
INSERT OR IGNORE INTO near_duplicates (version_id, other_version_id, similarity)
SELECT v.id, j.value ->> 1, j.value ->> 2
FROM json_each(?2) j CROSS JOIN item_versions v ON v.submission_id = ?1 AND v.ord = j.value ->> 0`;

/**
 * Stores a submission and all its item versions in one `batch()`: D1 runs a batch as one
 * transaction, so a failure (say, a concurrent retry with the same Idempotency-Key) stores
 * nothing. Version numbers are computed inside the statements, so two concurrent submissions
 * of one unit both land, one after the other. Nothing of the near-duplicate index is written:
 * the items' triggers queue the new versions (the Worker's submit adds the index's writes).
 */
export async function storeSubmission(db: D1Database, s: NewSubmission, versions: readonly NewVersion[], pairs: readonly NewPair[]): Promise<D1Result[]> {
  return db.batch(submissionStatements(db, s, versions, pairs));
}

/**
 * The statements that store one submission, with the index's writes (`index`, near-candidates.ts)
 * after its versions and before the items' upsert, whose triggers then find the new versions
 * indexed (0016: otherwise they queue each as pending).
 */
export function submissionStatements(db: D1Database, s: NewSubmission, versions: readonly NewVersion[], pairs: readonly NewPair[], index: readonly D1PreparedStatement[] = []): D1PreparedStatement[] {
  return [...versionStatements(db, s, versions), ...index, ...itemStatements(db, s, pairs)];
}

/**
 * A submission's first part: its row, its report, its versions, the revisions they record and the
 * index rows of the versions they replace. A county aggregate puts every unit's first part, then
 * the index's writes, then every unit's itemStatements in one batch.
 */
export function versionStatements(db: D1Database, s: NewSubmission, versions: readonly NewVersion[]): D1PreparedStatement[] {
  const unchanged = JSON.stringify(s.unchangedKeys ?? []);
  // A report over what one value holds goes in parts (report-parts.ts): the first in the row.
  const report = reportParts(s.report);
  const statements: D1PreparedStatement[] = [
    db.prepare(
      `INSERT INTO submissions (id, unit_id, version, token_id, idempotency_key, body_hash, source, file, submitted_at,
         submitted_on, fill_date, item_count, error_count, warning_count, report, aggregate_id)
       VALUES (?1, ?2, (SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE unit_id = ?2), ?3, ?4, ?5, ?6, ?7, ?8,
         ?9, ?10, ?11, ?12, ?13, ?14, ?15)`,
    ).bind(s.id, s.unitId, s.tokenId, s.idempotencyKey, s.bodyHash, s.source, s.file, s.submittedAt,
      s.submittedOn, s.fillDate, versions.length, s.errors, s.warnings, report[0], s.aggregateId ?? null),
    ...reportPartStatements(db, s.id, report),
  ];
  // The items without what repeats (item-codec.ts): their texts stored once, before them.
  const texts = new TextTable();
  const rows = versions.map((v) => versionRow(v, s.file, texts));
  const insertTexts = db.prepare(INSERT_TEXTS);
  for (const chunk of jsonChunks(texts.texts.map((t, n) => [n, t]))) statements.push(insertTexts.bind(s.id, chunk));
  const insertVersions = db.prepare(INSERT_VERSIONS);
  for (const chunk of jsonChunks(rows)) statements.push(insertVersions.bind(s.id, s.unitId, chunk));
  statements.push(db.prepare(RECORD_REVISIONS).bind(s.id, s.tokenId, s.actor, s.submittedAt, s.submittedOn, unchanged));
  statements.push(...replacedIndexStatements(db, s.id));
  return statements;
}

/** A submission's second part: its items now at its versions, its unit's summary stale, its near-duplicate pairs. */
export function itemStatements(db: D1Database, s: NewSubmission, pairs: readonly NewPair[]): D1PreparedStatement[] {
  const unchanged = JSON.stringify(s.unchangedKeys ?? []);
  const statements = [db.prepare(UPSERT_ITEMS).bind(s.id, s.submittedOn, unchanged), staleUnit(db, s.unitId)];
  const insertPairs = db.prepare(INSERT_PAIRS);
  for (const chunk of jsonChunks(pairs)) statements.push(insertPairs.bind(s.id, chunk));
  return statements;
}

function versionRow(v: NewVersion, file: string, texts: TextTable): unknown[] {
  const it = v.item;
  return [
    it.key, v.ord, v.sheetIndex, v.sheet, it.row, it.fields.category ?? '', it.fields.description ?? '',
    it.deadline.kind, it.deadline.due ?? null, it.status, it.completedOn ?? null, it.timeliness.state, v.vague ? 1 : 0, v.hasEvidence ? 1 : 0,
    encodeItem(it, v.sheet, file, texts),
  ];
}

export interface SubmissionRow {
  id: string;
  unit_id: number;
  unit: string;
  version: number;
  token_id: number;
  body_hash: string;
  source: 'json' | 'upload';
  file: string;
  submitted_at: string;
  submitted_on: string;
  item_count: number;
  report: string;
  error_count: number;
  warning_count: number;
  aggregate_id: string | null;
  withdrawn_at: string | null;
  withdrawn_on: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
}

const SUBMISSION_COLUMNS = `s.id, s.unit_id, u.name AS unit, s.version, s.token_id, s.body_hash, s.source, s.file,
  s.submitted_at, s.submitted_on, s.item_count, s.report, s.error_count, s.warning_count, s.aggregate_id,
  s.withdrawn_at, s.withdrawn_on, s.withdrawn_by, s.withdraw_reason`;

/** The submission an Idempotency-Key of a token already stored, if any. */
export function findByIdempotencyKey(db: D1Database, tokenId: number, key: string): Promise<SubmissionRow | null> {
  return idempotencyStatement(db, { id: tokenId }, key).first<SubmissionRow>();
}

/**
 * A token names its own stored submissions and unit by its id, or by its hash in a statement read
 * in the token's own round trip (middleware/auth.ts), before its id is known.
 */
export type TokenRef = { id: number } | { hash: string };
const tokenId = (token: TokenRef) => ('id' in token ? '?1' : '(SELECT id FROM tokens WHERE token_hash = ?1)');
const tokenArg = (token: TokenRef) => ('id' in token ? token.id : token.hash);

/** The statement findByIdempotencyKey runs (a row: SubmissionRow). */
export const idempotencyStatement = (db: D1Database, token: TokenRef, key: string): D1PreparedStatement =>
  db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions s JOIN units u ON u.id = s.unit_id WHERE s.token_id = ${tokenId(token)} AND s.idempotency_key = ?2`)
    .bind(tokenArg(token), key);

/** A submission's row by its id (a store's batch ends with it, to answer without another round trip; GET /submissions/:id reads it with the report's parts). */
export const submissionStatement = (db: D1Database, id: string): D1PreparedStatement =>
  db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`).bind(id);

/** A stored version of the submission with its item's review state now: the response's items. */
export interface StoredVersion {
  key: string;
  version: number;
  sheetIndex: number;
  reviewState: string;
  reviewSince: string;
  item?: ItemReport;
}

/**
 * The submission's versions in report order, with each item's current review state (an item
 * no longer current, all its versions withdrawn, reads as pending since its submission), and the
 * items themselves with their submission's texts (item-codec.ts): a replay rebuilds the report
 * from them. Statements to read in a batch (replayStatements); storedVersions reads their results.
 */
export const versionsWithItemsStatements = (db: D1Database, submissionId: string): D1PreparedStatement[] => [
  versionsStatement(db, submissionId, true),
  db.prepare('SELECT n, text FROM submission_texts WHERE submission_id = ?').bind(submissionId),
];

/** The versions with their items, from versionsWithItemsStatements' results. */
export function storedVersions(rows: D1Result<unknown>, texts: D1Result<unknown>): StoredVersion[] {
  type Row = StoredVersion & { item: string; description: string; category: string; sheet: string; file: string };
  const byNumber = new Map((texts.results as { n: number; text: string }[]).map((t) => [t.n, t.text]));
  const text = (n: number) => byNumber.get(n);
  return (rows.results as Row[]).map(({ item, description, category, sheet, file, ...v }) => ({
    ...v, item: decodeItem(item, { key: v.key, description, category, sheet, file }, text),
  }));
}

/** The statement reading a submission's versions (without items: a store's batch ends with it). */
export function versionsStatement(db: D1Database, submissionId: string, withItems: boolean): D1PreparedStatement {
  return db
    .prepare(
      `SELECT v.item_key AS key, v.version, v.sheet_index AS sheetIndex, COALESCE(i.review_state, 'pending') AS reviewState,
         COALESCE(i.review_since, s.submitted_on) AS reviewSince${withItems ? ', v.item, v.description, v.category, v.sheet, s.file' : ''}
       FROM item_versions v JOIN submissions s ON s.id = v.submission_id LEFT JOIN items i ON i.key = v.item_key
       WHERE v.submission_id = ? ORDER BY v.ord`,
    )
    .bind(submissionId);
}

/**
 * The county date of each unit's first own submission (by a unit token, not withdrawn), for
 * units that have one: a county upload of its ledger never makes the unit late (SPEC 12.1). One
 * statement, whatever the number of units (a county aggregate's).
 */
export async function firstSubmittedOn(db: D1Database, unitIds: readonly number[]): Promise<Map<number, string>> {
  const rows = await db.prepare(firstSubmitted('SELECT value FROM json_each(?)')).bind(JSON.stringify(unitIds)).raw<[number, string]>();
  return new Map(rows);
}

/** firstSubmittedOn of a unit token's own unit, by the token's hash (read in the token's round trip): rows { unit_id, first }. */
export const firstSubmittedByToken = (db: D1Database, tokenHash: string): D1PreparedStatement =>
  db.prepare(firstSubmitted(`SELECT unit_id FROM tokens WHERE token_hash = ? AND role = 'unit'`)).bind(tokenHash);

const firstSubmitted = (units: string) => `SELECT s.unit_id, MIN(s.submitted_on) AS first FROM submissions s JOIN tokens t ON t.id = s.token_id
  WHERE s.unit_id IN (${units}) AND t.role = 'unit' AND s.withdrawn_at IS NULL GROUP BY s.unit_id`;

/** The submissions one county aggregate was split into, in the order they were stored. */
export async function aggregateSubmissions(db: D1Database, aggregateId: string): Promise<SubmissionRow[]> {
  return (await aggregateSubmissionsStatement(db, aggregateId).all<SubmissionRow>()).results;
}

/** The statement aggregateSubmissions runs (an aggregate's store batch ends with it, to answer without another round trip). */
export const aggregateSubmissionsStatement = (db: D1Database, aggregateId: string): D1PreparedStatement =>
  db.prepare(`SELECT ${SUBMISSION_COLUMNS} FROM submissions s JOIN units u ON u.id = s.unit_id
    WHERE s.aggregate_id = ? ORDER BY s.rowid`).bind(aggregateId);

/** Submissions, oldest first, of one unit or all. */
export async function listSubmissions(db: D1Database, unitId: number | undefined): Promise<SubmissionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT s.id, s.unit_id, u.name AS unit, s.version, s.token_id, '' AS body_hash, s.source, s.file, s.submitted_at,
         s.submitted_on, s.item_count, '' AS report, s.error_count, s.warning_count, s.aggregate_id,
         s.withdrawn_at, s.withdrawn_on, s.withdrawn_by, s.withdraw_reason
       FROM submissions s JOIN units u ON u.id = s.unit_id WHERE ?1 IS NULL OR s.unit_id = ?1 ORDER BY s.submitted_at, s.rowid`,
    )
    .bind(unitId ?? null)
    .all<SubmissionRow>();
  return results;
}
