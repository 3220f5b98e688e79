import { checkWorkbooks, type Campaign, type SheetReport } from '../../shared/index.js';
import type { EvidenceInfo } from '../../shared/schema/chase.js';
import { readActiveSheet } from '../excel/read-sheet.js';
import type { CountyClient } from '../server/client.js';

/** The key of the item on a sheet row (1-based), as the check reads the ledger; null off the items. */
export function itemKeyAtRow(sheet: SheetReport | undefined, row: number): string | null {
  return sheet?.items.find((i) => i.row === row)?.key ?? null;
}

/**
 * Attaches a file to the item on the selected row: the sheet is checked as it is (so the key is
 * the one the server stored for that row), then the file is uploaded for that item.
 */
export async function attachEvidenceToSelection(
  context: Excel.RequestContext, client: CountyClient, file: File, options: { campaign?: Campaign; unit?: string } = {},
): Promise<{ key: string; evidence: EvidenceInfo }> {
  const read = await readActiveSheet(context);
  const selected = context.workbook.getSelectedRange();
  selected.load('rowIndex');
  await context.sync();
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign: options.campaign, unit: options.unit });
  const key = itemKeyAtRow(report.sheets[0], selected.rowIndex + 1);
  if (!key) throw new Error('请先选中一条整改事项所在的行，再上传佐证材料 (select an item row first)');
  return { key, evidence: await client.evidence(key, file, file.name) };
}
