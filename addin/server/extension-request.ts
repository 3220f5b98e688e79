import { checkWorkbooks, type Campaign } from '../../shared/index.js';
import type { Extension, ExtensionRequest } from '../../shared/schema/api.js';
import { readActiveSheet } from '../excel/read-sheet.js';
import { CountyClient, ServerError } from './client.js';
import { withStoredKey } from './stored-key.js';

/**
 * 延期申请 from the sheet: the item is the one on the active cell's row (its key as the core
 * reads it: the 检查·事项编号 written there, else derived), so a clerk selects the row and asks.
 * @example await Excel.run((ctx) => requestExtensionForSelection(ctx, client, { requestedDue: '2023-07-31', reason: '…' }))
 */
export async function requestExtensionForSelection(
  context: Excel.RequestContext, client: CountyClient, body: ExtensionRequest, options: { campaign?: Campaign; unit?: string } = {},
): Promise<{ key: string; row: number; extension: Extension }> {
  const cell = context.workbook.getActiveCell();
  cell.load('rowIndex');
  await context.sync();
  const row = cell.rowIndex + 1;
  const read = await readActiveSheet(context);
  const report = checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign: options.campaign, unit: options.unit });
  const item = report.sheets[0]?.items.find((i) => i.row === row);
  if (!item) throw new ServerError(`第${row}行不是整改事项。请先选中要申请延期的事项所在行的任一单元格。`, 0, 'no-item', false);
  const { key, answer } = await withStoredKey(client, item.key, row, options.unit, (k) => client.requestExtension(k, body));
  return { key, row, extension: answer };
}
