import { pullCountyView } from '../county/county-view.js';
import { pushDecisions } from '../county/decisions.js';
import { logRequest, readLogForm } from '../chase/log-form.js';
import { attachEvidenceToSelection } from '../chase/evidence.js';
import { t, type Lang } from '../i18n.js';
import { CountyClient, idempotencyKey } from '../server/client.js';
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
  $<HTMLInputElement>('uploadFiles').addEventListener('change', (e) => {
    const files = [...((e.target as HTMLInputElement).files ?? [])];
    if (!files.length) return;
    void run(async () => {
      const c = client();
      const done: string[] = [];
      // One after another: a failure names its file and the ones before it stay uploaded.
      for (const f of files) {
        const bytes = await f.arrayBuffer();
        await c.upload(new Blob([bytes]), f.name, undefined, await idempotencyKey(f.name + ':' + (await idempotencyKey(String(new Uint8Array(bytes))))));
        done.push(f.name);
      }
      (e.target as HTMLInputElement).value = '';
      return t('uploaded', lang(), { n: done.length, files: done.join('、') });
    });
  });
  $<HTMLInputElement>('evidenceFile')?.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void run(async () => {
      const out = await Excel.run((context) => attachEvidenceToSelection(context, client(), file, { campaign: DEFAULT_CAMPAIGN, unit: unit() }));
      input.value = '';
      return `已为事项 ${out.key} 上传佐证材料“${out.evidence.name}”。`;
    });
  });
  $('log').addEventListener('click', () =>
    void run(async () => {
      const req = logRequest(readLogForm((id) => document.getElementById(id)));
      if (req.to === 'interview') await client().interview(req.body);
      else await client().notice(req.body);
      return t('logged', lang());
    }),
  );
}
