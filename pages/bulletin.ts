import type { Bulletin } from '../worker/reports/bulletin.js';
import { namedClosing, noStageText } from '../worker/reports/bulletin-text.js';
import { chineseDate } from '../worker/letters/office.js';
import { el, figures, namedList, roundsTable, timelinessChart, unitTable } from './bulletin-view.js';
import { apiJson, download, signIn } from './session.js';

/** The printable bulletin page (/reports/bulletin?asOf=): the same data as bulletin.docx. */
const asOf = new URLSearchParams(location.search).get('asOf');
const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
const main = document.getElementById('bulletin')!;

async function render(): Promise<void> {
  main.textContent = '正在生成通报…';
  try {
    const b = await apiJson<Bulletin>(`/api/v1/reports/bulletin${query}`);
    const canvas = el('canvas', { id: 'chart', 'aria-label': '各单位整改事项时效情况' });
    main.replaceChildren(
      el('h1', {}, b.title),
      el('p', { class: 'stage', 'data-testid': 'stage' }, b.stage ? `当前阶段：${b.stage.name}（${b.stage.from} 至 ${b.stage.to}）` : `当前阶段：${noStageText(b)}`, `\u3000截至 ${b.asOf}`),
      el('h2', {}, '一、总体情况'), figures(b),
      el('div', { class: 'chart' }, canvas),
      el('h2', {}, '二、各单位情况'), unitTable(b),
      el('h2', {}, '三、会诊情况'), roundsTable(b),
      el('h2', {}, '四、需要点名通报的单位'), namedList(b), ...(b.named.length ? [el('p', {}, namedClosing(b))] : []),
      el('p', { class: 'sign' }, b.office.name, el('br'), chineseDate(b.asOf)),
    );
    timelinessChart(canvas, b);
    document.body.dataset.ready = '1';
  } catch (err) {
    main.textContent = `无法生成通报：${(err as Error).message}`;
  }
}

document.getElementById('print')!.addEventListener('click', () => print());
document.getElementById('docx')!.addEventListener('click', () => void download(`/api/v1/reports/bulletin.docx${query}`, 'bulletin.docx'));
signIn(document.getElementById('signin') as HTMLFormElement, () => void render());
