import { campaignInForce } from '../campaign.js';
import { checkActiveSheet, clearActiveSheet } from '../excel/check-sheet.js';
import { runExcel, type EditWait } from '../excel/run.js';
import { t, type Lang } from '../i18n.js';
import { failureText, outcomeText } from '../outcome.js';
import { announce, type RibbonOutcome } from '../ribbon-signal.js';
import { ledgerElsewhereText } from '../ledger-finder.js';
import { loadSettings } from '../settings.js';

/**
 * Ribbon 检查: checks the active sheet in place and tells the outcome. `event.completed()` runs
 * whatever happens, or Excel would leave the button spinning.
 */
export async function checkLedger(event: Office.AddinCommands.Event): Promise<void> {
  const settings = loadSettings();
  try {
    // The county's campaign from the server (or the copy kept from it), as the task pane does.
    const { campaign } = await campaignInForce(settings);
    const outcome = await runExcel((context) => checkActiveSheet(context, { campaign, unit: settings.unit || undefined }), waitingSaid(settings.lang));
    tell(await ledgerElsewhereText(outcome.report, settings.lang, outcomeText(outcome.report, settings.lang, outcome.mergesRead)), 'check');
  } catch (error) {
    tell(failureText(error, settings.lang), 'failed');
  } finally {
    event.completed();
  }
}

/** Ribbon 清除标注: removes what checks added, and only that. */
export async function clearAnnotations(event: Office.AddinCommands.Event): Promise<void> {
  const settings = loadSettings();
  try {
    const { cleared } = await runExcel((context) => clearActiveSheet(context), waitingSaid(settings.lang));
    tell(t(cleared ? 'cleared' : 'nothingToClear', settings.lang), 'clear');
  } catch (error) {
    tell(failureText(error, settings.lang), 'failed');
  } finally {
    event.completed();
  }
}

/** While a cell is being edited the command waits (runExcel); an open task pane says what to do. */
function waitingSaid(lang: Lang): EditWait {
  return { onWait: () => announce({ kind: 'waiting', text: t('waitEdit', lang) }) };
}

/**
 * Tells the outcome without the person opening anything: a small dialog where this Excel has the
 * dialog API, and the task pane shows the same line when it is open.
 */
function tell(text: string, kind: RibbonOutcome['kind']): void {
  announce({ kind, text });
  const ui = Office.context.ui;
  if (!ui?.displayDialogAsync) return;
  const url = new URL('message.html', location.href);
  url.hash = encodeURIComponent(text);
  ui.displayDialogAsync(url.toString(), { height: 25, width: 30, displayInIframe: true }, () => undefined);
}

Office.onReady(() => {
  Office.actions.associate('checkLedger', checkLedger);
  Office.actions.associate('clearAnnotations', clearAnnotations);
});
