import type { CountyClient } from '../server/client.js';
import { ServerError } from '../server/client.js';
import { COUNTY_SHEETS, DECISIONS, REVIEW_COLUMNS } from './county-sheets.js';

export interface DecisionResult {
  row: number;
  key: string;
  ok: boolean;
  message: string;
}

/**
 * Pushes the decisions typed into 会诊事项's 决定 column (交办 / 退回完善 / 销号) to the server, one
 * request each, and writes each outcome into 提交结果 so a refused one (an invalid transition, a
 * return without a comment) is visible on its row and can be fixed and pushed again.
 */
export async function pushDecisions(context: Excel.RequestContext, client: CountyClient): Promise<DecisionResult[]> {
  const sheet = context.workbook.worksheets.getItem(COUNTY_SHEETS.review);
  const used = sheet.getUsedRange(true);
  used.load(['values', 'rowIndex']);
  await context.sync();
  const todo = used.values
    .map((r, i) => ({ row: used.rowIndex + i, key: String(r[REVIEW_COLUMNS.key] ?? ''), word: String(r[REVIEW_COLUMNS.decision] ?? '').trim(), comment: String(r[REVIEW_COLUMNS.comment] ?? '').trim() }))
    .filter((r) => r.word && r.key && r.row >= 2);
  const results: DecisionResult[] = [];
  for (const r of todo) {
    const decision = DECISIONS[r.word];
    if (!decision) {
      results.push({ row: r.row, key: r.key, ok: false, message: `“${r.word}”不是会诊决定（交办 / 退回完善 / 销号）` });
      continue;
    }
    try {
      await client.review(r.key, { decision, ...(r.comment ? { comment: r.comment } : {}) });
      results.push({ row: r.row, key: r.key, ok: true, message: `已${r.word}` });
    } catch (error) {
      results.push({ row: r.row, key: r.key, ok: false, message: error instanceof ServerError ? error.message : String(error) });
    }
  }
  for (const res of results) {
    const cell = sheet.getCell(res.row, REVIEW_COLUMNS.result);
    cell.values = [[res.message]];
    // A pushed decision is cleared so pushing again does not repeat it.
    if (res.ok) sheet.getCell(res.row, REVIEW_COLUMNS.decision).values = [['']];
  }
  await context.sync();
  return results;
}
