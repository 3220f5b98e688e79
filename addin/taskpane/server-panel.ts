import { attachEvidenceToSelection } from '../chase/evidence.js';
import { t, type Lang } from '../i18n.js';
import { runExcelAsking, type EditWait } from '../excel/run.js';
import { CountyClient } from '../server/client.js';
import { pullReviewStatus, submitActiveSheet } from '../server/submit.js';
import type { Settings } from '../settings.js';
import type { Campaign } from '../../shared/index.js';
import { $ } from './dom.js';

type Run = (job: () => Promise<string>) => Promise<void>;

/**
 * The task pane's unit buttons: submit this sheet and pull its review status. The county
 * office's controls are in county-panel.ts. `campaign` is the county's campaign as the server
 * hands it out (GET /me).
 */
export function wireServerPanel(settings: () => Settings, run: Run, campaign: () => Promise<Campaign>, waiting: () => EditWait): void {
  const client = () => new CountyClient({ baseUrl: settings().serverUrl, token: settings().token });
  const lang = (): Lang => settings().lang;
  const unit = () => settings().unit || undefined;

  $('submit').addEventListener('click', () =>
    void run(async () => {
      // The server checks the sheet under its own campaign: nothing to ask it first.
      const c = client();
      const out = await runExcelAsking(c, (context) => submitActiveSheet(context, c, { unit: unit() }), waiting());
      return t(out.replayed ? 'replayed' : 'submitted', lang(), { version: out.submission.version, items: out.submission.items });
    }),
  );
  $('pull').addEventListener('click', () =>
    void run(async () => {
      const inForce = await campaign();
      const c = client();
      const out = await runExcelAsking(c, (context) => pullReviewStatus(context, c, { campaign: inForce, unit: unit() }), waiting());
      return t('pulled', lang(), { found: out.found });
    }),
  );
  $<HTMLInputElement>('evidenceFile')?.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void run(async () => {
      const inForce = await campaign();
      const c = client();
      const out = await runExcelAsking(c, (context) => attachEvidenceToSelection(context, c, file, { campaign: inForce, unit: unit() }), waiting());
      input.value = '';
      const shown = out.shown ? `检查·佐证材料：${out.count} 份。` : '“拉取会诊状态”后，检查·佐证材料列显示份数。';
      return `已为事项 ${out.key} 上传佐证材料“${out.evidence.name}”。${shown}`;
    });
  });
}
