import { pullCountyView } from '../county/county-view.js';
import { pushDecisions } from '../county/decisions.js';
import { t, type Lang } from '../i18n.js';
import { CountyClient } from '../server/client.js';
import { pullReviewStatus, submitActiveSheet } from '../server/submit.js';
import type { Settings } from '../settings.js';
import { DEFAULT_CAMPAIGN } from '../../shared/index.js';

type Run = (job: () => Promise<string>) => Promise<void>;

/**
 * The task pane's server buttons: submit and pull status (a unit), and the county view, uploads,
 * review decisions and the notice/interview log (the county office).
 */
export function wireServerPanel(settings: () => Settings, run: Run): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const client = () => new CountyClient({ baseUrl: settings().serverUrl, token: settings().token });
  const lang = (): Lang => settings().lang;
  const unit = () => settings().unit || undefined;

  $('submit').addEventListener('click', () =>
    void run(async () => {
      const out = await Excel.run((context) => submitActiveSheet(context, client(), { campaign: DEFAULT_CAMPAIGN, unit: unit() }));
      return t(out.replayed ? 'replayed' : 'submitted', lang(), { version: out.submission.version, items: out.submission.items });
    }),
  );
  $('pull').addEventListener('click', () =>
    void run(async () => {
      const out = await Excel.run((context) => pullReviewStatus(context, client(), { campaign: DEFAULT_CAMPAIGN, unit: unit() }));
      return t('pulled', lang(), { found: out.found });
    }),
  );
  $('county').addEventListener('click', () =>
    void run(async () => {
      const out = await Excel.run((context) => pullCountyView(context, client()));
      return t('countyPulled', lang(), { names: out.names.join('、'), attention: out.summary.totals.keyAttention });
    }),
  );
  $('decide').addEventListener('click', () =>
    void run(async () => {
      const results = await Excel.run((context) => pushDecisions(context, client()));
      return t('decided', lang(), { ok: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length });
    }),
  );
  // Uploads: campaign-actions.ts (what each file became, and the unit-mismatch question).
  $('log').addEventListener('click', () =>
    void run(async () => {
      const u = ($('logUnit') as HTMLInputElement).value.trim();
      const kind = ($('logKind') as HTMLSelectElement).value;
      if (kind === 'interview') await client().interview({ unit: u, people: Number(($('logPeople') as HTMLInputElement).value) || 1 });
      else await client().notice({ unit: u, kind: kind as 'notice' | 'reminder' });
      return t('logged', lang());
    }),
  );
}
