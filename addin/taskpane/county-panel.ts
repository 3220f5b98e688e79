import { logRequest, readLogForm } from '../chase/log-form.js';
import { pullCountyView } from '../county/county-view.js';
import { pushDecisions } from '../county/decisions.js';
import { runExcelAsking, type EditWait } from '../excel/run.js';
import { t, type Lang } from '../i18n.js';
import { CountyClient } from '../server/client.js';
import type { MeResponse } from '../../shared/schema/api.js';
import type { Settings } from '../settings.js';
import { $, fieldText } from './dom.js';

type Run = (job: () => Promise<string>) => Promise<void>;

/**
 * Who the token is, asked of the server (GET /api/v1/me), or null without a server or token, or
 * when the server cannot say: then the county controls stay hidden.
 */
export async function whoAmI(settings: Settings): Promise<MeResponse | null> {
  if (!settings.serverUrl || !settings.token) return null;
  try {
    return await new CountyClient({ baseUrl: settings.serverUrl, token: settings.token, attempts: 1 }).me();
  } catch {
    return null;
  }
}

/**
 * Shows the county office's controls (county view, uploads, decisions, log, the as-of date) only
 * for a county token, a unit's 延期申请 only for others, and sets the as-of date to the server's
 * today unless the clerk chose one.
 */
export function applyRole(me: MeResponse | null, lang: Lang): void {
  const county = me?.role === 'county';
  $('county-section').hidden = !county;
  // 延期 is the item's unit's to ask (the server refuses a county token): not offered to the office.
  $('extension').hidden = county;
  $('county-note').hidden = county || !me;
  $('county-note').textContent = t('countyHidden', lang);
  const gaps = county ? (me.calendarGaps ?? []) : [];
  $('calendar-note').hidden = !gaps.length;
  $('calendar-note').textContent = gaps.length ? t('calendarGaps', lang, { years: gaps.join('、') }) : '';
  const asOf = $<HTMLInputElement>('asOf');
  if (county && (!asOf.value || asOf.dataset.default === asOf.value)) {
    asOf.value = me.today;
    asOf.dataset.default = me.today;
  }
}

/** The as-of date chosen in the pane, or undefined for the server's today. */
export function chosenAsOf(): string | undefined {
  const v = fieldText('asOf');
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/** The county office's buttons: county view (as of the chosen date), uploads, decisions, the log. */
export function wireCountyPanel(settings: () => Settings, run: Run, waiting: () => EditWait): void {
  const client = () => new CountyClient({ baseUrl: settings().serverUrl, token: settings().token });
  const lang = (): Lang => settings().lang;

  $('county').addEventListener('click', () =>
    void run(async () => {
      const c = client();
      const out = await runExcelAsking(c, (context) => pullCountyView(context, c, chosenAsOf()), waiting());
      return t('countyPulled', lang(), { names: out.names.join('、'), attention: out.summary.totals.keyAttention });
    }),
  );
  $('decide').addEventListener('click', () =>
    void run(async () => {
      const c = client();
      const results = await runExcelAsking(c, (context) => pushDecisions(context, c), waiting());
      return t('decided', lang(), { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length });
    }),
  );
  // Uploads: campaign-actions.ts (what each file became, and the unit-mismatch question).
  $('log').addEventListener('click', () =>
    void run(async () => {
      const req = logRequest(readLogForm((id) => document.getElementById(id)));
      if (req.to === 'interview') await client().interview(req.body);
      else await client().notice(req.body);
      return t('logged', lang());
    }),
  );
}
