import type { CountyClient } from '../server/client.js';
import { ServerError } from '../server/client.js';
import { COUNTY_SHEETS, DECISIONS, REVIEW_COLUMNS } from './county-sheets.js';
import { whenEditEnds } from '../excel/run.js';

export interface DecisionResult {
  row: number;
  key: string;
  ok: boolean;
  message: string;
}

/** A row of 会诊事项 with a decision typed in: its row (0-based), item key, the word and the comment. */
export interface DecisionRow {
  row: number;
  key: string;
  word: string;
  comment: string;
}

/**
 * Decisions sent at once. One after another, a meeting's hundred decisions waited a hundred round
 * trips on a county line. A batch that passes the server's rate limit (600 requests a minute per
 * token) is slowed by its 429s, which the client waits out; a row still refused says so.
 */
export const DECISIONS_IN_FLIGHT = 4;

/**
 * Pushes the decisions typed into 会诊事项's 决定 column (交办 / 退回完善 / 销号) to the server, one
 * request each, and writes each outcome into 提交结果 so a refused one (an invalid transition, a
 * return without a comment) is visible on its row and can be fixed and pushed again.
 */
export async function pushDecisions(context: Excel.RequestContext, client: CountyClient): Promise<DecisionResult[]> {
  const sheet = context.workbook.worksheets.getItemOrNullObject(COUNTY_SHEETS.review);
  await context.sync();
  if (sheet.isNullObject) throw new Error(`还没有“${COUNTY_SHEETS.review}”工作表：请先点击“拉取全县汇总”，在其“决定”列填写交办、退回完善或销号后再提交。`);
  const used = sheet.getUsedRange(true);
  used.load(['values', 'rowIndex']);
  await context.sync();
  const todo = used.values
    .map((r, i): DecisionRow => ({ row: used.rowIndex + i, key: String(r[REVIEW_COLUMNS.key] ?? ''), word: String(r[REVIEW_COLUMNS.decision] ?? '').trim(), comment: String(r[REVIEW_COLUMNS.comment] ?? '').trim() }))
    .filter((r) => r.word && r.key && r.row >= 2);
  const results = await sendDecisions(todo, client);
  // The decisions are made: their outcomes wait for a cell being edited by now (queued again each
  // try: Excel refuses a round trip whole), so pushing again never sends them twice.
  await whenEditEnds(context, async () => {
    for (const res of results) {
      const cell = sheet.getCell(res.row, REVIEW_COLUMNS.result);
      cell.values = [[res.message]];
      // A pushed decision is cleared so pushing again does not repeat it.
      if (res.ok) sheet.getCell(res.row, REVIEW_COLUMNS.decision).values = [['']];
    }
    await context.sync();
  });
  return results;
}

/**
 * Sends the decisions, DECISIONS_IN_FLIGHT at a time; the rows of one item (a row copied) go one
 * after another in their order, as the office typed them. Each row's outcome, in row order.
 */
export async function sendDecisions(todo: readonly DecisionRow[], client: Pick<CountyClient, 'review'>): Promise<DecisionResult[]> {
  const byKey = new Map<string, DecisionRow[]>();
  for (const r of todo) {
    const rows = byKey.get(r.key);
    if (rows) rows.push(r);
    else byKey.set(r.key, [r]);
  }
  const lanes = [...byKey.values()];
  const results: DecisionResult[] = [];
  const send = async (r: DecisionRow): Promise<DecisionResult> => {
    const decision = DECISIONS[r.word];
    if (!decision) return { row: r.row, key: r.key, ok: false, message: `“${r.word}”不是会诊决定（交办 / 退回完善 / 销号）` };
    try {
      await client.review(r.key, { decision, ...(r.comment ? { comment: r.comment } : {}) });
      return { row: r.row, key: r.key, ok: true, message: `已${r.word}` };
    } catch (error) {
      return { row: r.row, key: r.key, ok: false, message: error instanceof ServerError ? error.message : String(error) };
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < lanes.length) {
      for (const r of lanes[next++]!) results.push(await send(r));
    }
  };
  await Promise.all(Array.from({ length: Math.min(DECISIONS_IN_FLIGHT, lanes.length) }, worker));
  return results.sort((a, b) => a.row - b.row);
}
