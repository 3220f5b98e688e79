import { checkWorkbooks, evidenceText, type Campaign, type SheetReport } from '../../shared/index.js';
import type { EvidenceInfo } from '../../shared/schema/chase.js';
import { readActiveSheet } from '../excel/read-sheet.js';
import { whenEditEnds } from '../excel/run.js';
import type { CountyClient } from '../server/client.js';
import { withStoredKey } from '../server/stored-key.js';

/** The key of the item on a sheet row (1-based), as the check reads the ledger; null off the items. */
export function itemKeyAtRow(sheet: SheetReport | undefined, row: number): string | null {
  return sheet?.items.find((i) => i.row === row)?.key ?? null;
}

export interface AttachOutcome {
  key: string;
  evidence: EvidenceInfo;
  /** Files the server now holds for the item (its answer to the upload). */
  count: number;
  /** Whether 检查·佐证材料 on the item's row now says so (false: no such column yet, or a protected sheet). */
  shown: boolean;
}

/**
 * Attaches a file to the item on the selected row: the sheet is checked as it is (so the key is
 * the one the server stored for that row), then the file is uploaded for that item and the row's
 * 检查·佐证材料 cell, when an earlier check wrote that column, shows the new count (one write).
 */
export async function attachEvidenceToSelection(
  context: Excel.RequestContext, client: CountyClient, file: File, options: { campaign?: Campaign; unit?: string } = {},
): Promise<AttachOutcome> {
  const read = await readActiveSheet(context);
  const selected = context.workbook.getSelectedRange();
  selected.load('rowIndex');
  await context.sync();
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign: options.campaign, unit: options.unit });
  const row = selected.rowIndex + 1;
  const rowKey = itemKeyAtRow(report.sheets[0], row);
  if (!rowKey) throw new Error('请先选中一条整改事项所在的行，再上传佐证材料 (select an item row first)');
  const { key, answer } = await withStoredKey(client, rowKey, row, options.unit, (k) => client.evidence(k, file, file.name));
  const { count, ...evidence } = answer;
  const column = report.sheets[0]!.enrichmentColumns.evidence;
  if (!column || read.state.protected) return { key, evidence, count, shown: false };
  // The file is stored: its count waits for a cell being edited by now, so the clerk never
  // uploads it again to see it.
  await whenEditEnds(context, async () => {
    read.sheet.getRange(`${column}${row}`).values = [[evidenceText(count)]];
    await context.sync();
  });
  return { key, evidence, count, shown: true };
}
