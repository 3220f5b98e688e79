import { setTheme } from '@fluentui/web-components';
import '@fluentui/web-components/button.js';
import '@fluentui/web-components/field.js';
import '@fluentui/web-components/progress-bar.js';
import '@fluentui/web-components/text-input.js';
import { webLightTheme } from '@fluentui/tokens';
import { DEFAULT_CAMPAIGN, DIAGNOSTICS, type Report } from '../../shared/index.js';
import { checkActiveSheet, clearActiveSheet } from '../excel/check-sheet.js';
import { t, type Lang, type StringKey } from '../i18n.js';
import { failureText, LAST_OUTCOME_KEY, outcomeText } from '../outcome.js';
import { loadSettings, saveSettings, type Settings } from '../settings.js';
import { groupFindings } from './findings.js';
import { wireServerPanel } from './server-panel.js';
import { wireCampaignActions } from './campaign-actions.js';

setTheme(webLightTheme);

let settings: Settings = loadSettings();
const BUTTONS = ['check', 'clear', 'submit', 'pull', 'county', 'decide', 'log', 'extRequest'];
let lastReport: Report | null = null;
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function translate(): void {
  document.documentElement.lang = settings.lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t as StringKey, settings.lang);
  renderContext();
  if (lastReport) renderFindings(lastReport);
}

function renderContext(): void {
  const unit = settings.unit || lastReport?.sheets[0]?.unit || '—';
  $('context').textContent = `${t('unit', settings.lang)}：${unit} · ${t('campaign', settings.lang)}：${DEFAULT_CAMPAIGN.name}`;
}

/** Runs a job on the workbook with the pane showing progress and, always, the outcome. */
async function run(job: () => Promise<string>): Promise<void> {
  $('progress').hidden = false;
  for (const id of BUTTONS) $(id).setAttribute('disabled', '');
  $('status').textContent = t('reading', settings.lang);
  try {
    $('status').textContent = await job();
  } catch (error) {
    $('status').textContent = failureText(error, settings.lang);
  } finally {
    $('progress').hidden = true;
    for (const id of BUTTONS) $(id).removeAttribute('disabled');
  }
}

async function check(): Promise<string> {
  const outcome = await Excel.run((context) =>
    checkActiveSheet(context, {
      campaign: DEFAULT_CAMPAIGN,
      unit: settings.unit || undefined,
      onProgress: (stage) => {
        if (stage === 'read') $('status').textContent = t('checking', settings.lang);
        if (stage === 'checked') $('status').textContent = t('annotating', settings.lang);
      },
    }),
  );
  lastReport = outcome.report;
  renderContext();
  renderFindings(outcome.report);
  return outcomeText(outcome.report, settings.lang, outcome.mergesRead);
}

function renderFindings(report: Report): void {
  const lang = settings.lang;
  $('findings').hidden = false;
  const s = report.stats;
  $('counts').innerHTML = '';
  for (const [cls, key, n] of [['error', 'errors', s.errors], ['warning', 'warnings', s.warnings], ['info', 'infos', s.infos]] as const) {
    const span = document.createElement('span');
    span.className = `count ${cls}`;
    span.textContent = `${t(key, lang)} ${n}`;
    $('counts').append(span);
  }
  const groups = $('groups');
  groups.innerHTML = '';
  const list = groupFindings(report, lang, DIAGNOSTICS);
  if (!list.length) groups.textContent = t('noFindings', lang);
  for (const g of list) {
    const box = document.createElement('details');
    box.className = `group ${g.severity}`;
    box.open = g.severity !== 'info';
    const head = document.createElement('summary');
    head.textContent = `${g.title}（${g.findings.length}）`;
    box.append(head);
    for (const f of g.findings) {
      const item = document.createElement('button');
      item.className = 'finding';
      item.type = 'button';
      const at = document.createElement('span');
      at.className = 'at';
      at.textContent = f.cell ?? t('sheetLevel', lang);
      item.append(at, f.text);
      if (f.cell) item.addEventListener('click', () => void selectCell(f.cell!));
      box.append(item);
    }
    groups.append(box);
  }
}

/** Clicking a finding selects its cell on the checked sheet. */
async function selectCell(address: string): Promise<void> {
  const sheetName = lastReport?.sheets[0]?.sheet;
  await Excel.run(async (context) => {
    const sheet = sheetName ? context.workbook.worksheets.getItem(sheetName) : context.workbook.worksheets.getActiveWorksheet();
    sheet.activate();
    sheet.getRange(address).select();
    await context.sync();
  }).catch((error: unknown) => ($('status').textContent = failureText(error, settings.lang)));
}

function wire(): void {
  $('check').addEventListener('click', () => void run(check));
  $('clear').addEventListener('click', () =>
    void run(async () => {
      await Excel.run((context) => clearActiveSheet(context));
      lastReport = null;
      $('findings').hidden = true;
      return t('cleared', settings.lang);
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
    for (const f of fields) settings[f] = (($(f) as HTMLInputElement).value ?? '').trim();
    saveSettings(settings);
    renderContext();
    $('status').textContent = t('saved', settings.lang);
  });
  wireServerPanel(() => settings, run);
  wireCampaignActions(() => settings, run);
  // A check run from the ribbon while the pane is open shows here too.
  window.addEventListener('storage', (e) => {
    if (e.key === LAST_OUTCOME_KEY && e.newValue) $('status').textContent = (JSON.parse(e.newValue) as { text: string }).text;
  });
}

Office.onReady(() => {
  wire();
  translate();
});

