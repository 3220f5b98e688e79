import { runExcelAsking, type EditWait } from '../excel/run.js';
import { CountyClient } from '../server/client.js';
import { requestExtensionForSelection } from '../server/extension-request.js';
import { uploadSummary, uploadWorkbooks } from '../server/uploads.js';
import type { Settings } from '../settings.js';
import { campaignInForce } from '../campaign.js';
import { askUnit } from './ask-unit.js';
import { $, fieldText } from './dom.js';

type Run = (job: () => Promise<string>) => Promise<void>;

/**
 * The pane's campaign actions (SPEC 12.1, 12.3): the county's uploads, showing what each file
 * became (unit, items, errors) and asking in the pane before taking a file for a unit its ledger
 * does not name (Office add-ins have no window.confirm); and a clerk's 延期申请 for the item on
 * the selected row.
 */
export function wireCampaignActions(settings: () => Settings, run: Run, waiting: () => EditWait): void {
  const client = () => new CountyClient({ baseUrl: settings().serverUrl, token: settings().token });

  /** Asks in the pane before taking a file for a unit its ledger does not name. */
  const confirmUnit = (file: string, requested: string, ledger: readonly string[]) =>
    askUnit(`“${file}”自身写的单位是“${ledger.join('、')}”，与所选“${requested}”不一致。确定按“${requested}”报送？`);

  $<HTMLInputElement>('uploadFiles').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    void run(async () => {
      const read = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
      const unit = fieldText('uploadUnit') || undefined;
      const results = await uploadWorkbooks(client(), read, { unit, confirm: confirmUnit });
      input.value = '';
      const list = $('uploadResults');
      list.replaceChildren(...uploadSummary(results).map((line) => Object.assign(document.createElement('li'), { textContent: line })));
      const failed = results.filter((r) => r.error).length;
      const made = results.reduce((n, r) => n + r.submissions.length, 0);
      return `已上传${results.length - failed}个文件${failed ? `，${failed}个未能报送（见下方原因）` : ''}，共形成${made}份单位报送。`;
    });
  });

  $('extRequest').addEventListener('click', () =>
    void run(async () => {
      const requestedDue = $<HTMLInputElement>('extDue').value;
      const reason = fieldText('extReason');
      if (!requestedDue || !reason) return '请填写申请延期至的日期和延期理由。';
      const unit = settings().unit || undefined;
      // The server's campaign (one campaign, in shared/), as the pane's check uses.
      const { campaign } = await campaignInForce(settings());
      const c = client();
      const out = await runExcelAsking(c, (context) => requestExtensionForSelection(context, c, { requestedDue, reason }, { campaign, unit }), waiting());
      return `第${out.row}行事项（${out.key}）已申请延期至${out.extension.requestedDue}，待县巡察办审批。`;
    }),
  );
}
