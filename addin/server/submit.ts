import { annotateChecked, type CheckOutcome } from '../excel/check-sheet.js';
import { readActiveSheet } from '../excel/read-sheet.js';
import { SubmittedNotShown } from '../excel/refusal.js';
import { checkWorkbooks, holdsLedger, SheetView, type Campaign, type Report } from '../../shared/index.js';
import type { SubmissionResponse } from '../../shared/schema/api.js';
import { CountyClient, ServerError } from './client.js';

export interface SubmitOutcome extends CheckOutcome {
  submission: SubmissionResponse['submission'];
  replayed: boolean;
}

/**
 * Submits the active sheet's ledger (its grid, so the server re-reads and re-checks it) and
 * writes what comes back — item keys, timeliness, review state — into the computed columns.
 * Nothing in the sheet changes when the server cannot be reached; the error says so. `unit`: the
 * unit it is sent for (a unit token's own, so a ledger stating another is asked about first).
 */
export async function submitActiveSheet(
  context: Excel.RequestContext, client: CountyClient,
  options: { unit?: string; confirm?: (requested: string, ledger: readonly string[]) => Promise<boolean> } = {},
): Promise<SubmitOutcome | null> {
  // The workbook's file name (ExcelApi 1.7), read in the sheet's first round trip: the county's
  // list of submissions names the file, where the sheet's name (Sheet1) said nothing.
  const book = context.workbook;
  book.load('name');
  const read = await readActiveSheet(context);
  // Only whether it is a ledger: the server checks every row and its report is what is written
  // back. A local check of 10,000 rows first took ~0.2 s cold on the bench's host (more on an
  // office PC) for nothing; asking for the header takes ~7 ms (`npm run bench core`).
  if (!holdsLedger(new SheetView(read.grid, read.grid.sheet))) throw new ServerError('当前工作表不是整改台账，无法报送。', 0, 'not-a-ledger', false);
  const body = { file: fileName(book.name, read.grid.sheet), sheets: [read.grid], ...(options.unit ? { unit: options.unit } : {}) };
  // The file counts for 检查·佐证材料 are asked beside the ledger, not after its answer (a round
  // trip less on the county's line): a submission adds no file, and an item new to the server has
  // none. They only refresh that column, so their failure leaves it blank (unknown) rather than
  // report a stored submission as failed.
  const counted = client.evidenceCounts().then((a) => a.counts, () => null);
  // The key is the ledger's own (its JSON's digest): a second click or a retry counts once.
  // A ledger stating another unit than the one named (a template passed round, the wrong file
  // open) is refused by the server (SPEC 12.1); the person is asked, and it is sent again
  // confirmed, or not at all (null).
  const answer = await client.submit(body).catch(async (error: unknown) => {
    const units = error instanceof ServerError && error.code === 'unit-mismatch' ? error.units : undefined;
    if (!units || Array.isArray(units) || !options.confirm) throw error;
    return (await options.confirm(units.requested, units.ledger)) ? client.submit({ ...body, confirmUnit: true }) : null;
  });
  if (!answer) return null;
  const states = new Map(answer.report.sheets.flatMap((s) => s.items.map((i) => [i.key, i.review.state] as const)));
  const counts = await counted;
  const facts = counts && new Map([...states.keys()].map((key) => [key, { evidence: counts[key] ?? 0 }] as const));
  let outcome: CheckOutcome;
  try {
    outcome = await annotateChecked(context, read, answer.report as Report, { reviewStates: states, ...(facts ? { serverFacts: facts } : {}) });
  } catch (error) {
    throw new SubmittedNotShown(error, answer.submission.version);
  }
  return { ...outcome, submission: answer.submission, replayed: answer.replayed };
}

/** Pull status: the county's review state of this sheet's items, written into 检查·会诊状态 (and their files into 检查·佐证材料). */
export async function pullReviewStatus(context: Excel.RequestContext, client: CountyClient, options: { campaign?: Campaign; unit?: string; county?: boolean } = {}): Promise<CheckOutcome & { found: number }> {
  const read = await readActiveSheet(context);
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign: options.campaign, unit: options.unit });
  // A unit token lists its own items; a county token names the unit it is looking at.
  const [items, { counts }] = await Promise.all([client.allBriefItems(options.unit ? { unit: options.unit } : {}), client.evidenceCounts()]);
  const states = new Map(items.items.map((i) => [i.key, i.review.state] as const));
  // A copy never submitted (the county uploaded the unit's file, or it was submitted from another
  // PC) holds the core's keys, the server stores an HMAC of them (worker/item-keys.ts): when none
  // of its rows is known, they take their items' stored keys, which the write below puts in
  // 检查·事项编号, so 申请延期 and 佐证材料 on a row then find its item too. A sheet with any row
  // the server knows asks nothing more: its other rows are new, not stored yet.
  const ledgerItems = report.sheets.flatMap((s) => s.items);
  const unknown = ledgerItems.filter((i) => !states.has(i.key)).map((i) => i.key);
  if (unknown.length === ledgerItems.length && items.items.length) {
    // A county token names the unit (the one set, else the sheet's); a unit token asks for its own.
    const { keys } = await client.storedKeys(unknown, options.unit ?? (options.county ? report.sheets[0]?.unit ?? undefined : undefined));
    for (const item of ledgerItems) item.key = keys[item.key] ?? item.key;
  }
  // The office's latest comment (退回完善：…), an approved extension's due date and the number of
  // evidence files reach the unit's sheet, all in the one write of the computed columns.
  const facts = new Map(items.items.map((i) => [i.key, { comment: i.review.comment, decision: i.review.decision, due: i.extension?.due, evidence: counts[i.key] ?? 0 }] as const));
  const outcome = await annotateChecked(context, read, report, { reviewStates: states, serverFacts: facts });
  const found = report.sheets[0]!.items.filter((i) => states.has(i.key)).length;
  return { ...outcome, found };
}

/** The file a submission names: the workbook's (an unsaved 工作簿1 as .xlsx), else the sheet's name. */
export function fileName(workbook: string | undefined, sheet: string): string {
  const name = (workbook ?? '').trim();
  if (!name) return `${sheet}.xlsx`;
  return /\.(?:xlsx|xlsm|xlsb|xls|et|ods|csv)$/i.test(name) ? name : `${name}.xlsx`;
}
