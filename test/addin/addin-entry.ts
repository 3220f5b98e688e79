// The add-in's code as a browser bundle for the host page: what the ribbon and task pane call.
import { checkActiveSheet, clearActiveSheet } from '../../addin/excel/check-sheet.js';
import { readActiveSheet } from '../../addin/excel/read-sheet.js';
import { campaignOrDefault } from '../../shared/index.js';
import { failureText, outcomeText } from '../../addin/outcome.js';
import { runExcel } from '../../addin/excel/run.js';

const ledgerAddin = {
  check: (asOf: string) =>
    Excel.run(async (context) => {
      const outcome = await checkActiveSheet(context, { campaign: campaignOrDefault(), asOf });
      return { ...outcome, text: outcomeText(outcome.report, 'zh', outcome.mergesRead) };
    }),
  clear: () => Excel.run((context) => clearActiveSheet(context)),
  /** As the ribbon runs them: the text a clerk reads, whatever happens. */
  ribbonCheck: (asOf: string) =>
    runExcel((context) => checkActiveSheet(context, { campaign: campaignOrDefault(), asOf })).then(
      (o) => ({ ok: true, text: outcomeText(o.report, 'zh', o.mergesRead) }),
      (e: unknown) => ({ ok: false, text: failureText(e, 'zh') }),
    ),
  ribbonClear: () =>
    runExcel((context) => clearActiveSheet(context)).then(
      () => ({ ok: true, text: '' }),
      (e: unknown) => ({ ok: false, text: failureText(e, 'zh') }),
    ),
  readGrid: () => Excel.run(async (context) => (await readActiveSheet(context)).grid),
};
(window as unknown as { ledgerAddin: typeof ledgerAddin }).ledgerAddin = ledgerAddin;
