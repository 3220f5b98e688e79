import { setTheme } from '@fluentui/web-components';
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/field.js';
import '@fluentui/web-components/progress-bar.js';
import '@fluentui/web-components/text-input.js';
import { webLightTheme } from '@fluentui/tokens';
import { checkWorkbooks, type Report } from '../../shared/index.js';
import type { MeResponse } from '../../shared/schema/api.js';
import { campaignInForce, campaignLine, type CampaignInForce } from '../campaign.js';
import { checkActiveSheet, clearActiveSheet } from '../excel/check-sheet.js';
import { runExcel, type EditWait } from '../excel/run.js';
import { readActiveSheet } from '../excel/read-sheet.js';
import { t, type Lang, type StringKey } from '../i18n.js';
import { failureText, outcomeText } from '../outcome.js';
import { listenToRibbon, type RibbonOutcome } from '../ribbon-signal.js';
import { loadSettings, saveSettings, serverAddress, type Settings } from '../settings.js';
import { tokenOf } from '../../shared/token-text.js';
import { applyRole, whoAmI, wireCountyPanel } from './county-panel.js';
import { FindingsView } from './findings-view.js';
import { findLedgerSheets, peekActiveSheet } from '../ledger-finder.js';
import { wireServerPanel } from './server-panel.js';
import { wireCampaignActions } from './campaign-actions.js';
import { $, fieldText } from './dom.js';

setTheme(webLightTheme);

let settings: Settings = loadSettings();
let lastReport: Report | null = null;
/** Who the token is (GET /me): the role decides the county controls, and it names the campaign in use. */
let me: MeResponse | null = null;
/** The unit the active sheet names, seen when the pane opened (before any check). */
let seenUnit = '';
/** The campaign the last check (or the pane's start) ran against: the server's, saved, or default. */
let inForce: CampaignInForce | null = null;
const findings = new FindingsView((cell) => void selectCell(cell));

function translate(): void {
  document.documentElement.lang = settings.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t as StringKey, settings.lang);
  renderContext();
  applyRole(me, settings.lang);
  findings.relabel(settings.lang);
}

/** The unit and campaign in use, and who the token is, on one line at the top of the pane. */
function renderContext(): void {
  const lang = settings.lang;
  const unit = settings.unit || lastReport?.sheets[0]?.unit || seenUnit || me?.unit || '—';
  const parts = [`${t('unit', lang)}：${unit}`, `${t('campaign', lang)}：${inForce ? campaignLine(inForce, lang) : '…'}`];
  if (me) parts.push(`${t('role', lang)}：${me.role === 'county' ? t('roleCounty', lang) : `${t('roleUnit', lang)}（${me.unit ?? ''}）`}`);
  $('context').textContent = parts.join(' · ');
}

/** Asks the server for the county's campaign (or takes the saved or default one) and shows it. */
async function refreshCampaign(): Promise<CampaignInForce> {
  try {
    inForce = await campaignInForce(settings);
    return inForce;
  } finally {
    renderContext();
  }
}

/** Runs a job on the workbook with the pane showing progress and, always, the outcome. */
async function run(job: () => Promise<string>): Promise<void> {
  const buttons = [...document.querySelectorAll<HTMLElement>('fluent-button[data-busy-lock], #elsewhere fluent-button')];
  $('progress').hidden = false;
  for (const b of buttons) b.setAttribute('disabled', '');
  $('status').textContent = t('reading', settings.lang);
  try {
    $('status').textContent = await job();
  } catch (error) {
    $('status').textContent = failureText(error, settings.lang);
  } finally {
    $('progress').hidden = true;
    for (const b of buttons) b.removeAttribute('disabled');
  }
}

/** While a cell is being edited a check or Clear waits (runExcel), the pane saying what to do. */
function waitingSaid(): EditWait {
  return { onWait: () => ($('status').textContent = t('waitEdit', settings.lang)) };
}

async function check(): Promise<string> {
  const { campaign } = await refreshCampaign();
  const outcome = await runExcel((context) =>
    checkActiveSheet(context, {
      campaign,
      unit: settings.unit || undefined,
      onProgress: (stage) => {
        if (stage === 'read') $('status').textContent = t('checking', settings.lang);
        if (stage === 'checked') $('status').textContent = t('annotating', settings.lang);
      },
    }), waitingSaid());
  await showReport(outcome.report);
  return outcomeText(outcome.report, settings.lang, outcome.mergesRead);
}

/** Lists a report's findings; on a sheet that is not a ledger, names the sheets that are. */
async function showReport(report: Report): Promise<void> {
  lastReport = report;
  renderContext();
  const sheet = report.sheets[0];
  $('elsewhere').hidden = true;
  if (sheet && !sheet.isLedger) {
    findings.hide();
    await offerLedgerElsewhere(sheet.sheet);
    return;
  }
  findings.show(report, settings.lang);
}

async function offerLedgerElsewhere(active: string): Promise<void> {
  const ledgers = await Excel.run((context) => findLedgerSheets(context, active));
  if (!ledgers.length) return;
  const lang = settings.lang;
  $('elsewhere-text').textContent = t('ledgerElsewhere', lang, { active, sheets: ledgers.join(lang === 'zh' ? '”“' : '", "') });
  const buttons = $('elsewhere-buttons');
  buttons.replaceChildren();
  for (const name of ledgers) {
    const b = document.createElement('fluent-button');
    b.className = 'check-there';
    b.dataset.sheet = name;
    b.setAttribute('appearance', 'primary');
    b.textContent = t('checkThere', lang, { sheet: name });
    b.addEventListener('click', () => void run(() => checkSheet(name)));
    buttons.append(b);
  }
  $('elsewhere').hidden = false;
}

/** Activates a sheet and checks it, as if the clerk had gone to it and pressed 检查. */
async function checkSheet(name: string): Promise<string> {
  // While a cell is being edited, going to the sheet waits as the check does.
  await runExcel(async (context) => {
    context.workbook.worksheets.getItem(name).activate();
    await context.sync();
  }, waitingSaid());
  return check();
}

/**
 * A ribbon 检查 or 清除标注 ran while the pane was open: show its outcome, and the findings of the
 * checked sheet (read back and checked again by the same core, so nothing big travels between
 * the two runtimes).
 */
async function heardFromRibbon(o: RibbonOutcome): Promise<void> {
  $('status').textContent = o.text;
  if (o.kind === 'clear') {
    lastReport = null;
    findings.hide();
    $('elsewhere').hidden = true;
    return;
  }
  if (o.kind !== 'check') return;
  try {
    // The ribbon ran against the same campaign (the server's, or the copy kept from it).
    const { campaign } = inForce ?? (await refreshCampaign());
    // A cell being edited by now: the findings wait for the edit to end, as the check did.
    const report = await runExcel(async (context) => {
      const read = await readActiveSheet(context);
      return checkWorkbooks([{ file: read.grid.sheet, sheets: [read.grid] }], { campaign, unit: settings.unit || undefined });
    }, waitingSaid());
    await showReport(report);
  } catch (error) {
    $('status').textContent = `${o.text}\n${failureText(error, settings.lang)}`;
  }
}

/** Clicking a finding's cell selects it on the checked sheet. */
async function selectCell(address: string): Promise<void> {
  const sheetName = lastReport?.sheets[0]?.sheet;
  await Excel.run(async (context) => {
    const sheet = sheetName ? context.workbook.worksheets.getItem(sheetName) : context.workbook.worksheets.getActiveWorksheet();
    sheet.activate();
    sheet.getRange(address).select();
    await context.sync();
  }).catch((error: unknown) => ($('status').textContent = failureText(error, settings.lang)));
}

/**
 * On opening: the unit the active sheet names, or, when it is not a ledger but another sheet
 * is, the offer to check that one. A glance only (the top rows); nothing is written.
 */
async function glance(): Promise<void> {
  try {
    const seen = await Excel.run((context) => peekActiveSheet(context));
    seenUnit = seen.unit;
    renderContext();
    if (!seen.isLedger) await offerLedgerElsewhere(seen.sheet);
  } catch {
    // A glance that fails changes nothing: the clerk can still press 检查.
  }
}

/** Asks the server who the token is, then shows or hides the county controls. */
async function refreshRole(): Promise<void> {
  me = await whoAmI(settings);
  applyRole(me, settings.lang);
  renderContext();
}

function wire(): void {
  $('check').addEventListener('click', () => void run(check));
  $('clear').addEventListener('click', () =>
    void run(async () => {
      const { cleared } = await runExcel((context) => clearActiveSheet(context), waitingSaid());
      lastReport = null;
      findings.hide();
      $('elsewhere').hidden = true;
      return t(cleared ? 'cleared' : 'nothingToClear', settings.lang);
    }),
  );
  $('lang').addEventListener('click', () => {
    settings = { ...settings, lang: (settings.lang === 'zh' ? 'en' : 'zh') as Lang };
    saveSettings(settings);
    translate();
  });
  const fields = ['serverUrl', 'unit', 'token'] as const;
  for (const f of fields) ($(f) as HTMLInputElement).value = settings[f];
  $('save').addEventListener('click', () => {
    // The address as the client will ask it (https://host), or what is wrong with it: nothing saved then.
    const address = serverAddress(fieldText('serverUrl'));
    if ('problem' in address) {
      $('status').textContent = address.problem;
      return;
    }
    ($('serverUrl') as HTMLInputElement).value = address.url;
    ($('token') as HTMLInputElement).value = tokenOf(fieldText('token'));
    for (const f of fields) settings[f] = fieldText(f);
    saveSettings(settings);
    $('status').textContent = t('saved', settings.lang);
    void refreshRole();
    // Saved whatever the server says: a server out of reach is said as such, not as a check refused.
    void refreshCampaign().catch((error: unknown) => {
      const why = failureText((error as Error)?.cause ?? error, settings.lang).replace(/^未能完成：|^Not done: /, '');
      $('status').textContent = t('savedUnreachable', settings.lang, { why });
    });
  });
  wireServerPanel(() => settings, run, async () => (await refreshCampaign()).campaign, waitingSaid, () => ({ role: me?.role, unit: me?.unit ?? undefined }), showReport);
  wireCountyPanel(() => settings, run, waitingSaid);
  wireCampaignActions(() => settings, run, waitingSaid);
  listenToRibbon((o) => void heardFromRibbon(o));
}

Office.onReady(() => {
  wire();
  translate();
  void refreshRole();
  void refreshCampaign().catch(() => undefined); // a check says why, if the campaign is still unknown then
  void glance();
});
