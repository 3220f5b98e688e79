// The add-in's code as a browser bundle for the host page: what the ribbon and task pane call.
import { checkActiveSheet, clearActiveSheet } from '../../addin/excel/check-sheet.js';
import { readActiveSheet } from '../../addin/excel/read-sheet.js';
import { campaignOrDefault } from '../../shared/index.js';
import { outcomeText } from '../../addin/outcome.js';

const ledgerAddin = {
  check: (asOf: string) =>
    Excel.run(async (context) => {
      const outcome = await checkActiveSheet(context, { campaign: campaignOrDefault(), asOf });
      return { ...outcome, text: outcomeText(outcome.report, 'zh', outcome.mergesRead) };
    }),
  clear: () => Excel.run((context) => clearActiveSheet(context)),
  readGrid: () => Excel.run(async (context) => (await readActiveSheet(context)).grid),
};
(window as unknown as { ledgerAddin: typeof ledgerAddin }).ledgerAddin = ledgerAddin;
