import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';

/**
 * A stored report's text in parts (migration 0011): D1 stores at most 2 MB in one value, and a
 * report of thousands of near-duplicate pairs is more. The first part goes in submissions.report,
 * the others in submission_report_parts, numbered from 1.
 */

/** UTF-16 units a part holds at most: 3 bytes each at most in UTF-8 (a surrogate pair, 4 for 2), so 1.5 MB at most. */
export const PART_UNITS = 500_000;

/** The text cut into parts of at most `units` UTF-16 units, never inside a surrogate pair. */
export function reportParts(text: string, units = PART_UNITS): string[] {
  const parts: string[] = [];
  for (let at = 0; at < text.length || parts.length === 0;) {
    let end = Math.min(at + units, text.length);
    // A high surrogate last would leave its pair's halves in two parts, each ill-formed alone.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts;
}

/** The statements that store parts 1… of a submission's report (none when it fits in one). */
export function reportPartStatements(db: D1Database, submissionId: string, parts: readonly string[]): D1PreparedStatement[] {
  const insert = db.prepare('INSERT INTO submission_report_parts (submission_id, n, part) VALUES (?1, ?2, ?3)');
  return parts.slice(1).map((part, i) => insert.bind(submissionId, i + 1, part));
}

/** The statement reading parts 1… of a submission's report (wholeReport joins them to the first). */
export const reportPartsStatement = (db: D1Database, submissionId: string): D1PreparedStatement =>
  db.prepare('SELECT part FROM submission_report_parts WHERE submission_id = ? ORDER BY n').bind(submissionId);

/** A stored submission's whole report text: its first part (the row's `report`) and the rest (reportPartsStatement's rows). */
export function wholeReport(first: string, rest: readonly { part: string }[]): string {
  return rest.length === 0 ? first : first + rest.map(({ part }) => part).join('');
}
