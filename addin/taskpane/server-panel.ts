import { attachEvidenceToSelection } from '../chase/evidence.js';
import { t, type Lang } from '../i18n.js';
import { runExcelAsking, type EditWait } from '../excel/run.js';
import { CountyClient } from '../server/client.js';
import { pullReviewStatus, submitActiveSheet } from '../server/submit.js';
import type { Settings } from '../settings.js';
import type { Campaign, Report } from '../../shared/index.js';
import { askUnit } from './ask-unit.js';
import { $ } from './dom.js';

type Run = (job: () => Promise<string>) => Promise<void>;

/**
 * The task pane's unit buttons: submit this sheet and pull its review status. The county
 * office's controls are in county-panel.ts. `campaign` is the county's campaign as the server
 * hands it out (GET /me); `token`, who the token is (GET /me); `shown` lists a report's findings
 * in the pane, as the sheet shows them.
 */
export function wireServerPanel(
  settings: () => Settings, run: Run, campaign: () => Promise<Campaign>, waiting: () => EditWait,
  token: () => { role?: 'unit' | 'county'; unit?: string },
  shown: (report: Report) => Promise<void>,
): void {
  const client = () => new CountyClient({ baseUrl: settings().serverUrl, token: settings().token });
  const lang = (): Lang => settings().lang;
  const unit = () => settings().unit || undefined;

  $('submit').addEventListener('click', () =>
    void run(async () => {
      // The server checks the sheet under its own campaign: nothing to ask it first. A unit's
      // token names its unit, so the server refuses a ledger stating another (SPEC 12.1) and the
      // pane asks; without, the server took any ledger as the token's unit's.
      const c = client();
      const confirm = (requested: string, ledger: readonly string[]) =>
        askUnit(`本表写的单位是“${ledger.join('、')}”，与本单位“${requested}”不一致（是否打开了其他单位的台账？）。确定作为“${requested}”的台账报送？`);
      const out = await runExcelAsking(c, (context) => submitActiveSheet(context, c, { unit: unit() ?? (token().role === 'unit' ? token().unit : undefined), confirm }), waiting());
      if (!out) return t('notSubmitted', lang());
      // The sheet now shows the server's report (its date, the county's other units): so does the list.
      await shown(out.report);
      return t(out.replayed ? 'replayed' : 'submitted', lang(), { version: out.submission.version, items: out.submission.items });
    }),
  );
  $('pull').addEventListener('click', () =>
    void run(async () => {
      const inForce = await campaign();
      const c = client();
      const out = await runExcelAsking(c, (context) => pullReviewStatus(context, c, { campaign: inForce, unit: unit(), county: token().role === 'county' }), waiting());
      await shown(out.report);
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
